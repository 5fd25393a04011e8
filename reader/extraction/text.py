"""Plain text from an HTML fragment: blocks become paragraphs separated by blank lines."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from reader.html_trees import html_parser

#: Elements that start a new paragraph of text.
_BLOCK_NAMES = (
    "address article aside blockquote caption dd details div dl dt figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tr ul"
)
BLOCK_TAGS = frozenset(_BLOCK_NAMES.split())
_CELL_TAGS = frozenset({"td", "th"})
_SPACES = re.compile(r"[^\S\n]+")
_ANY_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"\s*\n\s*\n\s*")


def element_text(root: lxml.html.HtmlElement) -> str:
    """The text of ``root`` with one blank line between blocks and spaces normalised."""
    parts: list[str] = []
    in_pre = 0

    def add(text: str) -> None:
        parts.append(text if in_pre else _ANY_SPACES.sub(" ", text))

    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "pre":
                in_pre += 1
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            elif tag in _CELL_TAGS:
                parts.append(" ")
            if el.text and tag:
                add(el.text)
        else:
            if tag == "pre":
                in_pre -= 1
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            if el.tail and el is not root:
                add(el.tail)
    text = _SPACES.sub(" ", "".join(parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BREAKS.sub("\n\n", text).strip()


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or document; an empty string for empty input."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=html_parser())
    except (lxml.etree.ParserError, ValueError):
        return ""
    return element_text(root)


def text_offsets(article: lxml.html.HtmlElement) -> tuple[dict[object, tuple[int, int]], int]:
    """For every element, where its text starts and ends in the story's text; the total."""
    offsets: dict[object, tuple[int, int]] = {}
    starts: dict[object, int] = {}
    position = 0
    for event, el in lxml.etree.iterwalk(article, events=("start", "end")):
        if event == "start":
            starts[el] = position
            position += len((el.text or "").strip()) if isinstance(el.tag, str) else 0
        else:
            offsets[el] = (starts[el], position)
            if el is not article:
                position += len((el.tail or "").strip())
    return offsets, position
