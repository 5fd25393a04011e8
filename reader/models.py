"""Frozen dataclasses passed between the layers (storage -> core -> ui)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"
    SAVED = "saved"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a list shows: no bodies."""

    id: int
    given_url: str
    url: str | None
    title: str
    site_name: str | None
    byline: str | None
    excerpt: str | None
    published: str | None
    saved_at: str
    reading_minutes: int
    word_count: int
    status: Status
    error: str | None
    is_read: bool
    archived: bool
    favourite: bool
    has_thumbnail: bool
    tags: tuple[str, ...] = ()
    partial: bool = False  # only the beginning of the story was on the page (a teaser)


@dataclass(frozen=True, slots=True)
class Article:
    """One article in full."""

    id: int
    given_url: str
    url: str | None
    canonical_url: str | None
    title: str
    excerpt: str | None
    byline: str | None
    site_name: str | None
    published: str | None
    lang: str | None
    lead_image: str | None  # key of a library image
    html: str
    text: str
    word_count: int
    reading_minutes: int
    saved_at: str
    updated_at: str
    status: Status
    error: str | None  # "category: message" of the last failed save
    is_read: bool
    archived: bool
    favourite: bool
    read_position: float  # 0.0 (top) to 1.0 (end)
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # things dropped while saving, e.g. broken images
    image_count: int = 0
    note: str | None = None  # the person's note on the whole article
    highlights: tuple[Highlight, ...] = ()  # in reading order (unanchored ones last)
    partial: bool = False  # only the beginning of the story was on the page (a teaser)


HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink", "purple")


@dataclass(frozen=True, slots=True)
class Highlight:
    """A quote the person marked, with the W3C TextQuote context (``prefix``/``suffix``,
    about 32 characters each) and, when it is placed in the article's current text, its
    TextPosition (``start``/``end``, offsets into ``Article.text``).  ``anchored`` is
    False for a quote that is not (yet, or any more) found in the text: kept, never
    dropped."""

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    color: str
    note: str | None
    created_at: str
    anchored: bool


@dataclass(frozen=True, slots=True)
class NewHighlight:
    """A highlight to store; ``start``/``end`` None for a quote not placed yet."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    color: str = "yellow"
    note: str | None = None
    created_at: str | None = None  # None: now
    anchored: bool = False


@dataclass(frozen=True, slots=True)
class HighlightEntry:
    """A row of the library-wide highlights list: a highlight with its article."""

    highlight: Highlight
    article: ArticleSummary


@dataclass(frozen=True, slots=True)
class HighlightPage:
    """One page of the highlights list, newest first; ``cursor`` fetches the next
    (None: the end)."""

    items: tuple[HighlightEntry, ...]
    cursor: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class ImageRecord:
    key: str
    original_url: str
    mime: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    count: int


#: Around each match in ``SearchHit.snippet`` (control characters no page text holds).
SNIPPET_START = "\x02"
SNIPPET_END = "\x03"


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: ArticleSummary
    snippet: str  # plain text with each match between SNIPPET_START and SNIPPET_END
    rank: float


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a list shows.  All conditions must hold."""

    status: Status | None = None
    tag: str | None = None
    site: str | None = None
    unread: bool | None = None  # True: only unread; False: only read
    archived: bool | None = None
    favourite: bool | None = None
    article_ids: tuple[int, ...] | None = None
    highlighted: bool | None = None  # True: only articles with highlights
    has_note: bool | None = None  # True: a note on the article or on one of its highlights
    feed_id: int | None = None  # only the articles this feed brought (feed_items)


class SortKey(StrEnum):
    SAVED = "saved"  # newest saved first
    PUBLISHED = "published"  # newest published first
    OLDEST = "oldest"  # oldest saved first
    LONGEST = "longest"  # most words first
    SHORTEST = "shortest"  # fewest words first
    SITE = "site"  # by site name, A to Z


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a keyset-paginated list; ``cursor`` fetches the next (None: the end)."""

    items: tuple[ArticleSummary, ...]
    cursor: tuple[str | int, int] | None = None


@dataclass(frozen=True, slots=True)
class NewArticle:
    """Everything a successful save stores, in one transaction."""

    url: str
    canonical_url: str | None
    url_key: str
    title: str
    excerpt: str | None
    byline: str | None
    site_name: str | None
    published: str | None
    lang: str | None
    lead_image: str | None
    html: str
    text: str
    word_count: int
    reading_minutes: int
    images: tuple[ImageRecord, ...] = ()
    thumbnail: bytes | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    partial: bool = False  # only the beginning of the story was on the page


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article with everything the library stores about it: what an archive carries
    (export) and brings back (restore).  ``url_key``/``canonical_key`` are the keys the
    library finds the article by; ``article.highlights`` and ``article.note`` included."""

    article: Article
    url_key: str
    canonical_key: str | None
    images: tuple[ImageRecord, ...] = ()
    thumbnail: bytes | None = None


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` found: SQLite's integrity check and the full-text index's."""

    integrity: str  # "ok", or SQLite's first complaints
    index: str  # "ok", or what is wrong with the full-text index
    articles: int
    indexed: int  # articles with a body, which the index must hold

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.index == "ok"


@dataclass(frozen=True, slots=True)
class ImportedItem:
    """One bookmark or article read from an export file (see ``reader.importers``).

    Timestamps are in the library's form (``reader.storage.now_iso``).  ``state_at`` is
    when the read/archived/favourite state was last set in the service (None: the time
    saved); an import into an article already in the library keeps the newer state.
    ``html`` is the article itself when the file holds it (Omnivore, Wallabag).
    ``line`` is where the item is in its file (a line, or an entry number for JSON).
    """

    url: str
    title: str = ""
    saved_at: str | None = None
    state_at: str | None = None
    tags: tuple[str, ...] = ()
    is_read: bool = False
    archived: bool = False
    favourite: bool = False
    read_position: float = 0.0
    highlights: tuple[NewHighlight, ...] = ()
    html: str | None = None
    note: str | None = None  # the person's note on the whole article
    line: int = 0


@dataclass(frozen=True, slots=True)
class RecordedImport:
    """What recording one ImportedItem did: its article, and whether it was already
    there (then merged: tags added, the newer state kept), with its status."""

    article_id: int
    existed: bool
    status: Status


# --- claims on pending saves (reader.save_claims) ---------------------------------


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who claims pending saves: one drain of one process (``pid``) on one ``machine``;
    ``token`` tells two drains of one process apart."""

    token: str
    machine: str
    pid: int


@dataclass(frozen=True, slots=True)
class ClaimHolder:
    """A claim on one article's save, as stored."""

    owner: str  # the claimant's token
    machine: str
    pid: int
    claimed_at: str


@dataclass(frozen=True, slots=True)
class QueuedArticle:
    """An article as a drain found it when it started: its claim is taken only if
    nothing saved or failed it since (a pending one may only still be pending)."""

    id: int
    given_url: str
    status: Status
    updated_at: str
