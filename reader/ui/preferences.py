"""Preferences: the reading look (theme, type, text size) and the library's limits.

The look applies at once (through ``Appearance``).  The limits are those ``reader.toml``
in the library folder holds (fetch, images, save); Save writes the file, checked as the
library reads it, and they apply from the next start.  GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.settings import CONFIG_NAME, limit_defaults, read_limits, write_limits
from reader.ui.appearance import Appearance
from reader.ui.error_messages import describe
from reader.ui.settings import FONT_SIZES, LINE_SPACINGS, FontKind, Theme

SECTION_TITLES = {
    "fetch": "Downloading",
    "images": "Photos",
    "save": "Saving",
    "backup": "Automatic backups (in the library folder’s backups/)",
}
Field = QSpinBox | QDoubleSpinBox | QCheckBox


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


class PreferencesDialog(QDialog):
    """The Preferences window.  GUI thread only.

    Signals:
        limitsSaved(str): reader.toml was written (its path).
    """

    limitsSaved = Signal(str)

    def __init__(self, appearance: Appearance, folder: Path, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.appearance = appearance
        self.folder = folder
        tabs = QTabWidget()
        tabs.addTab(self._reading_tab(), "Reading")
        self.tabs = tabs
        library = QScrollArea()
        library.setWidget(self._library_tab())
        library.setWidgetResizable(True)
        library.setFrameShape(QFrame.Shape.NoFrame)
        tabs.addTab(library, "Library")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(tabs)
        box.addWidget(buttons)
        self.resize(540, 520)

    # --- reading -------------------------------------------------------------------------

    def _reading_tab(self) -> QWidget:
        s = self.appearance.settings
        self.theme = self._combo(
            [(t, "Match the system" if t is Theme.SYSTEM else t.value.capitalize()) for t in Theme],
            s.theme,
        )
        self.font_kind = self._combo(
            [(FontKind.SERIF, "Serif"), (FontKind.SANS, "Sans serif")], s.font_kind
        )
        self.spacing = self._combo([(k, k.capitalize()) for k in LINE_SPACINGS], s.line_spacing)
        self.text_size = self._combo([(n, f"{n} px") for n in FONT_SIZES], s.font_size)
        self.theme.currentIndexChanged.connect(self._apply_reading)
        self.font_kind.currentIndexChanged.connect(self._apply_reading)
        self.spacing.currentIndexChanged.connect(self._apply_reading)
        self.text_size.currentIndexChanged.connect(self._apply_reading)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Theme", self.theme)
        form.addRow("Type", self.font_kind)
        form.addRow("Line spacing", self.spacing)
        form.addRow("Text size", self.text_size)
        return page

    @staticmethod
    def _combo(items: list[tuple[Any, str]], current: object) -> QComboBox:
        combo = QComboBox()
        for value, text in items:
            combo.addItem(text, value)
            if value == current:
                combo.setCurrentIndex(combo.count() - 1)
        return combo

    @Slot()
    def _apply_reading(self) -> None:
        a, s = self.appearance, self.appearance.settings
        if self.theme.currentData() != s.theme:
            a.set_theme(Theme(self.theme.currentData()))
        if self.font_kind.currentData() != s.font_kind:
            a.set_font_kind(FontKind(self.font_kind.currentData()))
        if self.spacing.currentData() != s.line_spacing:
            a.set_line_spacing(str(self.spacing.currentData()))
        if self.text_size.currentData() != s.font_size:
            s.font_size = int(self.text_size.currentData())
            a.changed.emit()

    # --- library ---------------------------------------------------------------------------

    def _library_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        where = QLabel(f"Library folder: <code>{self.folder}</code>")
        where.setWordWrap(True)
        show = QPushButton("Show in File Manager")
        show.clicked.connect(self._show_folder)
        box.addWidget(where)
        box.addWidget(show)
        self.fields: dict[tuple[str, str], Field] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        try:
            configured = read_limits(self.folder)
        except ReaderError as exc:
            configured = {}
            self.status.setText(describe(exc).one_line())
        for section, defaults in limit_defaults().items():
            title = QLabel(f"<b>{SECTION_TITLES.get(section, section)}</b>")
            box.addWidget(title)
            form = QFormLayout()
            current = configured.get(section)
            for key, default in defaults.items():
                value = getattr(current, key) if current is not None else default
                field = self._field(default, value)
                self.fields[(section, key)] = field
                form.addRow(_label(key), field)
            box.addLayout(form)
        note = QLabel(f"Kept in {CONFIG_NAME} in the library folder; used from the next start.")
        note.setEnabled(False)
        note.setWordWrap(True)
        self.save_button = QPushButton("Save Limits")
        self.save_button.clicked.connect(self.save_limits)
        box.addWidget(note)
        box.addWidget(self.status)
        box.addWidget(self.save_button)
        box.addStretch(1)
        return page

    @staticmethod
    def _field(default: object, value: object) -> Field:
        if isinstance(default, bool):
            check = QCheckBox()
            check.setChecked(bool(value))
            return check
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(1, 2**31 - 1)
            spin.setValue(int(value))  # type: ignore[call-overload]
            return spin
        dspin = QDoubleSpinBox()
        dspin.setRange(0.1, 1e6)
        dspin.setDecimals(1)
        dspin.setValue(float(value))  # type: ignore[arg-type]
        return dspin

    def values(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for (section, key), field in self.fields.items():
            if isinstance(field, QCheckBox):
                value: Any = field.isChecked()
            else:
                value = field.value()
            out.setdefault(section, {})[key] = value
        return out

    @Slot()
    def save_limits(self) -> None:
        try:
            path = write_limits(self.folder, self.values())
        except ReaderError as exc:
            self.status.setText(describe(exc).one_line())
            return
        self.status.setText("Saved. The new limits apply when Reader starts next.")
        self.limitsSaved.emit(str(path))

    @Slot()
    def _show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
