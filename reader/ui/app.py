"""The app's composition root: QApplication -> Library -> TaskRunner -> MainWindow."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import __version__
from reader.errors import ReaderError
from reader.library import Library
from reader.ui.error_messages import describe
from reader.ui.icons import app_icon
from reader.ui.main_window import MainWindow
from reader.ui.settings import ReaderSettings
from reader.ui.single_instance import InstanceServer, hand_over, request_for
from reader.ui.workers import TaskRunner

log = logging.getLogger(__name__)

# Quitting takes at most about 2 s: queries and decodes get this long to end, and saves
# a moment more; a save still running then is left to the end of the process (its
# article stays pending and resumes at the next start).
SHUTDOWN_WAIT_MS = 1_500
SAVE_WAIT_MS = 300
SETTLE_MS = 3_000  # after the window shows: see settle_memory


def settings_store() -> QSettings:
    """The user's settings file (an INI file in the platform's config folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Reader", "Reader")


def build_window(
    library: Library, settings: QSettings, runner: TaskRunner | None = None
) -> MainWindow:
    """A window on an open library (the app and the tests build it the same way)."""
    runner = runner or TaskRunner(release_thread=library.release_thread)
    window = MainWindow(library, runner, ReaderSettings(settings))
    runner.setParent(window)
    return window


def close_window(window: MainWindow) -> None:
    """Stop background work (within about 2 s), then drop trashed articles for good."""
    window.stop_polling()
    if not window.runner.shutdown(SHUTDOWN_WAIT_MS, network_wait_ms=SAVE_WAIT_MS):
        log.info("quitting with saves still running: they resume at the next start")
    try:
        window.library.purge_trash()
    except ReaderError as exc:
        log.warning("could not empty the trash: %s", exc)


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An exception that escaped a slot is a bug: log it whole; the app carries on."""
    log.error("unexpected error", exc_info=(kind, exc, tb))


def main(library_dir: Path, open_article: int | None = None, save: list[str] | None = None) -> int:
    """Run the desktop app on the library in ``library_dir``; returns the exit status.

    If an app already runs on that library, the request (come to the front, open
    ``open_article``, save the links ``save``) is handed to it and this one ends."""
    previous_hook, sys.excepthook = sys.excepthook, _log_uncaught
    try:
        return _run(library_dir, open_article, save or [])
    finally:
        sys.excepthook = previous_hook


def bring_forward(window: MainWindow, request: dict[str, Any], to_front: bool = True) -> None:
    """A later ``reader`` asked the running window for this (see single_instance)."""
    if to_front:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
    if request.get("open") is not None:
        window.open_article(int(request["open"]))
    if request.get("save"):
        window.save_targets(list(request["save"]))


def settle_memory() -> None:
    """What the app made to start lives as long as it does: freeze it, so the cycle
    collector no longer walks it (a full collection of it took 16 ms on the GUI thread,
    at a random moment, such as while an article opens; see bench/gui_stall.py)."""
    gc.collect()
    gc.freeze()


def _run(library_dir: Path, open_article: int | None, save: list[str]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Reader")
    app.setApplicationDisplayName("Reader")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Reader")
    app.setDesktopFileName("reader")
    app.setWindowIcon(app_icon())
    if hand_over(library_dir, request_for(open_article, save)):
        log.info("handed over to the app already running on %s", library_dir)
        return 0
    try:
        library = Library.open(library_dir)
    except ReaderError as exc:
        msg = describe(exc)
        QMessageBox.critical(None, "Reader", f"{msg.headline}.\n\n{msg.detail}\n\n{library_dir}")
        return 1
    try:
        window = build_window(library, settings_store())
        server = InstanceServer(library_dir, window)
        server.requested.connect(lambda request: bring_forward(window, request))
        server.listen()
        window.show()
        QTimer.singleShot(SETTLE_MS, settle_memory)  # once the first screens are made
        bring_forward(window, request_for(open_article, save), to_front=False)
        status = app.exec()
        server.close()
        close_window(window)
        return status
    finally:
        library.close()
