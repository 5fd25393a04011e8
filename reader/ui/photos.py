"""Every image the app shows: its size before decoding, decoding (Pillow), a cache.

A photo's layout size comes from its header (read on the worker that loads the article),
so the document is laid out with every photo's final size before any photo is decoded.

Decoding has one path for every image, reading-pane photos and list thumbnails alike:
Pillow decodes on the task runner's image lane (one thread, most urgent first) and hands
back a ``QImage`` built from the pixels (no Qt image plugin runs).  Qt's own readers
(``QImageReader``, ``QImage.fromData``) on two threads at once froze the app on
Python 3.13 / PySide6 6.12; the GUI thread never decodes.  JPEGs are decoded straight to
about the displayed size (libjpeg's DCT scaling, ``Image.draft``), then resampled.
"""

from __future__ import annotations

import io
import warnings
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
# Stored images were checked when saved; this only keeps a damaged file from taking the
# app's memory (Pillow's own guard warns, and warnings are errors in the tests).
MAX_DECODE_PIXELS = 50_000_000


@dataclass(frozen=True, slots=True)
class Photo:
    """A stored photo of an article: its encoded bytes and the largest size it is shown at.

    ``width`` and ``height`` are the photo's own pixels, or fewer when it is wider than
    the widest the pane decodes.  Immutable: safe to hand between threads.
    """

    data: bytes
    width: int
    height: int

    def size_within(self, max_width: int, max_height: int | None = None) -> QSize:
        """Pixels it is shown at in a column ``max_width`` wide (and, when given, at most
        ``max_height`` tall), never enlarged, its shape kept."""
        scale = min(1.0, max_width / self.width)
        if max_height is not None and max_height > 0:
            scale = min(scale, max_height / self.height)
        if scale >= 1.0:
            return QSize(self.width, self.height)
        return QSize(max(1, round(self.width * scale)), max(1, round(self.height * scale)))


def stored_photo(data: bytes, width: int, height: int, max_width: int) -> Photo | None:
    """The photo with its stored size (no decoding); None if the size is not a photo's."""
    if width <= 0 or height <= 0 or not data:
        return None
    if width > max_width:
        width, height = max_width, max(1, round(height * max_width / width))
    return Photo(data, width, height)


def _open(data: bytes, wanted: tuple[int, int]) -> Image.Image | None:
    """The decoded image, at least ``wanted`` where the format can shrink while decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_DECODE_PIXELS:
                return None
            image.draft("RGB", wanted)  # JPEG: decode at 1/2, 1/4 or 1/8 when that is enough
            image.load()
        return ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _qimage(image: Image.Image) -> QImage:
    """A QImage that owns a copy of the pixels (safe to hand to the GUI thread)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in
                              image.info else "RGB")  # fmt: skip
    fmt = QImage.Format.Format_RGBA8888 if image.mode == "RGBA" else QImage.Format.Format_RGB888
    channels = 4 if image.mode == "RGBA" else 3
    pixels = image.tobytes()
    view = QImage(pixels, image.width, image.height, image.width * channels, fmt)
    return view.copy()  # detached from ``pixels``


def decode(data: bytes, size: QSize) -> QImage:
    """Decode to exactly ``size`` (a null image if the data is broken).  Image lane."""
    wanted = (size.width(), size.height())
    image = _open(data, wanted)
    if image is None or wanted[0] <= 0 or wanted[1] <= 0:
        return QImage()
    if image.size != wanted:
        image = image.resize(wanted, Image.Resampling.LANCZOS)
    return _qimage(image)


def decode_square(data: bytes, side: int) -> QImage:
    """Decode, crop the centre square and scale it to ``side`` pixels.  Image lane."""
    image = _open(data, (side, side))
    if image is None or side <= 0:
        return QImage()
    return _qimage(ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS))


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
