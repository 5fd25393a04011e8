"""Byline markup in the body: the first visible element marked as a byline or author.

Moved out of ``metadata`` whole, with two rules added: the story's own header (what holds
the headline or comes just after it) is not furniture for an author marked up as such,
and a "dateline" counts only when it says "By".
Functions here read the tree and never change it.
"""

from __future__ import annotations

import re

import lxml.html

from reader.extraction.metadata import (
    MAYBE_CANDIDATE,
    UNLIKELY_CANDIDATES,
    UNLIKELY_ROLES,
    is_valid_byline,
)

_BYLINE_CLASS = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
#: Furniture that may follow a headline but is never the story's header.
_NOT_HEADER = re.compile(r"comment|disqus|related|social|sponsor|footer|sidebar|replies", re.I)
#: A "dateline" class with no "byline" or "author" in it: a place, unless it says "By".
_DATELINE_ONLY = re.compile(r"^(?!.*(?:byline|author|writtenby)).*dateline", re.I)
_BY_START = re.compile(r"^\s*(?:by|von|par|por|door)\b", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _visible(el: lxml.html.HtmlElement) -> bool:
    return (
        el.get("hidden") is None
        and not _HIDDEN_STYLE.search(el.get("style") or "")
        and (el.get("aria-hidden") or "").lower() != "true"
    )


def _unlikely(el: lxml.html.HtmlElement, match: str) -> bool:
    if el.get("role") in UNLIKELY_ROLES:
        return True
    if el.get("aria-modal") == "true" and el.get("role") == "dialog":
        return True
    return (
        bool(UNLIKELY_CANDIDATES.search(match))
        and not MAYBE_CANDIDATE.search(match)
        and el.tag not in ("body", "a")
        and next(el.iterancestors("table", "code"), None) is None
    )


def _holds_story_header(el: lxml.html.HtmlElement) -> bool:
    """True for an element that wraps the ``<article>`` (a "site_header" row around the
    whole page): what it holds is the story, not furniture."""
    return el.find(".//article") is not None


def _near_headline(el: lxml.html.HtmlElement, headline: lxml.html.HtmlElement | None) -> bool:
    """True for an element that holds the headline, or comes just after it in its parent
    (an "entry-header", a "header-meta" line): the story's own header."""
    if headline is None:
        return False
    parent = headline.getparent()
    return any(a is el for a in headline.iterancestors()) or (
        parent is not None
        and el.getparent() is parent
        and not _NOT_HEADER.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        and 0 < parent.index(el) - parent.index(headline) <= 4
    )


def _semantic_author(el: lxml.html.HtmlElement) -> bool:
    """``rel=author`` or ``itemprop=author`` on the element or inside it."""
    return bool(
        el.xpath(
            "self::*[@rel='author' or contains(@itemprop, 'author')] | "
            ".//*[@rel='author' or contains(@itemprop, 'author')]"
        )
    )


def _following(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The first node after ``el``'s subtree in document order (None at the end)."""
    node: lxml.html.HtmlElement | None = el
    while node is not None:
        after = node.getnext()
        if after is not None:
            return after
        node = node.getparent()
    return None


def find_byline_element(
    doc: lxml.html.HtmlElement, headline: lxml.html.HtmlElement | None = None
) -> tuple[str, lxml.html.HtmlElement] | None:
    """The first visible element marked up as a byline, with its text.

    Byline markup is ``rel="author"``, an ``itemprop`` containing "author", or a class or id
    naming a byline, author or dateline; its text must be under 100 characters.  If it holds
    an ``itemprop="name"`` element, that name is the byline.
    """
    body = doc.find("body")
    if body is None:
        return None
    skip = False  # True while inside a skipped element, until ``resume`` comes
    resume: lxml.html.HtmlElement | None = None
    relaxed: list[lxml.html.HtmlElement] = []
    for el in body.iter():
        if skip:
            if el is not resume:
                continue
            skip = False
        if not isinstance(el.tag, str):
            continue
        if not _visible(el) or el.tag in ("script", "style", "noscript", "template"):
            skip, resume = True, _following(el)
            continue
        rel = el.get("rel") or ""
        itemprop = el.get("itemprop") or ""
        match = f"{el.get('class') or ''} {el.get('id') or ''}"
        text = ""
        if rel == "author" or "author" in itemprop or _BYLINE_CLASS.search(match):
            text = el.text_content()
            if _DATELINE_ONLY.search(match) and not _BY_START.match(text):
                text = ""  # a place and a date ("NEW YORK --"), unless it says "By"
        if not is_valid_byline(text):
            # A "header" or "sidebar" that holds the article is the story's own header,
            # not furniture: its byline counts.  One that holds the headline is too, for
            # an author marked up as such (rel or itemprop), as furniture seldom is.
            if _unlikely(el, match) and not _holds_story_header(el):
                if _near_headline(el, headline):
                    relaxed.append(el)
                else:
                    skip, resume = True, _following(el)
            continue
        if relaxed and not _semantic_author(el) and any(a in relaxed for a in el.iterancestors()):
            continue
        for child in el.iterdescendants():
            if isinstance(child.tag, str) and "name" in (child.get("itemprop") or ""):
                name = child.text_content()
                if name.strip():
                    text = name
                break
        return " ".join(text.split()), el
    return None
