"""File > Export...: what to export (the selection, a tag, everything), as what, where.

``ExportDialog`` only asks; ``chosen()`` returns an ``ExportChoice`` and the window's
``ExportCommands`` does the work.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.exporters import FORMATS

FORMAT_LABELS = {
    "epub": "EPUB book (e-readers)",
    "markdown": "Markdown files with photos (notes apps)",
    "html": "Web pages that open offline",
    "archive": "Reader archive (everything, to restore or move)",
    "bookmarks": "Bookmarks (browsers, other services)",
    "csv": "CSV in Pocket's shape (other services)",
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    ids: tuple[int, ...]  # the selection, when that was chosen
    tag: str | None  # the tag, when that was chosen
    fmt: str
    dest: Path


def default_dest(folder: Path, fmt: str, stem: str = "Reader export") -> Path:
    """Where an export goes unless the person says otherwise: ``folder/stem`` with the
    format's suffix (none for a folder), not taken yet."""
    suffix = FORMATS[fmt][1]
    dest = folder / f"{stem}{suffix}"
    n = 2
    while dest.exists():
        dest = folder / f"{stem} {n}{suffix}"
        n += 1
    return dest


class ExportDialog(QDialog):
    """Choose what to export, the format and the place.  GUI thread only."""

    def __init__(
        self,
        selected: Sequence[int],
        tags: Sequence[str],
        current_tag: str | None,
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.setMinimumWidth(520)
        self.selected = tuple(selected)
        self.folder = folder
        self.scope_selected = QRadioButton(
            f"The selected article{'s' if len(selected) != 1 else ''} ({len(selected)})"
        )
        self.scope_selected.setEnabled(bool(selected))
        self.scope_tag = QRadioButton("Articles tagged")
        self.scope_all = QRadioButton("Everything in the library")
        self.tag_combo = QComboBox()
        self.tag_combo.addItems(list(tags))
        self.tag_combo.setEnabled(bool(tags))
        self.scope_tag.setEnabled(bool(tags))
        if current_tag in tags:
            self.tag_combo.setCurrentText(current_tag or "")
        group = QButtonGroup(self)
        for button in (self.scope_selected, self.scope_tag, self.scope_all):
            group.addButton(button)
        if selected:
            self.scope_selected.setChecked(True)
        elif current_tag in tags:
            self.scope_tag.setChecked(True)
        else:
            self.scope_all.setChecked(True)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for fmt in FORMATS:
            self.format_combo.addItem(FORMAT_LABELS.get(fmt, fmt), fmt)
        self.dest_field = QLineEdit()
        self.dest_field.setObjectName("exportDest")
        self.dest_field.setMinimumWidth(300)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self._auto_dest = True
        self.dest_field.textEdited.connect(self._edited)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

        tag_row = QHBoxLayout()
        tag_row.addWidget(self.scope_tag)
        tag_row.addWidget(self.tag_combo, 1)
        scope = QVBoxLayout()
        scope.addWidget(self.scope_selected)
        scope.addLayout(tag_row)
        scope.addWidget(self.scope_all)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest_field, 1)
        dest_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export", scope)
        form.addRow("As", self.format_combo)
        form.addRow("To", dest_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    @Slot()
    def _format_changed(self) -> None:
        if self._auto_dest:
            self.dest_field.setText(str(default_dest(self.folder, self.fmt)))

    @Slot(str)
    def _edited(self, _text: str) -> None:
        self._auto_dest = False

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export To", self.dest_field.text())
        if path:
            self._auto_dest = False
            self.dest_field.setText(path)

    def chosen(self) -> ExportChoice:
        dest = Path(self.dest_field.text().strip()).expanduser()
        if self.scope_selected.isChecked():
            return ExportChoice(self.selected, None, self.fmt, dest)
        if self.scope_tag.isChecked():
            return ExportChoice((), self.tag_combo.currentText(), self.fmt, dest)
        return ExportChoice((), None, self.fmt, dest)
