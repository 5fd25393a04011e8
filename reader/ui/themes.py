"""The look: light, sepia and dark colours, window palettes and style, reading type.

Pure data plus palette building; GUI thread only (QPalette, QGuiApplication).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette

from reader.ui.settings import FontKind, Theme


@dataclass(frozen=True, slots=True)
class Colors:
    """One theme's colours (``#rrggbb`` strings)."""

    name: str
    window: str  # chrome: toolbars, sidebar
    sidebar: str
    base: str  # list and reading background
    alternate: str
    text: str
    muted: str  # meta lines, captions
    faint: str  # separators
    accent: str  # unread dot, selection, links
    accent_text: str
    link: str
    selection: str  # selected list row
    chip: str  # tag chip background
    chip_text: str
    highlight: str  # search matches
    danger: str
    dark: bool


LIGHT = Colors(
    name="light",
    window="#f3f3f2",
    sidebar="#ececeb",
    base="#ffffff",
    alternate="#f7f7f6",
    text="#1d1d1f",
    muted="#6b6b70",
    faint="#dcdcdc",
    accent="#2f6fdb",
    accent_text="#ffffff",
    link="#1f5fbf",
    selection="#dde8fb",
    chip="#eceef2",
    chip_text="#3d4452",
    highlight="#ffe58a",
    danger="#c2362b",
    dark=False,
)

SEPIA = Colors(
    name="sepia",
    window="#efe6d2",
    sidebar="#e9dfc8",
    base="#f8f1e3",
    alternate="#f3ead8",
    text="#3b2f22",
    muted="#7d6b55",
    faint="#ddd0b5",
    accent="#a0582b",
    accent_text="#ffffff",
    link="#8a4a1f",
    selection="#eadbbd",
    chip="#eadfc8",
    chip_text="#5a4630",
    highlight="#f3cf7a",
    danger="#b23b2b",
    dark=False,
)

DARK = Colors(
    name="dark",
    window="#232427",
    sidebar="#1f2023",
    base="#18191b",
    alternate="#1d1e21",
    text="#dcdcdc",
    muted="#9a9ca3",
    faint="#34363b",
    accent="#5b9cff",
    accent_text="#0f1115",
    link="#82b4ff",
    selection="#2b3a55",
    chip="#2e3137",
    chip_text="#c5c8cf",
    highlight="#7a6420",
    danger="#ff6f61",
    dark=True,
)


@dataclass(frozen=True, slots=True)
class Typography:
    family: str
    size_px: int
    line_height: int  # percent
    column_px: int


MAX_COLUMN = 820  # pixels: the widest text column, at the largest text size

_BY_THEME = {Theme.LIGHT: LIGHT, Theme.SEPIA: SEPIA, Theme.DARK: DARK}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: Theme) -> Colors:
    """The colours to use: the system's light or dark for Theme.SYSTEM."""
    if theme is Theme.SYSTEM:
        return DARK if system_is_dark() else LIGHT
    return _BY_THEME[theme]


def palette(colors: Colors) -> QPalette:
    """A whole-window palette for the theme (works with Fusion and most native styles)."""
    pal = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: colors.window,
        QPalette.ColorRole.WindowText: colors.text,
        QPalette.ColorRole.Base: colors.base,
        QPalette.ColorRole.AlternateBase: colors.alternate,
        QPalette.ColorRole.Text: colors.text,
        QPalette.ColorRole.Button: colors.window,
        QPalette.ColorRole.ButtonText: colors.text,
        QPalette.ColorRole.BrightText: colors.danger,
        QPalette.ColorRole.Highlight: colors.accent,
        QPalette.ColorRole.HighlightedText: colors.accent_text,
        QPalette.ColorRole.Link: colors.link,
        QPalette.ColorRole.LinkVisited: colors.link,
        QPalette.ColorRole.ToolTipBase: colors.base,
        QPalette.ColorRole.ToolTipText: colors.text,
        QPalette.ColorRole.PlaceholderText: colors.muted,
        QPalette.ColorRole.Mid: colors.faint,
        QPalette.ColorRole.Midlight: colors.alternate,
        QPalette.ColorRole.Light: colors.base,
        QPalette.ColorRole.Dark: colors.faint,
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        pal.setColor(role, c(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(disabled, role, c(colors.muted))
    return pal


SERIF_FAMILIES = (
    "Charter",
    "Iowan Old Style",
    "Georgia",
    "Noto Serif",
    "Source Serif 4",
    "Liberation Serif",
    "DejaVu Serif",
    "Times New Roman",
)
SANS_FAMILIES = (
    "Inter",
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans",
    "Cantarell",
    "Liberation Sans",
    "DejaVu Sans",
    "Arial",
)


def pick_family(candidates: Sequence[str], fallback: str) -> str:
    available = set(QFontDatabase.families())
    return next((f for f in candidates if f in available), fallback)


def reading_typography(kind: FontKind, size_px: int, line_height: int) -> Typography:
    """The reading font (the best installed family of its kind) and a column of ~66 characters."""
    if kind is FontKind.SERIF:
        family = pick_family(SERIF_FAMILIES, "serif")
    else:
        family = pick_family(SANS_FAMILIES, "sans-serif")
    column = min(MAX_COLUMN, max(480, int(size_px * 39)))
    return Typography(family, size_px, line_height, column)


def window_stylesheet(c: Colors) -> str:
    """Finishing touches the palette can't express: quiet borders, rounded fields."""
    return f"""
QToolBar#mainToolbar {{ background: {c.window}; border: none;
    border-bottom: 1px solid {c.faint}; padding: 6px 8px; spacing: 6px; }}
QListView#sidebar {{ background: {c.sidebar}; border: none; padding-top: 8px; }}
QWidget#listPane, QWidget#listHeader {{ background: {c.base}; }}
QLabel#listTitle {{ color: {c.text}; }}
QLabel#listCount {{ color: {c.muted}; }}
QFrame#rule {{ background: {c.faint}; border: none; }}
QListView#articleList {{ background: {c.base}; border: none; }}
QSplitter::handle {{ background: {c.faint}; }}
QMainWindow::separator {{ background: {c.faint}; width: 1px; height: 1px; }}
QLineEdit#addField, QLineEdit#searchField {{ background: {c.base}; color: {c.text};
    border: 1px solid {c.faint}; border-radius: 7px; padding: 5px 9px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text}; }}
QLineEdit#addField:focus, QLineEdit#searchField:focus {{ border: 1px solid {c.accent}; }}
QToolButton {{ border: none; border-radius: 6px; padding: 5px; color: {c.text}; }}
QToolButton:hover {{ background: {c.selection}; }}
QToolButton:checked {{ background: {c.selection}; }}
QToolButton#sortButton {{ color: {c.muted}; padding: 2px 6px; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}
QScrollArea#savesPanel, QWidget#savesInner {{ background: {c.alternate};
    border: none; border-top: 1px solid {c.faint}; }}
QToolButton#tagChip {{ background: {c.chip}; color: {c.chip_text}; border: none;
    border-radius: 10px; padding: 3px 10px; }}
QToolButton#tagChip:hover {{ background: {c.faint}; }}
QFrame#saveItem {{ background: {c.alternate}; border-bottom: 1px solid {c.faint}; }}
QLabel#saveStatus {{ color: {c.muted}; }}
QLabel#saveStatus[failed="true"] {{ color: {c.danger}; }}
QProgressBar {{ background: {c.faint}; border: none; border-radius: 2px; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 2px; }}
QStatusBar {{ background: {c.window}; color: {c.muted}; border-top: 1px solid {c.faint}; }}
QMenuBar {{ background: {c.window}; color: {c.text}; }}
"""
