"""Progress of long work (an import, an export, a backup) in the status bar.

``TransferProgress`` is a label and a bar that sit at the right of the status bar while
some long task runs: ``show_step("Importing pocket.zip", "fetching 12 of 40, 2 failed",
12, 40)``; ``finish()`` hides them.  More than one task may run: each has a key, and the
newest one is shown.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget


class TransferProgress(QWidget):
    """What long work is doing, in the status bar.  GUI thread only."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__()
        self.setObjectName("transferProgress")
        self.label = QLabel()
        self.label.setObjectName("transferLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("transferBar")
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self._running: dict[str, tuple[str, int, int]] = {}
        status_bar.addPermanentWidget(self)
        self.setVisible(False)

    def show_step(self, key: str, text: str, done: int = 0, total: int = 0) -> None:
        """Task ``key`` is at ``done`` of ``total`` (0 of 0: it cannot say yet)."""
        self._running.pop(key, None)
        self._running[key] = (text, done, total)
        self._show()

    def finish(self, key: str) -> None:
        self._running.pop(key, None)
        self._show()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show(self) -> None:
        if not self._running:
            self.setVisible(False)
            return
        text, done, total = list(self._running.values())[-1]
        self.label.setText(text)
        self.bar.setRange(0, max(total, 0))  # 0..0: a busy bar
        self.bar.setValue(min(done, total))
        self.setVisible(True)
