"""The small toolbar that appears by a selection (or a highlight clicked) in the pane.

Five colour swatches, Note and Remove.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from reader.models import HIGHLIGHT_COLORS
from reader.ui.highlight_marks import COLOR_NAMES, swatch
from reader.ui.themes import LIGHT, Colors


class SelectionBar(QFrame):
    """Highlight the selection in a colour, or change, annotate or remove a highlight.

    Signals:
        colorPicked(str): a colour swatch was pressed.
        noteRequested(): Note… was pressed.
        removeRequested(): Remove was pressed.
    """

    colorPicked = Signal(str)
    noteRequested = Signal()
    removeRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.target: int | None = None  # the highlight it acts on (None: the selection)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.swatches: dict[str, QToolButton] = {}
        for color in HIGHLIGHT_COLORS:
            button = QToolButton(self)
            button.setToolTip(f"Highlight in {COLOR_NAMES[color].lower()}")
            button.setFixedSize(22, 22)
            button.clicked.connect(lambda _=False, c=color: self.colorPicked.emit(c))
            layout.addWidget(button)
            self.swatches[color] = button
        self.note = QToolButton(self)
        self.note.setText("Note…")
        self.note.clicked.connect(self.noteRequested)
        self.remove = QToolButton(self)
        self.remove.setText("Remove")
        self.remove.clicked.connect(self.removeRequested)
        layout.addWidget(self.note)
        layout.addWidget(self.remove)
        self.set_colors(LIGHT)
        self.hide()

    def set_colors(self, colors: Colors) -> None:
        for color, button in self.swatches.items():
            button.setStyleSheet(
                f"QToolButton {{ background: {swatch(colors, color).name()};"
                f" border: 1px solid {colors.faint}; border-radius: 11px; }}"
            )
        self.setStyleSheet(
            f"#selectionBar {{ background: {colors.window}; border: 1px solid {colors.faint};"
            f" border-radius: 6px; }} QToolButton {{ color: {colors.text}; }}"
        )

    def show_at(self, anchor: QPoint, target: int | None, current_color: str | None) -> None:
        """Show above ``anchor`` (viewport coordinates), inside the viewport."""
        self.target = target
        self.remove.setVisible(target is not None)
        for color, button in self.swatches.items():
            button.setText("✓" if color == current_color else "")
        self.adjustSize()
        parent = self.parentWidget()
        width = parent.width() if parent is not None else self.width()
        x = max(4, min(anchor.x() - self.width() // 2, width - self.width() - 4))
        y = anchor.y() - self.height() - 8
        if y < 4:
            y = anchor.y() + 28
        self.move(x, y)
        self.show()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)
