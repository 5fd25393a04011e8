"""Broken, hostile and endless images: the article is saved without them, each with a note."""

from __future__ import annotations

from pathlib import Path

from hostile_checks import RELAXED_FETCH_LIMITS, save_outcome, story
from hostile_server import png_bomb, stall, stream
from localsite import LocalSite, photo

from reader.library import Library, SaveLimits
from reader.models import Status


def _page_with(site: LocalSite, path: str, bad_src: str) -> str:
    site.add("/img/good.jpg", photo(640, 400, seed=7), "image/jpeg")
    body = (
        "<html><head><title>Storm damage along the coast</title></head><body><article>"
        "<h1>Storm damage along the coast</h1>"
        f'<figure><img src="{site.url("/img/good.jpg")}" alt="Good"><figcaption>Seafront.</figcaption></figure>'
        f"{story(3, 'The storm tore roofs from houses along the seafront')}"
        f'<figure><img src="{bad_src}" alt="Bad"><figcaption>The pier.</figcaption></figure>'
        f"{story(2, 'Crews worked through the night to clear the coast road')}"
        "</article></body></html>"
    )
    return site.add(path, body)


def _assert_saved_without_bad(library: Library, url: str, reason: str) -> None:
    outcome = save_outcome(library, url)
    assert outcome.status is Status.SAVED
    a = outcome.article
    assert a.image_count == 1, a.notes
    assert "The pier." not in a.html  # the figure went with its broken photo
    assert "Crews worked through the night" in a.text  # and the story after it stayed
    assert any("/img/bad" in n and reason in n for n in a.notes), a.notes


def test_decompression_bomb_is_refused_before_decoding(
    site: LocalSite, hostile_library: Library
) -> None:
    site.add("/img/bad.png", png_bomb(), "image/png")  # 400 megapixels in 48 KB
    url = _page_with(site, "/a", site.url("/img/bad.png"))
    _assert_saved_without_bad(hostile_library, url, "decompression bomb")


def test_image_over_the_pixel_limit_is_refused(site: LocalSite, hostile_library: Library) -> None:
    site.add("/img/bad.png", png_bomb(8000), "image/png")  # 64 megapixels
    url = _page_with(site, "/a", site.url("/img/bad.png"))
    _assert_saved_without_bad(hostile_library, url, "more than the 40,000,000 limit")


def test_truncated_image(site: LocalSite, hostile_library: Library) -> None:
    data = photo(800, 600, seed=8)
    site.add("/img/bad.jpg", data[: len(data) // 2], "image/jpeg")
    url = _page_with(site, "/a", site.url("/img/bad.jpg"))
    _assert_saved_without_bad(hostile_library, url, "broken")


def test_html_served_as_an_image(site: LocalSite, hostile_library: Library) -> None:
    site.add("/img/bad.jpg", "<!DOCTYPE html><html><body>Login</body></html>", "image/jpeg")
    url = _page_with(site, "/a", site.url("/img/bad.jpg"))
    _assert_saved_without_bad(hostile_library, url, "web page instead of an image")


def test_missing_image(site: LocalSite, hostile_library: Library) -> None:
    url = _page_with(site, "/a", site.url("/img/bad-missing.jpg"))
    _assert_saved_without_bad(hostile_library, url, "HTTP 404")


def test_image_that_never_finishes(site: LocalSite, hostile_library: Library) -> None:
    site.handle("/img/bad.jpg", stall("image/jpeg", photo(800, 600, seed=9)[:500], 90_000))
    url = _page_with(site, "/a", site.url("/img/bad.jpg"))
    _assert_saved_without_bad(hostile_library, url, "in time")


def test_image_of_50_megabytes_is_cut_off_at_the_limit(
    site: LocalSite, hostile_library: Library
) -> None:
    head = photo(64, 64, seed=10)
    site.handle("/img/bad.jpg", stream(50 * 1024 * 1024, "image/jpeg", head=head))
    url = _page_with(site, "/a", site.url("/img/bad.jpg"))
    _assert_saved_without_bad(hostile_library, url, "larger than the 20.0 MB limit")


def test_image_announcing_50_megabytes_is_refused_unread(
    site: LocalSite, hostile_library: Library
) -> None:
    site.handle("/img/bad.jpg", stall("image/jpeg", b"\xff\xd8", 50 * 1024 * 1024))
    url = _page_with(site, "/a", site.url("/img/bad.jpg"))
    _assert_saved_without_bad(hostile_library, url, "50.0 MB is more than the 20.0 MB limit")


def test_image_count_and_pixel_budget_per_article(site: LocalSite, library_dir: Path) -> None:
    images = "".join(
        f'<p><img src="{site.add(f"/img/{i}.jpg", photo(400, 300, seed=i), "image/jpeg")}"></p>'
        for i in range(12)
    )
    url = site.add(
        "/gallery",
        "<html><head><title>Gallery</title></head><body><article><h1>Gallery</h1>"
        f"{story(3)}{images}{story(2)}</article></body></html>",
    )
    limits = SaveLimits(max_images=8, max_total_pixels=5 * 400 * 300, save_timeout=60)
    with Library.open(library_dir, fetch_limits=RELAXED_FETCH_LIMITS, save_limits=limits) as lib:
        outcome = save_outcome(lib, url)
    assert outcome.status is Status.SAVED
    a = outcome.article
    assert a.image_count == 5  # 8 fetched at most, 5 fit the pixel budget
    assert any("over the limit of 8" in n for n in a.notes), a.notes
    assert sum("pixel budget" in n for n in a.notes) == 3, a.notes
    assert not any(f"/img/{i}.jpg" in p for p in site.log for i in (8, 9, 10, 11))
