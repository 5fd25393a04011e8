"""Colours of the light, sepia and dark themes, and the window palettes made from them.

Pure data plus palette building; GUI thread only (QPalette, QGuiApplication).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from reader.ui.settings import Theme


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
