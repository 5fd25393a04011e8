"""Article identity: which key a saved page is known by, when two saves are one story,
and the re-keying of a library when the URL-identity rules change."""

from __future__ import annotations

import re

from reader.urls import clean_url, same_site, url_key

_WORD = re.compile(r"\w+")


def same_story(a: str, b: str) -> bool:
    """Whether two titles plainly name the same story: equal once case, punctuation and
    spacing are set aside, or one is the other with a site name added."""
    x, y = _title_words(a), _title_words(b)
    if not x or not y:
        return True  # nothing to tell them apart by
    return x == y or x in y or y in x


def _title_words(title: str) -> str:
    return " ".join(_WORD.findall(title.casefold()))


#: The library_meta key of the URL-identity rules its keys were made under.
IDENTITY_STAMP = "identity_rules"


def rekeyed(
    given_url: str, url: str | None, canonical: str | None, old_key: str
) -> tuple[str, str | None, str | None, str | None]:
    """An article's identity under today's rules (see ``Library.open``): the key of the
    address given, the key its saved page is known by, and its addresses cleaned of
    tracking parameters."""
    new_url = clean_url(url) if url else None
    new_canonical = clean_url(canonical) if canonical else None
    canonical_key = identity_key(given_url, new_url, new_canonical)
    return url_key(given_url), canonical_key, new_url, new_canonical


def identity_key(given_url: str, page_url: str | None, canonical: str | None) -> str:
    """The key a saved page is known by: its canonical address when that is on the
    page's own site, else the page's final address (for a file, the address given).

    Another site's canonical (syndication, or a page claiming someone else's story) is
    never trusted: it would make a new article vanish into one saved from there."""
    web_page = page_url is not None and not page_url.startswith("file://")
    if web_page and page_url and canonical and same_site(canonical, page_url):
        return url_key(canonical)
    return url_key(page_url if web_page and page_url else given_url)
