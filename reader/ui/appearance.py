"""How the window looks: theme, reading font, line spacing and text size, kept in settings.

``Appearance`` holds the choices (and keeps the View menu's check marks in step with
them); the window applies the result to its parts when ``changed`` fires.  GUI thread
only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

from reader.ui.settings import (
    DEFAULT_FONT_SIZE,
    FONT_SIZES,
    LINE_SPACINGS,
    FontKind,
    ReaderSettings,
    Theme,
)
from reader.ui.themes import Colors, Typography, reading_typography, resolve
from reader.ui.window_actions import WindowActions


class Appearance(QObject):
    """The theme and the reading type.  GUI thread only.

    Signals:
        changed(): the colours or the typography changed; apply them.
    """

    changed = Signal()

    def __init__(
        self, settings: ReaderSettings, actions: WindowActions, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.actions = actions
        actions.themes[settings.theme].setChecked(True)
        actions.fonts[settings.font_kind].setChecked(True)
        actions.spacings[settings.line_spacing].setChecked(True)
        for theme, act in actions.themes.items():
            act.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
        for kind, act in actions.fonts.items():
            act.triggered.connect(lambda _=False, k=kind: self.set_font_kind(k))
        for key, act in actions.spacings.items():
            act.triggered.connect(lambda _=False, k=key: self.set_line_spacing(k))
        actions.bigger.triggered.connect(lambda: self.step_font(1))
        actions.smaller.triggered.connect(lambda: self.step_font(-1))
        actions.reset_size.triggered.connect(self.reset_font)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme)

    @property
    def colors(self) -> Colors:
        return resolve(self.settings.theme)

    def typography(self) -> Typography:
        s = self.settings
        return reading_typography(s.font_kind, s.font_size, LINE_SPACINGS[s.line_spacing])

    def set_theme(self, theme: Theme) -> None:
        self.settings.theme = theme
        self.actions.themes[theme].setChecked(True)
        self.changed.emit()

    def set_font_kind(self, kind: FontKind) -> None:
        self.settings.font_kind = kind
        self.actions.fonts[kind].setChecked(True)
        self.changed.emit()

    def set_line_spacing(self, key: str) -> None:
        self.settings.line_spacing = key
        self.actions.spacings[key].setChecked(True)
        self.changed.emit()

    def step_font(self, step: int) -> None:
        sizes = list(FONT_SIZES)
        i = sizes.index(self.settings.font_size)
        self.settings.font_size = sizes[max(0, min(len(sizes) - 1, i + step))]
        self.changed.emit()

    @Slot()
    def reset_font(self) -> None:
        self.settings.font_size = DEFAULT_FONT_SIZE
        self.changed.emit()

    @Slot(Qt.ColorScheme)
    def _on_color_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.settings.theme is Theme.SYSTEM:
            self.changed.emit()
