"""The undo bar: "Deleted 3 articles" in the status bar with an Undo button, for a while.

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QStatusBar, QToolButton

UNDO_VISIBLE_MS = 10_000


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


class UndoBar(QObject):
    """Offers to undo the last delete in the status bar.  GUI thread only.

    Signals:
        undoRequested(): the Undo button was pressed.
    """

    undoRequested = Signal()

    def __init__(self, status_bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status_bar = status_bar
        self.button = QToolButton()
        self.button.setText("Undo")
        self.button.setAutoRaise(True)
        self.button.setVisible(False)
        status_bar.addPermanentWidget(self.button)
        status_bar.setSizeGripEnabled(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UNDO_VISIBLE_MS)
        self._timer.timeout.connect(self._hide)
        self.button.clicked.connect(self._on_undo)
        self._undo: Callable[[], None] | None = None  # an offer() in place of a delete

    def offer(self, message: str, undo: Callable[[], None]) -> None:
        """Offer to undo something other than a delete (a highlight removed)."""
        self._undo = undo
        self.status_bar.showMessage(message, UNDO_VISIBLE_MS)
        self.button.setVisible(True)
        self._timer.start()

    @Slot()
    def _on_undo(self) -> None:
        undo, self._undo = self._undo, None
        if undo is not None:
            self.button.setVisible(False)
            undo()
        else:
            self.undoRequested.emit()

    def deleted(self, n: int) -> None:
        self._undo = None
        self.status_bar.showMessage(f"Deleted {_articles(n)}", UNDO_VISIBLE_MS)
        self.button.setVisible(True)
        self._timer.start()

    def restored(self, n: int, more_to_undo: bool) -> None:
        self.button.setVisible(more_to_undo)
        self.status_bar.showMessage(f"Restored {_articles(n)}", 4000)

    @Slot()
    def _hide(self) -> None:
        if not self.status_bar.currentMessage():
            self.button.setVisible(False)
