"""The search box's little language: ``tag:``, ``site:``, ``is:`` and ``has:`` filters
among words."""

from __future__ import annotations

import re

from reader.models import ArticleFilter


def parse_search(query: str) -> tuple[str, ArticleFilter]:
    """Split ``tag:x site:y is:unread|read|favourite|archived|highlighted has:note``
    filters from the words."""
    words: list[str] = []
    tag = site = None
    unread = favourite = archived = highlighted = has_note = None
    for token in re.findall(r'"[^"]*"?|\S+', query):
        name, sep, value = token.partition(":")
        low = name.lower()
        if sep and value and low == "tag":
            tag = value.strip('"')
        elif sep and value and low == "site":
            site = value.strip('"')
        elif sep and low == "is" and value.lower() in ("unread", "read"):
            unread = value.lower() == "unread"
        elif sep and low == "is" and value.lower() in ("favourite", "favorite", "fav", "starred"):
            favourite = True
        elif sep and low == "is" and value.lower() == "archived":
            archived = True
        elif sep and low == "is" and value.lower() in ("highlighted", "highlights"):
            highlighted = True
        elif sep and low == "has" and value.lower() in ("note", "notes"):
            has_note = True
        elif sep and low == "has" and value.lower() in ("highlight", "highlights"):
            highlighted = True
        else:
            words.append(token)
    flt = ArticleFilter(
        tag=tag,
        site=site,
        unread=unread,
        favourite=favourite,
        archived=archived,
        highlighted=highlighted,
        has_note=has_note,
    )
    return " ".join(words), flt
