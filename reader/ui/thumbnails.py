"""A bounded cache of list thumbnails, loaded and decoded off the GUI thread.

Workers read the JPEG bytes and decode and crop them into a ``QImage``; the GUI thread
turns that into a ``QPixmap`` and keeps at most ``capacity`` of them (least recently
used first out), so scrolling a huge list keeps memory flat.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from reader.errors import ReaderError
from reader.library import Library
from reader.ui.workers import Progress, TaskRunner

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
            return _square(data, size) if data else None

        def done(image: QImage | None) -> None:
            self._pending.discard(article_id)
            self._store(article_id, QPixmap.fromImage(image) if image is not None else None)
            self.ready.emit(article_id)

        def failed(_: ReaderError) -> None:
            self._pending.discard(article_id)
            self._store(article_id, None)

        self.runner.submit(work, done, failed, name="thumbnail")

    def _store(self, article_id: int, pixmap: QPixmap | None) -> None:
        self._cache[article_id] = pixmap
        self._cache.move_to_end(article_id)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)


def _square(data: bytes, size: int) -> QImage | None:
    """Decode and centre-crop to a square (runs on a worker thread: QImage only)."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    side = min(image.width(), image.height())
    x, y = (image.width() - side) // 2, (image.height() - side) // 2
    image = image.copy(QRect(x, y, side, side))
    return image.scaled(
        size,
        size,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
