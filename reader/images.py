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


def _open(
    data: bytes, limits: ImageLimits, budget: PixelBudget | None
) -> tuple[Image.Image, tuple[int, int]]:
    """The decoded image (a big JPEG decoded at a reduced scale) and its size as sent."""
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
    return im, (w, h)


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
    data: bytes,
    limits: ImageLimits | None = None,
    budget: PixelBudget | None = None,
    *,
    thumbnail: bool = True,
) -> tuple[StoredImage, StoredImage | None]:
    """Return (the stored photo, its list thumbnail or None); raise ImageError if unusable.

    Every image is decoded in full, which is what verifies it.  A baseline JPEG that
    needs no rotation, conversion or resizing is then kept as sent, with its metadata
    segments (EXIF, XMP, IPTC, comments) and anything after its end removed: lossless,
    and five times cheaper than re-encoding.  Everything else is re-encoded.  With a
    ``budget``, the image's pixels are taken from it before decoding.
    """
    limits = limits or ImageLimits()
    im, sent_size = _open(data, limits, budget)
    try:
        kept = _kept_jpeg(data, im, sent_size, limits)
        if kept is not None and not thumbnail:
            return kept, None
        im = _normalise(im)
        if max(im.size) > limits.max_side:
            im.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
        photo = kept or _encode(im, limits)
        thumb = _thumbnail(im, limits) if thumbnail else None
    except (OSError, ValueError) as exc:
        raise ImageError(f"the image could not be re-encoded ({exc})") from None
    return photo, thumb


def make_thumbnail(data: bytes, limits: ImageLimits | None = None) -> StoredImage:
    """The list thumbnail of a photo already stored (so already verified)."""
    limits = limits or ImageLimits()
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)
        if im.format == "JPEG":
            side = limits.thumb_side
            im.draft("RGB", (side, side))  # decode at 1/2, 1/4 or 1/8 scale: cheap
        im.load()
        return _thumbnail(_normalise(im), limits)
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"the thumbnail could not be made ({exc})") from None


def _thumbnail(im: Image.Image, limits: ImageLimits) -> StoredImage:
    scale = limits.thumb_side / max(im.size)
    if scale >= 1:
        return _encode(im, limits)
    size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    return _encode(im.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0), limits)


# JPEG markers: segments a stored photo keeps.  APP0 (JFIF), APP2 (ICC colour profile)
# and APP14 (Adobe colour transform) change how pixels look; every other APPn and COM
# only carry metadata (camera, GPS position, editing history, comments).
_KEEP_APP = frozenset({0xE0, 0xE2, 0xEE})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def _kept_jpeg(
    data: bytes, im: Image.Image, sent_size: tuple[int, int], limits: ImageLimits
) -> StoredImage | None:
    """``data`` without its metadata, when it can be stored as sent; else None.

    Judged by the size as sent, not by ``im`` (which a draft decode may have scaled
    down): a photo over the size cap is never kept, so what is stored is what is
    recorded."""
    if im.format != "JPEG" or im.mode not in ("RGB", "L") or max(sent_size) > limits.max_side:
        return None
    if im.size != sent_size:
        return None
    if im.info.get("progressive") or im.info.get("progression"):
        return None  # several scans: keep the parser simple, re-encode instead
    with contextlib.suppress(Exception):
        if im.getexif().get(0x0112, 1) != 1:  # Orientation: the pixels need turning
            return None
    stripped = strip_jpeg_metadata(data)
    if stripped is None:
        return None
    return StoredImage(stripped, "image/jpeg", *sent_size)


def strip_jpeg_metadata(data: bytes) -> bytes | None:
    """A baseline JPEG without metadata segments or trailing bytes; None if unusual."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out = [b"\xff\xd8"]
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > end:
            return None
        segment = data[pos : pos + 2 + length]
        if marker == 0xDA:  # start of scan: the rest is image data up to the end marker
            eoi = data.find(b"\xff\xd9", pos + 2 + length)
            if eoi < 0:
                return None
            out.append(data[pos : eoi + 2])
            return b"".join(out)
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker in _KEEP_APP:
            out.append(segment)
        pos += 2 + length
    return None
