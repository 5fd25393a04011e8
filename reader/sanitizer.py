"""Allow-list HTML sanitising: what is stored and shown is text, structure and images only.

The pipeline is: an lxml pass that removes what an allow-list alone cannot judge
(tracking pixels, hidden elements, images and links with unsafe or unresolvable URLs),
then nh3 (the Rust ``ammonia`` sanitiser) with a strict allow-list of tags and
attributes.  Nothing that can run code, load a remote stylesheet or font, or submit a
form survives.  Functions here are pure and thread-safe.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import nh3

#: The scheme of images stored in the library: ``reader://image/<key>``.
LIBRARY_IMAGE_PREFIX = "reader://image/"

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "article",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}

#: Removed with everything inside them (not just unwrapped).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "nav",
    }
)

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES = frozenset({"http", "https"})
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)", re.I
)
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.I)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto", "reader"},
    link_rel="noopener noreferrer nofollow",
    url_relative="deny",
    strip_comments=True,
)


def strip_control_chars(text: str) -> str:
    """Remove NUL and other C0 control characters that lxml and displays choke on."""
    return _CONTROL_CHARS.sub("", text)


def _pixels(value: str | None) -> float | None:
    if value is None:
        return None
    m = _PX.match(value)
    return float(m.group(1)) if m else None


def is_tracking_pixel(img: lxml.html.HtmlElement) -> bool:
    """True for images a reader never sees: 1x1 (or 0-sized) pixels and hidden images."""
    sizes = [_pixels(img.get("width")), _pixels(img.get("height"))]
    for name, number in _STYLE_SIZE.findall(img.get("style") or ""):
        sizes[0 if name.lower() == "width" else 1] = float(number)
    return any(s is not None and s <= 2 for s in sizes)


def _is_hidden(el: lxml.html.HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").lower() == "true" and el.tag == "img":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def safe_url(url: str | None, base_url: str, schemes: frozenset[str]) -> str | None:
    """``url`` made absolute against ``base_url``, or None if its scheme is not allowed."""
    if not url:
        return None
    url = strip_control_chars(url).strip()
    if not url or url.startswith("#"):
        return None
    if url.startswith(LIBRARY_IMAGE_PREFIX):
        return url
    try:
        absolute = urljoin(base_url, url) if base_url else url
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in schemes else None


def _parse_fragment(html: str) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    doc = lxml.html.document_fromstring(f"<html><body><div>{html}</div></body></html>", parser)
    body = doc.find("body")
    assert body is not None
    container = body[0] if len(body) else body
    return container


def _prune(root: lxml.html.HtmlElement, base_url: str) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        parent = el.getparent()
        if parent is None:
            continue
        if tag in DROPPED_WITH_CONTENT or _is_hidden(el):
            el.drop_tree()
            continue
        if tag == "img":
            src = safe_url(el.get("src"), base_url, _IMAGE_SCHEMES)
            if src is None or is_tracking_pixel(el):
                el.drop_tree()
                continue
            el.set("src", src)
        elif tag == "a":
            href = safe_url(el.get("href"), base_url, _LINK_SCHEMES)
            if href is None:
                el.attrib.pop("href", None)
            else:
                el.set("href", href)


def sanitize_html(html: str, base_url: str = "") -> str:
    """Return ``html`` reduced to the allow-list, with absolute http(s) URLs only.

    ``base_url`` resolves relative links and images; without it, relative URLs are
    dropped.  Never raises on malformed input: the worst case is an empty string.
    """
    html = strip_control_chars(html)
    if not html.strip():
        return ""
    try:
        root = _parse_fragment(html)
    except (lxml.etree.ParserError, ValueError):
        return _CLEANER.clean(html)
    _prune(root, base_url)
    return _CLEANER.clean(_inner_html(root)).strip()


def rewrite_images(
    html: str, replace: Callable[[str], str | None] | Mapping[str, str | None]
) -> str:
    """Point every ``<img src>`` at ``replace(src)``; an image mapped to None is removed.

    A figure left with no image and no caption text is removed with it.
    """
    lookup = replace.get if isinstance(replace, Mapping) else replace
    if not html.strip():
        return html
    root = _parse_fragment(html)
    for img in list(root.iter("img")):
        new = lookup(img.get("src") or "")
        if new is None:
            figure = next((a for a in img.iterancestors("figure")), None)
            img.drop_tree()
            # A caption without its photo reads as a stray line: drop the figure too.
            if figure is not None and next(figure.iter("img"), None) is None:
                figure.drop_tree()
        else:
            img.set("src", new)
    return _inner_html(root)


def _inner_html(root: lxml.html.HtmlElement) -> str:
    parts = [html_lib.escape(root.text, quote=False) if root.text else ""]
    parts.extend(lxml.html.tostring(child, encoding="unicode", method="html") for child in root)
    return "".join(parts)


def image_sources(html: str) -> list[str]:
    """The ``src`` of every image in ``html``, in document order, without duplicates."""
    if not html.strip():
        return []
    seen: dict[str, None] = {}
    for img in _parse_fragment(html).iter("img"):
        src = img.get("src")
        if src:
            seen.setdefault(src, None)
    return list(seen)
