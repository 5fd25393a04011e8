"""Progress of long work (an import, an export, a backup) in the status bar.

``TransferProgress`` is a label and a bar that sit at the right of the status bar while
some long task runs: ``show_step("Importing pocket.zip", "fetching 12 of 40, 2 failed",
12, 40)``; ``finish()`` hides them.  More than one task may run: each has a key, and the
newest one is shown.  A task that can stop (``can_stop(key, stop)``) gets a Stop button:
``stop`` is called once, and the task says "stopping" until it finishes.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QWidget,
)


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
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("transferStop")
        self.stop_button.setText("Stop")
        self.stop_button.setAutoDefault(False)
        self.stop_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.stop_button.setToolTip("Stop after the downloads under way; the rest stays pending")
        self.stop_button.clicked.connect(self._on_stop)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.stop_button)
        self._running: dict[str, tuple[str, int, int]] = {}
        self._stops: dict[str, Callable[[], None]] = {}
        self._stopping: set[str] = set()
        status_bar.addPermanentWidget(self)
        self.setVisible(False)

    def show_step(self, key: str, text: str, done: int = 0, total: int = 0) -> None:
        """Task ``key`` is at ``done`` of ``total`` (0 of 0: it cannot say yet)."""
        self._running.pop(key, None)
        self._running[key] = (text, done, total)
        self._show()

    def can_stop(self, key: str, stop: Callable[[], None]) -> None:
        """Task ``key`` stops when ``stop`` is called (from the Stop button)."""
        self._stops[key] = stop
        self._show()

    def finish(self, key: str) -> None:
        self._running.pop(key, None)
        self._stops.pop(key, None)
        self._stopping.discard(key)
        self._show()

    @property
    def shown_key(self) -> str | None:
        return list(self._running)[-1] if self._running else None

    @Slot()
    def _on_stop(self) -> None:
        key = self.shown_key
        if key is not None and key in self._stops and key not in self._stopping:
            self._stopping.add(key)
            self._stops[key]()
            self._show()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show(self) -> None:
        if not self._running:
            self.setVisible(False)
            return
        key = list(self._running)[-1]
        text, done, total = self._running[key]
        if key in self._stopping:
            text = f"{text} (stopping after the downloads under way)"
        self.label.setText(text)
        self.stop_button.setVisible(key in self._stops and key not in self._stopping)
        self.bar.setRange(0, max(total, 0))  # 0..0: a busy bar
        self.bar.setValue(min(done, total))
        self.setVisible(True)
