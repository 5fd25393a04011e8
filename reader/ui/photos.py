"""The reading pane's photos: their size before decoding, decoding at that size, a cache.

A photo's layout size comes from its header (read on the worker that loads the article),
so the document is laid out with every photo's final size before any photo is decoded.
``decode`` asks the image reader for the displayed size directly (``setScaledSize``:
libjpeg scales while it decodes, then a smooth scale does the rest), which is several
times cheaper than decoding the full-size photo and smooth-scaling it afterwards.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
# One image reader at a time: a QImageReader on the GUI thread and one on a worker at
# once deadlocked (PySide6 6.12, both threads stuck inside the readers).
_READING = threading.Lock()


@dataclass(frozen=True, slots=True)
class Photo:
    """A stored photo of an article: its encoded bytes and the largest size it is shown at.

    ``width`` and ``height`` are the photo's own pixels, or fewer when it is wider than
    the widest the pane decodes.  Immutable: safe to hand between threads.
    """

    data: bytes
    width: int
    height: int

    def size_within(self, max_width: int) -> QSize:
        """Pixels it is shown at in a column ``max_width`` pixels wide (never enlarged)."""
        if self.width <= max_width:
            return QSize(self.width, self.height)
        return QSize(max_width, max(1, round(self.height * max_width / self.width)))


def _reader(data: bytes) -> tuple[QImageReader, QBuffer]:
    """A reader of ``data`` and the buffer it reads (keep both alive while reading)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return QImageReader(buffer), buffer


def stored_photo(data: bytes, width: int, height: int, max_width: int) -> Photo | None:
    """The photo with its stored size (no decoding); None if the size is not a photo's."""
    if width <= 0 or height <= 0 or not data:
        return None
    if width > max_width:
        width, height = max_width, max(1, round(height * max_width / width))
    return Photo(data, width, height)


def decode(data: bytes, size: QSize) -> QImage:
    """Decode straight to ``size`` (a null image if the data is broken).  Any thread.

    Returns a QImage, never a QPixmap, so it may run on a worker.
    """
    with _READING:
        reader, _buffer = _reader(data)
        reader.setScaledSize(size)
        image = reader.read()
    if not image.isNull() and image.size() != size:
        # A reader that ignored the scaled size (or rounded it differently).
        image = image.scaled(
            size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image


CacheKey = tuple[int, str, int, int]  # article id, image source, width, height


class PhotoCache:
    """Decoded photos by (article, source, size); the least recently used go first once
    they take more than ``max_bytes``.  GUI thread only.
    """

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._images: OrderedDict[CacheKey, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: CacheKey) -> bool:
        return key in self._images

    def get(self, key: CacheKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: CacheKey, image: QImage) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._images[key] = image
        self.bytes += image.sizeInBytes()
        while self.bytes > self.max_bytes and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self.bytes -= dropped.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self.bytes = 0
