"""Navigation: the sidebar, which list is shown (a view or a tag), and the counts.

``Navigation`` owns the sidebar and the current list: choosing a row sets the list
pane's query; counts of every view and tag are read in the background (coalesced by a
short timer) and shown in the sidebar and the list header.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView

from reader.errors import ReaderError
from reader.library import Library
from reader.models import TagCount
from reader.ui.list_pane import ListPane
from reader.ui.settings import ReaderSettings
from reader.ui.sidebar import (
    Kind,
    SidebarDelegate,
    SidebarModel,
    SidebarRole,
    View,
    tag_filter,
    view_filter,
)
from reader.ui.workers import Progress, TaskRunner

COUNTS_DELAY_MS = 250


@dataclass(frozen=True, slots=True)
class Counts:
    views: dict[View, int]
    tags: list[TagCount]

    @property
    def library_total(self) -> int:
        return sum(self.views[v] for v in (View.ALL, View.ARCHIVE, View.FAILED))


class Navigation(QObject):
    """The sidebar and the current list.  GUI thread only.

    Signals:
        listChanged(): another view or tag is shown (its first page is on its way).
        countsLoaded(): the counts of views and tags were read and shown.
        failed(object): reading the counts failed (a ReaderError).
    """

    listChanged = Signal()
    countsLoaded = Signal()
    failed = Signal(object)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        settings: ReaderSettings,
        pane: ListPane,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.settings = settings
        self.pane = pane
        self.view: View | None = View.ALL
        self.tag: str | None = None
        self.counts: Counts | None = None
        self.model = SidebarModel(self)
        self.sidebar = QListView()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setModel(self.model)
        self.delegate = SidebarDelegate(self.sidebar)
        self.sidebar.setItemDelegate(self.delegate)
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setAccessibleName("Library views and tags")
        self._updating = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COUNTS_DELAY_MS)
        self._timer.timeout.connect(self.refresh_counts)
        self.sidebar.selectionModel().currentChanged.connect(self._on_current)

    # --- choosing a list ----------------------------------------------------------------

    def show_view(self, view: View) -> None:
        self.sidebar.setCurrentIndex(self.model.index(self.model.row_of_view(view), 0))

    def show_tag(self, name: str) -> None:
        row = self.model.row_of_tag(name)
        if row is not None:
            self.sidebar.setCurrentIndex(self.model.index(row, 0))
        else:
            self.set_list(None, name)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._updating:
            return
        entry = self.model.entry(current.row())
        if entry.kind is Kind.VIEW:
            self.set_list(View(entry.key), None)
        elif entry.kind is Kind.TAG:
            self.set_list(None, entry.key)

    def set_list(self, view: View | None, tag: str | None) -> None:
        """Show a view's or a tag's list (leaving search results, if shown)."""
        self.pane.show_list()
        self.view, self.tag = view, tag
        self.settings.last_list = f"view:{view.value}" if view is not None else f"tag:{tag}"
        flt = view_filter(view) if view is not None else tag_filter(tag or "")
        self.pane.delegate.date_key = self.settings.sort
        self.pane.delegate.mark_archived = view is not View.ARCHIVE
        self.pane.list_model.set_query(flt, self.settings.sort)
        self.update_header()
        self.listChanged.emit()

    def restore_list(self, saved: str) -> None:
        """Open on the list shown last (a tag's row appears when the tags are loaded)."""
        kind, _, name = saved.partition(":")
        if kind == "tag" and name:
            self.set_list(None, name)
            return
        try:
            view = View(name)
        except ValueError:
            view = View.ALL
        self._updating = True  # select the row without loading the list twice
        self.sidebar.setCurrentIndex(self.model.index(self.model.row_of_view(view), 0))
        self._updating = False
        self.set_list(view, None)

    def searching(self) -> None:
        """Search results are shown: no sidebar row is the list any more."""
        self.sidebar.clearSelection()

    def reselect(self) -> None:
        """The current list's row is selected again (after leaving search)."""
        row = self._current_row()
        if row is not None:
            self.sidebar.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _current_row(self) -> int | None:
        if self.view is not None:
            return self.model.row_of_view(self.view)
        return self.model.row_of_tag(self.tag or "")

    def selected_tag(self) -> str | None:
        """The tag under the sidebar's cursor, if it is on a tag."""
        index = self.sidebar.currentIndex()
        if index.isValid() and index.data(SidebarRole.KIND) == Kind.TAG:
            return str(index.data(SidebarRole.KEY))
        return None

    def tag_at(self, index: QModelIndex) -> str | None:
        if index.isValid() and index.data(SidebarRole.KIND) == Kind.TAG:
            return str(index.data(SidebarRole.KEY))
        return None

    # --- counts --------------------------------------------------------------------------

    def schedule_counts(self) -> None:
        self._timer.start()

    @Slot()
    def refresh_counts(self) -> None:
        library = self.library

        def work(_: Progress) -> Counts:
            views = {v: library.count(view_filter(v)) for v in View}
            return Counts(views, library.tags())

        def done(counts: Counts) -> None:
            self.counts = counts
            self.model.set_counts(counts.views)
            self._set_tags(counts.tags)
            self.update_header()
            self.countsLoaded.emit()

        def failed(exc: ReaderError) -> None:
            self.failed.emit(exc)

        self.runner.submit(work, done, failed, name="counts")

    def _set_tags(self, tags: Sequence[TagCount]) -> None:
        """New tag rows without moving the reader: the selection stays where it was."""
        index = self.sidebar.currentIndex()
        selected = not self.pane.searching and (
            self.sidebar.selectionModel().isSelected(index) if index.isValid() else True
        )
        self._updating = True
        try:
            self.model.set_tags(tags)
            row = self._current_row()
            flag = QItemSelectionModel.SelectionFlag
            if row is not None:
                self.sidebar.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), flag.ClearAndSelect if selected else flag.NoUpdate
                )
            else:
                self.sidebar.selectionModel().clear()
        finally:
            self._updating = False

    def current_count(self) -> int | None:
        if self.counts is None:
            return None
        if self.view is not None:
            return self.counts.views.get(self.view)
        return next((t.count for t in self.counts.tags if t.name == self.tag), None)

    def update_header(self) -> None:
        self.pane.update_header(self.view, self.tag, self.current_count())
