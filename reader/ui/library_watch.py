"""Noticing changes another process (or a background save) made to the library.

Polls SQLite's ``PRAGMA data_version`` on the GUI thread's own connection, which costs
microseconds (it reads a counter in shared memory, not the file), so the window follows
a ``reader add`` from the command line within about a second.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from reader.errors import ReaderError
from reader.library import Library

log = logging.getLogger(__name__)

POLL_MS = 400


class LibraryWatch(QObject):
    """Emits ``changed`` when the library file changed under the window.  GUI thread only.

    Signals:
        changed(): something was committed since the last look (by anyone but the GUI
            thread's own connection).
    """

    changed = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._version: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._version = self._read()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _read(self) -> int | None:
        try:
            return self.library.data_version()
        except ReaderError as exc:  # busy or gone for a moment: look again next time
            log.info("could not look for changes: %s", exc)
            return None

    @Slot()
    def poll(self) -> None:
        version = self._read()
        if version is None:
            return
        if self._version is not None and version != self._version:
            self.changed.emit()
        self._version = version
