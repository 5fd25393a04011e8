"""Line icons drawn from inline SVG in the theme's colour, and the app icon.

GUI thread only (QPixmap).  Icons are cached per (name, colour, size).
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_PATHS = {
    "add": '<path d="M12 5v14M5 12h14"/>',
    "search": '<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>',
    "star": '<path d="M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1 '
    '5.9-.8z"/>',
    "star-filled": '<path fill="currentColor" d="M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 '
    '16.8l-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z"/>',
    "archive": '<rect x="3.5" y="4.5" width="17" height="4" rx="1"/><path d="M5 8.5v10a1 1 0 0 '
    '0 1 1h12a1 1 0 0 0 1-1v-10M10 12.5h4"/>',
    "trash": '<path d="M4.5 6.5h15M9.5 6.5V4.5h5v2M6.5 6.5l1 13h9l1-13M10 10.5v6M14 10.5v6"/>',
    "tag": '<path d="M3.5 12.2V4.5a1 1 0 0 1 1-1h7.7l8.3 8.3-8.7 8.7z"/><circle cx="8" cy="8" '
    'r="1.3"/>',
    "external": '<path d="M13.5 4.5h6v6M19.5 4.5l-8 8M17.5 13.5v5a1 1 0 0 1-1 1h-11a1 1 0 0 '
    '1-1-1v-11a1 1 0 0 1 1-1h5"/>',
    "read": '<circle cx="12" cy="12" r="8.5"/><path d="M8.3 12.3l2.5 2.5 4.9-5.3"/>',
    "unread": '<circle cx="12" cy="12" r="8.5"/><circle fill="currentColor" cx="12" cy="12" '
    'r="3.5"/>',
    "text": '<path d="M3.5 18.5l5-13 5 13M5.3 14h6.4M14.5 18.5l3.3-8.5 3.2 8.5M15.6 15.6h4.4"/>',
    "refresh": '<path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4h-4"/>',
}


def _svg(name: str, color: str, opacity: float = 1.0) -> bytes:
    body = _PATHS[name].replace("currentColor", color)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        f'stroke="{color}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" '
        f'opacity="{opacity}">{body}</svg>'
    ).encode()


def _pixmap(renderer: QSvgRenderer, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pix


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, color: str) -> QIcon:
    """A line icon in the given colour (sizes 16 to 48 rendered crisp)."""
    key = (name, color)
    if key not in _cache:
        normal = QSvgRenderer(QByteArray(_svg(name, color)))
        faded = QSvgRenderer(QByteArray(_svg(name, color, 0.3)))  # clearly unavailable
        result = QIcon()
        for size in (16, 20, 24, 32, 48):
            result.addPixmap(_pixmap(normal, size))
            result.addPixmap(_pixmap(faded, size), QIcon.Mode.Disabled)
        _cache[key] = result
    return _cache[key]


def app_icon() -> QIcon:
    data = resources.files("reader.ui").joinpath("assets/reader.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        result.addPixmap(_pixmap(renderer, size))
    return result


def welcome_html() -> str:
    return resources.files("reader.ui").joinpath("assets/welcome.html").read_text("utf-8")
