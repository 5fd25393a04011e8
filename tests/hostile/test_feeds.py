"""Hostile feeds: a feed is input from the network like a page, with the same promise.

Each case ends in a clear error stored on the feed (or a clean partial read), the
process alive and the library whole; the local server's log proves what was never
requested.
"""

from __future__ import annotations

import time

import pytest
from feedsite import rss, story_page
from hostile_checks import assert_safe_html
from hostile_server import drip, stream
from localsite import LocalSite

from reader.feeds.updating import UpdateResult
from reader.library import Library
from reader.models import Status

EMPTY = rss([])


def _update_after(library: Library, site: LocalSite, body: str | bytes, ctype: str) -> UpdateResult:
    """Subscribe to a good feed, then let it turn into ``body``; returns the update."""
    url = site.add("/feed.xml", EMPTY, "application/rss+xml")
    feed = library.feeds.add(url).feed
    site.add("/feed.xml", body, ctype)
    site.log.clear()
    (result,) = library.feeds.update([feed.id])
    stored = library.feeds.get(feed.id)
    if not result.ok:
        assert stored.last_error == f"{result.error}: {result.message}"
        assert stored.failures == 1
    assert "\n" not in (result.message or "")
    assert library.storage.integrity_check() == "ok"
    return result


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)
QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + "x" * 100_000 + '">]>\n'
    '<rss version="2.0"><channel><title>t</title><item><title>'
    + "&a;" * 20_000
    + "</title><link>http://example.org/x</link></item></channel></rss>"
)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, QUADRATIC], ids=["billion-laughs", "quadratic"])
def test_entity_expansion_is_refused(body: str, site: LocalSite, hostile_library: Library) -> None:
    started = time.monotonic()
    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert (result.ok, result.error) == (False, "unsafe_feed")
    assert time.monotonic() - started < 60  # not hours of expansion (a loose bound)
    assert hostile_library.count() == 0


def test_entity_expansion_in_utf16_is_refused(site: LocalSite, hostile_library: Library) -> None:
    result = _update_after(
        hostile_library, site, BILLION_LAUGHS.encode("utf-16"), "application/xml"
    )

    assert result.error == "unsafe_feed"


@pytest.mark.parametrize(
    "declaration",
    [
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        '<!ENTITY xxe SYSTEM "http://{HOST}/secret">',
        '<!ENTITY % remote SYSTEM "http://{HOST}/evil.dtd"> %remote;',
    ],
    ids=["local-file", "url", "parameter-entity"],
)
def test_external_entities_are_never_resolved_nor_requested(
    declaration: str, site: LocalSite, hostile_library: Library
) -> None:
    site.add("/secret", "top secret words", "text/plain")
    site.add("/evil.dtd", '<!ENTITY leak SYSTEM "file:///etc/hostname">', "application/xml-dtd")
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{declaration.replace("{HOST}", site.host)}\n]>\n'
        '<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
        f"<link>{site.url('/story')}</link></item></channel></rss>"
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.error == "unsafe_feed"
    assert site.log == ["/feed.xml"]  # neither /secret nor /evil.dtd nor /story
    assert hostile_library.feeds.all()[0].title == "Harbour News"


def test_an_external_dtd_is_never_loaded_and_the_feed_still_reads(
    site: LocalSite, hostile_library: Library
) -> None:
    site.add("/evil.dtd", '<!ENTITY title "injected">', "application/xml-dtd")
    site.add("/story", story_page("A calm story"))
    body = rss(
        [{"title": "A calm story", "link": site.url("/story")}],
        head=f'<!DOCTYPE rss SYSTEM "http://{site.host}/evil.dtd">',
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.ok and result.new == 1 and result.saved == 1
    assert "/evil.dtd" not in site.log


def test_a_60_mb_feed_is_too_large(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/feed.xml", EMPTY, "application/rss+xml")
    feed = hostile_library.feeds.add(url).feed
    site.handle(
        "/feed.xml", stream(60 * 1024 * 1024, "application/rss+xml", b'<rss version="2.0">')
    )

    (result,) = hostile_library.feeds.update([feed.id])

    assert result.error == "too_large"
    assert hostile_library.feeds.get(feed.id).last_error is not None


def test_an_endless_feed_ends(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/feed.xml", EMPTY, "application/rss+xml")
    feed = hostile_library.feeds.add(url).feed
    site.handle("/feed.xml", stream(None, "application/rss+xml", b'<rss version="2.0">'))
    site.handle("/slow.xml", drip("application/rss+xml", every=0.2, head=b"<rss>"))

    (endless,) = hostile_library.feeds.update([feed.id])
    hostile_library.storage.update_feed(feed.id, url=site.url("/slow.xml"))
    (dripping,) = hostile_library.feeds.update([feed.id])

    assert endless.error == "too_large"
    assert dripping.error == "timeout"


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("<html><body><h1>Our news</h1><p>Read it here</p></body></html>", "text/html"),
        ('{"status": "ok", "items": [1, 2, 3]}', "application/json"),
        ("\x00\x01 not xml at all {[", "application/octet-stream"),
        ("[" * 50_000, "application/json"),
    ],
    ids=["html", "json", "binary", "deep-json"],
)
def test_junk_is_not_a_feed(
    body: str, ctype: str, site: LocalSite, hostile_library: Library
) -> None:
    result = _update_after(hostile_library, site, body, ctype)

    assert result.error == "not_a_feed"


def test_malformed_xml_that_is_mostly_readable_is_read(
    site: LocalSite, hostile_library: Library
) -> None:
    site.add("/a", story_page("First story"))
    site.add("/b", story_page("Second story"))
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & proud</title>'
        f"<item><title>First story</title><link>{site.url('/a')}</link><description>an <b>"
        "unclosed tag &nbsp; &bogus;</description></item>"
        f"<item><title>Second story</title><link>{site.url('/b')}</link></item>"
        "<item><title>Third <i>story</title>"
        "</channel>"  # no </rss>
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.ok and result.new >= 2 and result.saved >= 2
    titles = {a.title for a in hostile_library.page().items if a.status is Status.SAVED}
    assert {"First story", "Second story"} <= titles


def test_scripts_and_handlers_in_titles_and_summaries_are_sanitised(
    site: LocalSite, hostile_library: Library
) -> None:
    body = rss(
        [
            {
                "title": '<img src=x onerror="alert(1)">Headline<script>alert(2)</script>',
                "link": site.url("/unreachable"),
                "description": '<p onclick="steal()">Words <a href="javascript:alert(3)">here'
                '</a></p><script>alert(4)</script><iframe src="http://evil.example/"></iframe>'
                '<img src="http://evil.example/track.gif">',
            }
        ]
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.ok and result.partial == 1
    (summary,) = hostile_library.page().items
    article = hostile_library.get(summary.id)
    assert article.title == "Headline"
    assert "Words" in article.text and "alert" not in article.text
    assert_safe_html(article.html)
    assert "evil.example" not in article.html


def test_relative_links_are_resolved_unsafe_ones_skipped(
    site: LocalSite, hostile_library: Library
) -> None:
    site.add("/news/relative", story_page("Relative story"))
    body = rss(
        [
            {"title": "Relative story", "link": "news/relative"},
            {"title": "Script", "link": "javascript:alert(1)"},
            {"title": "Local file", "link": "file:///etc/passwd"},
            {"title": "Data", "link": "data:text/html,<script>alert(1)</script>"},
        ]
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.ok and result.new == 1 and result.saved == 1
    assert [a.given_url for a in hostile_library.page().items] == [site.url("/news/relative")]
    assert site.log == ["/feed.xml", "/news/relative"]


def test_ten_thousand_items_are_taken_a_bounded_number_at_a_time(
    site: LocalSite, hostile_library: Library
) -> None:
    url = site.add("/feed.xml", EMPTY, "application/rss+xml")
    feed = hostile_library.feeds.add(url).feed
    many = rss([{"title": f"Item {i}", "link": site.url(f"/i/{i}")} for i in range(10_000)])
    site.add("/feed.xml", many, "application/rss+xml")
    from reader.feeds.updating import MAX_NEW_PER_UPDATE, FeedUpdater

    updater = FeedUpdater(hostile_library)
    (first,) = updater.update([feed.id], save=False)
    (second,) = updater.update([feed.id], save=False)

    assert first.ok and first.new == MAX_NEW_PER_UPDATE and second.new == MAX_NEW_PER_UPDATE
    assert len(hostile_library.storage.feed_items(feed.id)) == 2 * MAX_NEW_PER_UPDATE


def test_duplicate_guids_make_one_item(site: LocalSite, hostile_library: Library) -> None:
    site.add("/a", story_page("Twin"))
    body = rss(
        [
            {"title": "Twin", "link": site.url("/a"), "guid": "same"},
            {"title": "Twin again", "link": site.url("/b"), "guid": "same"},
            {"title": "Twin thrice", "link": site.url("/a"), "guid": "same"},
        ]
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.new == 1 and hostile_library.count() == 1
    assert "/b" not in site.log


def test_dates_in_the_future_or_missing(site: LocalSite, hostile_library: Library) -> None:
    body = rss(
        [
            {
                "title": "From the future",
                "link": site.url("/f"),
                "pubDate": "Sat, 01 Jan 2101 00:00:00 GMT",
            },
            {"title": "Undated", "link": site.url("/u")},
            {"title": "Nonsense date", "link": site.url("/n"), "pubDate": "the day after tomorrow"},
        ]
    )

    result = _update_after(hostile_library, site, body, "application/rss+xml")

    assert result.ok and result.new == 3
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 5))
    records = {r.title: r for r in hostile_library.storage.feed_items(1)}
    future = records["From the future"].published
    assert future is not None and future <= now
    assert records["Undated"].published is None
    assert records["Nonsense date"].published is None


def test_a_feed_that_redirects_to_a_file(site: LocalSite, hostile_library: Library) -> None:
    url = site.add("/feed.xml", EMPTY, "application/rss+xml")
    feed = hostile_library.feeds.add(url).feed
    site.redirect("/feed.xml", "file:///etc/passwd", status=301)

    (result,) = hostile_library.feeds.update([feed.id])

    assert result.error == "unsafe_scheme"
    assert hostile_library.feeds.get(feed.id).url == url  # not "moved" to file:


def test_subscribing_to_a_hostile_address_leaves_nothing_behind(
    site: LocalSite, hostile_library: Library
) -> None:
    url = site.add("/feed.xml", BILLION_LAUGHS, "application/rss+xml")

    from reader.errors import UnsafeFeedError

    with pytest.raises(UnsafeFeedError):
        hostile_library.feeds.add(url)
    assert hostile_library.feeds.all() == []
    assert hostile_library.storage.integrity_check() == "ok"
    assert Status.PENDING not in {a.status for a in hostile_library.page().items}
