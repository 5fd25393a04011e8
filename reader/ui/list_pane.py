"""The list pane: its header (title, count, sort), the article list and the saves panel.

``ListPane`` shows either the current view's list or search results, knows the
selection (selected and current summaries, moving up and down, finding a row) and keeps
its header in words.  What a list holds is decided elsewhere (navigation, search).
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reader.library import Library
from reader.models import ArticleSummary
from reader.ui.article_delegate import ArticleDelegate
from reader.ui.article_list_model import ArticleListModel, SearchResultsModel
from reader.ui.article_list_view import ArticleListView
from reader.ui.saving import SavesPanel
from reader.ui.sidebar import VIEW_LABELS, View
from reader.ui.thumbnails import ThumbnailCache
from reader.ui.window_actions import WindowActions
from reader.ui.workers import TaskRunner

EMPTY_STATES = {
    View.ALL: (
        "Your library is empty",
        "Press Ctrl+L and paste a link to save your first article,\n"
        "or drop links and .html files here.",
    ),
    View.UNREAD: ("All caught up", "Nothing unread. New saves appear here."),
    View.FAVOURITES: ("No favourites yet", "Press S on an article to star it."),
    View.ARCHIVE: ("The archive is empty", "Press E to archive an article you have finished."),
    View.FAILED: ("No failed saves", "Links that could not be saved wait here to be retried."),
}

ListModel = ArticleListModel | SearchResultsModel


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


class ListPane(QWidget):
    """The middle pane.  GUI thread only.

    Signals:
        currentChanged(int): the current row is now the article with this id.
        selectionChanged(): the selected rows changed.
        modelChanged(): the list shows the other model (search results or the list).
    """

    currentChanged = Signal(int)
    selectionChanged = Signal()
    modelChanged = Signal()

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        actions: WindowActions,
        scale: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listPane")
        self.thumbnails = ThumbnailCache(library, runner, scale=scale, parent=self)
        self.list_model = ArticleListModel(library, runner, self)
        self.search_model = SearchResultsModel(library, runner, self)

        self.title = QLabel()
        self.title.setObjectName("listTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.Bold)
        self.title.setFont(font)
        self.count = QLabel()
        self.count.setObjectName("listCount")
        header = QWidget()
        header.setObjectName("listHeader")
        hbox = QHBoxLayout(header)
        hbox.setContentsMargins(16, 12, 8, 8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.count)
        hbox.addLayout(titles, 1)
        hbox.addWidget(actions.sort_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.view = ArticleListView()
        self.view.setObjectName("articleList")
        self.view.setAccessibleName("Articles")
        self.delegate = ArticleDelegate(self.thumbnails, self.view)
        self.delegate.set_base_font(self.view.font())
        self.view.setItemDelegate(self.delegate)
        self.view.setModel(self.list_model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.addAction(actions.open)
        self.saves_panel = SavesPanel()
        vbox = QVBoxLayout(self)
        vbox.setContentsMargins(0, 0, 0, 0)
        vbox.setSpacing(0)
        vbox.addWidget(header)
        line = QFrame()
        line.setObjectName("rule")
        line.setFixedHeight(1)
        vbox.addWidget(line)
        vbox.addWidget(self.view, 1)
        vbox.addWidget(self.saves_panel)
        self.setMinimumWidth(260)
        # The row at the top of the screen while rows are inserted above it.
        self._anchor: tuple[QPersistentModelIndex, int] | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._connect_selection()
        self.list_model.loadingChanged.connect(self._on_loading)
        self.list_model.rowsAboutToBeInserted.connect(self._before_insert)
        self.list_model.rowsInserted.connect(self._after_insert)
        self.thumbnails.ready.connect(self._on_thumbnail)

    # --- rows arriving above the reader (another process saved something) ------------------

    @Slot(QModelIndex, int, int)
    def _before_insert(self, _parent: QModelIndex, first: int, _last: int) -> None:
        """Remember the row at the top of the screen, so new rows above it don't move it."""
        self._anchor = None
        bar = self.view.verticalScrollBar()
        if self.searching or first != 0 or bar.value() == 0:
            return  # at the top the reader sees new rows arrive; that is the point
        top = self.view.indexAt(self.view.viewport().rect().topLeft())
        if top.isValid():
            self._anchor = (QPersistentModelIndex(top), self.view.visualRect(top).top())

    @Slot(QModelIndex, int, int)
    def _after_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is None or not anchor[0].isValid():
            return
        self.view.doItemsLayout()  # the new rows' heights, now
        index = self.list_model.index(anchor[0].row(), 0)
        moved = self.view.visualRect(index).top() - anchor[1]
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + moved)

    def _connect_selection(self) -> None:
        sel = self.view.selectionModel()
        sel.currentChanged.connect(self._on_current)
        sel.selectionChanged.connect(self._on_selection)

    # --- which list ---------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        return self.view.model() is self.search_model

    def show_search(self) -> None:
        if not self.searching:
            self.view.setModel(self.search_model)
            self._connect_selection()
            self.modelChanged.emit()

    def show_list(self) -> None:
        if self.searching:
            self.search_model.clear()
            self.view.setModel(self.list_model)
            self._connect_selection()
            self.modelChanged.emit()

    def current_model(self) -> ListModel:
        model = self.view.model()
        assert isinstance(model, ArticleListModel | SearchResultsModel)
        return model

    # --- selection -----------------------------------------------------------------------

    def selected_summaries(self) -> list[ArticleSummary]:
        model = self.current_model()
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [model.summary(r) for r in rows if r < model.rowCount()]

    def current_summary(self) -> ArticleSummary | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.current_model().rowCount():
            return None
        return self.current_model().summary(index.row())

    def select(self, article_id: int) -> bool:
        """Make this article the current row (False: the list does not have it)."""
        model = self.current_model()
        row = model.row_of(article_id)
        if row is None:
            return False
        index = model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def select_row(self, row: int) -> None:
        """The row nearest ``row`` becomes current (none when the list is empty)."""
        model = self.current_model()
        if not model.rowCount():
            self.view.selectionModel().clear()
            return
        index = model.index(max(0, min(row, model.rowCount() - 1)), 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)

    def step(self, step: int) -> None:
        model = self.current_model()
        if not model.rowCount():
            return
        current = self.view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        if step > 0 and row >= model.rowCount() - 3 and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        self.select_row(row)

    def visible_ids(self) -> list[int]:
        """The articles of the rows on screen (of the list, not search results)."""
        model = self.list_model
        if self.searching or not model.rowCount():
            return []
        rect = self.view.viewport().rect()
        top, bottom = self.view.indexAt(rect.topLeft()), self.view.indexAt(rect.bottomLeft())
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else model.rowCount() - 1
        return [model.summary(r).id for r in range(first, last + 1)]

    @Slot()
    def _on_selection(self) -> None:
        self.selectionChanged.emit()

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < self.current_model().rowCount():
            self.currentChanged.emit(self.current_model().summary(current.row()).id)

    # --- header ------------------------------------------------------------------------

    def update_header(
        self, view: View | None, tag: str | None, total: int | None, feed: str | None = None
    ) -> None:
        """Title, count and empty-state text for the list shown (``feed``: its title)."""
        if self.searching:
            self.title.setText("Search")
            n, q = self.search_model.rowCount(), self.search_model.query
            self.count.setText(f"{_plural(n, 'result')} for “{q}”" if q else "Type to search")
            self.view.set_empty("No matches", "Try other words, or fewer filters.")
            return
        if view is not None:
            self.title.setText(VIEW_LABELS[view])
            self.view.set_empty(*EMPTY_STATES[view])
        elif feed is not None:
            self.title.setText(feed)
            self.view.set_empty("No stories yet", "New stories are saved here as the feed updates.")
        else:
            self.title.setText(f"# {tag}")
            self.view.set_empty("No articles with this tag", "Press T to tag an article.")
        if total is None:
            total = self.list_model.rowCount()
        self.count.setText(_plural(total, "article"))

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        self.view.loading = loading
        self.view.viewport().update()

    @Slot(int)
    def _on_thumbnail(self, article_id: int) -> None:
        model = self.current_model()
        row = model.row_of(article_id)
        if row is not None:
            self.view.update(model.index(row, 0))
