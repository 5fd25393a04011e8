"""The story's header said again in its body: drop caps that hide a repeated standfirst,
and a byline paragraph under the byline the header already shows.

Texts are compared after normalising (case, spacing, punctuation); when in doubt the body
is kept.  Functions change the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.html

_BY_PREFIX = re.compile(r"^(?:(?:by|von|par|por|door|di|da|av|af|от)\b|文|作者)\s*", re.I)
#: Words a byline line may add to the names: a role, a place, a date.
_BYLINE_TAIL_WORDS = 8
_NON_WORD = re.compile(r"[\W_]+")
_INLINE = frozenset({"span", "b", "strong", "em", "i", "big", "font", "small"})


def normalised(text: str) -> str:
    """Words only, lower case, single spaces: "By ANA RUIZ, Rome" -> "by ana ruiz rome"."""
    return " ".join(_NON_WORD.sub(" ", text).split()).casefold()


def unwrap_drop_caps(article: lxml.html.HtmlElement) -> None:
    """``<p><span class=dropcap>W</span>hile ...`` becomes ``<p>While ...``: the first
    letter set apart for looks is part of the first word (and of any comparison)."""
    for p in article.iter("p"):
        if (p.text or "").strip() or not len(p):
            continue
        first = p[0]
        letters = (first.text or "").strip()
        if (
            first.tag in _INLINE
            and len(first) == 0
            and 1 <= len(letters) <= 2
            and letters.isalpha()
            and first.tail
            and first.tail[:1].isalpha()
        ):
            first.text = letters
            first.drop_tag()


def _top_blocks(article: lxml.html.HtmlElement, count: int) -> list[lxml.html.HtmlElement]:
    blocks = [
        el
        for el in article.iter("p", "div", "h2", "h3", "h4", "h5", "h6", "address")
        if el.getparent() is not None
        and next(el.iterancestors("figure"), None) is None
        and el.find(".//p") is None
        and el.find(".//div") is None
        and el.text_content().strip()
    ]
    return blocks[:count]


def remove_byline_paragraph(article: lxml.html.HtmlElement, byline: str | None) -> None:
    """Drop a short line near the top that restates the byline ("By NAME, Transport
    Correspondent · 12 May 2024"): it must start with "By" (or be just the names and a
    date), name the byline's authors, and add at most a few words."""
    if not byline:
        return
    names = [normalised(n) for n in re.split(r",| and | & |、|，", byline) if normalised(n)]
    if not names:
        return
    for block in _top_blocks(article, 3):
        text = normalised(block.text_content())
        if not text or len(text) > 150 or len(text.split()) > 20:
            continue
        prefix = _BY_PREFIX.match(text)
        rest = text[prefix.end() :] if prefix else text
        if not all(name in rest for name in names[:2]):
            continue
        for name in names:
            rest = rest.replace(name, " ")
        tail = rest.split()
        if (prefix and len(tail) <= _BYLINE_TAIL_WORDS) or all(w.isdigit() for w in tail):
            block.drop_tree()
            return
