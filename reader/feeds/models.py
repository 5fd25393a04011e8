"""Frozen dataclasses of the feeds domain, passed between storage, core and the command line."""

from __future__ import annotations

from dataclasses import dataclass

#: Minutes between two updates of a feed, unless the feed says otherwise.
DEFAULT_INTERVAL = 60
MIN_INTERVAL = 15
#: Longest wait after repeated failures (backoff doubles up to this).
MAX_BACKOFF_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class Feed:
    """One subscription as stored."""

    id: int
    url: str
    title: str
    site_url: str | None
    tags: tuple[str, ...]
    keep: int | None  # retention: at most this many untouched items
    days: int | None  # retention: untouched items older than this many days go
    interval: int  # minutes
    paused: bool
    etag: str | None
    last_modified: str | None
    added_at: str
    last_checked: str | None  # last request, whatever its outcome
    last_updated: str | None  # last time new items were found
    next_check: str | None  # not before (backoff, Retry-After); None: due now
    failures: int  # in a row
    last_status: int | None
    last_error: str | None  # "category: message" of the last failed update
    unread: int = 0  # unread articles from this feed


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed feed, checked: ``link`` is an absolute http(s) URL."""

    key: str  # identity: "id:" + guid/id, else "url:" + url_key(link)
    link: str
    title: str  # plain text
    html: str  # the feed's own content, sanitised ("" if none)
    text: str  # the same as plain text
    published: str | None  # ISO 8601 UTC, never later than the update
    author: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    skipped: int = 0  # items without a usable link (javascript:, file:, none)
    kind: str = ""  # "rss20", "atom10", "json1", ...


@dataclass(frozen=True, slots=True)
class FeedItemRecord:
    """A feed item as stored: which article it became (None once that was deleted)."""

    feed_id: int
    key: str
    article_id: int | None
    adopted: bool  # the article was in the library before the feed brought it
    link: str
    title: str
    published: str | None


@dataclass(frozen=True, slots=True)
class NewSubscription:
    url: str
    title: str = ""
    site_url: str | None = None
    tags: tuple[str, ...] = ()
    keep: int | None = None
    days: int | None = None
    interval: int = DEFAULT_INTERVAL
