"""Redirects, HTTP errors, broken connections and things that are not web pages."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from hostile_checks import save_outcome, story
from hostile_server import raw, reset
from localsite import LocalSite, photo

from reader.errors import InvalidURLError, UnsafeSchemeError
from reader.library import Library
from reader.models import Status

ARTICLE = (
    "<html><head><title>Ferry timetable changes</title></head><body><article>"
    "<h1>Ferry timetable changes</h1>" + story(4, "The ferry leaves earlier from May") + "</article></body></html>"
)  # fmt: skip


def test_redirect_loop(site: LocalSite, hostile_library: Library) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/c")
    url = site.redirect("/c", "/a")

    outcome = save_outcome(hostile_library, site.url("/a"))

    assert outcome.category == "redirect_loop"
    assert url  # the loop closes on /a again
    assert site.log == ["/a", "/b", "/c"]


def test_redirect_to_itself(site: LocalSite, hostile_library: Library) -> None:
    url = site.redirect("/self", "/self", status=301)

    assert save_outcome(hostile_library, url).category == "redirect_loop"


def test_long_redirect_chain_stops_at_the_limit(site: LocalSite, hostile_library: Library) -> None:
    for i in range(30):
        site.redirect(f"/hop/{i}", f"/hop/{i + 1}", status=307)

    outcome = save_outcome(hostile_library, site.url("/hop/0"))

    assert outcome.category == "redirect_loop"
    assert "more than 10 redirects" in str(outcome.error)
    assert len(site.log) == 11


def test_short_redirect_chain_is_followed(site: LocalSite, hostile_library: Library) -> None:
    site.add("/final", ARTICLE)
    for i in range(5):
        site.redirect(f"/hop/{i}", f"/hop/{i + 1}" if i < 4 else "/final", status=301)

    outcome = save_outcome(hostile_library, site.url("/hop/0"))

    assert outcome.status is Status.SAVED
    assert outcome.article.url == site.url("/final")
    assert outcome.article.given_url == site.url("/hop/0")


@pytest.mark.parametrize(
    "target",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://127.0.0.1/pub/story.html",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "gopher://127.0.0.1:70/",
    ],
)
def test_redirect_to_an_unsafe_scheme(
    target: str, site: LocalSite, hostile_library: Library
) -> None:
    url = site.redirect("/go", target)

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "unsafe_scheme"
    assert site.log == ["/go"]


def test_redirect_to_another_host_name(site: LocalSite, hostile_library: Library) -> None:
    port = site.host.rsplit(":", 1)[1]
    site.add("/story", ARTICLE)
    site.add("/img/a.jpg", photo(300, 200, seed=3), "image/jpeg")
    url = site.redirect("/moved", f"http://localhost:{port}/story")

    outcome = save_outcome(hostile_library, url)

    # Another host name is simply where the story lives now: saved, under its new address.
    assert outcome.status is Status.SAVED
    assert outcome.article.url == f"http://localhost:{port}/story"
    assert site.log == ["/moved", "/story"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 429, 451, 500, 502, 503])
def test_http_errors(status: int, site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/err", "<html><body><h1>Nope</h1>" + story(3) + "</body></html>", status=status)

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "http_error"
    assert f"HTTP {status}" in str(outcome.error)
    assert getattr(outcome.error, "status", None) == status


def test_redirect_status_without_location(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/nowhere", "", status=302)

    assert save_outcome(hostile_library, url).category == "http_error"


def test_reset_connection(site: LocalSite, hostile_library: Library) -> None:
    url = site.handle("/reset", reset)

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "network_error"


def test_garbage_instead_of_http(site: LocalSite, hostile_library: Library) -> None:
    url = site.handle("/garbage", raw(b"\x00\xff\x13 this is not HTTP at all\r\n\r\n"))

    assert save_outcome(hostile_library, url).category == "network_error"


def test_nothing_listening(hostile_library: Library) -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    outcome = save_outcome(hostile_library, f"http://127.0.0.1:{port}/story")

    assert outcome.category == "network_error"
    assert "could not connect" in str(outcome.error)


def test_empty_200_body(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/empty", b"", "text/html")

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "no_content"


def test_whitespace_only_200_body(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/blank", b"  \r\n\t\n ", "text/html")

    assert save_outcome(hostile_library, url).category == "no_content"


def test_markup_without_text(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/bare", "<html><head><title>T</title></head><body><div></div></body></html>")

    assert save_outcome(hostile_library, url).category == "no_content"


NOT_PAGES = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf"),
    "image": (photo(200, 100, seed=1), "image/jpeg"),
    "json": (json.dumps({"title": "<b>x</b>", "body": "<p>hi</p>"}).encode(), "application/json"),
    "plain text": (b"Just some notes.\nNot a web page.\n" * 20, "text/plain"),
    "pdf mislabelled as octet-stream": (b"%PDF-1.4\n" + b"\x00\x01" * 100, "application/octet-stream"),
    "image without a content type": (photo(200, 100, seed=2), ""),
    "zip": (b"PK\x03\x04" + b"\x00" * 200, "application/zip"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(NOT_PAGES))
def test_not_a_web_page(name: str, site: LocalSite, hostile_library: Library) -> None:
    body, content_type = NOT_PAGES[name]
    url = site.add("/thing", body, content_type)

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "not_html"
    assert "not a web page" in str(outcome.error)


def test_html_served_as_plain_text_is_sniffed(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/mislabelled", ARTICLE, "text/plain")

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    assert "The ferry leaves earlier" in outcome.article.text


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("file:///etc/passwd", UnsafeSchemeError),
        ("javascript:alert(1)", UnsafeSchemeError),
        ("ftp://127.0.0.1/x", UnsafeSchemeError),
        ("http://", InvalidURLError),
        ("http://127.0.0.1:99999/", InvalidURLError),
        ("http://exa mple.com/", InvalidURLError),
        ("http://example.com/\x00", InvalidURLError),
    ],
)
def test_unsafe_or_invalid_addresses_are_refused_before_any_request(
    target: str, error: type[Exception], hostile_library: Library
) -> None:
    with pytest.raises(error) as caught:
        hostile_library.save(target)
    # Not an address that can ever be saved: refused, and nothing is recorded (the
    # person sees the error at once; only a real http(s) address that fails is kept).
    assert caught.value.article_id is None  # type: ignore[attr-defined]
    assert hostile_library.count() == 0
    assert hostile_library.storage.integrity_check() == "ok"


def test_cookies_are_never_sent_back(site: LocalSite, hostile_library: Library) -> None:
    sent: list[str | None] = []

    def tracked(h: BaseHTTPRequestHandler, s: LocalSite) -> None:
        sent.append(h.headers.get("Cookie"))
        body = photo(300, 200, seed=12)
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        h.send_header("Set-Cookie", "track=img; Path=/")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    for i in range(3):
        site.handle(f"/t/{i}.jpg", tracked)
    images = "".join(f'<img src="/t/{i}.jpg">' for i in range(3))
    url = site.add(
        "/cookie-page",
        ARTICLE.replace("</h1>", f"</h1>{images}"),
        headers={"Set-Cookie": "session=abc; Path=/"},
    )

    assert save_outcome(hostile_library, url).status is Status.SAVED
    assert save_outcome(hostile_library, url + "?again=1").status is Status.SAVED
    assert len(sent) == 6 and sent == [None] * 6
