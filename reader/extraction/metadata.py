"""Page metadata: title, byline, date, site, language, canonical URL, lead image, standfirst.

Sources, strongest first: schema.org JSON-LD (an Article type, also inside ``@graph``),
Dublin Core / OpenGraph / Twitter / Parse.ly meta tags, then the document itself
(``<title>`` and headings, ``<time>``, byline markup).  Functions here read the tree and
never change it.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from reader.extraction.dates import normalise_date

_ARTICLE_TYPES = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|"
    r"AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|"
    r"ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|"
    r"SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|"
    r"APIReference|WebPage|Recipe|Review)$"
)
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$")
# `property` may hold several space-separated names; `name` holds one.
_PROPERTY = re.compile(
    r"(?:og:)?(article|dc|dcterm|og|twitter):"
    r"(author|creator|description|published_time|title|site_name|image|image:url|"
    r"image:secure_url|url|locale)",
    re.I,
)
#: The only meta names whose value is an image address (og:image:width, :type, :alt are not).
_IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(?:article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name|date|image)\s*$",
    re.I,
)
_TITLE_SEPARATORS = r"\|\-–—\\/>»"
_SEPARATOR = re.compile(rf"\s[{_TITLE_SEPARATORS}]\s")
_HIERARCHICAL = re.compile(r"\s[\\/>»]\s")
_TOKEN = re.compile(r"\W+")
_BY_PREFIX = re.compile(r"^(?:by|von|par|por|door|di|da)\s*[:\-]?\s+", re.I)
# Page furniture where an author name is not the story's byline (comments, sidebars, ...).
UNLIKELY_CANDIDATES = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|"
    r"gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    re.I,
)
MAYBE_CANDIDATE = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.I)
UNLIKELY_ROLES = frozenset(
    {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"}
)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    byline: str | None
    published: str | None
    site_name: str | None
    lang: str | None
    lead_image: str | None
    canonical_url: str | None
    excerpt: str | None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(html_lib.unescape(value).split())
    return text or None


def _absolute_http(url: str | None, base: str) -> str | None:
    if not url:
        return None
    try:
        absolute = urljoin(base, url.strip())
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def _image_address(value: str | None, base: str) -> str | None:
    """``value`` as an absolute http(s) URL naming a host, or None.

    An absolute, ``//host/...`` or ``/path`` address counts; a bare word ("1200",
    "image/jpeg", an alt text) is not taken for a path relative to the page.
    """
    value = (value or "").strip()
    if not value or any(c.isspace() for c in value):
        return None
    try:
        if value.startswith("/"):
            value = urljoin(base, value)
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def meta_values(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tag values keyed by normalised name ("og:title", "author", "parsely-pub-date")."""
    values: dict[str, str] = {}
    for meta in doc.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        prop = meta.get("property")
        names = [m for n in (prop or "").split() if (m := _PROPERTY.fullmatch(n))]
        if names:
            for m in names:
                values[f"{m.group(1)}:{m.group(2)}".lower()] = content.strip()
            continue
        name = meta.get("name")
        if name and _NAME.match(name):
            values[re.sub(r"\s", "", name.lower()).replace(".", ":")] = content.strip()
        itemprop = meta.get("itemprop")
        if itemprop:
            values.setdefault("itemprop:" + itemprop.strip(), content.strip())
    return values


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _is_article(node: object) -> bool:
    return isinstance(node, dict) and any(_ARTICLE_TYPES.match(t) for t in _types(node))


def _article_nodes(data: object) -> Iterable[dict[str, Any]]:
    """Article-like nodes of one JSON-LD document, best first (Articles before WebPages)."""
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(found) < 20:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item[:50])
        elif isinstance(item, dict):
            if _is_article(item):
                found.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph[:50])
            main = item.get("mainEntity")
            if isinstance(main, dict):
                stack.append(main)
    found.sort(key=lambda n: any(t in ("WebPage", "Recipe", "Review") for t in _types(n)))
    return found


def json_ld(doc: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """Article-like schema.org nodes from every JSON-LD script, best first."""
    nodes: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        nodes.extend(_article_nodes(data))
    nodes.sort(key=lambda n: any(t in ("WebPage", "Recipe", "Review") for t in _types(n)))
    return nodes


def _names(value: object) -> list[str]:
    """Person or organisation names from a schema.org author/publisher value."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:20]:
        if isinstance(item, dict):
            name = _clean(item.get("name"))
        else:
            name = _clean(item) if isinstance(item, str) and not _looks_like_url(item) else None
        if name and name not in names:
            names.append(name)
    return names


#: The spaces HTML collapses; a no-break or ideographic space is the author's own.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def collapse_spaces(text: str) -> str:
    """``text`` as a browser shows it: runs of HTML spaces made one, the ends trimmed; a
    no-break space ("Screenshot\u00a0:") or an ideographic one (U+3000) stays as set."""
    return _HTML_SPACE.sub(" ", text).strip()


def _clean_title(value: object) -> str | None:
    return (collapse_spaces(html_lib.unescape(value)) or None) if isinstance(value, str) else None


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"^\s*(?:https?:)?//", text))


def _image_url(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _image_url(value[0])
    if isinstance(value, dict):
        return _image_url(value.get("url") or value.get("contentUrl"))
    return None


def text_similarity(a: str, b: str) -> float:
    """Share of ``b``'s words (by length) that also occur in ``a``; 0 when either is empty."""
    tokens_a = [t for t in _TOKEN.split(a.lower()) if t]
    tokens_b = [t for t in _TOKEN.split(b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def _word_count(text: str) -> int:
    return len(re.split(r"\s+", text))


def title_from_document(doc: lxml.html.HtmlElement) -> str:
    """The headline from ``<title>``, stripped of a site name before or after a separator."""
    element = doc.find(".//title")
    original = collapse_spaces(element.text_content() if element is not None else "")
    title = original
    hierarchical = False
    if _SEPARATOR.search(title):
        hierarchical = bool(_HIERARCHICAL.search(title))
        last = list(_SEPARATOR.finditer(original))[-1]
        title = original[: last.start()]
        if _word_count(title) < 3:
            title = re.sub(rf"^[^{_TITLE_SEPARATORS}]*[{_TITLE_SEPARATORS}]", "", original, count=1)
    elif ": " in title:
        headings = (" ".join(h.text_content().split()) for h in doc.iter("h1", "h2"))
        if not any(h == title for h in headings):
            title = original[original.rfind(":") + 1 :]
            if _word_count(title.strip()) < 3:
                title = original[original.find(":") + 1 :]
            elif _word_count(original[: original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        h1s = list(doc.iter("h1"))
        if len(h1s) == 1:
            title = h1s[0].text_content()
    title = collapse_spaces(title)
    words = _word_count(title)
    if words <= 4 and (not hierarchical or words != _word_count(_SEPARATOR.sub("", original)) - 1):
        title = original
    return title


def _lang(doc: lxml.html.HtmlElement, values: dict[str, str]) -> str | None:
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        body = doc.find("body")
        lang = body.get("lang") if body is not None else None
    if not lang:
        for meta in doc.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language":
                lang = (meta.get("content") or "").split(",")[0]
                break
    if not lang:
        lang = values.get("og:locale")
    lang = (lang or "").strip().replace("_", "-")
    return lang if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", lang) else None


def _canonical(doc: lxml.html.HtmlElement, values: dict[str, str], url: str) -> str | None:
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = _absolute_http(link.get("href"), url)
            if found:
                return found
    return _absolute_http(values.get("og:url"), url)


def is_valid_byline(text: str) -> bool:
    return 0 < len(text.strip()) < 100


def clean_byline(text: str | None) -> str | None:
    """A byline without a leading "By" and without surrounding noise; None if empty."""
    text = _clean(text)
    if not text or _looks_like_url(text):
        return None
    text = _BY_PREFIX.sub("", text).strip(" |,;-–—")
    return text or None


def read_metadata(doc: lxml.html.HtmlElement, url: str) -> Metadata:
    """Metadata of the parsed page ``doc`` fetched from ``url``.

    The byline here comes from JSON-LD and meta tags only; ``bylines.with_byline`` finds
    one elsewhere when they have none.
    """
    values = meta_values(doc)
    nodes = json_ld(doc)
    ld = nodes[0] if nodes else {}

    ld_title: str | None = None
    name, headline = _clean_title(ld.get("name")), _clean_title(ld.get("headline"))
    if name and headline and name != headline:
        # Some sites put their own name in "name": prefer the one like the <title>.
        document_title = title_from_document(doc)
        name_ok = text_similarity(name, document_title) > 0.75
        headline_ok = text_similarity(headline, document_title) > 0.75
        ld_title = headline if headline_ok and not name_ok else name
    else:
        ld_title = name or headline
    title = (
        ld_title
        or _first(values, "dc:title", "dcterm:title", "og:title", "weibo:article:title")
        or _first(values, "weibo:webpage:title", "title", "twitter:title", "parsely-title")
        or title_from_document(doc)
    )

    ld_authors = _names(ld.get("author") or ld.get("creator"))
    article_author = values.get("article:author")
    if article_author and _looks_like_url(article_author):
        article_author = None
    byline = clean_byline(
        ", ".join(ld_authors)
        or _first(values, "dc:creator", "dcterm:creator", "author", "parsely-author")
        or article_author
    )

    published = None
    for candidate in (
        ld.get("datePublished"),
        values.get("article:published_time"),
        values.get("parsely-pub-date"),
        values.get("itemprop:datePublished"),
        values.get("dc:date"),
        values.get("dcterm:date"),
        values.get("date"),
        _time_element(doc),
        ld.get("dateCreated"),
    ):
        published = normalise_date(candidate if isinstance(candidate, str) else None)
        if published:
            break

    publisher = _names(ld.get("publisher"))
    site_name = _clean(publisher[0] if publisher else None) or _clean(values.get("og:site_name"))
    excerpt = _clean(ld.get("description")) or _clean(
        _first(values, "dc:description", "dcterm:description", "og:description")
        or _first(values, "weibo:article:description", "weibo:webpage:description")
        or _first(values, "description", "twitter:description")
    )
    lead_image = None
    for candidate in (*(values.get(key) for key in _IMAGE_KEYS), _image_url(ld.get("image"))):
        lead_image = _image_address(candidate, url)
        if lead_image:
            break
    return Metadata(
        title=_clean_title(title) or "",
        byline=byline,
        published=published,
        site_name=site_name,
        lang=_lang(doc, values),
        lead_image=lead_image,
        canonical_url=_canonical(doc, values, url),
        excerpt=excerpt,
    )


def _first(values: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if values.get(key):
            return values[key]
    return None


def _time_element(doc: lxml.html.HtmlElement) -> str | None:
    """The ``datetime`` of a ``<time>`` marked as the publication date, else the first one."""
    first = None
    for el in doc.iter("time"):
        value: str | None = el.get("datetime")
        if not value:
            continue
        if el.get("pubdate") is not None or "datePublished" in (el.get("itemprop") or ""):
            return value
        if first is None and next(el.iterancestors("footer", "aside", "nav"), None) is None:
            first = value
    return first
