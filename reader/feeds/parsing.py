"""Parsing feeds: RSS 0.9x/1.0/2.0 and Atom by feedparser, JSON Feed by ``json``.

Bytes in, ``ParsedFeed`` out; raises ``NotAFeedError`` or ``UnsafeFeedError`` only.
Before any XML parser sees the bytes, ``screen_xml`` refuses a document that declares
entities (billion laughs, quadratic blow-up, external entities): feedparser keeps
"safe-looking" entity declarations and both of its parsers would expand them.  External
DTDs are never loaded (feedparser strips the DOCTYPE and turns external entities off).
Titles become plain text; content goes through Reader's own sanitiser; links must be
absolute http(s) after resolving against the feed's address, or the item is skipped.
"""

from __future__ import annotations

import calendar
import codecs
import io
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from reader.errors import NotAFeedError, UnsafeFeedError
from reader.feeds.models import FeedEntry, ParsedFeed
from reader.urls import url_key

_ENTITY = re.compile(rb"<!ENTITY", re.I)
_FIRST_ELEMENT = re.compile(rb"<\w")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Byte order marks and the XML spec's first-four-bytes guesses (appendix F).
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)
_JSON_TYPES = frozenset({"application/feed+json", "application/json"})
MAX_TITLE = 500
#: Stories' own content longer than this is cut (a feed is 15 MB at most anyway).
MAX_CONTENT_CHARS = 500_000


def _views(body: bytes, charset: str | None) -> Iterator[bytes]:
    """``body`` as every parser might read it, re-encoded as UTF-8 where it differs."""
    yield body
    codecs_seen: set[str] = set()
    m = _XML_ENCODING.match(body[:1024])
    labels = [charset, m.group(1).decode("ascii") if m else None]
    labels += [name for prefix, name in _WIDE if body.startswith(prefix)]
    for label in labels:
        if not label:
            continue
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        if name in codecs_seen:
            continue
        codecs_seen.add(name)
        try:
            if b"<!ENTITY".decode(name, errors="strict") == "<!ENTITY" and name != "utf-7":
                continue  # ASCII-compatible: the raw bytes were already screened
        except (UnicodeDecodeError, ValueError):
            pass
        try:
            yield body.decode(name, errors="replace").encode("utf-8")
        except (LookupError, ValueError):
            continue


def _declares_entities(data: bytes) -> bool:
    """Whether ``data`` has ``<!ENTITY`` in its prolog, or anywhere outside CDATA after it."""
    first = _FIRST_ELEMENT.search(data)
    cut = first.start() if first else len(data)
    if _ENTITY.search(data, 0, cut):
        return True
    pos = cut
    while True:
        start = data.find(b"<![CDATA[", pos)
        if _ENTITY.search(data, pos, start if start >= 0 else len(data)):
            return True
        if start < 0:
            return False
        end = data.find(b"]]>", start + 9)
        if end < 0:
            return False  # the rest is one unterminated CDATA: text, never a declaration
        pos = end + 3


def screen_xml(body: bytes, charset: str | None = None) -> None:
    """Refuse XML that declares entities (in any encoding a parser might read it in)."""
    for view in _views(body, charset):
        if _declares_entities(view):
            raise UnsafeFeedError(
                "the feed declares XML entities, which Reader never expands or loads"
            )


def parse_feed(
    body: bytes, url: str, content_type: str = "", charset: str | None = None
) -> ParsedFeed:
    """Parse a feed fetched from ``url``.  ``content_type`` is the media type, lower case."""
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if content_type in _JSON_TYPES or head.startswith(b"{"):
        return _parse_json(body, url)
    screen_xml(body, charset)
    return _parse_xml(body, url, content_type, charset)


def _parse_xml(body: bytes, url: str, content_type: str, charset: str | None) -> ParsedFeed:
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    try:
        result = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except RecursionError:
        raise NotAFeedError("the feed is nested too deeply to read") from None
    version = str(result.get("version") or "")
    entries = result.get("entries") or []
    feed = result.get("feed") or {}
    if not version and not entries:
        kind = "a web page" if _looks_like_html(body) else "neither RSS, Atom nor JSON Feed"
        raise NotAFeedError(f"the address is {kind}, not a feed")
    items: list[FeedEntry] = []
    skipped = 0
    now = time.time()
    for entry in entries:
        item = _xml_entry(entry, url, now)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    site = _http_url(str(feed.get("link") or ""), url)
    title = _plain(str(feed.get("title") or "")) or _host(site or url)
    return ParsedFeed(title, site, tuple(_unique(items)), skipped, version or "xml")


def _xml_entry(entry: Any, feed_url: str, now: float) -> FeedEntry | None:
    guid = str(entry.get("id") or "").strip()
    link = _http_url(str(entry.get("link") or ""), feed_url)
    if link is None and guid:
        link = _http_url(guid, feed_url)
    if link is None:
        return None
    content = entry.get("content") or []
    html = ""
    if content and isinstance(content, list):
        html = str(content[0].get("value") or "")
    html = html or str(entry.get("summary") or "")
    # Read as a plain dict: FeedParserDict maps a missing "updated" to "published" with a
    # DeprecationWarning.
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = None
    if stamp:
        try:
            published = _iso(min(float(calendar.timegm(stamp)), now))
        except (TypeError, ValueError, OverflowError):
            published = None
    author = _plain(str(entry.get("author") or "")) or None
    return _entry(guid, link, str(entry.get("title") or ""), html, published, author)


def _parse_json(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        raise NotAFeedError("the address holds broken JSON, not a feed") from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise NotAFeedError("the address holds JSON that is not a JSON Feed")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise NotAFeedError("the JSON Feed has no list of items")
    items: list[FeedEntry] = []
    skipped = 0
    now = time.time()
    for raw in raw_items:
        item = _json_entry(raw, url, now) if isinstance(raw, dict) else None
        if item is None:
            skipped += 1
        else:
            items.append(item)
    site = _http_url(_str(data.get("home_page_url")), url)
    title = _plain(_str(data.get("title"))) or _host(site or url)
    kind = "json" + version.rsplit("/", 1)[-1].replace(".", "")
    return ParsedFeed(title, site, tuple(_unique(items)), skipped, kind)


def _json_entry(raw: dict[str, Any], feed_url: str, now: float) -> FeedEntry | None:
    guid = _str(raw.get("id")) if isinstance(raw.get("id"), str | int) else ""
    link = _http_url(_str(raw.get("url")), feed_url) or _http_url(
        _str(raw.get("external_url")), feed_url
    )
    if link is None:
        return None
    html = _str(raw.get("content_html"))
    if not html and raw.get("content_text"):
        from html import escape

        html = "".join(f"<p>{escape(p)}</p>" for p in _str(raw.get("content_text")).split("\n\n"))
    html = html or _str(raw.get("summary"))
    published = None
    when = _str(raw.get("date_published")) or _str(raw.get("date_modified"))
    if when:
        try:
            moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            published = _iso(min(moment.timestamp(), now))
        except (ValueError, OverflowError, OSError):
            published = None
    authors = raw.get("authors")
    author = None
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        author = _plain(_str(authors[0].get("name"))) or None
    return _entry(guid, link, _str(raw.get("title")), html, published, author)


def _entry(
    guid: str, link: str, title: str, html: str, published: str | None, author: str | None
) -> FeedEntry:
    from reader.extraction.text import html_to_text
    from reader.sanitizer import sanitize_html

    clean = sanitize_html(html[:MAX_CONTENT_CHARS], link) if html.strip() else ""
    text = html_to_text(clean) if clean else ""
    key = "id:" + guid[:2000] if guid else "url:" + url_key(link)
    heading = _plain(title) or (text.split("\n", 1)[0][:120] if text else "") or link
    return FeedEntry(key, link, heading[:MAX_TITLE], clean, text, published, author)


def _unique(items: list[FeedEntry]) -> Iterator[FeedEntry]:
    """Items in feed order, the first of each identity only (duplicate guids)."""
    seen: set[str] = set()
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            yield item


def _plain(text: str) -> str:
    """Markup of a title as plain text: tags dropped, entities decoded, one line."""
    from reader.sanitizer import strip_control_chars

    text = strip_control_chars(text)
    if "<" in text or "&" in text:
        import lxml.html

        from reader.sanitizer import sanitize_html

        try:
            clean = sanitize_html(text) if "<" in text else text  # no script text
            text = lxml.html.fragment_fromstring(clean, create_parent="div").text_content()
        except (ValueError, lxml.etree.ParserError):
            text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())


def _http_url(value: str, base: str) -> str | None:
    """``value`` resolved against ``base`` if it is then an absolute http(s) URL."""
    from urllib.parse import urljoin

    from reader.errors import InvalidURLError, UnsafeSchemeError
    from reader.fetcher import check_url

    value = value.strip()
    if not value or len(value) > 4000:
        return None
    try:
        absolute = urljoin(base, value)
        return check_url(absolute)
    except (InvalidURLError, UnsafeSchemeError, ValueError):
        return None


def _looks_like_html(body: bytes) -> bool:
    from reader.fetcher import looks_like_html

    return looks_like_html(body)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _str(value: object) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
