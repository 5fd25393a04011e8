"""Painting a row of the Highlights view: the quote on its colour, the note, the article.

```
 ┃ “The quote, on the highlight's own swatch, wrapped over
 ┃  a few lines…”
   ✎ The note, if there is one
   (not found in the current text ·) Article title · site                 3 Mar
```

The row's data is the ``HighlightEntry`` under ``ENTRY_ROLE``.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.models import HighlightEntry
from reader.ui.formatting import display_title, short_date, site_of
from reader.ui.highlight_marks import swatch
from reader.ui.highlight_panel import NOT_FOUND, short
from reader.ui.themes import LIGHT, Colors

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3
PAD_X, PAD_Y, GAP = 16, 10, 5
QUOTE_PAD = 7  # inside the quote's swatch
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop

AnyIndex = QModelIndex | QPersistentModelIndex


def article_line(entry: HighlightEntry) -> str:
    a = entry.article
    parts = [display_title(a), site_of(a), short_date(entry.highlight.created_at)]
    return "  ·  ".join(p for p in parts if p)


class HighlightDelegate(QStyledItemDelegate):
    """Paints highlight rows in the theme's colours (``colors``).  GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: Colors = LIGHT

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        quote = QFont(base)
        quote.setPointSizeF(base.pointSizeF() * 1.08)
        note = QFont(base)
        note.setItalic(True)
        meta = QFont(base)
        meta.setPointSizeF(base.pointSizeF() * 0.9)
        return quote, note, meta

    def _width(self, option: QStyleOptionViewItem) -> float:
        view = self.parent()
        width = option.rect.width()
        if isinstance(view, QWidget) and hasattr(view, "viewport"):
            width = view.viewport().width()
        return float(max(120, width))

    def _blocks(
        self, entry: HighlightEntry, base: QFont, width: float
    ) -> list[tuple[str, QFont, QRectF]]:
        """The texts of a row with their fonts and rectangles (from the row's top left)."""
        quote_font, note_font, meta_font = self._fonts(base)
        inner = width - 2 * PAD_X
        h = entry.highlight
        out: list[tuple[str, QFont, QRectF]] = []
        y = float(PAD_Y)
        text_w = inner - 2 * QUOTE_PAD
        quote = f"“{short(h.quote, 420)}”"
        rect = QFontMetricsF(quote_font).boundingRect(QRectF(0, 0, text_w, 1e6), _WRAP, quote)
        box = QRectF(PAD_X + QUOTE_PAD, y + QUOTE_PAD, text_w, rect.height())
        out.append((quote, quote_font, box))
        y += rect.height() + 2 * QUOTE_PAD + GAP
        if h.note:
            note = f"✎ {short(h.note, 300)}"
            rect = QFontMetricsF(note_font).boundingRect(QRectF(0, 0, inner, 1e6), _WRAP, note)
            out.append((note, note_font, QRectF(PAD_X, y, inner, rect.height())))
            y += rect.height() + GAP
        fm = QFontMetricsF(meta_font)
        when = short_date(h.created_at)
        when_w = fm.horizontalAdvance(when) + 12 if when else 0.0
        a = entry.article
        meta = "  ·  ".join(p for p in (display_title(a), site_of(a)) if p)
        if not h.anchored:
            meta = f"{NOT_FOUND}  ·  {meta}"
        meta = fm.elidedText(meta, Qt.TextElideMode.ElideRight, inner - when_w)
        out.append((meta, meta_font, QRectF(PAD_X, y, inner - when_w, fm.height())))
        if when:  # the day it was made, at the right
            out.append((when, meta_font, QRectF(PAD_X + inner - when_w, y, when_w, fm.height())))
        return out

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, HighlightEntry):
            return super().sizeHint(option, index)
        width = self._width(option)
        last = self._blocks(entry, option.font, width)[-1][2]
        return QSize(int(width), int(last.bottom() + PAD_Y + 1))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, HighlightEntry):
            super().paint(painter, option, index)
            return
        c = self.colors
        rect = QRectF(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setBrush(QColor(c.selection))
            painter.drawRect(rect)
        painter.fillRect(
            QRectF(rect.left() + PAD_X, rect.bottom() - 1, rect.width() - 2 * PAD_X, 1),
            QColor(c.faint),
        )
        blocks = self._blocks(entry, option.font, rect.width())
        quote_rect = blocks[0][2].translated(rect.topLeft())
        back = quote_rect.adjusted(-QUOTE_PAD, -QUOTE_PAD, QUOTE_PAD, QUOTE_PAD)
        painter.setBrush(swatch(c, entry.highlight.color))
        painter.drawRoundedRect(back, 5, 5)
        meta_top = blocks[-1][2].top()
        for text, font, box in blocks:
            meta = box.top() == meta_top
            painter.setFont(font)
            painter.setPen(QColor(c.muted if meta else c.text))
            align = _RIGHT if meta and box.left() > PAD_X else _WRAP
            painter.drawText(box.translated(rect.topLeft()), align, text)
        painter.restore()
