"""Highlights drawn over the reading pane's text, without touching the stored HTML.

A highlight is stored as offsets into ``Article.text``; the pane shows a document built
from the article's HTML (with a header before it), whose text differs in whitespace and
length.  ``place`` finds each highlight's quote in the document's own text with the same
TextQuote matching the library uses (``reader.highlights.locate``: quote with its context),
and ``selections`` turns the places into ``QTextEdit.ExtraSelection`` backgrounds.  They
are laid out with the text, so they keep their place when the text size, font, theme or
window width change; the pane places them again after every render.  GUI thread only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from reader.highlights import CONTEXT, locate
from reader.models import HIGHLIGHT_COLORS, Highlight
from reader.ui.themes import Colors

#: The background of each colour, per theme (dark: deep tints under light text).
SWATCHES: dict[str, dict[str, str]] = {
    "light": {
        "yellow": "#fff0a0",
        "green": "#c8efc0",
        "blue": "#c4e0ff",
        "pink": "#ffcfe3",
        "purple": "#e2d2ff",
    },
    "sepia": {
        "yellow": "#f6dc73",
        "green": "#c5dfa8",
        "blue": "#b9d3ea",
        "pink": "#f1bfcf",
        "purple": "#d6c3ea",
    },
    "dark": {
        "yellow": "#6a5a14",
        "green": "#2d5a2f",
        "blue": "#22476f",
        "pink": "#6f2b4b",
        "purple": "#4e3a7a",
    },
}

COLOR_NAMES = {c: c.capitalize() for c in HIGHLIGHT_COLORS}
#: Characters either side of the expected place a quote is looked for first.
NEAR = 400
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each


def swatch(colors: Colors, color: str) -> QColor:
    """The background a highlight of ``color`` has in this theme."""
    theme = SWATCHES.get(colors.name, SWATCHES["dark" if colors.dark else "light"])
    return QColor(theme.get(color, theme["yellow"]))


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight placed in the document: ``start``/``end`` are cursor positions."""

    highlight: Highlight
    start: int
    end: int


def plain_text(document: QTextDocument) -> str:
    """The document's text, one character per cursor position (blocks end in "\\n")."""
    return document.toPlainText()


def _utf16_offsets(text: str) -> list[int] | None:
    """Cursor positions count UTF-16 units; None when every character is one unit."""
    if _ASTRAL.search(text) is None:
        return None
    offsets, n = [], 0
    for ch in text:
        offsets.append(n)
        n += 2 if ord(ch) >= 0x10000 else 1
    offsets.append(n)
    return offsets


def _near(text: str, h: Highlight, guess: int) -> int | None:
    """The quote's start near ``guess`` (the document runs alongside ``Article.text``,
    a little longer or shorter), when that occurrence is unambiguous; else None."""
    lo, hi = max(0, guess - NEAR), guess + len(h.quote) + NEAR
    found: list[int] = []
    i = text.find(h.quote, lo, hi)
    while i != -1 and len(found) < 3:
        found.append(i)
        i = text.find(h.quote, i + 1, hi)
    if len(found) == 1:
        return found[0]
    tail = " ".join(h.prefix.split())[-12:]
    for i in sorted(found, key=lambda i: abs(i - guess)):
        if tail and " ".join(text[max(0, i - 40) : i].split()).endswith(tail):
            return i
    return None


def place(document: QTextDocument, highlights: tuple[Highlight, ...]) -> list[Mark]:
    """Where each anchored highlight is in the document's text (unplaced ones skipped).

    In reading order, each is looked for first near where the previous one's offset
    says it should be (a few hundred characters either side), else in the whole text
    with its context (``locate``): 200 highlights in a long read cost a few ms."""
    text = plain_text(document)
    units = _utf16_offsets(text)
    marks: list[Mark] = []
    shift: int | None = None  # document offset minus Article.text offset, so far
    for h in highlights:
        if not h.anchored or h.start is None:
            continue
        start = _near(text, h, h.start + shift) if shift is not None else None
        if start is not None:
            end = start + len(h.quote)
        else:
            found = locate(text, h.quote, h.prefix, h.suffix)
            if found is None:
                continue
            start, end = found.start, found.end
        shift = start - h.start
        if units is not None:
            marks.append(Mark(h, units[start], units[end]))
        else:
            marks.append(Mark(h, start, end))
    return marks


def selection_context(document: QTextDocument, start: int, end: int) -> tuple[str, str, str]:
    """The selected quote and the text just before and after it (for add_highlight)."""
    text = plain_text(document)
    units = _utf16_offsets(text)
    if units is not None:
        start = next(i for i, u in enumerate(units) if u >= start)
        end = next(i for i, u in enumerate(units) if u >= end)
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def selections(
    document: QTextDocument, marks: list[Mark], colors: Colors, current: int | None = None
) -> list[QTextEdit.ExtraSelection]:
    """Backgrounds for the marks; the ``current`` one (by id) underlined too."""
    out: list[QTextEdit.ExtraSelection] = []
    for mark in marks:
        cursor = QTextCursor(document)
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(swatch(colors, mark.highlight.color))
        fmt.setForeground(QColor(colors.text))
        if mark.highlight.note:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(colors.muted))
        if current is not None and mark.highlight.id == current:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(colors.accent))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        out.append(selection)
    return out


def mark_at(marks: list[Mark], position: int) -> Mark | None:
    """The highlight under a cursor position, if any."""
    for mark in marks:
        if mark.start <= position < mark.end:
            return mark
    return None
