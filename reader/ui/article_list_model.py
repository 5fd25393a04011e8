"""List models of articles: the paged library list and the search results.

Both hold summaries only (never bodies).  ``ArticleListModel`` pages rows from the
library by keyset (``Library.page`` with a cursor, 200 rows at a time) through
``fetchMore``; every query runs on the task runner and a generation counter drops
pages that arrive after the filter changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import ArticleFilter, ArticleSummary, Page, SearchHit, SortKey, Status
from reader.ui.workers import Progress, TaskRunner

PAGE_SIZE = 200

AnyIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    SUMMARY = Qt.ItemDataRole.UserRole + 1  # the ArticleSummary
    SNIPPET = Qt.ItemDataRole.UserRole + 2  # search snippet with match marks, or None
    ARTICLE_ID = Qt.ItemDataRole.UserRole + 3


class _SummaryModel(QAbstractListModel):
    """Rows of (summary, snippet); shared by the list and the search results.

    GUI thread only.

    Signals:
        loadingChanged(bool): a query is running (True) or finished (False).
        failed(ReaderError): a query failed; the model keeps what it had.
    """

    loadingChanged = Signal(bool)
    failed = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self._rows: list[ArticleSummary] = []
        self._snippets: list[str | None] = []
        self._loading = False
        self._generation = 0
        self._index: dict[int, int] | None = None  # article id -> row, rebuilt on demand
        # Every change of rows goes through begin/end calls, so these signals say when
        # the index is stale.
        self.rowsInserted.connect(self._forget_index)
        self.rowsRemoved.connect(self._forget_index)
        self.modelReset.connect(self._forget_index)

    # --- Qt model API -----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title or summary.given_url
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.url or summary.given_url
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _accessible(summary)
        if role == Role.SUMMARY:
            return summary
        if role == Role.SNIPPET:
            return self._snippets[index.row()]
        if role == Role.ARTICLE_ID:
            return summary.id
        return None

    def roleNames(self) -> dict[int, Any]:
        names = dict(super().roleNames())
        names[Role.SUMMARY] = QByteArray(b"summary")
        names[Role.SNIPPET] = QByteArray(b"snippet")
        names[Role.ARTICLE_ID] = QByteArray(b"articleId")
        return names

    # --- helpers ----------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loadingChanged.emit(value)

    def _report(self, exc: ReaderError) -> None:
        self.failed.emit(exc)

    def summary(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def summaries(self) -> Sequence[ArticleSummary]:
        return tuple(self._rows)

    def row_of(self, article_id: int) -> int | None:
        if self._index is None:
            self._index = {s.id: i for i, s in enumerate(self._rows)}
        return self._index.get(article_id)

    @Slot()
    def _forget_index(self) -> None:
        self._index = None

    def keeps(self, summary: ArticleSummary) -> bool:
        """Whether a changed article still belongs in this list (read state never moves it)."""
        return True

    def refresh(self, ids: Sequence[int]) -> None:
        """Re-read these articles: update their rows, drop the ones that left the list."""
        wanted = [i for i in ids if self.row_of(i) is not None]
        if not wanted:
            return
        generation = self._generation
        flt = ArticleFilter(article_ids=tuple(wanted))

        def query(_: Progress) -> Page:
            return self.library.page(flt, limit=len(wanted))

        def done(page: Page) -> None:
            if generation == self._generation:
                self.apply(wanted, page.items)

        self.runner.submit(query, done, self._report, name="refresh rows")

    def apply(self, ids: Sequence[int], fresh: Sequence[ArticleSummary]) -> None:
        """Take in fresh summaries of ``ids``: update rows, drop those gone or moved out."""
        by_id = {s.id: s for s in fresh}
        for article_id in ids:
            row = self.row_of(article_id)
            if row is None:
                continue
            new = by_id.get(article_id)
            if new is None or not self.keeps(new):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._snippets[row]
                self.endRemoveRows()
            else:
                self._rows[row] = new
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def remove_ids(self, ids: Sequence[int]) -> None:
        """Drop rows at once (trash): the undo puts them back with a reload."""
        for article_id in ids:
            row = self.row_of(article_id)
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._snippets[row]
                self.endRemoveRows()


class ArticleListModel(_SummaryModel):
    """The library list for one filter and sort order, paged by keyset on demand.

    GUI thread only; queries run on the task runner.

    Signals:
        pageLoaded(int): a page of this many rows was appended (0: the list is complete).
    """

    pageLoaded = Signal(int)

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(library, runner, parent)
        self._filter = ArticleFilter()
        self._sort = SortKey.SAVED
        self._cursor: tuple[str | int, int] | None = None
        self._complete = True
        self.page_size = PAGE_SIZE

    @property
    def filter(self) -> ArticleFilter:
        return self._filter

    @property
    def sort_key(self) -> SortKey:
        return self._sort

    @property
    def complete(self) -> bool:
        """Every row of the list is loaded."""
        return self._complete

    def set_query(self, flt: ArticleFilter, sort: SortKey | None = None) -> None:
        """Show another list: drop the rows and load its first page."""
        self._filter = flt
        self._sort = sort or self._sort
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows.clear()
        self._snippets.clear()
        self._cursor = None
        self._complete = False
        self.endResetModel()
        self._set_loading(False)
        self._load_page()

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._complete and not self._loading

    def fetchMore(self, parent: AnyIndex) -> None:
        if self.canFetchMore(parent):
            self._load_page()

    def _load_page(self) -> None:
        generation, flt, sort, cursor = self._generation, self._filter, self._sort, self._cursor
        limit = self.page_size
        self._set_loading(True)

        def query(_: Progress) -> Page:
            return self.library.page(flt, sort, cursor, limit=limit)

        def done(page: Page) -> None:
            if generation != self._generation:
                return
            known = {s.id for s in self._rows}
            items = [s for s in page.items if s.id not in known]
            if items:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
                self._rows.extend(items)
                self._snippets.extend([None] * len(items))
                self.endInsertRows()
            self._cursor = page.cursor
            self._complete = page.cursor is None
            self._set_loading(False)
            self.pageLoaded.emit(len(items))

        def error(exc: ReaderError) -> None:
            if generation == self._generation:
                self._complete = True
                self._set_loading(False)
                self.failed.emit(exc)

        self.runner.submit(query, done, error, name="page")

    def refresh_head(self) -> None:
        """Show articles added since the list was loaded (new saves) at the top."""
        generation, flt, sort = self._generation, self._filter, self._sort

        def query(_: Progress) -> Page:
            return self.library.page(flt, sort, None, limit=50)

        def done(page: Page) -> None:
            if generation != self._generation:
                return
            changed = [s.id for s in page.items if self.row_of(s.id) is not None]
            top = self._rows[0] if self._rows else None
            new: list[ArticleSummary] = []
            for s in page.items:
                if top is not None and s.id == top.id:
                    break
                if self.row_of(s.id) is None:
                    new.append(s)
            if new and (top is not None or self._complete or not self._loading):
                self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
                self._rows[0:0] = new
                self._snippets[0:0] = [None] * len(new)
                self.endInsertRows()
                if not self._rows[len(new) :]:
                    # The list was empty: its cursor now starts after the new rows.
                    self._cursor = page.cursor
                    self._complete = page.cursor is None
            if changed:
                self.refresh(changed)

        self.runner.submit(query, done, self._report, name="head")

    def keeps(self, summary: ArticleSummary) -> bool:
        f = self._filter
        if f.status is not None and summary.status is not f.status:
            return False
        if f.archived is not None and summary.archived != f.archived:
            return False
        if f.favourite is not None and summary.favourite != f.favourite:
            return False
        if f.tag is not None and f.tag not in summary.tags:
            return False
        return not (f.article_ids is not None and summary.id not in f.article_ids)


class SearchResultsModel(_SummaryModel):
    """Ranked search hits (at most ``limit``); ``set_hits`` replaces them.  GUI thread only."""

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(library, runner, parent)
        self.query = ""

    def set_hits(self, query: str, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self.query = query
        self._rows = [h.article for h in hits]
        self._snippets = [h.snippet for h in hits]
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits("", ())


def _accessible(s: ArticleSummary) -> str:
    parts = [s.title or s.given_url]
    if s.site_name:
        parts.append(s.site_name)
    if s.status is Status.FAILED:
        parts.append("failed to save")
    elif s.status is Status.PENDING:
        parts.append("saving")
    elif not s.is_read:
        parts.append("unread")
    if s.favourite:
        parts.append("favourite")
    return ", ".join(parts)
