"""Furniture at the story's end, judged by shape on the (small) extracted story.

Two peels from the story's last line upwards, each stopped by the first line of prose:

- a run of teaser lines (a linked headline, perhaps with its date or source, in a short
  line) with the short headings between them ("Top headlines", "More from Sport");
- short furniture lines: copyright notices and share, print and comment lines, named
  by a short multilingual list that is only ever applied to short lines at the end.

Lines are the story's blocks with text and no block inside them.  Neither peel takes
most of the story.  Functions change the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.html

#: Block elements: a line of the story is one with text and none of these inside.
_BLOCK_TAGS = frozenset(
    {"p", "li", "div", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "section",
     "article", "aside", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
     "header", "footer", "nav", "form", "pre"}
)  # fmt: skip
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: A teaser line: at most this long, with at most this much text outside its links.
_TEASER = 200
_TEASER_UNLINKED = 100
#: A short line between teasers (a list's heading, a source and a time): at most this long.
_BETWEEN = 60
_MIN_TEASERS = 3
_SENTENCE_END = (".", "!", "?", '"', "”", "»", "。", "！", "？", "…")
#: Notices and calls to act at the end, in a few languages (only for short lines).
_COPYRIGHT = re.compile(
    r"^\W*(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|sva prava pridržana|版权所有|版權所有",
    re.I,
)
_FURNITURE = re.compile(
    r"\b(?:share|print|e-?mail|comments?|teilen|drucken|kommentar\w*|partager|imprimer|"
    r"commentaires?|compartir|imprimir|comentarios?|podijeli|ispis|komentar\w*)\b|"
    r"分享|打印|评论|評論|转发",
    re.I,
)
_FURNITURE_MAX = 60
_COPYRIGHT_MAX = 300
_MAX_PEEL = 6


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _lines(article: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    lines = []
    for el in article.iter(*_BLOCK_TAGS):
        if el is article or next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
            continue
        if el.text_content().strip() and el.find(".//img") is None:
            lines.append(el)
    return lines


def _linked(el: lxml.html.HtmlElement) -> tuple[int, int]:
    """(characters inside links, words of the longest link); in-page links do not count."""
    linked = longest = 0
    for a in el.iter("a"):
        if (a.get("href") or "").startswith("#"):
            continue
        text = _text(a)
        linked += len(text)
        longest = max(longest, len(text.split()))
    return linked, longest


def _is_teaser(el: lxml.html.HtmlElement, text: str) -> bool:
    if len(text) > _TEASER:
        return False
    linked, longest = _linked(el)
    if longest < 3 or len(text) - linked > _TEASER_UNLINKED:
        return False
    # A linked title with a sentence about it is a roundup's entry, not a teaser.
    return linked >= 0.7 * len(text) or not text.endswith(_SENTENCE_END)


def _is_between(el: lxml.html.HtmlElement, text: str) -> bool:
    """A short line that may sit between teasers: a heading, a label, a source and time."""
    return len(text) <= _BETWEEN and (el.tag in _HEADINGS or not text.endswith(_SENTENCE_END))


def _drop(lines: list[lxml.html.HtmlElement], story: int) -> None:
    if sum(len(_text(el)) for el in lines) > 0.5 * story:
        return  # never most of the story
    for el in lines:
        if el.getparent() is not None:
            el.drop_tree()


def remove_teaser_runs(article: lxml.html.HtmlElement) -> None:
    """Drop a run of at least three teaser lines at the story's end, with the short
    headings and labels between and just before them."""
    lines = _lines(article)
    texts = [_text(el) for el in lines]
    story = sum(len(t) for t in texts)
    run: list[lxml.html.HtmlElement] = []
    teasers = 0
    for el, text in zip(reversed(lines), reversed(texts), strict=True):
        if _is_teaser(el, text):
            teasers += 1
        elif not _is_between(el, text):
            break
        run.append(el)
    while run and not _is_teaser(run[-1], _text(run[-1])) and run[-1].tag not in _HEADINGS:
        if _text(run[-1]).endswith((":", "：")):
            break
        run.pop()  # a short last line of the story before the run is the story's own
    if teasers >= _MIN_TEASERS:
        _drop(run, story)


def _is_furniture(text: str) -> bool:
    if len(text) <= _COPYRIGHT_MAX and _COPYRIGHT.search(text):
        return True
    return len(text) <= _FURNITURE_MAX and bool(_FURNITURE.search(text))


def remove_end_furniture(article: lxml.html.HtmlElement) -> None:
    """Drop copyright notices and share, print and comment lines at the story's end."""
    lines = _lines(article)
    story = sum(len(_text(el)) for el in lines)
    drop = []
    for el in reversed(lines[-_MAX_PEEL:]):
        if not _is_furniture(_text(el)):
            break
        drop.append(el)
    _drop(drop, story)
