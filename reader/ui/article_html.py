"""Builds the reading pane's document: a header and the stored body, in Qt's rich text.

Qt's rich text engine knows no ``<figure>``: figures become centred blocks with the
caption as a small paragraph under the photo.  Image sources are kept as they are
(``reader://image/KEY``); the view serves them from the library.  Each image may be
given its size up front, so that the document is laid out (and scrolled, and its place
restored) before any photo is decoded.  Pure functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import quote

from reader.models import Article
from reader.ui.formatting import host_of, long_date, reading_time
from reader.ui.themes import Colors, Typography

#: The reading pane's one-line note under a teaser's header (Article.partial).
PARTIAL_NOTE = "Only the beginning of the story was on the page"

_VOID = {"br", "hr", "img", "col", "wbr"}
_BLOCK_CONTAINERS = {
    "figure",
    "div",
    "article",
    "section",
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tr",
    "blockquote",
    "details",
    "header",
    "footer",
    "main",
}
_DROP_ATTRS = {"width", "height", "style", "class", "id"}
#: Containers a document may be cut inside (closed at the cut, opened again after it)
#: without changing what Qt makes of it, when they carry no attributes.
_TRANSPARENT = {"div", "article", "section", "main", "header", "footer"}
#: Characters of HTML per piece when a big document is built in pieces (about 5 ms of
#: Qt's parser each; see reader/ui/reading_document.py).
PIECE_CHARS = 24_000
#: Logical pixels (width, height) an image is shown at, by its ``src``.
ImageSizes = Mapping[str, tuple[int, int]]
IMAGE_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class _QtBody(HTMLParser):
    """Rewrites sanitised HTML for QTextDocument (figures, captions, images)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.slots: list[tuple[int, str]] = []  # (index in out, image src)
        self.bare: list[bool] = []  # for each open element: it has no attributes
        self.opened_at: list[int] = []  # for each open element: its index in out
        # Where a new piece may start: (index in out, the containers open there).  Only
        # before a plain paragraph whose open elements are all bare containers.
        self.cuts: list[tuple[int, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = [(k, v) for k, v in attrs if v is not None and k not in _DROP_ATTRS]
        if (
            tag == "p"
            and not kept
            and all(self.bare)
            and all(t in _TRANSPARENT for t in self.stack)
        ):
            # Containers opened just before (nothing in them yet) go to the next piece:
            # an empty one left at the end of a piece would become an empty line.
            index, depth = len(self.out), len(self.stack)
            while depth and self.opened_at[depth - 1] == index - 1:
                index, depth = index - 1, depth - 1
            self.cuts.append((index, tuple(self.stack[:depth])))
        if tag == "figure":
            self.out.append('<div class="figure">')
        elif tag == "figcaption":
            self.out.append('<p class="caption">')
        elif tag == "img":
            src = dict(kept).get("src", "")
            alt = dict(kept).get("alt", "")
            if src:
                inline = "p" in self.stack or "a" in self.stack
                if not inline:
                    self.out.append('<p class="image" align="center">')
                self.out.append(f'<img src="{html.escape(src)}" alt="{html.escape(alt or "")}"')
                self.slots.append((len(self.out) - 1, src))  # its size goes here, when known
                self.out.append(">")
                if not inline:
                    self.out.append("</p>")
        else:
            text = "".join(f' {k}="{html.escape(v or "")}"' for k, v in kept)
            self.out.append(f"<{tag}{text}>")
        if tag not in _VOID:
            self.stack.append(tag)
            self.bare.append(not kept and tag not in ("figure", "figcaption"))
            self.opened_at.append(len(self.out) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in self.stack:
            while self.stack:
                top = self.stack.pop()
                self.bare.pop()
                self.opened_at.pop()
                self.out.append(_close(top))
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not data.strip() and (not self.stack or self.stack[-1] in _BLOCK_CONTAINERS):
            return  # whitespace between blocks would become an empty paragraph in Qt
        self.out.append(html.escape(data, quote=False))


def _close(tag: str) -> str:
    if tag == "figure":
        return "</div>"
    if tag == "figcaption":
        return "</p>"
    return f"</{tag}>"


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """An article's document parsed once (on a worker), with a place for each image's
    size: ``html(sizes)`` only joins strings, cheap enough for every render, resize and
    theme change on the GUI thread.  Immutable: safe to hand between threads."""

    parts: tuple[str, ...]
    slots: tuple[tuple[int, str], ...]
    cuts: tuple[tuple[int, tuple[str, ...]], ...] = ()  # see _QtBody.cuts

    def _sized(self, sizes: ImageSizes | None) -> list[str]:
        parts = list(self.parts)
        for index, src in self.slots:
            size = (sizes or {}).get(src)
            if size:
                parts[index] = f'{parts[index]} width="{size[0]}" height="{size[1]}"'
        return parts

    def html(self, sizes: ImageSizes | None = None) -> str:
        return "".join(self._sized(sizes))

    def pieces(self, sizes: ImageSizes | None = None, size: int = PIECE_CHARS) -> list[Piece]:
        """The document in pieces of about ``size`` characters, each cut just before a
        plain paragraph; every piece after the first is a document by itself that opens
        the containers open where it starts (and each piece closes them).  Appended one
        after the other (reading_document.build), they make what ``html`` makes."""
        parts = self._sized(sizes)
        pieces: list[Piece] = []
        opened: tuple[str, ...] = ()
        start, length, counted = 0, 0, 0
        for index, stack in self.cuts:
            length += sum(len(p) for p in parts[counted:index])
            counted = index
            if length < size:
                continue
            closing = "".join(f"</{t}>" for t in reversed(stack))
            body = "".join(parts[start:index])
            pieces.append(_piece(opened, bool(pieces), body + closing + "</body></html>"))
            start, opened, length = index, stack, 0
        pieces.append(_piece(opened, bool(pieces), "".join(parts[start:])))
        return pieces


class Piece(NamedTuple):
    """Part of a document's HTML; ``containers``: the opening tags it starts with."""

    html: str
    containers: str


def _piece(containers: tuple[str, ...], later: bool, rest: str) -> Piece:
    if not later:
        return Piece(rest, "")
    opening = "".join(f"<{t}>" for t in containers)
    return Piece(f"<html><body>{opening}{rest}", opening)


def prepare_body(body: str) -> PreparedDocument:
    parser = _QtBody()
    parser.feed(body)
    parser.close()
    while parser.stack:
        parser.out.append(_close(parser.stack.pop()))
    return PreparedDocument(tuple(parser.out), tuple(parser.slots), tuple(parser.cuts))


def qt_body(body: str, sizes: ImageSizes | None = None) -> str:
    return prepare_body(body).html(sizes)


def image_sources(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in IMAGE_SRC.finditer(body):
        seen.setdefault(html.unescape(m.group(1)), None)
    return list(seen)


def stylesheet(colors: Colors, t: Typography) -> str:
    """The document's CSS (Qt's subset: fonts, colours, margins, line height)."""
    return f"""
body {{ font-family: "{t.family}"; font-size: {t.size_px}px; color: {colors.text}; }}
p {{ line-height: {t.line_height}%; margin-top: 0px; margin-bottom: {int(t.size_px * 0.9)}px; }}
li {{ line-height: {t.line_height}%; margin-bottom: {int(t.size_px * 0.35)}px; }}
a {{ color: {colors.link}; text-decoration: none; }}
h1 {{ font-size: {int(t.size_px * 1.9)}px; font-weight: 700; line-height: 100%;
      margin-top: 0px; margin-bottom: {int(t.size_px * 0.5)}px; }}
h2 {{ font-size: {int(t.size_px * 1.4)}px; font-weight: 700; margin-top: {t.size_px}px;
      margin-bottom: {int(t.size_px * 0.5)}px; }}
h3, h4, h5, h6 {{ font-size: {int(t.size_px * 1.15)}px; font-weight: 700;
      margin-top: {t.size_px}px; margin-bottom: {int(t.size_px * 0.4)}px; }}
blockquote {{ color: {colors.muted}; font-style: italic; margin-left: {t.size_px}px;
      margin-right: {t.size_px}px; }}
pre, code {{ font-family: monospace; font-size: {int(t.size_px * 0.85)}px; }}
pre {{ background-color: {colors.alternate}; }}
.kicker {{ color: {colors.accent}; font-size: {int(t.size_px * 0.78)}px; font-weight: 600;
      margin-bottom: {int(t.size_px * 0.4)}px; }}
.byline {{ color: {colors.text}; font-size: {int(t.size_px * 0.9)}px; font-weight: 600;
      margin-bottom: 2px; }}
.meta {{ color: {colors.muted}; font-size: {int(t.size_px * 0.82)}px;
      margin-bottom: {int(t.size_px * 0.4)}px; line-height: 105%; }}
.tags {{ color: {colors.muted}; font-size: {int(t.size_px * 0.82)}px;
      margin-bottom: {int(t.size_px * 0.4)}px; }}
.figure {{ margin-top: {int(t.size_px * 0.6)}px; margin-bottom: {int(t.size_px * 1.2)}px; }}
.caption {{ color: {colors.muted}; font-size: {int(t.size_px * 0.78)}px; line-height: 104%;
      margin-top: 6px; margin-bottom: {int(t.size_px * 1.1)}px; }}
.image {{ margin-bottom: {int(t.size_px * 1.1)}px; line-height: 100%; }}
.partial {{ color: {colors.accent}; font-size: {int(t.size_px * 0.82)}px; font-style: italic;
      margin-bottom: {int(t.size_px * 0.4)}px; }}
.notes {{ color: {colors.muted}; font-size: {int(t.size_px * 0.75)}px; }}
.rule {{ font-size: 4px; line-height: 100%; margin-top: 0px;
      margin-bottom: {int(t.size_px * 1.2)}px; }}
"""


def drop_leading_byline(body: str, byline: str | None) -> str:
    """Remove a first paragraph that only repeats the byline the header already shows."""
    if not byline:
        return body
    m = re.match(
        r"\s*(?:<(?:div|article|section|header)\b[^>]*>\s*)*(<p[^>]*>(.*?)</p>)", body, re.DOTALL
    )
    if m is None:
        return body
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split()).lower()
    name = " ".join(byline.split()).lower()
    if text in (name, f"by {name}", name.removeprefix("by ")):
        return body[: m.start(1)] + body[m.end(1) :]
    return body


def article_document(article: Article, image_sizes: ImageSizes | None = None) -> str:
    """Header (site, headline, byline, date, reading time, tags) and the body.

    ``image_sizes``: the size each image is shown at, by its ``src`` (images not in it
    get their size when they are loaded).
    """
    return prepare_document(article).html(image_sizes)


def prepare_document(article: Article) -> PreparedDocument:
    """The whole document, parsed once: call on a worker (1 MB takes a few hundred ms)."""
    e = html.escape
    site = article.site_name or host_of(article.url or article.given_url)
    meta = [p for p in (long_date(article.published), reading_time(article.reading_minutes)) if p]
    head = [f'<p class="kicker">{e(site.upper())}</p>' if site else ""]
    head.append(f"<h1>{e(article.title or article.url or article.given_url)}</h1>")
    if article.excerpt and article.excerpt.strip() and len(article.excerpt) < 300:
        first_text = re.sub(r"<[^>]+>", " ", article.html[:2000])
        if article.excerpt[:60] not in html.unescape(" ".join(first_text.split())):
            head.append(f'<p class="meta" style="font-size: 110%;">{e(article.excerpt)}</p>')
    if article.byline:
        byline = (
            article.byline if article.byline.lower().startswith("by ") else (f"By {article.byline}")
        )
        head.append(f'<p class="byline">{e(byline)}</p>')
    if meta:
        head.append(f'<p class="meta">{e("  ·  ".join(meta))}</p>')
    if article.partial:
        head.append(f'<p class="partial">{PARTIAL_NOTE}</p>')
    if article.tags:
        links = ", ".join(f'<a href="reader-tag:{quote(t)}">{e(t)}</a>' for t in article.tags)
        head.append(f'<p class="tags">Tagged {links}</p>')
    head.append('<p class="rule">&nbsp;</p>')
    body = prepare_body(drop_leading_byline(article.html, article.byline))
    start = ("<html><body>", *head)
    return PreparedDocument(
        (*start, *body.parts, "</body></html>"),
        tuple((i + len(start), src) for i, src in body.slots),
        tuple((i + len(start), stack) for i, stack in body.cuts),
    )
