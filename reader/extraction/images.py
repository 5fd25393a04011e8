"""Image URL resolution: lazy-loading attributes, srcset, <picture>, <noscript>, absolute URLs.

Runs on the whole page before readability so that every image it keeps has a plain,
absolute ``src``.  Only URLs are handled here; decoding and resizing live in reader.images.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

# Attributes lazy-loading scripts read the real image from, most specific first.
_LAZY_ATTRIBUTES = (
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src",
    "data-full-src", "data-orig-file", "data-large-file", "data-lazyload", "data-echo",
    "data-img-src", "data-image", "data-original-src",
)  # fmt: skip
_LAZY_SRCSETS = ("data-srcset", "data-lazy-srcset", "srcset")
_PLACEHOLDER = re.compile(
    r"^data:|blank|spacer|placeholder|lazy|transparent|pixel|1x1|grey\.gif", re.I
)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:$|[?#])", re.I)
_CANDIDATE = re.compile(r"\s*(\S+?)(?:\s+([\d.]+)([wx]))?\s*(?:,|$)")


def best_srcset_candidate(srcset: str) -> str | None:
    """The largest candidate of a ``srcset`` (by width, else density), or None."""
    best: tuple[float, str] | None = None
    # Split on commas followed by whitespace, so URLs with commas survive.
    for part in re.split(r",\s+", srcset.strip()):
        bits = part.strip().rstrip(",").split()
        if not bits or bits[0].startswith("data:"):
            continue
        size = 1.0
        if len(bits) > 1 and (m := re.fullmatch(r"([\d.]+)([wx])", bits[1])):
            try:
                size = float(m.group(1)) * (1 if m.group(2) == "w" else 1000)
            except ValueError:
                continue
        if best is None or size > best[0]:
            best = (size, bits[0])
    return best[1] if best else None


def _usable(src: str | None) -> bool:
    return bool(src and src.strip() and not _PLACEHOLDER.search(src.strip()))


def _absolute(src: str, base_url: str) -> str:
    src = src.strip()
    try:
        absolute = urljoin(base_url, src)
        urlsplit(absolute)
    except ValueError:
        return src
    return absolute


def _real_source(img: lxml.html.HtmlElement) -> str | None:
    """The image's own ``src`` when real; else a lazy-loading attribute or srcset's best."""
    src: str | None = img.get("src")
    if _usable(src) and "lazy" not in (img.get("class") or "").lower():
        return src
    for name in _LAZY_ATTRIBUTES:
        value: str | None = img.get(name)
        if _usable(value) and (_IMAGE_URL.search(value or "") or "/" in (value or "")):
            return value
    for name in _LAZY_SRCSETS:
        value = img.get(name)
        if value and (best := best_srcset_candidate(value)):
            return best
    return src if _usable(src) else None


def _picture_source(img: lxml.html.HtmlElement) -> str | None:
    picture = next(img.iterancestors("picture"), None)
    return _picture_sources(picture) if picture is not None else None


def _unwrap_noscript_images(root: lxml.html.HtmlElement) -> None:
    """Replace a lazy placeholder with the real image its ``<noscript>`` twin holds."""
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if len(images) != 1 or noscript.text_content().strip():
            continue
        image = images[0]
        previous = noscript.getprevious()
        parent = noscript.getparent()
        if parent is None:
            continue
        placeholder: lxml.html.HtmlElement | None = None
        if previous is not None:
            if previous.tag == "img":
                placeholder = previous
            else:
                inner = list(previous.iter("img"))
                if len(inner) == 1 and not previous.text_content().strip():
                    placeholder = inner[0]
        new = lxml.html.Element("img")
        for key, value in image.attrib.items():
            new.set(key, value)
        if placeholder is not None and not _usable(_real_source(placeholder)):
            for key in ("alt", "title"):
                if placeholder.get(key) and not new.get(key):
                    new.set(key, placeholder.get(key) or "")
            new.tail = placeholder.tail
            placeholder.getparent().replace(placeholder, new)
            noscript.drop_tree()
        elif placeholder is None:
            new.tail = noscript.tail
            parent.replace(noscript, new)


#: Elements whose lazy attributes name a video, a frame or a script, never a photo.
_NOT_PHOTO_HOSTS = frozenset(
    {"img", "source", "iframe", "video", "audio", "embed", "object", "script", "track", "input"}
)
_PHOTO_CLASS = re.compile(r"image|img|photo|picture|lazy", re.I)
_WIDTH_TEMPLATE = re.compile(r"\{width\}|%7Bwidth%7D", re.I)
_IMAGE_OBJECT = re.compile(r"schema\.org/ImageObject", re.I)


_CONTAINER_ATTRIBUTES = frozenset((*_LAZY_ATTRIBUTES, *_LAZY_SRCSETS[:2], "itemtype"))


def _lazy_containers(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    # A set test per element is three times faster here than one XPath of 17 clauses.
    return [
        el
        for el in root.iter()
        if el.tag == "picture" or not _CONTAINER_ATTRIBUTES.isdisjoint(el.attrib.keys())
    ]


def _lazy_container_source(el: lxml.html.HtmlElement) -> str | None:
    """The photo a script would draw into ``el`` (a ``<div data-src>``), or None."""
    for name in _LAZY_ATTRIBUTES:
        value: str = (el.get(name) or "").strip()
        if not _usable(value):
            continue
        if _WIDTH_TEMPLATE.search(value):
            widths = [int(w) for w in re.findall(r"\d+", el.get("data-widths") or "")]
            value = _WIDTH_TEMPLATE.sub(str(max(widths, default=800)), value)
        if _IMAGE_URL.search(value) or _PHOTO_CLASS.search(el.get("class") or ""):
            return value
    for name in _LAZY_SRCSETS[:2]:
        srcset = el.get(name)
        if srcset and (best := best_srcset_candidate(srcset)):
            return best
    if _IMAGE_OBJECT.search(el.get("itemtype") or ""):
        for meta in el.iter("meta", "link"):
            if meta.get("itemprop") in ("url", "contentUrl", "contentURL"):
                found: str | None = meta.get("content") or meta.get("href")
                if _usable(found):
                    return found
        itemid: str | None = el.get("itemid")
        if _usable(itemid) and _IMAGE_URL.search(itemid or ""):
            return itemid
    return None


def _materialise_lazy_images(root: lxml.html.HtmlElement) -> None:
    """Give an ``<img>`` to containers that only name their photo in attributes.

    Lazy loaders draw the photo into a ``<div data-src=... data-alt=...>`` or a
    ``<picture>`` holding only ``<source>``; a schema.org ImageObject may name it only in
    ``itemid`` or ``<meta itemprop=url>``.  A container that already holds an image (or
    a ``<noscript>`` fallback) is left alone.
    """
    for el in _lazy_containers(root):
        if not isinstance(el.tag, str) or el.tag in _NOT_PHOTO_HOSTS:
            continue
        if el.tag == "picture":
            if el.find(".//img") is None and (src := _picture_sources(el)):
                img = lxml.html.Element("img")
                img.set("src", src)
                el.append(img)
            continue
        if el.find(".//img") is not None or el.find(".//noscript") is not None:
            continue
        following = el.getnext()
        if following is not None and following.tag == "noscript":
            continue
        src = _lazy_container_source(el)
        if src is None:
            continue
        img = lxml.html.Element("img")
        img.set("src", src)
        img.set("alt", el.get("data-alt") or el.get("data-caption") or el.get("aria-label") or "")
        el.append(img)


def _picture_sources(picture: lxml.html.HtmlElement) -> str | None:
    for source in picture.iter("source"):
        srcset = source.get("srcset") or source.get("data-srcset")
        if srcset and (best := best_srcset_candidate(srcset)):
            return best
    return None


def resolve_images(root: lxml.html.HtmlElement, base_url: str) -> None:
    """Give every ``<img>`` under ``root`` its real, absolute ``src``; unwrap ``<picture>``.

    An image with no usable http(s) source loses its ``src`` (placeholders, ``data:``,
    ``javascript:``), so that nothing later can resolve it into a request: an emptied
    ``src`` resolved against ``<base href>`` would fetch the base address itself.
    """
    _unwrap_noscript_images(root)
    _materialise_lazy_images(root)
    for img in list(root.iter("img")):
        src = _real_source(img) or _picture_source(img)
        absolute = _absolute(src, base_url) if src else ""
        if absolute.lower().startswith(("http://", "https://")):
            img.set("src", absolute)
        else:
            img.attrib.pop("src", None)
        for name in (*_LAZY_ATTRIBUTES, *_LAZY_SRCSETS, "sizes", "loading"):
            img.attrib.pop(name, None)
    for picture in list(root.iter("picture")):
        for source in list(picture.iter("source")):
            source.drop_tag()  # libxml2 may nest the <img> inside <source>
        picture.drop_tag()
