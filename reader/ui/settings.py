"""Typed access to the app's persistent settings (QSettings): theme, typography, layout.

Use on the GUI thread only.  The composition root picks the QSettings file; tests hand
in one in a temporary folder.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QByteArray, QSettings

from reader.models import SortKey


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    SEPIA = "sepia"
    DARK = "dark"


class FontKind(StrEnum):
    SERIF = "serif"
    SANS = "sans"


FONT_SIZES = (12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 27, 30)  # pixels
DEFAULT_FONT_SIZE = 17
# Percent of the font's own line spacing (already about 1.3 em).
LINE_SPACINGS = {"compact": 104, "normal": 116, "relaxed": 132}
DEFAULT_LINE_SPACING = "normal"


class ReaderSettings:
    """The app's settings over one QSettings store.  Reads fall back to defaults."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def _str(self, key: str, default: str) -> str:
        value = self.store.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        value = self.store.value(key, default)
        try:
            return int(str(value))
        except (TypeError, ValueError):
            return default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def theme(self) -> Theme:
        try:
            return Theme(self._str("reading/theme", Theme.SYSTEM.value))
        except ValueError:
            return Theme.SYSTEM

    @theme.setter
    def theme(self, value: Theme) -> None:
        self.store.setValue("reading/theme", value.value)

    @property
    def font_kind(self) -> FontKind:
        try:
            return FontKind(self._str("reading/font", FontKind.SERIF.value))
        except ValueError:
            return FontKind.SERIF

    @font_kind.setter
    def font_kind(self, value: FontKind) -> None:
        self.store.setValue("reading/font", value.value)

    @property
    def font_size(self) -> int:
        size = self._int("reading/font_size", DEFAULT_FONT_SIZE)
        return min(FONT_SIZES, key=lambda s: abs(s - size))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.store.setValue("reading/font_size", int(value))

    @property
    def line_spacing(self) -> str:
        value = self._str("reading/line_spacing", DEFAULT_LINE_SPACING)
        return value if value in LINE_SPACINGS else DEFAULT_LINE_SPACING

    @line_spacing.setter
    def line_spacing(self, value: str) -> None:
        self.store.setValue("reading/line_spacing", value)

    @property
    def sort(self) -> SortKey:
        try:
            return SortKey(self._str("list/sort", SortKey.SAVED.value))
        except ValueError:
            return SortKey.SAVED

    @sort.setter
    def sort(self, value: SortKey) -> None:
        self.store.setValue("list/sort", value.value)

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self.store.setValue("window/splitter", value)

    @property
    def last_article(self) -> int | None:
        value = self._int("window/last_article", 0)
        return value or None

    @last_article.setter
    def last_article(self, value: int | None) -> None:
        self.store.setValue("window/last_article", int(value or 0))

    @property
    def last_list(self) -> str:
        """The list shown last: ``view:NAME`` or ``tag:NAME``."""
        return self._str("window/last_list", "view:all")

    @last_list.setter
    def last_list(self, value: str) -> None:
        self.store.setValue("window/last_list", value)

    def sync(self) -> None:
        self.store.sync()
