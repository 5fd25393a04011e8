"""The main window: sidebar, article list and reading pane, wired together.

Each job lives in its own part: ``WindowActions`` (actions, menus, toolbar and their
state), ``ListPane`` (the list and its header), ``Navigation`` (sidebar, current list,
counts), ``ArticleCommands`` (what is done to articles and tags), ``UndoBar``,
``Appearance`` (theme and type), ``LibraryWatch`` (changes by other processes),
``FeedCommands`` (feeds).  The window lays them out and connects them in
``_connect_signals``; saving and search are thin glue here.  Every call into the
library that may be slow goes through the task runner.  GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QMainWindow,
    QSplitter,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import ArticleSummary, SortKey
from reader.ui.appearance import Appearance
from reader.ui.article_commands import ArticleCommands
from reader.ui.article_view import ArticleView
from reader.ui.error_messages import describe
from reader.ui.feed_commands import FeedCommands
from reader.ui.help_sheets import shortcut_sheet, show_about
from reader.ui.highlight_part import HighlightsPart
from reader.ui.icons import app_icon, welcome_html
from reader.ui.library_watch import LibraryWatch
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
from reader.ui.preferences import PreferencesDialog
from reader.ui.reading_layout import ReadingLayout
from reader.ui.save_commands import SaveCommands
from reader.ui.saving import SaveController
from reader.ui.search import SearchController, SearchResults
from reader.ui.settings import ReaderSettings, Theme
from reader.ui.sidebar import View
from reader.ui.themes import palette, window_stylesheet
from reader.ui.transfers import Transfers
from reader.ui.undo_bar import UndoBar
from reader.ui.window_actions import WindowActions
from reader.ui.workers import TaskRunner

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Reader's window.  GUI thread only; talks to the library through the task runner.

    Signals:
        countsLoaded(): the sidebar counts and tags were refreshed.
        searchFinished(str): results for this query are shown.
        actionFinished(str): a background change (tagging, flags, ...) was stored.
    """

    countsLoaded = Signal()
    searchFinished = Signal(str)
    actionFinished = Signal(str)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        settings: ReaderSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.settings = settings
        self._pending_open: int | None = None  # to select once the list has it
        self._follow: int | None = None  # the article shown when the list changed
        self._first_counts = True
        self._starting = True  # counts and resumed saves wait for the first page
        self.library_empty = False

        self.setWindowTitle("Reader")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setUnifiedTitleAndToolBarOnMac(True)

        self.window_actions = WindowActions(self)
        self.appearance = Appearance(settings, self.window_actions, self)
        scale = self.devicePixelRatioF() or 1.0
        self.list_pane = ListPane(library, runner, self.window_actions, scale)
        self.navigation = Navigation(library, runner, settings, self.list_pane, self)
        self.article_view = ArticleView(library, runner)
        self.article_view.setObjectName("articleView")
        self.article_view.setMinimumWidth(320)
        self.searcher = SearchController(library, runner, parent=self)
        self.saves = SaveController(library, runner, self.list_pane.saves_panel, self)
        self.undo_bar = UndoBar(self.statusBar(), self)
        pane, nav, view = self.list_pane, self.navigation, self.article_view
        self.commands = ArticleCommands(
            library, runner, pane, nav, view, self.saves, self.undo_bar, self
        )
        link_field, search_field = self.window_actions.add_field, self.window_actions.search_field
        self.save_commands = SaveCommands(
            library, runner, self.saves, link_field, pane, nav, view, self
        )
        self.search_results = SearchResults(self.searcher, search_field, pane, nav, view, self)
        self.watch, act = LibraryWatch(library, self), self.window_actions
        self.feeds = FeedCommands(library, runner, nav, self.save_commands, act, self)
        self.transfers = Transfers(library, runner, self.statusBar(), pane, nav, view, self)
        self.highlights = HighlightsPart(self, view, act, self.undo_bar, nav, pane)
        # The parts' widgets, by the names the tests and scripts use.
        self.list_model, self.search_model = self.list_pane.list_model, self.list_pane.search_model
        self.list_view, self.saves_panel = self.list_pane.view, self.list_pane.saves_panel
        self.list_title, self.list_count = self.list_pane.title, self.list_pane.count
        self.sidebar_model, self.undo_button = self.navigation.model, self.undo_bar.button
        self.add_field = self.window_actions.add_field
        self.search_field = self.window_actions.search_field

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        middle = self.highlights.middle  # the list, or the Highlights view
        for i, part in enumerate((self.navigation.sidebar, middle, self.article_view)):
            self.splitter.addWidget(part)
            self.splitter.setStretchFactor(i, 1 if part is self.article_view else 0)
        self.splitter.setSizes([200, 380, 700])
        self.setCentralWidget(self.splitter)
        # The window's minimum size is fixed here, not derived from the layout as panes
        # come and go (that would resize the window under the reader's hands).
        layout = self.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(560, 420)
        self.reading_layout = ReadingLayout(
            self, self.splitter, self.navigation.sidebar, middle, self.window_actions
        )

        self.window_actions.set_sort(settings.sort)
        self._connect_signals()
        self._restore_layout()
        self.apply_theme()
        self.navigation.restore_list(settings.last_list)
        self.article_view.clear()
        self.list_view.setFocus()  # J/K and arrows work at once; Ctrl+L to type a link
        self._update_actions()

    def _connect_signals(self) -> None:
        act, nav, pane, view, cmd = (
            self.window_actions,
            self.navigation,
            self.list_pane,
            self.article_view,
            self.commands,
        )
        # actions
        act.add.triggered.connect(self.save_commands.focus_field)
        act.open_file.triggered.connect(self.save_commands.open_files)
        act.paste.triggered.connect(self.save_commands.paste_links)
        act.quit.triggered.connect(self.close)
        act.undo.triggered.connect(self.undo_bar.undo)
        act.copy_link.triggered.connect(cmd.copy_link)
        act.find.triggered.connect(self.search_results.focus_field)
        # J/K step through the Highlights view when it is shown, else through the list.
        step = self.highlights.step_or
        act.next.triggered.connect(lambda: step(1, pane.step))
        act.prev.triggered.connect(lambda: step(-1, pane.step))
        act.open.triggered.connect(self.focus_reading)
        act.read.triggered.connect(cmd.toggle_read)
        act.favourite.triggered.connect(cmd.toggle_favourite)
        act.archive.triggered.connect(cmd.toggle_archive)
        act.tags.triggered.connect(cmd.edit_tags)
        act.delete.triggered.connect(cmd.delete_selected)
        act.original.triggered.connect(cmd.open_original)
        act.refetch.triggered.connect(cmd.refetch)
        act.rename_tag.triggered.connect(cmd.rename_current_tag)
        act.delete_tag.triggered.connect(cmd.delete_current_tag)
        act.welcome.triggered.connect(self.show_welcome)
        act.shortcuts.triggered.connect(self.show_shortcuts)
        act.about.triggered.connect(lambda: show_about(self, self.library.folder))
        act.preferences.triggered.connect(self.show_preferences)
        self.transfers.connect_actions(act, self._on_library_changed, self.show_error)
        for v, action in act.views.items():
            action.triggered.connect(lambda _=False, v=v: nav.show_view(v))
        for key, action in act.sorts.items():
            action.triggered.connect(lambda _=False, k=key: self.set_sort(k))
        act.add_field.returnPressed.connect(self.save_commands.save_from_field)
        # sidebar and list
        nav.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        nav.listChanged.connect(self._on_list_changed)
        nav.highlightsChosen.connect(lambda: self.search_results.clear_field())
        nav.countsLoaded.connect(self._on_counts)
        nav.failed.connect(self.show_error)
        pane.view.customContextMenuRequested.connect(self._list_menu)
        pane.view.doubleClicked.connect(self._on_double_click)
        pane.currentChanged.connect(self._on_current_article)
        pane.selectionChanged.connect(self._update_actions)
        pane.list_model.pageLoaded.connect(self._on_page_loaded)
        pane.list_model.failed.connect(self._on_list_failed)
        pane.list_model.rowsRemoved.connect(self._on_rows_changed)
        pane.list_model.rowsInserted.connect(self._on_rows_changed)
        pane.search_model.failed.connect(self.show_error)
        # search
        self.searcher.failed.connect(self.show_error)
        self.search_results.shown.connect(self.searchFinished)
        self.search_results.left.connect(self._on_search_left)
        # reading pane
        view.positionChanged.connect(cmd.save_position)
        view.finished.connect(cmd.finished_reading)
        view.retryRequested.connect(cmd.retry_article)
        view.openOriginalRequested.connect(cmd.open_original_of)
        view.tagClicked.connect(nav.show_tag)
        view.articleShown.connect(self._update_actions)
        view.loadFailed.connect(self.show_error)
        # commands, saves, undo, appearance, the library
        cmd.actionFinished.connect(self.actionFinished)
        cmd.stateChanged.connect(self._update_actions)
        cmd.message.connect(self.statusBar().showMessage)
        cmd.restored.connect(self._on_restored)
        cmd.failed.connect(self.show_error)
        self.saves_panel.showFailed.connect(lambda: nav.show_view(View.FAILED))
        self.save_commands.saving.connect(self._on_saving)
        self.save_commands.message.connect(self.statusBar().showMessage)
        self.save_commands.failed.connect(self.show_error)
        self.undo_bar.changed.connect(self._update_actions)
        self.appearance.changed.connect(self.apply_theme)
        self.watch.changed.connect(self._on_library_changed)
        self.feeds.message.connect(self.statusBar().showMessage)
        self.feeds.failed.connect(self.show_error)
        self.feeds.changed.connect(self._on_library_changed)
        self.runner.error.connect(self.show_error)
        self.runner.bug.connect(self._on_bug)
        self.highlights.wire()
        self.highlights.stateChanged.connect(self._update_actions)

    # --- layout and theme -----------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.splitter
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter = self.reading_layout.splitter_state()
        self.settings.last_article = self.article_view.article_id
        self.settings.sync()

    @Slot()
    def apply_theme(self) -> None:
        """Colours and typography from the settings, on the whole window."""
        c = self.appearance.colors
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(palette(c))
        self.setPalette(palette(c))
        self.setStyleSheet(window_stylesheet(c))
        self.list_pane.delegate.colors = c
        self.navigation.delegate.colors = c
        self.highlights.set_colors(c)
        self.list_view.muted = QColor(c.muted)
        self.list_view.text_color = QColor(c.text)
        self.article_view.apply_style(c, self.appearance.typography())
        self.window_actions.set_icons(c)
        self.list_view.viewport().update()
        self.navigation.sidebar.viewport().update()
        self._update_actions()

    def set_theme(self, theme: Theme) -> None:
        self.appearance.set_theme(theme)

    def step_font(self, step: int) -> None:
        self.appearance.step_font(step)

    def set_sort(self, sort: SortKey) -> None:
        self.settings.sort = sort
        self.window_actions.set_sort(sort)
        self.list_pane.delegate.date_key = sort
        self.list_model.set_query(self.list_model.filter, sort)

    @Slot()
    def _update_actions(self) -> None:
        self.window_actions.update_state(
            self.list_pane.selected_summaries(),
            self.article_view.article,
            self.undo_bar.next_name,
            self.navigation.selected_tag() is not None,
            self.appearance.colors,
        )

    # --- the list ---------------------------------------------------------------------------

    def show_view(self, view: View) -> None:
        self.navigation.show_view(view)

    def show_tag(self, name: str) -> None:
        self.navigation.show_tag(name)

    def refresh_counts(self) -> None:
        self.navigation.refresh_counts()

    @Slot()
    def _on_list_changed(self) -> None:
        self.search_results.clear_field()  # the list is chosen: search is over
        # The pane keeps its article only if the new list holds it (see _on_page_loaded).
        self._follow = self.article_view.article_id
        self._update_actions()

    @Slot(QModelIndex, int, int)
    def _on_rows_changed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self.navigation.update_header()

    @Slot(int)
    def _on_page_loaded(self, _n: int) -> None:
        self._finish_start()
        self.navigation.update_header()
        if self._pending_open is not None:
            self.select_article(self._pending_open, open_it=False)
        elif self._follow is not None:
            # The pane and the list agree: the article stays only if this list has it.
            follow, self._follow = self._follow, None
            if not self.list_pane.select(follow):
                self.article_view.clear()
                self._update_actions()

    @Slot(object)
    def _on_list_failed(self, exc: object) -> None:
        self._finish_start()
        self.show_error(exc)

    def _finish_start(self) -> None:
        """The first screen of the list comes first; then counts and resumed saves."""
        if self._starting:
            self._starting = False
            self.navigation.refresh_counts()
            self.transfers.at_start()  # every pending save resumes; the automatic backup
            self.watch.start()

    @Slot()
    def _on_counts(self) -> None:
        counts = self.navigation.counts
        if self._first_counts and counts is not None:
            self._first_counts = False
            self.library_empty = counts.library_total == 0
            if self.library_empty and self.article_view.article_id is None:
                self.show_welcome()
        self.countsLoaded.emit()

    @Slot()
    def _on_library_changed(self) -> None:
        """Another process (or a save here) changed the library: the rows on screen, the
        new ones at the top and the counts follow; the selection and scroll stay put."""
        self.list_model.refresh_head()
        self.list_model.refresh(self.list_pane.visible_ids())
        self.navigation.schedule_counts()

    def stop_polling(self) -> None:
        self.watch.stop()

    @Slot(QPoint)
    def _sidebar_menu(self, pos: QPoint) -> None:
        sidebar = self.navigation.sidebar
        index = sidebar.indexAt(pos)
        if self.navigation.tag_at(index) is not None:
            sidebar.setCurrentIndex(index)
            self.window_actions.tag_menu(self, sidebar.viewport().mapToGlobal(pos))

    @Slot(QPoint)
    def _list_menu(self, pos: QPoint) -> None:
        if self.list_view.indexAt(pos).isValid():
            self.window_actions.list_menu(self, self.list_view.viewport().mapToGlobal(pos))

    # --- selection and reading -------------------------------------------------------------

    def current_summary(self) -> ArticleSummary | None:
        return self.list_pane.current_summary()

    @Slot(int)
    def _on_current_article(self, article_id: int) -> None:
        # (The hidden list behind the Highlights view opens nothing: see HighlightsPart.)
        if article_id != self.article_view.wanted_id and not self.highlights.shown:
            self.article_view.open_article(article_id)
        self._update_actions()

    def select_article(self, article_id: int, open_it: bool = True) -> bool:
        if not self.list_pane.select(article_id):
            if open_it:
                self.article_view.open_article(article_id)
            return False
        self._pending_open = None
        return True

    def open_article(self, article_id: int) -> None:
        """Show this article (``reader open ID``), and select it once the list has it."""
        if self.highlights.shown:  # (the pane shows an article of the view, or nothing)
            self.navigation.show_view(View.ALL)
        self._pending_open = article_id
        self.article_view.open_article(article_id)
        self.select_article(article_id, open_it=False)

    @Slot()
    def focus_reading(self) -> None:
        summary = self.current_summary()
        if summary is not None and summary.id != self.article_view.article_id:
            self.article_view.open_article(summary.id)
        self.article_view.browser.setFocus()

    @Slot(QModelIndex)
    def _on_double_click(self, _index: QModelIndex) -> None:
        self.focus_reading()

    @Slot(int)
    def _on_restored(self, article_id: int) -> None:
        self._pending_open = article_id

    # --- saving ------------------------------------------------------------------------------

    def save_targets(self, targets: Sequence[str]) -> int:
        return self.save_commands.save_targets(targets)

    @Slot()
    def _on_saving(self) -> None:
        self.library_empty = False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.save_commands.accepts(event.mimeData()) or self.transfers.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()  # export files are imported (transfers), pages saved
        if self.transfers.drop(mime, self.save_targets) or self.save_commands.drop(mime):
            event.acceptProposedAction()

    # --- search ------------------------------------------------------------------------------

    def search(self, query: str) -> None:
        self.search_results.search(query)

    @Slot()
    def _on_search_left(self) -> None:
        self._update_actions()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search_field.text():
            self.search_field.clear()
            self.list_view.setFocus()
            return
        super().keyPressEvent(event)

    # --- messages ------------------------------------------------------------------------------

    @Slot(object)
    def show_error(self, exc: object) -> None:
        if isinstance(exc, ReaderError):
            self.statusBar().showMessage(describe(exc).one_line(), 8000)

    @Slot(str)
    def _on_bug(self, text: str) -> None:
        self.statusBar().showMessage(f"Something went wrong inside Reader ({text})", 10000)

    @Slot()
    def show_welcome(self) -> None:
        self.list_view.clearSelection()
        self.article_view.show_html(welcome_html())

    @Slot()
    def show_preferences(self) -> None:
        self.preferences = PreferencesDialog(self.appearance, self.library.folder, self)
        self.preferences.open()

    @Slot()
    def show_shortcuts(self) -> None:
        self.sheet = shortcut_sheet(self, self.window_actions)

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.article_view.flush_position()
        self.save_layout()
        super().closeEvent(event)
