"""Prose whose links are single words of its sentences ("Visit her website, blog and
shop."), told from a list of linked headlines by the shape of its links.

readability removes a block when more than a fifth of its text is linked.  A paragraph
whose sentences link a few of their words (names, "website", "blog") is story text all
the same: its links are short, and it reads as sentences.
"""

from __future__ import annotations

import lxml.html

#: Links of prose are this short on average (words); prose is at most this linked.
_LINK_WORDS = 2.0
_MAX_DENSITY = 0.5
#: Characters of its own a sentence has around each of its links, at least.
_OWN_PER_LINK = 15
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "…")


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def linked_prose(el: lxml.html.HtmlElement, density: float) -> bool:
    """True when ``el`` (linked at ``density``) is sentences with short links inside."""
    if density > _MAX_DENSITY:
        return False
    text = _text(el)
    if not text.endswith(_SENTENCE_END):
        return False
    links = [_text(a) for a in el.iter("a")]
    links = [link for link in links if link]
    if not links or sum(len(link.split()) for link in links) / len(links) > _LINK_WORDS:
        return False
    # A line of tags and categories ("posted in X and tagged A, B, C by NAME") has
    # little of its own between its links.
    own = len(text) - sum(len(link) for link in links)
    return own >= _OWN_PER_LINK * len(links)
