"""The result of extracting one page: the story's HTML, its text and its metadata."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Extracted:
    """What ``extract`` found on a page; immutable, safe to share between threads."""

    title: str
    byline: str | None
    published: str | None  # ISO 8601: "2024-07-31T16:31:00-07:00" or "2024-07-31"
    site_name: str | None
    lang: str | None  # e.g. "en", "en-US"
    lead_image: str | None  # absolute http(s) URL
    canonical_url: str | None  # absolute http(s) URL
    excerpt: str | None  # the standfirst / description
    html: str  # sanitised story HTML fragment; image src/links absolute http(s)
    text: str  # plain text of the story (paragraphs separated by blank lines)
    image_urls: tuple[str, ...]  # absolute src of every <img> in html, document order
    partial: bool = False  # only the beginning of the story was on the page (a teaser)
