"""Stored photos: verified, stripped of metadata, rotated and capped as a reader needs."""

from __future__ import annotations

import io

import pytest
from localsite import photo
from PIL import Image

from reader.errors import ImageError
from reader.images import ImageLimits, make_thumbnail, process_image


def _jpeg_with_exif(orientation: int = 1, size: tuple[int, int] = (1200, 800)) -> bytes:
    im = Image.open(io.BytesIO(photo(*size, seed=9)))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # a GPS position
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif, comment=b"shot at home")
    return out.getvalue()


def test_a_plain_jpeg_is_kept_losslessly_without_its_metadata() -> None:
    data = _jpeg_with_exif() + b"<script>after the end of the image</script>"
    stored, thumb = process_image(data)
    assert stored.mime == "image/jpeg" and (stored.width, stored.height) == (1200, 800)
    back = Image.open(io.BytesIO(stored.data))
    back.load()
    assert dict(back.getexif()) == {}
    assert "comment" not in back.info
    assert stored.data.endswith(b"\xff\xd9") and b"<script>" not in stored.data
    # The pixels are the original ones: the scan data is byte for byte the same.
    scan = data.index(b"\xff\xda")
    assert stored.data.endswith(data[scan : data.index(b"\xff\xd9", scan) + 2])
    assert thumb is not None and max(thumb.width, thumb.height) == 240


def test_a_rotated_photo_is_turned_upright_and_re_encoded() -> None:
    stored, _ = process_image(_jpeg_with_exif(orientation=6))
    assert (stored.width, stored.height) == (800, 1200)
    assert dict(Image.open(io.BytesIO(stored.data)).getexif()) == {}


def test_a_large_photo_is_capped_and_re_encoded() -> None:
    stored, _ = process_image(photo(3000, 2000, seed=4), ImageLimits(max_side=1600))
    assert (stored.width, stored.height) == (1600, 1067)


def test_png_with_transparency_stays_png() -> None:
    im = Image.new("RGBA", (300, 200), (10, 20, 30, 0))
    out = io.BytesIO()
    im.save(out, "PNG")
    stored, _ = process_image(out.getvalue(), thumbnail=False)
    assert stored.mime == "image/png"


def test_thumbnail_of_a_stored_photo() -> None:
    stored, _ = process_image(photo(1600, 1067, seed=2), thumbnail=False)
    thumb = make_thumbnail(stored.data)
    assert (thumb.width, thumb.height) == (240, 160)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (photo(1600, 1067, seed=3)[:5000], "broken"),
        (b"<!DOCTYPE html><html><body>nope</body></html>", "web page"),
        (b"", "empty"),
    ],
)
def test_unusable_images_are_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(ImageError, match=words):
        process_image(data)


@pytest.mark.parametrize("thumbnail", [False, True])
def test_a_baseline_jpeg_over_the_size_cap_is_stored_as_recorded(thumbnail: bool) -> None:
    data = photo(3200, 3200, seed=4)  # baseline, no metadata: a candidate to keep as sent
    limits = ImageLimits()
    stored, _ = process_image(data, limits, thumbnail=thumbnail)
    back = Image.open(io.BytesIO(stored.data))  # the stored bytes, not the record
    assert back.size == (stored.width, stored.height)
    assert max(back.size) == limits.max_side
    assert stored.data != data
