"""Size and time: huge, endless, dripping and absurdly nested pages end in seconds."""

from __future__ import annotations

import gzip
import io

from hostile_checks import save_outcome, story
from hostile_server import CHUNK, drip, drip_headers, stall, stream
from localsite import LocalSite

from reader.errors import TooLargeError
from reader.fetcher import Fetcher, FetchLimits
from reader.library import Library
from reader.models import Status

HEAD = b"<!DOCTYPE html><html><head><title>Big</title></head><body>"


def test_a_60_megabyte_page_is_cut_off_at_the_limit(
    site: LocalSite, hostile_library: Library
) -> None:
    url = site.handle("/big", stream(60 * 1024 * 1024, "text/html", head=HEAD))

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.FAILED
    assert outcome.category == "too_large"
    assert "15.0 MB" in str(outcome.error)


def test_a_page_announcing_60_megabytes_is_refused_unread(
    site: LocalSite, hostile_library: Library
) -> None:
    url = site.handle("/big", stall("text/html", HEAD, 60 * 1024 * 1024))

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "too_large"
    assert "60.0 MB is more than" in str(outcome.error)


def test_an_endless_body(site: LocalSite, hostile_library: Library) -> None:
    url = site.handle("/endless", stream(None, "text/html", head=HEAD))

    outcome = save_outcome(hostile_library, url)

    # Whichever limit trips first, size or time, the answer is clear and recorded.
    assert outcome.category in ("too_large", "timeout")


def test_an_endless_body_on_a_slow_line_hits_the_deadline(
    site: LocalSite, hostile_library: Library
) -> None:
    url = site.handle("/endless", drip("text/html", every=0.05, head=HEAD))

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "timeout"
    assert "more than 4 s" in str(outcome.error)


def test_a_server_dripping_a_byte_a_second(site: LocalSite, hostile_library: Library) -> None:
    # Each byte arrives before the 2 s read timeout: only the total deadline can stop it.
    url = site.handle("/drip", drip("text/html", every=0.9, head=HEAD))

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "timeout"
    assert "more than 4 s" in str(outcome.error)


def test_a_server_dripping_its_headers(site: LocalSite, hostile_library: Library) -> None:
    url = site.handle("/drip-headers", drip_headers(every=0.5))

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "timeout"


def test_a_server_that_never_answers(site: LocalSite, hostile_library: Library) -> None:
    url = site.handle("/silent", stall("text/html", b"", 1000))

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "timeout"
    assert "did not answer in time" in str(outcome.error)


def test_200000_nested_elements_keep_the_story_around_them(
    site: LocalSite, hostile_library: Library
) -> None:
    n = 200_000
    body = (
        "<html><head><title>Deep</title></head><body><article>"
        + story(3, "Before the deep part the council met")
        + "<div>" * n
        + "deep inside"
        + "</div>" * n
        + story(3, "After the deep part the ferry sailed")
        + "</article></body></html>"
    )
    url = site.add("/deep", body)

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    text = outcome.article.text
    assert "Before the deep part" in text and "After the deep part" in text
    assert outcome.article.html.count("<div") < 200


def test_200000_nested_inline_elements(site: LocalSite, hostile_library: Library) -> None:
    n = 200_000
    body = (
        "<html><head><title>Deep</title></head><body><article>"
        + story(3, "Before the nest the council met")
        + "<p>" + "<span><b><i>" * (n // 3) + "x" + "</i></b></span>" * (n // 3) + "</p>"
        + story(3, "After the nest the ferry sailed")
        + "</article></body></html>"
    )  # fmt: skip
    url = site.add("/deep-inline", body)

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    assert "After the nest" in outcome.article.text


def test_too_many_elements_is_too_large(site: LocalSite, hostile_library: Library) -> None:
    body = "<html><head><title>Many</title></head><body>" + "<a></a>" * 300_000 + "</body></html>"
    url = site.add("/many", body)

    outcome = save_outcome(hostile_library, url)

    assert outcome.category == "too_large"
    assert "300,004 elements, more than the 250,000 limit" in str(outcome.error)


def test_a_gzip_bomb_is_stopped_at_the_decoded_limit(site: LocalSite) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as gz:
        gz.write(HEAD)
        for _ in range(60 * 1024 * 1024 // len(CHUNK)):
            gz.write(CHUNK)
    site.add("/bomb", buffer.getvalue(), "text/html", headers={"Content-Encoding": "gzip"})
    assert len(buffer.getvalue()) < 2 * 1024 * 1024  # 60 MB of page in a few hundred KB

    with Fetcher(FetchLimits(max_page_bytes=5 * 1024 * 1024, total_timeout=5)) as fetcher:
        try:
            fetcher.fetch_page(site.url("/bomb"))
        except TooLargeError as exc:
            assert "5.0 MB" in str(exc)
        else:
            raise AssertionError("a gzip bomb was read whole")
