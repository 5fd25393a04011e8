"""Navigation: the sidebar, which list is shown (a view, a feed, a tag or Highlights),
and the counts.

``Navigation`` owns the sidebar and the current list: choosing a row sets the list
pane's query (the Highlights row asks for the Highlights view instead: the highlights
part shows it); counts of every view and tag, each feed's unread stories and the
highlights are read in the background (coalesced by a short timer) and shown in the
sidebar and the list header.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView

from reader.errors import ReaderError
from reader.feeds.models import Feed
from reader.library import Library
from reader.models import TagCount
from reader.ui.list_pane import ListPane
from reader.ui.settings import ReaderSettings
from reader.ui.sidebar import (
    HIGHLIGHTS_KEY,
    Kind,
    SidebarDelegate,
    SidebarModel,
    SidebarRole,
    View,
    feed_filter,
    tag_filter,
    view_filter,
)
from reader.ui.workers import Progress, TaskRunner

COUNTS_DELAY_MS = 250


@dataclass(frozen=True, slots=True)
class Counts:
    views: dict[View, int]
    tags: list[TagCount]
    feeds: list[Feed] = field(default_factory=list)
    feed_total: tuple[int, int] | None = None  # (feed id, its stories) of the feed shown
    highlights: int = 0

    @property
    def library_total(self) -> int:
        return sum(self.views[v] for v in (View.ALL, View.ARCHIVE, View.FAILED))


class Navigation(QObject):
    """The sidebar and the current list.  GUI thread only.

    Signals:
        listChanged(): another view, feed or tag is shown (its first page is on its way).
        highlightsChosen(): the Highlights row was chosen (no list is the current one).
        countsLoaded(): the counts of views, feeds and tags were read and shown.
        failed(object): reading the counts failed (a ReaderError).
    """

    listChanged = Signal()
    highlightsChosen = Signal()
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
        self.feed: int | None = None
        self.highlights = False  # the Highlights row is chosen (view, tag and feed None)
        self._chosen = 0  # lists chosen so far: counts read before a choice don't undo it
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
        self.sidebar.setAccessibleName("Library views, feeds and tags")
        self._updating = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COUNTS_DELAY_MS)
        self._timer.timeout.connect(self.refresh_counts)
        self.sidebar.selectionModel().currentChanged.connect(self._on_current)

    # --- choosing a list ----------------------------------------------------------------

    def show_view(self, view: View) -> None:
        self.sidebar.setCurrentIndex(self.model.index(self.model.row_of_view(view), 0))

    def show_highlights(self) -> None:
        index = self.model.index(self.model.row_of_highlights(), 0)
        if self.sidebar.currentIndex() != index:
            self.sidebar.setCurrentIndex(index)  # chosen: set_highlights
            return
        flag = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.sidebar.selectionModel().select(index, flag)  # search may have left it
        self.set_highlights()

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
        elif entry.kind is Kind.FEED:
            self.set_list(None, None, int(entry.key))
        elif entry.kind is Kind.HIGHLIGHTS:
            self.set_highlights()

    def show_feed(self, feed_id: int) -> None:
        row = self.model.row_of_feed(feed_id)
        if row is not None:
            self.sidebar.setCurrentIndex(self.model.index(row, 0))
        else:
            self.set_list(None, None, feed_id)

    def set_list(self, view: View | None, tag: str | None, feed: int | None = None) -> None:
        """Show a view's, a tag's or a feed's list (leaving search results, if shown)."""
        self.pane.show_list()
        self.view, self.tag, self.feed, self.highlights = view, tag, feed, False
        self._chosen += 1
        if view is not None:
            self.settings.last_list = f"view:{view.value}"
            flt = view_filter(view)
        elif feed is not None:
            self.settings.last_list = f"feed:{feed}"
            flt = feed_filter(feed)
        else:
            self.settings.last_list = f"tag:{tag}"
            flt = tag_filter(tag or "")
        self.pane.delegate.date_key = self.settings.sort
        self.pane.delegate.mark_archived = view is not View.ARCHIVE
        self.pane.list_model.set_query(flt, self.settings.sort)
        self.update_header()
        self.listChanged.emit()

    def set_highlights(self) -> None:
        """Every highlight in place of a list (the list keeps its query, hidden)."""
        self.pane.show_list()
        self.view, self.tag, self.feed, self.highlights = None, None, None, True
        self._chosen += 1
        self.settings.last_list = HIGHLIGHTS_KEY
        self.highlightsChosen.emit()

    def restore_list(self, saved: str) -> None:
        """Open on the list shown last (a tag's row appears when the tags are loaded)."""
        kind, _, name = saved.partition(":")
        if saved == HIGHLIGHTS_KEY:
            self.restore_list(f"view:{View.ALL.value}")  # the list behind it, loaded once
            self._updating = True
            row = self.model.row_of_highlights()
            self.sidebar.setCurrentIndex(self.model.index(row, 0))
            self._updating = False
            self.set_highlights()
            return
        if kind == "tag" and name:
            self.set_list(None, name)
            return
        if kind == "feed" and name.isdigit():
            self.set_list(None, None, int(name))  # its row appears with the counts
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
        if self.highlights:
            return self.model.row_of_highlights()
        if self.view is not None:
            return self.model.row_of_view(self.view)
        if self.feed is not None:
            return self.model.row_of_feed(self.feed)
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

    def feed_at(self, index: QModelIndex) -> int | None:
        if index.isValid() and index.data(SidebarRole.KIND) == Kind.FEED:
            return int(index.data(SidebarRole.KEY))
        return None

    def feed_shown(self) -> Feed | None:
        """The feed whose list is shown, as last counted."""
        if self.feed is None or self.counts is None:
            return None
        return next((f for f in self.counts.feeds if f.id == self.feed), None)

    # --- counts --------------------------------------------------------------------------

    def schedule_counts(self) -> None:
        self._timer.start()

    @Slot()
    def refresh_counts(self) -> None:
        library, shown, chosen = self.library, self.feed, self._chosen

        def work(_: Progress) -> Counts:
            views = {v: library.count(view_filter(v)) for v in View}
            total = None if shown is None else (shown, library.count(feed_filter(shown)))
            return Counts(
                views, library.tags(), library.feeds.all(), total, library.highlight_count()
            )

        def done(counts: Counts) -> None:
            self.counts = counts
            self.model.set_counts(counts.views)
            self.model.set_highlight_count(counts.highlights)
            self._set_rows(counts.tags, counts.feeds)
            gone = self.feed is not None and all(f.id != self.feed for f in counts.feeds)
            if gone and chosen == self._chosen:
                self.show_view(View.ALL)  # the feed shown was removed (here or elsewhere)
            self.update_header()
            self.countsLoaded.emit()

        def failed(exc: ReaderError) -> None:
            self.failed.emit(exc)

        self.runner.submit(work, done, failed, name="counts")

    def _set_rows(self, tags: Sequence[TagCount], feeds: Sequence[Feed]) -> None:
        """New tag and feed rows without moving the reader: the selection stays put."""
        index = self.sidebar.currentIndex()
        selected = not self.pane.searching and (
            self.sidebar.selectionModel().isSelected(index) if index.isValid() else True
        )
        self._updating = True
        try:
            self.model.set_feeds(feeds)
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
        if self.highlights:
            return self.counts.highlights
        if self.view is not None:
            return self.counts.views.get(self.view)
        if self.feed is not None:
            total = self.counts.feed_total
            return total[1] if total is not None and total[0] == self.feed else None
        return next((t.count for t in self.counts.tags if t.name == self.tag), None)

    def update_header(self) -> None:
        if self.highlights and not self.pane.searching:
            return  # the Highlights view has its own header
        feed = self.feed_shown()
        title = None if self.feed is None else (feed.title if feed is not None else "Feed")
        self.pane.update_header(self.view, self.tag, self.current_count(), title)
