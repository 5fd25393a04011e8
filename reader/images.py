"""Photos: verify, guard against decompression bombs, strip EXIF, cap size, re-encode.

Bytes in, bytes out; pure and thread-safe.  Every failure is an ``ImageError`` with a
one-line reason, so the caller can drop the image and still save the article.
"""

from __future__ import annotations

import contextlib
import io
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from reader.errors import ImageError

#: The formats Reader decodes.  Pillow knows dozens more (EPS runs Ghostscript, some
#: have had parser bugs); web pages use these.
FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "ICO")


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """Per-image limits; see docs/security.md."""

    max_side: int = 1600  # longest side stored, in pixels
    thumb_side: int = 240  # longest side of list thumbnails
    max_pixels: int = 40_000_000  # width x height, refused from the header, before decoding
    min_side: int = 3  # smaller is a tracking pixel or a spacer, not a picture
    jpeg_quality: int = 84


class PixelBudget:
    """Pixels an article's images may have in total, as sent; thread-safe.

    Each image takes its share from its header, before it is decoded, so the budget
    limits the decoding work itself and not just what is kept.
    """

    def __init__(self, pixels: int) -> None:
        self._left = pixels
        self._lock = threading.Lock()

    def take(self, pixels: int) -> bool:
        with self._lock:
            if pixels > self._left:
                return False
            self._left -= pixels
            return True


@dataclass(frozen=True, slots=True)
class StoredImage:
    data: bytes
    mime: str
    width: int
    height: int


def _open(data: bytes, limits: ImageLimits, budget: PixelBudget | None) -> Image.Image:
    if not data:
        raise ImageError("the image is empty")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")):
        raise ImageError("the server sent a web page instead of an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=FORMATS)
            w, h = im.size
            if w <= 0 or h <= 0:
                raise ImageError("the image has no size")
            if w * h > limits.max_pixels:
                raise ImageError(
                    f"the image is {w}x{h} pixels, more than the {limits.max_pixels:,} limit"
                )
            if min(w, h) < limits.min_side:
                raise ImageError(f"the image is {w}x{h} pixels: a tracking pixel or spacer")
            if budget is not None and not budget.take(w * h):
                raise ImageError("the article's pixel budget is spent")
            if im.format == "JPEG":
                # Decode big JPEGs at a reduced scale: less memory, same stored result.
                im.draft("RGB", (limits.max_side, limits.max_side))
            im.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("the image is a decompression bomb") from None
    except UnidentifiedImageError:
        raise ImageError("not an image Reader can read") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"the image is broken ({' '.join(str(exc).split())[:120]})") from None
    except MemoryError:
        raise ImageError("the image is too large to decode") from None
    return im


def _normalise(im: Image.Image) -> Image.Image:
    # Animations keep their first frame, the one loaded.  (Never ask n_frames: it
    # walks every frame, and a GIF can hold a hundred thousand.)
    with contextlib.suppress(OSError, ValueError, TypeError, SyntaxError):
        # A broken EXIF block only loses its rotation hint.
        im = ImageOps.exif_transpose(im) or im
    if im.mode in ("P", "PA"):
        im = im.convert("RGBA" if "transparency" in im.info or im.mode == "PA" else "RGB")
    elif im.mode in ("LA", "La"):
        im = im.convert("RGBA")
    elif im.mode not in ("RGB", "RGBA", "L"):
        im = im.convert("RGB")
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")  # an opaque alpha channel costs PNG size for nothing
    return im


def _encode(im: Image.Image, limits: ImageLimits) -> StoredImage:
    out = io.BytesIO()
    if im.mode == "RGBA":
        im.save(out, "PNG", optimize=False)
        mime = "image/png"
    else:
        im.save(out, "JPEG", quality=limits.jpeg_quality, optimize=False, progressive=False)
        mime = "image/jpeg"
    return StoredImage(out.getvalue(), mime, im.width, im.height)


def process_image(
    data: bytes, limits: ImageLimits | None = None, budget: PixelBudget | None = None
) -> tuple[StoredImage, StoredImage]:
    """Return (the stored photo, its list thumbnail); raise ImageError if unusable.

    With a ``budget``, the image's pixels are taken from it before decoding.
    """
    limits = limits or ImageLimits()
    im = _open(data, limits, budget)
    try:
        im = _normalise(im)
        if max(im.size) > limits.max_side:
            im.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
        photo = _encode(im, limits)
        thumb_im = im.copy()
        thumb_im.thumbnail((limits.thumb_side, limits.thumb_side), Image.Resampling.BILINEAR)
        thumb = _encode(thumb_im, limits)
    except (OSError, ValueError) as exc:
        raise ImageError(f"the image could not be re-encoded ({exc})") from None
    return photo, thumb
