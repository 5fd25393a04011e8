"""Promotions inside the story, judged by shape: shouted linked lines ("CLICK HERE TO GET
THE ... APP"), "Label: linked headline" teasers, follow lines whose icons left empty
gaps, poll remnants ("61% votes"), and a heading left with nothing after it.

A few words are named, briefly and in several languages, only for short blocks at the
story's edges.  Functions change the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.html

_LINES = ("p", "div", "h2", "h3", "h4", "h5", "h6", "li")
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# A label then a linked headline: "Related: <a>...</a>", "READ MORE: <a>...</a>".
_LABEL = re.compile(r"^[^\W\d][^:：]{0,30}[:：]\s*\S")
_PERCENT_LINE = re.compile(r"^\W*\d{1,3}(?:[.,]\d+)?\s?%")
_GAPS = re.compile(r"(?:,\s*){2,}|,\s*(?:and|und|et|y|e)\s*$|\(\s*\)", re.I)
# Calls to act, only ever applied to a short block at the story's edges.
_EDGE_CALLS = re.compile(
    r"^(?:sign up|subscribe|download|get (?:the|our)|follow (?:us|[\w.]+ on)|join (?:us|our)|"
    r"newsletter|abonnez|inscrivez|suscr[ií]b|descarg|abonnier|melden sie sich|iscriviti|"
    r"订阅|关注我们|下载)",
    re.I,
)


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _linked(el: lxml.html.HtmlElement) -> int:
    # In-page links (a table of contents) are not promotions.
    return sum(len(_text(a)) for a in el.iter("a") if not (a.get("href") or "").startswith("#"))


def _linked_words(el: lxml.html.HtmlElement) -> int:
    return sum(
        len(_text(a).split()) for a in el.iter("a") if not (a.get("href") or "").startswith("#")
    )


def _shouted(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_promo(el: lxml.html.HtmlElement, text: str) -> bool:
    """A short line that is all link and shouted, or a label before a linked headline."""
    linked = _linked(el)
    if not linked or len(text) > 200:
        return False
    if linked >= 0.9 * len(text) and _shouted(text):
        return True
    # A label of a few words, then a linked headline (not a name or a file).
    label = _LABEL.match(text)
    return (
        label is not None
        and el.tag in ("p", "div", "li")
        and len(text[: label.end()].split()) <= 4
        and linked >= 0.6 * len(text)
        and _linked_words(el) >= 4
    )


def _is_remnant(el: lxml.html.HtmlElement, text: str) -> bool:
    """A poll's percentages, or a follow line whose icon links left only commas."""
    if len(text) <= 40 and _PERCENT_LINE.match(text):
        return True
    links = list(el.iter("a"))
    empty = sum(1 for a in links if not _text(a))
    return len(text) <= 160 and len(links) >= 2 and empty >= 1 and bool(_GAPS.search(text))


def remove_promos(article: lxml.html.HtmlElement) -> None:
    """Drop promotions and remnants anywhere in the story, calls to act at its edges,
    and a heading at the end with nothing after it."""
    for el in list(article.iter(*_LINES)):
        if el is article or el.getparent() is None or el.find(".//img") is not None:
            continue
        if any(child.tag in ("p", "div", "ul", "ol", "table") for child in el.iterdescendants()):
            continue  # judged line by line
        text = _text(el)
        if text and (_is_promo(el, text) or _is_remnant(el, text)):
            el.drop_tree()
    _edges(article)


def _top_level(article: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    root = article
    while len(root) == 1 and root[0].tag in ("div", "section", "article"):
        root = root[0]
    return [child for child in root if isinstance(child.tag, str)]


def _edges(article: lxml.html.HtmlElement) -> None:
    blocks = _top_level(article)
    for block in [*blocks[:2], *blocks[-3:]]:
        if block.getparent() is None or block.find(".//img") is not None:
            continue
        text = _text(block)
        if text and len(text) <= 160 and _EDGE_CALLS.match(text):
            block.drop_tree()
    blocks = _top_level(article)
    while blocks and blocks[-1].tag in _HEADINGS and _text(blocks[-1]).endswith((":", "：")):
        blocks.pop().drop_tree()  # "More:" with nothing after it
