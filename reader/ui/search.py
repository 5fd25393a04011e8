"""Search as you type: debounced, run on the task runner, stale results dropped.

``SearchController`` runs queries; ``SearchResults`` shows them in the list pane and
brings the list back.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLineEdit

from reader.errors import ReaderError
from reader.library import Library
from reader.models import SearchHit
from reader.ui.article_view import ArticleView
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
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


class SearchResults(QObject):
    """Shows search results in the list pane, and the list again when search is left.

    While results show, no sidebar row is selected; the first hit is current and in the
    reading pane.  Leaving search shows the list with the article read in the results
    selected, or nothing in the pane when that list does not hold it (the pane never
    shows an article that is not in the list).  GUI thread only.

    Signals:
        shown(str): results for this query are in the list.
        left(): the list is back.
    """

    shown = Signal(str)
    left = Signal()

    def __init__(
        self,
        controller: SearchController,
        field: QLineEdit,
        pane: ListPane,
        navigation: Navigation,
        article_view: ArticleView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.field = field
        self.pane = pane
        self.navigation = navigation
        self.article_view = article_view
        field.textChanged.connect(controller.set_text)
        field.returnPressed.connect(controller.run)
        controller.found.connect(self._on_found)
        controller.cleared.connect(self.leave)

    @Slot()
    def focus_field(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def search(self, query: str) -> None:
        """Search at once (the field's pause skipped)."""
        self.field.setText(query)
        self.controller.run()

    def clear_field(self) -> None:
        """Empty the field without running anything (another list was chosen)."""
        if self.field.text():
            self.field.blockSignals(True)
            self.field.clear()
            self.field.blockSignals(False)

    @Slot(str, list)
    def _on_found(self, query: str, hits: list[SearchHit]) -> None:
        if not self.pane.searching:
            self.pane.show_search()
            self.navigation.searching()
        self.pane.search_model.set_hits(query, hits)
        self.navigation.update_header()
        if hits:
            self.pane.select_row(0)  # current, and in the pane
        self.shown.emit(query)

    @Slot()
    def leave(self) -> None:
        if not self.pane.searching:
            return
        self.pane.show_list()
        self.navigation.reselect()
        current = self.article_view.article_id
        if current is not None and not self.pane.select(current):
            self.article_view.clear()
        self.navigation.update_header()
        self.left.emit()
