"""Feed formats, identities and OPML: bytes in, checked items out."""

from __future__ import annotations

import pytest

from reader.errors import NotAFeedError, UnsafeFeedError, UsageError
from reader.feeds.discovery import feed_links
from reader.feeds.models import Feed
from reader.feeds.opml import read_opml, write_opml
from reader.feeds.parsing import parse_feed, screen_xml

BASE = "http://news.example/feeds/main.xml"

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old school</title><link>http://news.example/</link>
<item><title>First</title><link>http://news.example/1</link><description>One</description></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://news.example/"><title>RDF news</title><link>http://news.example/</link></channel>
<item rdf:about="http://news.example/r1"><title>RDF story</title><link>http://news.example/r1</link>
<dc:date>2026-11-30T10:00:00Z</dc:date><dc:creator>A. Writer</dc:creator></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://news.example/blog/">
<title type="html">Caf&amp;eacute; &lt;b&gt;news&lt;/b&gt;</title>
<link rel="alternate" href="http://news.example/"/>
<entry><id>tag:news.example,2026:1</id><title>Atom story</title>
<link rel="alternate" href="posts/1"/><updated>2026-11-29T08:00:00Z</updated>
<author><name>Jo</name></author>
<content type="html">&lt;p&gt;Hello &lt;em&gt;there&lt;/em&gt;&lt;/p&gt;</content></entry>
</feed>"""

JSONFEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
 "home_page_url": "http://news.example/",
 "items": [
  {"id": "j1", "url": "http://news.example/j1", "title": "JSON story",
   "content_html": "<p>Body <script>x()</script></p>", "date_published": "2026-11-28T07:00:00+01:00",
   "authors": [{"name": "Sam"}]},
  {"id": 2, "external_url": "/j2", "content_text": "Plain\\n\\ntext"},
  {"id": "j3", "url": "javascript:alert(1)"},
  "not an object"
 ]}"""


def test_rss_091_with_its_netscape_doctype() -> None:
    feed = parse_feed(RSS091, BASE, "application/rss+xml")

    assert feed.title == "Old school" and feed.kind == "rss091n"
    (item,) = feed.entries
    assert item.link == "http://news.example/1" and item.key == "url:news.example/1"


def test_rss_10_rdf() -> None:
    feed = parse_feed(RSS10, BASE, "application/rdf+xml")

    (item,) = feed.entries
    assert feed.kind == "rss10" and item.title == "RDF story"
    assert item.published == "2026-11-30T10:00:00Z" and item.author == "A. Writer"


def test_atom_with_relative_links_and_html_title() -> None:
    feed = parse_feed(ATOM, BASE, "application/atom+xml")

    (item,) = feed.entries
    assert feed.title == "Café news" and feed.site_url == "http://news.example/"
    assert item.key == "id:tag:news.example,2026:1"
    assert item.link == "http://news.example/blog/posts/1"
    assert item.html == "<p>Hello <em>there</em></p>" and item.text == "Hello there"
    assert item.published == "2026-11-29T08:00:00Z" and item.author == "Jo"


def test_json_feed() -> None:
    feed = parse_feed(JSONFEED, BASE, "application/feed+json")

    first, second = feed.entries
    assert feed.title == "JSON news" and feed.kind == "json11" and feed.skipped == 2
    assert first.key == "id:j1" and first.published == "2026-11-28T06:00:00Z"
    assert "script" not in first.html and first.author == "Sam"
    assert second.key == "id:2" and second.link == "http://news.example/j2"
    assert second.html == "<p>Plain</p><p>text</p>" and second.title == "Plain"


def test_items_without_a_guid_are_known_by_their_link_without_tracking() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>http://news.example/a?utm_source=rss&amp;id=3</link></item>"
        b"</channel></rss>"
    )
    (item,) = parse_feed(body, BASE).entries

    assert item.key == "url:news.example/a?id=3"
    assert item.link == "http://news.example/a?utm_source=rss&id=3"


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE r [\n  <!entity a "b">\n]>\n<rss/>',
        b'<!DOCTYPE r [<!-- <b> --> <!ENTITY a "b">]><rss/>',
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'.encode(
            "utf-16-le"
        ),
        b'<?xml version="1.0" encoding="utf-7"?>+ADw-!ENTITY a "b"+AD4-<rss/>',
        '<?xml version="1.0" encoding="cp037"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'.encode(
            "cp037"
        ),
    ],
    ids=["one-line", "lower-case", "after-a-comment", "utf-16-without-bom", "utf-7", "ebcdic"],
)
def test_entity_declarations_are_refused_in_every_disguise(body: bytes) -> None:
    with pytest.raises(UnsafeFeedError):
        screen_xml(body)


def test_entity_text_inside_cdata_is_only_text() -> None:
    body = (
        b'<rss version="2.0"><channel><title>XML tips</title><item><title>XXE</title>'
        b"<link>http://news.example/x</link><description><![CDATA[Never allow <!ENTITY x> in "
        b"input]]></description></item></channel></rss>"
    )
    (item,) = parse_feed(body, BASE).entries

    assert "ENTITY" in item.text


def test_not_a_feed() -> None:
    with pytest.raises(NotAFeedError, match="web page"):
        parse_feed(b"<!doctype html><html><body><p>Hi</p></body></html>", BASE, "text/html")
    with pytest.raises(NotAFeedError, match="JSON"):
        parse_feed(b'{"version": 1}', BASE, "application/json")


def test_feed_links_of_a_page() -> None:
    page = b"""<html><head><base href="http://news.example/sub/">
    <link rel="alternate" type="application/rss+xml" href="rss.xml">
    <link rel="alternate" type="application/atom+xml" href="http://news.example/atom">
    <link rel="alternate" type="text/html" href="/other">
    <link rel="stylesheet" type="application/rss+xml" href="/not-alternate">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body></body></html>"""

    assert feed_links(page, "http://news.example/") == [
        "http://news.example/sub/rss.xml",
        "http://news.example/atom",
    ]


OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="News"><outline text="World">
  <outline text="Globe" type="rss" xmlUrl="http://globe.example/rss" htmlUrl="http://globe.example/"/>
</outline></outline>
<outline text="Tech blog" type="rss" xmlUrl="http://tech.example/feed" category="/gadgets"/>
<outline text="Twice" type="rss" xmlUrl="http://tech.example/feed"/>
<outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>"""


def test_opml_folders_become_tags() -> None:
    listing = read_opml(OPML)

    assert [(f.url, f.title, f.tags) for f in listing.feeds] == [
        ("http://globe.example/rss", "Globe", ("News", "World")),
        ("http://tech.example/feed", "Tech blog", ("gadgets",)),
    ]
    assert listing.skipped == ("javascript:alert(1)",)


def test_opml_export_reads_back() -> None:
    feeds = [
        _feed(1, "http://globe.example/rss", "Globe & Mail", ("News", "World")),
        _feed(2, "http://tech.example/feed", "Tech", ()),
    ]

    listing = read_opml(write_opml(feeds))

    assert [(f.url, f.title, f.tags) for f in listing.feeds] == [
        ("http://globe.example/rss", "Globe & Mail", ("News", "World")),
        ("http://tech.example/feed", "Tech", ()),
    ]


def test_opml_that_is_not_opml() -> None:
    with pytest.raises(UsageError):
        read_opml(b"just some text")
    with pytest.raises(UnsafeFeedError):
        read_opml(b'<!DOCTYPE o [<!ENTITY a "b">]><opml version="2.0"><body/></opml>')


def _feed(i: int, url: str, title: str, tags: tuple[str, ...]) -> Feed:
    return Feed(
        id=i, url=url, title=title, site_url=None, tags=tags, keep=None, days=None,
        interval=60, paused=False, etag=None, last_modified=None, added_at="",
        last_checked=None, last_updated=None, next_check=None, failures=0,
        last_status=None, last_error=None,
    )  # fmt: skip
