"""Saving by URL end to end: a real local HTTP server, a real library folder."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from localsite import DATA, NEWS_PATH, LocalSite, photo

from reader.errors import ReaderError, SaveError
from reader.fetcher import FetchLimits
from reader.library import Library, SaveLimits
from reader.models import ArticleFilter, Status


def _story_paragraphs() -> list[str]:
    page = (DATA / "pages" / "news-article.html").read_text("utf-8")
    body = page[
        page.index('<div class="entry-content">') : page.index('<div class="loading-more">')
    ]
    import html

    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body)]


def test_news_story_is_saved_whole_with_its_photos(library: Library, site: LocalSite) -> None:
    url = site.add_news_story()
    result = library.save(url, ["world"])
    article = library.get(result.article_id)

    assert article.status is Status.SAVED
    assert article.title == "Killing of Hamas leader points to break with U.S."
    assert article.excerpt == "Washington focuses on cease-fire, Israel vows ‘total victory’"
    assert article.byline is not None and "KNICKMEYER" in article.byline.upper()
    assert article.published is not None and article.published.startswith("2024-07-31")
    assert article.site_name == "The Columbian"
    assert article.lang is not None and article.lang.startswith("en")
    assert article.canonical_url == site.url(NEWS_PATH)
    assert article.tags == ("world",)

    paragraphs = _story_paragraphs()
    assert len(paragraphs) == 13
    for paragraph in paragraphs:
        assert paragraph in article.text
    # Both photos, stored in the library, with their captions.
    assert article.image_count == 2
    assert "Ein el-Hilweh" in article.text and "Palestine Square in Tehran" in article.text
    srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', article.html)
    assert len(srcs) == 2 and all(s.startswith("reader://image/") for s in srcs)
    for src in srcs:
        image = library.image_for_src(article.id, src)
        assert image is not None and image.mime == "image/jpeg" and image.width <= 1600
    assert library.thumbnail(article.id) is not None
    assert article.html.count("<figcaption") == 2
    # None of the page's clutter.
    for clutter in (
        "Loading...",
        "2 Photos",
        "Photo Gallery",
        "Linkedin",
        "Pinterest",
        "Tags",
        "More stories",
        "Sign up",
        "Advertisement",
        "Most Read",
    ):
        assert clutter not in article.text, clutter


def test_saved_html_is_safe_and_loads_nothing_remote(library: Library, site: LocalSite) -> None:
    article = library.get(library.save(site.add_news_story()).article_id)
    html = article.html.lower()
    assert "<script" not in html and "<iframe" not in html and "<style" not in html
    assert "<form" not in html and "<link" not in html and "<meta" not in html
    assert re.search(r"\son\w+\s*=", html) is None
    assert "javascript:" not in html and "data:" not in html
    assert "facebook.com/tr" not in html
    # Every resource the HTML would load is the library's own.
    for attr in re.findall(r'\s(?:src|srcset|poster|background|style)="([^"]*)"', html):
        assert attr.startswith("reader://image/"), attr


def test_search_finds_the_story_by_a_word_of_its_last_paragraph(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    hits = library.search("dodged")
    assert [h.article.id for h in hits] == [article_id]
    assert "\x02dodged\x03" in hits[0].snippet
    assert [h.article.id for h in library.search("dodged tag:world")] == []


def test_same_story_again_returns_the_existing_article(library: Library, site: LocalSite) -> None:
    url = site.add_news_story()
    first = library.save(url)
    site.log.clear()
    again = library.save(url + "?utm_source=newsletter&utm_medium=email#top", ["later"])
    assert again.existed and again.article_id == first.article_id
    assert site.log == []  # nothing fetched
    assert library.count() == 1
    assert library.get(first.article_id).tags == ("later",)


def test_another_address_of_a_saved_story_is_found_by_its_canonical_url(
    library: Library, site: LocalSite
) -> None:
    url = site.add_news_story()
    first = library.save(url)
    page = (DATA / "pages" / "news-article.html").read_text("utf-8").replace("{HOST}", site.host)
    alias = site.add("/amp/story-123", page)
    again = library.save(alias)
    assert again.existed and again.article_id == first.article_id
    assert library.count() == 1


def test_refresh_fetches_anew_without_a_twin(library: Library, site: LocalSite) -> None:
    url = site.add_news_story()
    first = library.save(url)
    site.log.clear()
    again = library.save(url, refresh=True)
    assert not again.existed and again.article_id == first.article_id
    assert NEWS_PATH in site.log
    assert library.count() == 1


def test_a_broken_image_is_dropped_with_a_note(library: Library, site: LocalSite) -> None:
    site.add("/img/ok.jpg", photo(800, 500, seed=5), "image/jpeg")
    site.add("/img/broken.jpg", photo(800, 500, seed=6)[:3000], "image/jpeg")
    url = site.add(
        "/story",
        "<html><head><title>Photos</title></head><body><article><h1>Photos</h1>"
        + "<p>The first paragraph of a story about photographs and what they show.</p>" * 6
        + '<figure><img src="/img/ok.jpg" alt="ok"><figcaption>Good photo</figcaption></figure>'
        + '<figure><img src="/img/broken.jpg" alt="bad"><figcaption>Bad photo</figcaption>'
        '</figure><figure><img src="/img/missing.jpg"><figcaption>Gone</figcaption></figure>'
        + "<p>The last paragraph closes the story with a few more words.</p>" * 4
        + "</article></body></html>",
    )
    result = library.save(url)
    article = library.get(result.article_id)
    assert article.status is Status.SAVED
    assert article.image_count == 1
    assert len(result.notes) == 2 and all("image dropped" in n for n in result.notes)
    assert article.notes == result.notes
    assert "Good photo" in article.html and "Bad photo" not in article.html
    assert "Good photo" in article.text and "Bad photo" not in article.text


def test_saving_a_local_file_with_its_original_address(
    library: Library, site: LocalSite, tmp_path: Path
) -> None:
    site.add_news_story()
    page = (DATA / "pages" / "news-article.html").read_text("utf-8").replace("{HOST}", site.host)
    file = tmp_path / "saved.html"
    file.write_text(page, "utf-8")
    result = library.save(str(file), base_url=site.url(NEWS_PATH))
    article = library.get(result.article_id)
    assert article.given_url == site.url(NEWS_PATH)
    assert article.image_count == 2  # relative photo URLs resolved against the address
    assert NEWS_PATH not in site.log  # the page itself came from the file


# --- errors: a clear one-line message, and the URL stays in the library ---------------


def _stall(handler: BaseHTTPRequestHandler, site: LocalSite) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>")
    handler.wfile.flush()
    site.stopping.wait(10)


def _reset(handler: BaseHTTPRequestHandler, site: LocalSite) -> None:
    import socket
    import struct

    # SO_LINGER 0 makes close() send a TCP reset instead of a polite FIN.
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.rfile.close()
    handler.wfile.close()
    handler.connection.close()


@pytest.fixture
def quick_library(library_dir: Path) -> Iterator[Library]:
    lib = Library.open(
        library_dir,
        fetch_limits=FetchLimits(read_timeout=0.5, total_timeout=3, max_page_bytes=200_000),
        save_limits=SaveLimits(save_timeout=5),
    )
    yield lib
    lib.close()


def _closed_port() -> str:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/story"


CASES = {
    "invalid_url": (lambda site: "htp//not a url", "htp//not a url"),
    "network_error": (lambda site: _closed_port(), "could not connect to 127.0.0.1"),
    "timeout": (lambda site: site.handle("/slow", _stall), "did not answer in time"),
    "http_error": (lambda site: site.add("/gone", "<h1>Gone</h1>", status=404), "HTTP 404"),
    "not_html": (
        lambda site: site.add("/report.pdf", b"%PDF-1.7\n...", "application/pdf"),
        "application/pdf, not a web page",
    ),
    "too_large": (
        lambda site: site.add("/huge", "<html><body>" + "<p>word</p>" * 40_000),
        "limit",
    ),
    "redirect_loop": (
        lambda site: (site.redirect("/a", "/b"), site.redirect("/b", "/a"))[0],
        "redirects in a loop",
    ),
    "unsafe_scheme": (
        lambda site: site.redirect("/to-file", "file:///etc/passwd"),
        "redirected to an unsafe file: URL",
    ),
    "no_content": (
        lambda site: site.add("/empty", "<html><head><title>x</title></head><body></body></html>"),
        "",
    ),
}


REFUSED_OUTRIGHT = {"invalid_url"}  # unsafe_scheme here is a redirect: kept


@pytest.mark.parametrize("category", sorted(CASES))
def test_each_error_category_is_clear_and_keeps_the_url(
    quick_library: Library, site: LocalSite, category: str
) -> None:
    make_url, words = CASES[category]
    url = make_url(site)
    with pytest.raises(SaveError) as caught:
        quick_library.save(url)
    error = caught.value
    assert error.category == category
    line = error.one_line()
    assert "\n" not in line and "Traceback" not in line and words in line
    failed = quick_library.page(ArticleFilter(status=Status.FAILED)).items
    if category in REFUSED_OUTRIGHT:
        # Not an address at all: refused before anything is recorded.
        assert failed == () and error.article_id is None
        return
    assert [a.given_url for a in failed] == [url.strip()]
    assert failed[0].error == line
    assert error.article_id == failed[0].id


def test_too_many_redirects_is_a_redirect_loop(quick_library: Library, site: LocalSite) -> None:
    for i in range(15):
        site.redirect(f"/hop{i}", f"/hop{i + 1}")
    with pytest.raises(SaveError) as caught:
        quick_library.save(site.url("/hop0"))
    assert caught.value.category == "redirect_loop"


def test_a_reset_connection_is_a_network_error(quick_library: Library, site: LocalSite) -> None:
    with pytest.raises(SaveError) as caught:
        quick_library.save(site.handle("/reset", _reset))
    assert caught.value.category == "network_error"


def test_a_failed_url_can_be_retried(library: Library, site: LocalSite) -> None:
    site.add(NEWS_PATH, "<h1>Down</h1>", status=503)
    url = site.url(NEWS_PATH)
    with pytest.raises(ReaderError):
        library.save(url)
    (failed,) = library.unfinished()
    site.add_news_story()  # the site is back
    result = library.retry(failed)
    assert result.article_id == failed
    assert library.get(failed).status is Status.SAVED
    assert library.unfinished() == []


def test_the_library_stays_consistent_after_failures(
    quick_library: Library, site: LocalSite
) -> None:
    for category in sorted(CASES):
        with pytest.raises(SaveError):
            quick_library.save(CASES[category][0](site))
    conn = sqlite3.connect(quick_library.storage.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = len(set(CASES) - REFUSED_OUTRIGHT)
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE status='failed'").fetchone()[0] == kept
    assert conn.execute("SELECT COUNT(*) FROM article_bodies").fetchone()[0] == 0
    conn.close()


def test_the_same_address_saved_twice_at_once_makes_one_article(
    library: Library, site: LocalSite
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url = site.add_news_story()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda u: library.save(u), [url, url + "?utm_source=a", url]))
    assert len({r.article_id for r in results}) == 1
    assert sum(not r.existed for r in results) == 1
    assert library.count() == 1
    assert site.log.count(NEWS_PATH) == 1
