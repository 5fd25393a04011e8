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

from reader.html_trees import html_parser

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

#: Nesting deeper than this is flattened (libxml2 stops parsing at 256 levels, losing
#: everything after; html5ever's tree builder is quadratic in depth).
MAX_DEPTH = 160

#: Elements that mean nothing once empty (no text, no image): removed, innermost first,
#: so 200,000 empty links or paragraphs do not reach the store and the reading pane.
_EMPTY_DROPPED: frozenset[str] = frozenset(
    {
        "a", "abbr", "article", "b", "bdi", "bdo", "blockquote", "cite", "code", "del",
        "dfn", "div", "dl", "em", "figcaption", "figure", "font", "h1", "h2", "h3", "h4",
        "h5", "h6", "i", "ins", "kbd", "mark", "ol", "p", "q", "s", "samp", "section",
        "small", "span", "strong", "sub", "sup", "u", "ul", "var",
    }
)  # fmt: skip


def _cleaner(library_images: bool) -> nh3.Cleaner:
    schemes = {"http", "https", "mailto"} | ({"reader"} if library_images else set())
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=schemes,
        link_rel="noopener noreferrer nofollow",
        url_relative="deny",
        strip_comments=True,
    )


_CLEANER = _cleaner(library_images=False)
_LIBRARY_CLEANER = _cleaner(library_images=True)


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
    if el.tag == "img" and _hidden_from_everyone(el):
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _hidden_from_everyone(img: lxml.html.HtmlElement) -> bool:
    """An ``aria-hidden`` image without alt text: hidden from readers, shown to no one.

    ``aria-hidden`` only hides from screen readers; an image that still describes itself
    in ``alt`` (a formula's picture beside its MathML) is seen on the page.
    """
    if img.get("hidden") is not None:
        return True
    return (img.get("aria-hidden") or "").lower() == "true" and not (img.get("alt") or "").strip()


_INVISIBLE_IMAGE_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def remove_tracking_images(root: lxml.html.HtmlElement) -> int:
    """Remove tracking pixels and hidden images from a parsed page; return how many.

    For extraction to run on the raw page, before anything strips ``style`` attributes
    (readability does): a pixel sized only by its style is then still recognisable, and
    is never fetched.  Unlike ``sanitize_html`` it ignores ``opacity: 0``, which lazy
    loaders put on real photos until they load.
    """
    removed = 0
    for img in list(root.iter("img")):
        if img.getparent() is None:
            continue
        hidden = _hidden_from_everyone(img) or bool(
            _INVISIBLE_IMAGE_STYLE.search(img.get("style") or "")
        )
        if hidden or is_tracking_pixel(img):
            img.drop_tree()
            removed += 1
    return removed


def safe_url(
    url: str | None, base_url: str, schemes: frozenset[str], library_images: bool = False
) -> str | None:
    """``url`` made absolute against ``base_url``, or None if its scheme is not allowed.

    ``reader://image/`` URLs pass only with ``library_images`` (stored HTML): a web
    page must not point at images of the library.
    """
    if not url:
        return None
    url = strip_control_chars(url).strip()
    if not url or url.startswith("#"):
        return None
    if url.startswith(LIBRARY_IMAGE_PREFIX):
        return url if library_images else None
    try:
        absolute = urljoin(base_url, url) if base_url else url
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in schemes else None


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen", "frame", "basefont", "isindex"}
)  # fmt: skip
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext", "noscript"})
#: Opening one of these closes an open element of the same kind (roughly as parsers do).
_SELF_CLOSING_SIBLINGS = {
    "p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
}  # fmt: skip
_SCOPE = frozenset({"html", "body", "div", "ul", "ol", "dl", "table", "section", "article"})
_MARKUP = re.compile(r"<!--.*?(?:-->|$)|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.S)


def _too_deep_for_parser(html: str) -> bool:
    parser = lxml.html.HTMLParser(no_network=True)
    try:
        lxml.html.document_fromstring(html, parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    return any("depth" in entry.message.lower() for entry in parser.error_log)


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` unchanged, unless elements nest deeper than the parser can follow: then
    the tags below ``max_depth`` are removed (their text stays).

    libxml2 stops at 256 levels and drops everything after (and html5ever slows down
    quadratically with depth), so 200,000 nested ``<div>`` would lose the rest of the
    story.  The scan is a light tag tokenizer, run only when the parser reports it.
    """
    if html.count("<") <= max_depth or not _too_deep_for_parser(html):
        return html
    out: list[str] = []
    stack: list[str] = []
    suppressed: dict[str, int] = {}
    pos = 0
    raw_until = ""
    for m in _MARKUP.finditer(html):
        closing, name = m.group(1), (m.group(2) or "").lower()
        if raw_until:
            if closing and name == raw_until:
                raw_until = ""
            else:
                continue
        if not name:  # a comment
            continue
        keep = True
        if closing:
            if suppressed.get(name):
                suppressed[name] -= 1
                keep = False
            elif name in stack:
                while stack and stack.pop() != name:
                    pass
        elif name not in _VOID:
            siblings = _SELF_CLOSING_SIBLINGS.get(name)
            if siblings:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i] in siblings:
                        del stack[i:]
                        break
                    if stack[i] in _SCOPE:
                        break
            if len(stack) >= max_depth:
                suppressed[name] = suppressed.get(name, 0) + 1
                keep = False
            else:
                stack.append(name)
                if name in _RAW_TEXT:
                    raw_until = name
        if not keep:
            out.append(html[pos : m.start()])
            pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _parse_fragment(html: str) -> lxml.html.HtmlElement:
    parser = html_parser(remove_comments=True, remove_pis=True)
    doc = lxml.html.document_fromstring(f"<html><body><div>{html}</div></body></html>", parser)
    body = doc.find("body")
    assert body is not None
    container = body[0] if len(body) else body
    return container


def _prune(root: lxml.html.HtmlElement, base_url: str, library_images: bool) -> None:
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
            src = safe_url(el.get("src"), base_url, _IMAGE_SCHEMES, library_images)
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
    for el in reversed(list(root.iter(*_EMPTY_DROPPED))):
        if len(el) == 0 and not (el.text or "").strip() and el.getparent() is not None:
            if el.text:  # "word<span> </span>word": keep the space between the words
                el.tail = " " + (el.tail or "")
            el.drop_tree()


def sanitize_html(html: str, base_url: str = "", *, library_images: bool = False) -> str:
    """Return ``html`` reduced to the allow-list, with absolute http(s) URLs only.

    ``base_url`` resolves relative links and images; without it, relative URLs are
    dropped.  ``library_images`` keeps ``reader://image/`` sources (for HTML that is
    already stored); web pages never get them.  Never raises on malformed input: the
    worst case is an empty string.
    """
    html = strip_control_chars(html)
    if not html.strip():
        return ""
    try:
        root = _parse_fragment(flatten_deep_nesting(html))
    except (lxml.etree.ParserError, ValueError):
        return ""  # lxml could not make a tree: nothing we could vouch for
    _prune(root, base_url, library_images)
    cleaner = _LIBRARY_CLEANER if library_images else _CLEANER
    return str(cleaner.clean(_inner_html(root))).strip()


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
