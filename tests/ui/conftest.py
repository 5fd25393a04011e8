"""Fixtures for GUI tests: real windows over a real library, settings in a temp folder."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.app import build_window, close_window
from reader.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def _clipboard_emptied(qapp: QApplication) -> Iterator[None]:
    """A QMimeData made in Python and given to the clipboard is deleted by Qt's own exit
    handlers after Python has finalised, which crashes the process: none is left there."""
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "reader.ini"


@pytest.fixture
def make_window(qtbot: QtBot, library: Library, settings_path: Path) -> Iterator[MakeWindow]:
    """Build windows like the app does; each is closed and its work stopped at the end."""
    windows: list[MainWindow] = []

    def make(lib: Library | None = None) -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = build_window(lib or library, settings)
        window.resize(1200, 780)
        window.show()
        windows.append(window)
        qtbot.waitUntil(lambda: not window.runner.busy)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
        close_window(window)
        # Work still on its way out (a count, a feed round) must end before the library
        # closes, or it opens a connection nothing will close (Python 3.13 warns of it).
        deadline = time.monotonic() + 10
        while window.runner.busy and time.monotonic() < deadline:
            qtbot.wait(20)
        window.deleteLater()
