"""The side panel: the article's note and its highlights in reading order.

Clicking a highlight scrolls the pane to it; one not found in the current text says so.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.models import Highlight
from reader.ui.highlight_marks import swatch
from reader.ui.themes import LIGHT, Colors

NOT_FOUND = "not found in the current text"
ID_ROLE = Qt.ItemDataRole.UserRole


def color_icon(colors: Colors, color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(swatch(colors, color)))
    return QIcon(pixmap)


def tinted_item(colors: Colors, color: str, text: str) -> QListWidgetItem:
    """A row in the highlight's own colour (its swatch behind the text, as in the pane)."""
    item = QListWidgetItem(text)
    item.setBackground(swatch(colors, color))
    item.setForeground(QColor(colors.text))
    return item


def short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HighlightPanel(QWidget):
    """The article's note and highlights.  GUI thread only.

    Signals:
        highlightClicked(int): the highlight with this id was clicked.
        noteRequested(): "Note on article…" was pressed.
    """

    highlightClicked = Signal(int)
    noteRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.colors = LIGHT
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note_button = QPushButton("Note on Article…", self)
        self.note_button.clicked.connect(self.noteRequested)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows wrap to the new width
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setObjectName("highlightList")
        self.empty = QLabel("No highlights yet: select text and press H.", self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addWidget(self.note_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.list.itemClicked.connect(self._on_item)
        self.show_article(None, (), None)

    def show_article(
        self, article_id: int | None, highlights: tuple[Highlight, ...], note: str | None
    ) -> None:
        self.list.clear()
        self.note_button.setEnabled(article_id is not None)
        self.note.setText(f"Note: {note}" if note else "")
        self.note.setVisible(bool(note))
        for h in highlights:
            lines = [f"“{short(h.quote)}”"]
            if h.note:
                lines.append(f"Note: {short(h.note, 300)}")
            if not h.anchored:
                lines.append(f"({NOT_FOUND})")
            item = tinted_item(self.colors, h.color, "\n".join(lines))
            item.setData(ID_ROLE, h.id)
            item.setToolTip(h.quote)
            self.list.addItem(item)
        self.empty.setVisible(article_id is not None and not highlights)

    def item_for(self, highlight_id: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == highlight_id:
                return item
        return None

    @Slot(QListWidgetItem)
    def _on_item(self, item: QListWidgetItem) -> None:
        self.highlightClicked.emit(int(item.data(ID_ROLE)))
