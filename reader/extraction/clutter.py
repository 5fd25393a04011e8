"""Clutter judged by structure, not by site: comment sections, blocks of short linked lines,
headings that only introduce links, and linked furniture at the story's edges.

Every rule looks at the shape of the markup (how much of a block is links, how long its
lines are, where it sits), so it holds on sites nobody here has seen.  Functions change
the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from reader.extraction.readable import is_data_table
from reader.extraction.text import text_offsets

#: Class or id tokens that name a comment section (exact tokens, never substrings).
_COMMENT_TOKENS = frozenset(
    {
        "comments", "comment-list", "commentlist", "comments-list", "comments-area",
        "comment-section", "comments-section", "comment-thread", "comments-container",
        "comments-wrapper", "comment-wrapper", "disqus_thread", "commentary-list",
        "respond", "comment-respond", "user-comments", "article-comments", "reader-comments",
    }
)  # fmt: skip
_TOKEN_SPLIT = re.compile(r"\s+")
_CONTAINERS = (
    "div",
    "ul",
    "ol",
    "dl",
    "table",
    "tbody",
    "tr",
    "td",
    "section",
    "aside",
    "nav",
    "p",
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Blocks that are one line; lists and tables are judged by ``remove_link_blocks``.
_LINES = frozenset({"p", "div", "span", "a", "small", "section", "h2", "h3", "h4", "h5", "h6"})
_MAIN = frozenset({"body", "html", "article", "main"})
#: Characters of prose that put a block inside the story rather than at its edge.
_EDGE = 300


def _text_length(el: lxml.html.HtmlElement) -> int:
    return len(" ".join("".join(el.itertext()).split()))


def _is_comment_section(el: lxml.html.HtmlElement) -> bool:
    if "schema.org/comment" in (el.get("itemtype") or "").lower():
        return True
    tokens = {
        t.lower() for t in _TOKEN_SPLIT.split(f"{el.get('class') or ''} {el.get('id') or ''}")
    }
    return not tokens.isdisjoint(_COMMENT_TOKENS)


def remove_comment_sections(doc: lxml.html.HtmlElement) -> None:
    """Drop comment threads from the page before the story is looked for: readers'
    comments are never the story, however long they are.  A section that holds the
    page's headline or ``articleBody`` is kept (it wraps the story)."""
    for el in list(doc.iter("div", "section", "ol", "ul", "aside", "article", "li")):
        if el.getparent() is None or not _is_comment_section(el):
            continue
        if el.find(".//h1") is not None or el.find(".//*[@itemprop='articleBody']") is not None:
            continue
        el.drop_tree()


_PLAYER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:video-?player|player|jw-?player|jw-wrapper|video-js|vjs|brightcove|"
    r"media-?player|video-embed|video-container)(?:$|[\s_-])",
    re.I,
)
_PLAYERS = ("video", "iframe", "object", "embed", "audio")


def remove_players(doc: lxml.html.HtmlElement) -> None:
    """Drop video players with their titles ("Watch: ..."): a player cannot be kept
    offline, and its title left alone reads as a stray line.  A container counts as the
    player while it holds little text (a title, a duration) and no paragraph of prose."""
    containers = {
        el
        for el in doc.iter("div", "figure", "section", "aside")
        if _PLAYER_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
    }
    for media in doc.iter(*_PLAYERS):
        parent = media.getparent()
        for _ in range(3):
            if parent is None or parent.tag in _MAIN:
                break
            if parent.find(".//p") is not None or _text_length(parent) > 150:
                break
            if _text_length(parent):
                containers.add(parent)
                break
            parent = parent.getparent()
    for el in containers:
        if el.getparent() is None or _text_length(el) > 150:
            continue
        if any(len(" ".join(p.text_content().split())) > 80 for p in el.iter("p")):
            continue
        el.drop_tree()


def _links(el: lxml.html.HtmlElement) -> tuple[int, int]:
    """(number of links, characters of text inside links); in-page links ("#...", a
    table of contents) do not count."""
    count = linked = 0
    for a in el.iter("a"):
        if (a.get("href") or "").startswith("#"):
            continue
        count += 1
        linked += _text_length(a)
    return count, linked


def _is_link_block(el: lxml.html.HtmlElement, data_tables: set[lxml.html.HtmlElement]) -> bool:
    """A list of links: mostly linked text in short lines, little prose around them."""
    total = _text_length(el)
    if not total:
        return False
    count, linked = _links(el)
    if count < 3 or linked < 0.6 * total:
        return False
    if (total - linked > 200 and total - linked > 30 * count) or linked / count > 90:
        return False  # real prose between the links, or long linked sentences
    if el.find(".//img") is not None or next(el.iterancestors("figure"), None) is not None:
        return False  # photos are kept, galleries too
    return el not in data_tables and not any(a in data_tables for a in el.iterancestors())


def remove_link_blocks(article: lxml.html.HtmlElement) -> None:
    """Drop blocks of short linked lines (related stories, menus, tag and archive lists)
    at the story's edges, and a heading whose only following content was such a block.

    A list of links in the middle of the story (between paragraphs of prose) is part of
    it and stays; so do data tables, tables of contents and anything with a photo.  The
    story is never emptied: a block holding most of what is left stays.
    """
    offsets, total = text_offsets(article)
    data_tables = {t for t in article.iter("table") if is_data_table(t)}
    removed = 0
    for el in reversed(list(article.iter(*_CONTAINERS))):
        if el is article or el.getparent() is None or el not in offsets:
            continue
        start, end = offsets[el]
        if start > _EDGE and total - end > _EDGE:
            continue  # prose on both sides: inside the story
        if not _is_link_block(el, data_tables):
            continue
        length = end - start
        if length > 0.5 * (total - removed):
            continue
        previous = el.getprevious()
        el.drop_tree()
        removed += length
        if previous is not None and previous.tag in _HEADINGS:
            following = previous.getnext()
            if following is None or following.tag in _HEADINGS:
                previous.drop_tree()


def _blocks(article: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The story's top-level blocks, descending through lone wrappers."""
    root = article
    while (
        len(root) == 1
        and root[0].tag in ("div", "section", "article")
        and not ((root.text or "").strip())
    ):
        root = root[0]
    return [child for child in root if isinstance(child.tag, str)]


def remove_linked_edges(article: lxml.html.HtmlElement) -> None:
    """Drop short, mostly linked lines at the story's start and end ("More >>",
    "Save | Write to Editor", "View all news"): furniture, not prose.  A line that is
    most of the story stays."""
    story = _text_length(article)
    for blocks in (_blocks(article), list(reversed(_blocks(article)))):
        for block in blocks[:4]:
            if block.getparent() is None:
                continue
            total = _text_length(block)
            if block.tag not in _LINES or block.find(".//img") is not None or total > 80:
                break
            count, linked = _links(block)
            if total and count and linked >= 0.5 * total and total < 0.5 * story:
                block.drop_tree()
            elif total:
                break
