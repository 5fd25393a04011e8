"""Finding a site's feed: the address itself, its ``<link rel="alternate">``, common paths.

Every request goes through ``Fetcher.fetch_feed`` (same limits, schemes and checks as a
page).  Raises ``NotAFeedError`` when nothing is found, or the fetch's own error when
the address itself cannot be fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from reader.errors import FeedError, NotAFeedError, SaveError
from reader.feeds.models import ParsedFeed
from reader.feeds.parsing import parse_feed
from reader.fetcher import Fetcher, Response, check_url, looks_like_html

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
        "application/json",
    }
)
#: Tried, in order, on the site's root when a page names no feed.
COMMON_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json")
MAX_CANDIDATES = 5  # <link> feeds tried from one page


@dataclass(frozen=True, slots=True)
class Found:
    url: str  # the feed's address (after permanent redirects)
    feed: ParsedFeed
    response: Response


def feed_links(html: bytes, base: str) -> list[str]:
    """Feed addresses a page names in ``<link rel="alternate" type="...">``, in order."""
    import lxml.etree
    import lxml.html

    from reader.fetcher import decode_html

    try:
        root = lxml.html.document_fromstring(decode_html(html))
    except (lxml.etree.ParserError, ValueError):
        return []
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None) or base
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            try:
                url = check_url(urljoin(base, href))
            except SaveError:
                continue
            if url not in found:
                found.append(url)
    return found


def discover(fetcher: Fetcher, address: str) -> Found:
    """The feed at ``address``, or the first one the page there leads to."""
    response = fetcher.fetch_feed(address)
    url = response.permanent_url or check_url(address)
    if not _is_page(response):
        return Found(url, _parse(response), response)
    candidates = feed_links(response.body, response.url)[:MAX_CANDIDATES]
    root = "{0.scheme}://{0.netloc}".format(urlsplit(response.url))
    tried: set[str] = {response.url}
    for candidate in candidates + [root + p for p in COMMON_PATHS]:
        if candidate in tried:
            continue
        tried.add(candidate)
        try:
            found = fetcher.fetch_feed(candidate)
            if _is_page(found):
                continue
            return Found(found.permanent_url or candidate, _parse(found), found)
        except (FeedError, SaveError):
            continue
    raise NotAFeedError(f"{address[:200]} is a web page that names no feed, and none was found")


def _is_page(response: Response) -> bool:
    if response.content_type in ("text/html", "application/xhtml+xml"):
        return True
    head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if response.content_type in FEED_TYPES or head.startswith((b"<?xml", b"<rss", b"<feed", b"{")):
        return False
    return looks_like_html(response.body)


def _parse(response: Response) -> ParsedFeed:
    return parse_feed(response.body, response.url, response.content_type, response.charset)
