"""The window's undo: what can be undone, newest last, and "Deleted 3 articles" with an
Undo button in the status bar for a while.

Every undoable action (deleting articles, removing a highlight) is ``offer``-ed here with
the call that undoes it; Edit > Undo (Ctrl+Z) and the button both undo the newest.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QStatusBar, QToolButton

UNDO_VISIBLE_MS = 10_000
#: Actions remembered for undo; the oldest is forgotten beyond this.
UNDO_DEPTH = 100


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Undoable:
    """One action that can be undone: its name in the Edit menu and the call undoing it."""

    name: str  # "Delete", "Remove Highlight": the menu says "Undo Delete"
    undo: Callable[[], None]


class UndoBar(QObject):
    """The undo history and its button.  GUI thread only.

    Signals:
        changed(): what Undo would undo changed (an action offered, or undone).
    """

    changed = Signal()

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
        self.button.clicked.connect(self.undo)
        self._stack: list[Undoable] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._stack)

    @property
    def next_name(self) -> str | None:
        """The name of what Undo would undo now (None: nothing)."""
        return self._stack[-1].name if self._stack else None

    def offer(self, message: str, undo: Callable[[], None], name: str = "") -> None:
        """Remember an action ``undo`` undoes, and say ``message`` with the Undo button."""
        self._stack.append(Undoable(name, undo))
        del self._stack[:-UNDO_DEPTH]
        self.status_bar.showMessage(message, UNDO_VISIBLE_MS)
        self.button.setVisible(True)
        self._timer.start()
        self.changed.emit()

    def deleted(self, n: int, undo: Callable[[], None]) -> None:
        self.offer(f"Deleted {_articles(n)}", undo, "Delete")

    @Slot()
    def undo(self) -> bool:
        """Undo the newest action (Ctrl+Z, the button); False when there is none."""
        if not self._stack:
            return False
        entry = self._stack.pop()
        self.button.setVisible(False)
        self.changed.emit()
        entry.undo()
        return True

    def restored(self, n: int) -> None:
        """Undoing a delete brought ``n`` articles back."""
        self.button.setVisible(self.can_undo)
        self.status_bar.showMessage(f"Restored {_articles(n)}", 4000)

    @Slot()
    def _hide(self) -> None:
        if not self.status_bar.currentMessage():
            self.button.setVisible(False)
