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
from reader.extraction.metadata import Metadata, meta_values

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


def without_site_suffix(title: str, names: list[str]) -> str:
    """``title`` without a trailing " - Site Name" that names the site; else unchanged."""
    m = _SUFFIX.search(title)
    if not m or len(title[: m.start()].split()) < 2:
        return title
    suffix = _squashed(m.group(1))
    if suffix and any(suffix == _squashed(name) for name in names):
        return title[: m.start()].rstrip()
    return title


def refine(doc: lxml.html.HtmlElement, meta: Metadata, url: str) -> Metadata:
    """``meta`` with a date from any JSON-LD node and the site's name off the title."""
    published = meta.published or json_ld_date(doc) or markup_date(doc)
    title = without_site_suffix(meta.title, site_names(doc, meta, url)) if meta.title else ""
    if published == meta.published and title == meta.title:
        return meta
    return replace(meta, published=published, title=title)
