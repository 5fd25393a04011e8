"""Second-round metadata rules: a date in any JSON-LD node, a title without the site's name.

Both read the tree and never change it; ``refine`` applies them to ``Metadata``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from reader.extraction.dates import normalise_date
from reader.extraction.metadata import Metadata, json_ld, meta_values

_SUFFIX = re.compile(r"\s+[|\-–—:·•»]\s+([^|\-–—:·•»]{2,60})$")
_NON_WORD = re.compile(r"\W+")
_MAX_NODES = 300


def json_ld_documents(doc: lxml.html.HtmlElement) -> list[Any]:
    documents = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            documents.append(json.loads(raw))
        except (ValueError, RecursionError):
            continue
    return documents


def json_ld_nodes(documents: list[Any], limit: int = _MAX_NODES) -> list[dict[str, Any]]:
    """Every JSON object of the documents, breadth first, looking at ``limit`` values
    at most (lists count; a list gives its first 50)."""
    nodes: list[dict[str, Any]] = []
    stack: list[Any] = list(documents)
    seen = 0
    while stack and seen < limit:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, list):
            stack.extend(item[:50])
        elif isinstance(item, dict):
            nodes.append(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return nodes


def json_ld_date(doc: lxml.html.HtmlElement) -> str | None:
    """The first ``datePublished`` of any JSON-LD node (ClaimReview, a nested Article...)."""
    for item in json_ld_nodes(json_ld_documents(doc)):
        value = item.get("datePublished")
        if isinstance(value, str) and (date := normalise_date(value)):
            return date
    return None


#: Meta names (compared in lower case) that hold a publication date on some sites.
_DATE_NAMES = frozenset(
    {"pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
     "publication-date", "datepublished", "article.published", "sailthru.date", "date.published"}
)  # fmt: skip


def markup_date(doc: lxml.html.HtmlElement) -> str | None:
    """A date from meta names such as ``pubdate``, or an element marked
    ``itemprop=datePublished`` (its ``datetime``, ``content`` or ``title``, else its text)."""
    for meta in doc.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        if name in _DATE_NAMES and (date := normalise_date(meta.get("content"))):
            return date
    for el in doc.xpath("//*[contains(@itemprop, 'datePublished')]"):
        for value in (el.get("datetime"), el.get("content"), el.get("title"), el.text_content()):
            if date := normalise_date(value):
                return date
    return None


def _squashed(text: str) -> str:
    return _NON_WORD.sub("", text).casefold()


def site_names(doc: lxml.html.HtmlElement, meta: Metadata, url: str) -> list[str]:
    """What the site calls itself: its declared names and its host's main label."""
    names = [n for n in (meta.site_name, meta_values(doc).get("og:site_name")) if n]
    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    labels = [label for label in host.split(".") if len(label) > 2]
    if labels:
        names.append(max(labels, key=len))
    return names


#: A site named by its address ("- CNN.com", "| pocket-lint.co.uk"): never a headline's end.
_ADDRESS_SUFFIX = re.compile(
    r"\s+[|\-–—:·•»]\s+(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\s*$", re.I
)


def without_site_suffix(title: str, names: list[str]) -> str:
    """``title`` without a trailing " - Site Name" that names the site (or is an address,
    " - CNN.com"); else unchanged."""
    address = _ADDRESS_SUFFIX.search(title)
    if address and len(title[: address.start()].split()) >= 2:
        return title[: address.start()].rstrip()
    m = _SUFFIX.search(title)
    if not m or len(title[: m.start()].split()) < 2:
        return title
    suffix = _squashed(m.group(1))
    if suffix and any(suffix == _squashed(name) for name in names):
        return title[: m.start()].rstrip()
    return title


#: Between a headline and the site's or section's name in a title ("Story - Site").
_PART_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]+\s+|\s+::\s+")


def headline_in_title(doc: lxml.html.HtmlElement, title: str) -> str:
    """The page's headline when ``title`` is that headline with names around it.

    "Search for coach expands - Los Angeles Times" on a page whose ``<h1>`` reads
    "Search for coach expands" is that headline: the rest names the site or the section,
    whatever those are called.  The title stays as it is unless a heading holds exactly
    the parts on one side of a separator, and they are no shorter than the other side's
    (a logo's "V8" in an ``<h1>`` is not the headline of "WebAssembly binaries · V8"), or
    plainly longer when they come last ("The Modesto Bee | Reports: EMI to cut jobs").
    """
    sides: dict[str, str] = {}
    for cut in _PART_SEPARATOR.finditer(title):
        before, after = title[: cut.start()].strip(), title[cut.end() :].strip()
        # The headline stands first unless it is plainly the longer side.
        for side, longer in (
            (before, len(before) >= len(after)),
            (after, len(after) > len(before)),
        ):
            if longer:
                sides.setdefault(" ".join(side.split()).casefold(), side)
    if not sides:
        return title
    best = ""
    for heading in doc.iter("h1", "h2"):
        text = " ".join(heading.text_content().split())
        if (
            len(text) > len(best)
            and (heading.tag == "h1" or len(text.split()) >= 3)
            and text.casefold() in sides
        ):
            best = text
    return sides[best.casefold()] if best else title


def _tab_title(doc: lxml.html.HtmlElement, meta: Metadata) -> str | None:
    """The page's ``<title>`` (or meta "title") when the title was taken from it, not
    from the headline the site publishes for sharing (og:title, JSON-LD, Dublin Core)."""
    values = meta_values(doc)
    published = [values.get(k) for k in ("og:title", "dc:title", "dcterm:title", "twitter:title")]
    for node in json_ld(doc)[:1]:
        published += [v for v in (node.get("headline"), node.get("name")) if isinstance(v, str)]
    if any(value and " ".join(value.split()) == meta.title for value in published):
        return None
    element = doc.find(".//title")
    tab = " ".join((element.text_content() if element is not None else "").split())
    named = " ".join((values.get("title") or "").split())
    if meta.title and (meta.title == named or meta.title in tab):
        return named if meta.title == named else tab
    return None


def refine(doc: lxml.html.HtmlElement, meta: Metadata, url: str) -> Metadata:
    """``meta`` with a date from any JSON-LD node and the site's name off the title."""
    published = meta.published or json_ld_date(doc) or markup_date(doc)
    title = without_site_suffix(meta.title, site_names(doc, meta, url)) if meta.title else ""
    if title and (tab := _tab_title(doc, meta)):
        # A tab's title holds the site's and section's names; the page's heading tells
        # the headline from them.
        headline = headline_in_title(doc, tab)
        title = headline if headline != tab else title
    if published == meta.published and title == meta.title:
        return meta
    return replace(meta, published=published, title=title)
