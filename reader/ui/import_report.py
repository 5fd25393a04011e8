"""The report at the end of an import: what was imported, what was there, what failed.

``ImportReport`` lists the counts, the format of each file, and every failure by its
address (or file and line) with why; "Retry Failed" asks for the failed saves again
(``retryRequested(list)`` of article ids) and ``retried`` shows how that went.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.importers.run import STILL_PENDING, ImportSummary, ItemOutcome
from reader.ui.error_messages import describe_stored

#: The formats as people know them (``detect_file`` names).
FORMAT_NAMES = {
    "pocket": "Pocket export (CSV or zip)",
    "pocket-html": "Pocket export (older ril_export.html)",
    "instapaper": "Instapaper CSV",
    "omnivore": "Omnivore export (zip)",
    "wallabag": "Wallabag JSON export",
    "readeck": "Readeck JSON export",
    "karakeep": "Karakeep JSON export",
    "linkwarden": "Linkwarden JSON export",
    "bookmarks": "browser bookmarks (HTML)",
    "urls": "a list of addresses",
    "archive": "a Reader archive (restored whole, nothing fetched)",
}


#: Why a failed item is still listed after a retry that another Reader took over.
_ELSEWHERE = "being saved by another Reader running at the same time"


@dataclass(frozen=True, slots=True)
class Retried:
    saved: tuple[int, ...]
    errors: Mapping[int, str]  # article id -> "category: message" of those failing again
    elsewhere: tuple[int, ...] = ()  # left to another Reader saving them at the same time


class ImportReport(QDialog):
    """The outcome of one import.  GUI thread only.

    Signals:
        retryRequested(list): save these article ids again.
    """

    retryRequested = Signal(list)

    def __init__(
        self, summary: ImportSummary, outcomes: Sequence[ItemOutcome], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import finished")
        self.setMinimumWidth(680)
        self.summary = summary
        self.failures = [o for o in outcomes if o.status == "failed"]
        # Stopped before they were fetched: pending, fetched at the next start.
        self.pending = sum(1 for o in outcomes if o.message == STILL_PENDING)
        if self.pending:
            self.setWindowTitle("Import stopped")
        self.headline = QLabel()
        self.headline.setObjectName("importHeadline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        files = "\n".join(
            f"{Path(name).name}: {FORMAT_NAMES.get(fmt, fmt)}"
            for name, fmt in summary.formats.items()
        )
        self.files = QLabel(files)
        self.files.setObjectName("importFiles")
        self.files.setVisible(bool(files))
        self.files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTreeWidget()
        self.table.setObjectName("importFailures")
        self.table.setHeaderLabels(["Failed", "Why"])
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        self.table.setUniformRowHeights(False)
        self.table.setColumnWidth(0, 280)
        self.note = QLabel()
        self.note.setObjectName("importNote")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = QPushButton("Retry Failed")
        self.retry_button.setObjectName("retryFailed")
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(self._retry)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.files)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        s = self.summary
        self.headline.setText(
            f"Imported {s.imported} · already there {s.existing} · failed {s.failed}"
        )
        self.table.clear()
        for o in self.failures:
            where = o.url or Path(o.input).name
            why = describe_stored(f"{o.error}: {o.message}" if o.error else o.message)
            item = QTreeWidgetItem([where, f"{why.headline}. {why.detail}".strip()])
            item.setToolTip(0, where)
            item.setToolTip(1, o.message)
            self.table.addTopLevelItem(item)
        self.table.setVisible(bool(self.failures))
        self.retry_button.setEnabled(bool(self.retry_ids))
        if self.pending:
            self.note.setText(
                f"Stopped: {self.pending} recorded but not fetched yet; Reader fetches them"
                " at its next start."
            )
        elif not self.failures:
            self.note.setText("Everything in the file is in your library.")
        elif not self.retry_ids:
            self.note.setText("These could not be read from the file; nothing to retry.")
        else:
            self.note.setText("Failed items are kept under Failed; retry them now or later.")

    @property
    def retry_ids(self) -> list[int]:
        """The failed items that are articles in the library (a save that can be retried)."""
        return [o.id for o in self.failures if o.id is not None]

    @Slot()
    def _retry(self) -> None:
        ids = self.retry_ids
        if ids:
            self.retry_button.setEnabled(False)
            self.note.setText(f"Retrying {len(ids)}…")
            self.retryRequested.emit(ids)

    def retried(self, retried: Retried) -> None:
        """The retry ended: the saved ones leave the list; the others show their new why."""
        saved, elsewhere = set(retried.saved), set(retried.elsewhere)
        kept: list[ItemOutcome] = []
        for o in self.failures:
            if o.id in saved:
                continue
            error = retried.errors.get(o.id) if o.id is not None else None
            if error:
                category, _, message = error.partition(": ")
                o = ItemOutcome(o.input, o.url, False, o.id, "failed", category, message)
            elif o.id in elsewhere:
                o = ItemOutcome(o.input, o.url, False, o.id, "failed", None, _ELSEWHERE)
            kept.append(o)
        self.summary.imported += len(saved)
        self.summary.failed -= len(saved)
        self.failures = kept
        self._fill()
        others = sum(1 for o in kept if o.id in elsewhere)
        text = f"Retried: {len(saved)} saved"
        if others:
            text += f", {others} left to another Reader saving {'it' if others == 1 else 'them'}"
        if len(kept) > others:
            text += f", {len(kept) - others} still failed"
        self.note.setText(
            text + "." if kept else f"Retried: {len(saved)} saved. Everything is in your library."
        )
