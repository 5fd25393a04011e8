"""Search as you type: debounced, run on the task runner, stale results dropped.

GUI thread only.  The window decides how results are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from reader.errors import ReaderError
from reader.library import Library
from reader.models import SearchHit
from reader.ui.workers import Progress, TaskRunner

SEARCH_DELAY_MS = 220
SEARCH_LIMIT = 100


class SearchController(QObject):
    """Runs the newest query a short pause after the typing stops.

    A generation counter drops the results of a query that a newer one replaced.

    Signals:
        found(str, list): the query and its ranked hits (``SearchHit``).
        cleared(): the query was emptied: leave the results.
        failed(ReaderError): the query could not run.
    """

    found = Signal(str, list)
    cleared = Signal()
    failed = Signal(object)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        delay_ms: int = SEARCH_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self._text = ""
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run)

    @Slot(str)
    def set_text(self, text: str) -> None:
        """The query as typed so far: runs after the pause, or clears when empty."""
        self._text = text.strip()
        if self._text:
            self._timer.start()
        else:
            self._timer.stop()
            self._generation += 1  # whatever is still running is stale now
            self.cleared.emit()

    @Slot()
    def run(self) -> None:
        """Run the current query now."""
        self._timer.stop()
        query = self._text
        if not query:
            self.cleared.emit()
            return
        self._generation += 1
        generation = self._generation
        library = self.library

        def work(_: Progress) -> list[SearchHit]:
            return library.search(query, limit=SEARCH_LIMIT)

        def done(hits: list[SearchHit]) -> None:
            if generation == self._generation:  # else a newer query is on its way
                self.found.emit(query, hits)

        def failed(exc: ReaderError) -> None:
            if generation == self._generation:
                self.failed.emit(exc)

        self.runner.submit(work, done, failed, name="search")
