"""A bounded cache of list thumbnails, loaded and decoded off the GUI thread.

A task on the image lane reads the JPEG bytes and decodes and crops them into a
``QImage`` (``photos.decode_square``, the one decode path); the GUI thread
turns that into a ``QPixmap`` and keeps at most ``capacity`` of them (least recently
used first out), so scrolling a huge list keeps memory flat.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from reader.errors import ReaderError
from reader.library import Library
from reader.ui.photos import decode_square
from reader.ui.workers import Lane, Priority, Progress, TaskRunner

THUMB_SIZE = 64  # logical pixels, square


class ThumbnailCache(QObject):
    """Thumbnails by article id.  GUI thread only.

    Signals:
        ready(int): the thumbnail of this article id is now in the cache.
    """

    ready = Signal(int)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        scale: float = 2.0,
        capacity: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.capacity = capacity
        self.pixel_size = int(THUMB_SIZE * max(1.0, scale))
        self._cache: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: set[int] = set()

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, article_id: int) -> QPixmap | None:
        """The cached pixmap, or None (then it is being loaded when there is one)."""
        if article_id in self._cache:
            self._cache.move_to_end(article_id)
            return self._cache[article_id]
        if article_id not in self._pending:
            self._load(article_id)
        return None

    def forget(self, article_id: int) -> None:
        self._cache.pop(article_id, None)

    def _load(self, article_id: int) -> None:
        self._pending.add(article_id)
        size = self.pixel_size
        library = self.library

        def work(_: Progress) -> QImage | None:
            data = library.thumbnail(article_id)
            if not data:
                return None
            image = decode_square(data, size)
            return None if image.isNull() else image

        def done(image: QImage | None) -> None:
            self._pending.discard(article_id)
            self._store(article_id, QPixmap.fromImage(image) if image is not None else None)
            self.ready.emit(article_id)

        def failed(_: ReaderError) -> None:
            self._pending.discard(article_id)
            self._store(article_id, None)

        self.runner.submit(
            work, done, failed, name="thumbnail", lane=Lane.IMAGE, priority=Priority.LIST
        )

    def _store(self, article_id: int, pixmap: QPixmap | None) -> None:
        self._cache[article_id] = pixmap
        self._cache.move_to_end(article_id)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
