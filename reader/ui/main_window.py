"""The main window: sidebar, article list and reading pane, with menus and toolbar.

Layout and wiring live here (``_build_*`` and ``_connect_signals``); every call into
the library that may be slow or writes goes through the task runner.  GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.errors import ReaderError
from reader.library import Library
from reader.models import (
    Article,
    ArticleFilter,
    ArticleSummary,
    SearchHit,
    SortKey,
    Status,
    TagCount,
)
from reader.ui.article_changes import ArticleChanges
from reader.ui.article_delegate import ArticleDelegate
from reader.ui.article_list_model import ArticleListModel, SearchResultsModel
from reader.ui.article_list_view import ArticleListView
from reader.ui.article_view import ArticleView
from reader.ui.error_messages import describe
from reader.ui.icons import app_icon, icon, welcome_html
from reader.ui.library_watch import LibraryWatch
from reader.ui.saving import SaveController, SavesPanel, targets_from_mime, targets_from_text
from reader.ui.search import SearchController
from reader.ui.settings import (
    FONT_SIZES,
    LINE_SPACINGS,
    FontKind,
    ReaderSettings,
    Theme,
)
from reader.ui.sidebar import (
    VIEW_LABELS,
    Kind,
    SidebarDelegate,
    SidebarModel,
    SidebarRole,
    View,
    tag_filter,
    view_filter,
)
from reader.ui.tag_editor import TagDialog
from reader.ui.themes import (
    Colors,
    Typography,
    palette,
    reading_typography,
    resolve,
    window_stylesheet,
)
from reader.ui.thumbnails import ThumbnailCache
from reader.ui.workers import Progress, TaskRunner

log = logging.getLogger(__name__)
T = TypeVar("T")

RESUME_LIMIT = 20  # interrupted saves finished at start (the newest; the rest can be retried)

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


@dataclass(frozen=True, slots=True)
class Counts:
    views: dict[View, int]
    tags: list[TagCount]


def _bind(fn: Callable[[T], object], value: T) -> Callable[[], None]:
    """A no-argument callback for ``fn(value)`` (checked by mypy, unlike partial)."""

    def call() -> None:
        fn(value)

    return call


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
        self.colors: Colors = resolve(settings.theme)
        self._view: View | None = View.ALL
        self._tag: str | None = None
        self._row_before_delete = 0
        self._first_counts = True
        self._pending_open: int | None = None
        self.library_empty = False
        self._counts: Counts | None = None
        self._sidebar_updating = False

        self.setWindowTitle("Reader")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setUnifiedTitleAndToolBarOnMac(True)

        self.thumbnails = ThumbnailCache(
            library, runner, scale=self.devicePixelRatioF() or 1.0, parent=self
        )
        self.list_model = ArticleListModel(library, runner, self)
        self.search_model = SearchResultsModel(library, runner, self)
        self.sidebar_model = SidebarModel(self)
        self.searcher = SearchController(library, runner, parent=self)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(250)

        self._build_panes()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.saves = SaveController(library, runner, self.saves_panel, self)
        self.changes = ArticleChanges(library, runner, self)
        self.watch = LibraryWatch(library, self)
        self._connect_signals()
        self._restore_layout()
        self.apply_theme()
        self._starting = True  # counts and resumed saves wait for the first page
        self._restore_list(settings.last_list)
        self.article_view.clear()
        self.list_view.setFocus()  # J/K and arrows work at once; Ctrl+L to type a link
        self._update_actions()

    # --- building -----------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.sidebar = QListView()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar_delegate = SidebarDelegate(self.sidebar)
        self.sidebar.setItemDelegate(self.sidebar_delegate)
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setAccessibleName("Library views and tags")

        self.list_title = QLabel()
        self.list_title.setObjectName("listTitle")
        font = self.list_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.Bold)
        self.list_title.setFont(font)
        self.list_count = QLabel()
        self.list_count.setObjectName("listCount")
        self.sort_button = QToolButton()
        self.sort_button.setObjectName("sortButton")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_button.setAutoRaise(True)
        header = QWidget()
        header.setObjectName("listHeader")
        hbox = QHBoxLayout(header)
        hbox.setContentsMargins(16, 12, 8, 8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.list_title)
        titles.addWidget(self.list_count)
        hbox.addLayout(titles, 1)
        hbox.addWidget(self.sort_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.list_view = ArticleListView()
        self.list_view.setObjectName("articleList")
        self.list_view.setAccessibleName("Articles")
        self.list_delegate = ArticleDelegate(self.thumbnails, self.list_view)
        self.list_delegate.set_base_font(self.list_view.font())
        self.list_view.setItemDelegate(self.list_delegate)
        self.list_view.setModel(self.list_model)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saves_panel = SavesPanel()
        list_pane = QWidget()
        list_pane.setObjectName("listPane")
        vbox = QVBoxLayout(list_pane)
        vbox.setContentsMargins(0, 0, 0, 0)
        vbox.setSpacing(0)
        vbox.addWidget(header)
        line = QFrame()
        line.setObjectName("rule")
        line.setFixedHeight(1)
        vbox.addWidget(line)
        vbox.addWidget(self.list_view, 1)
        vbox.addWidget(self.saves_panel)
        list_pane.setMinimumWidth(260)

        self.article_view = ArticleView(self.library, self.runner)
        self.article_view.setObjectName("articleView")
        self.article_view.setMinimumWidth(320)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(self.article_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([200, 380, 700])
        self.setCentralWidget(self.splitter)
        # The window's minimum size is fixed here, not derived from the layout as panes
        # come and go (that would resize the window under the reader's hands).
        layout = self.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(860, 520)

        self.undo_button = QToolButton()
        self.undo_button.setText("Undo")
        self.undo_button.setAutoRaise(True)
        self.undo_button.setVisible(False)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.statusBar().setSizeGripEnabled(False)

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        checkable: bool = False,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if checkable:
            action.setCheckable(True)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon_name:
            action.setData(icon_name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _choices(
        self, items: list[tuple[T, str]], choose: Callable[[T], object]
    ) -> dict[T, QAction]:
        """Checkable actions of which one is on at a time, each calling ``choose(value)``."""
        group = QActionGroup(self)
        actions: dict[T, QAction] = {}
        for value, label in items:
            act = self._action(label, _bind(choose, value), checkable=True)
            group.addAction(act)
            actions[value] = act
        return actions

    def _build_actions(self) -> None:
        a = self._action
        K = QKeySequence.StandardKey
        self.act_add = a("&Save Link…", self.focus_add, "Ctrl+L", "add", tip="Save a link (Ctrl+L)")
        self.act_open_file = a("&Open HTML File…", self.open_files, K.Open)
        self.act_paste = a("Save Links from &Clipboard", self.paste_links, K.Paste)
        self.act_quit = a("&Quit", self.quit, K.Quit)
        self.act_undo = a("&Undo Delete", self.undo_delete, K.Undo)
        self.act_copy_link = a("Copy &Link", self.copy_link, "Ctrl+Shift+C")
        self.act_find = a("&Find…", self.focus_search, K.Find, "search")
        self.act_next = a("&Next Article", self.next_article, "J")
        self.act_next.setShortcuts([QKeySequence("J"), QKeySequence("N")])
        self.act_prev = a("&Previous Article", self.previous_article, "K")
        self.act_prev.setShortcuts([QKeySequence("K"), QKeySequence("P")])
        self.act_open = a("&Read Article", self.focus_reading, "Return")
        self.act_open.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.act_read = a("Mark as &Read", self.toggle_read, "M", "read")
        self.act_favourite = a(
            "&Favourite", self.toggle_favourite, "S", "star", True, "Add to favourites (S)"
        )
        self.act_archive = a("&Archive", self.toggle_archive, "E", "archive", True, "Archive (E)")
        self.act_tags = a("Edit &Tags…", self.edit_tags, "T", "tag", tip="Edit tags (T)")
        self.act_delete = a("&Delete", self.delete_selected, K.Delete, "trash", tip="Delete (Del)")
        self.act_original = a(
            "Open &Original in Browser",
            self.open_original,
            "O",
            "external",
            tip="Open the original page in your browser (O)",
        )
        self.act_refetch = a(
            "Re-&fetch", self.refetch, K.Refresh, "refresh", tip="Download the article again"
        )
        self.act_rename_tag = a("&Rename or Merge Tag…", self.rename_current_tag)
        self.act_delete_tag = a("&Delete Tag…", self.delete_current_tag)
        self.act_welcome = a("&Welcome Guide", self.show_welcome)
        self.act_about = a("&About Reader", self.show_about)
        self.act_bigger = a("&Bigger Text", lambda: self.step_font(1), K.ZoomIn)
        self.act_smaller = a("&Smaller Text", lambda: self.step_font(-1), K.ZoomOut)
        self.act_reset_size = a("&Actual Size", self.reset_font, "Ctrl+0")
        self.view_actions: dict[View, QAction] = {}
        for i, view in enumerate(View, start=1):
            self.view_actions[view] = a(VIEW_LABELS[view], _bind(self.show_view, view), f"Ctrl+{i}")

        self.theme_actions = self._choices(
            [
                (Theme.SYSTEM, "Match &System"),
                (Theme.LIGHT, "&Light"),
                (Theme.SEPIA, "Se&pia"),
                (Theme.DARK, "&Dark"),
            ],
            self.set_theme,
        )
        self.font_actions = self._choices(
            [(FontKind.SERIF, "Se&rif"), (FontKind.SANS, "Sa&ns Serif")], self.set_font_kind
        )
        self.spacing_actions = self._choices(
            [(key, key.capitalize()) for key in LINE_SPACINGS], self.set_line_spacing
        )
        self.sort_actions = self._choices(
            [(SortKey.SAVED, "Date &Saved"), (SortKey.PUBLISHED, "Date &Published")],
            self.set_sort,
        )
        self.theme_actions[self.settings.theme].setChecked(True)
        self.font_actions[self.settings.font_kind].setChecked(True)
        self.spacing_actions[self.settings.line_spacing].setChecked(True)
        self.sort_actions[self.settings.sort].setChecked(True)
        # Letter keys are safe window-wide (text fields take typed letters first), but
        # Return belongs to the list: in the link and search fields it submits.
        self.removeAction(self.act_open)
        self.act_open.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.act_add, self.act_open_file, self.act_paste])
        file.addSeparator()
        file.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo])
        edit.addSeparator()
        edit.addActions([self.act_copy_link, self.act_find])
        view = bar.addMenu("&View")
        view.addActions(list(self.view_actions.values()))
        view.addSeparator()
        sort = view.addMenu("Sort &By")
        sort.addActions(list(self.sort_actions.values()))
        self.sort_button.setMenu(sort)
        view.addSeparator()
        theme = view.addMenu("&Theme")
        theme.addActions(list(self.theme_actions.values()))
        font = view.addMenu("&Font")
        font.addActions(list(self.font_actions.values()))
        spacing = view.addMenu("&Line Spacing")
        spacing.addActions(list(self.spacing_actions.values()))
        view.addActions([self.act_bigger, self.act_smaller, self.act_reset_size])
        self.typography_menu = QMenu("Reading Settings", self)
        self.typography_menu.addMenu(theme)
        self.typography_menu.addMenu(font)
        self.typography_menu.addMenu(spacing)
        self.typography_menu.addSeparator()
        self.typography_menu.addActions([self.act_bigger, self.act_smaller, self.act_reset_size])
        article = bar.addMenu("&Article")
        article.addActions([self.act_next, self.act_prev, self.act_open])
        article.addSeparator()
        article.addActions(
            [self.act_read, self.act_favourite, self.act_archive, self.act_tags, self.act_delete]
        )
        article.addSeparator()
        article.addActions([self.act_original, self.act_copy_link, self.act_refetch])
        tags = bar.addMenu("&Tags")
        tags.addActions([self.act_tags, self.act_rename_tag, self.act_delete_tag])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_welcome, self.act_about])

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setFloatable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.add_field = QLineEdit()
        self.add_field.setObjectName("addField")
        self.add_field.setPlaceholderText("Paste a link to save  (Ctrl+L)")
        self.add_field.setClearButtonEnabled(True)
        self.add_field.setMinimumWidth(220)
        self.add_field.setMaximumWidth(440)
        self.add_field.setAccessibleName("Link to save")
        tb.addWidget(self.add_field)
        tb.addAction(self.act_add)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Fixed)
        tb.addWidget(spacer)
        for act in (
            self.act_read,
            self.act_favourite,
            self.act_archive,
            self.act_tags,
            self.act_delete,
            self.act_original,
        ):
            tb.addAction(act)
        self.text_button = QToolButton()
        self.text_button.setMenu(self.typography_menu)
        self.text_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.text_button.setToolTip("Reading settings: theme, font, size")
        tb.addWidget(self.text_button)
        tb.addSeparator()
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(180)
        self.search_field.setMaximumWidth(300)
        self.search_field.setAccessibleName("Search articles")
        self.search_field.setToolTip("Words to find; filters: tag:NAME site:NAME is:unread")
        tb.addWidget(self.search_field)
        self.toolbar = tb

    def _connect_signals(self) -> None:
        self.list_view.addAction(self.act_open)
        self.sidebar.selectionModel().currentChanged.connect(self._on_sidebar_current)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.list_view.customContextMenuRequested.connect(self._list_menu)
        self.list_view.doubleClicked.connect(self._on_double_click)
        self._connect_list_selection()
        self.list_model.loadingChanged.connect(self._on_loading)
        self.list_model.pageLoaded.connect(self._on_page_loaded)
        self.list_model.failed.connect(self._on_list_failed)
        self.list_model.rowsRemoved.connect(self._on_rows_changed)
        self.list_model.rowsInserted.connect(self._on_rows_changed)
        self.search_model.failed.connect(self.show_error)
        self.thumbnails.ready.connect(self._on_thumbnail)
        self.add_field.returnPressed.connect(self.save_from_field)
        self.search_field.textChanged.connect(self.searcher.set_text)
        self.search_field.returnPressed.connect(self.searcher.run)
        self.searcher.found.connect(self._on_found)
        self.searcher.cleared.connect(self._on_search_cleared)
        self.searcher.failed.connect(self.show_error)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self.article_view.positionChanged.connect(self._on_position)
        self.article_view.finished.connect(self._on_finished_reading)
        self.article_view.retryRequested.connect(self._retry_article)
        self.article_view.openOriginalRequested.connect(self._open_original_of)
        self.article_view.tagClicked.connect(self.show_tag)
        self.article_view.articleShown.connect(self._on_article_shown)
        self.article_view.loadFailed.connect(self.show_error)
        self.changes.changed.connect(self._on_changed)
        self.changes.trashed.connect(self._on_trashed)
        self.changes.restored.connect(self._on_restored)
        self.changes.failed.connect(self.show_error)
        self.saves.started.connect(self._on_save_started)
        self.saves.saved.connect(self._on_saved)
        self.saves.finished.connect(self._on_save_finished)
        self.runner.error.connect(self.show_error)
        self.runner.bug.connect(self._on_bug)
        self.undo_button.clicked.connect(self.undo_delete)
        self.watch.changed.connect(self._on_library_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme)

    def _connect_list_selection(self) -> None:
        sel = self.list_view.selectionModel()
        sel.currentChanged.connect(self._on_current_article)
        sel.selectionChanged.connect(self._on_selection_changed)

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
        self.settings.splitter = self.splitter.saveState()
        self.settings.last_article = self.article_view.article_id
        self.settings.sync()

    def typography(self) -> Typography:
        s = self.settings
        return reading_typography(s.font_kind, s.font_size, LINE_SPACINGS[s.line_spacing])

    def apply_theme(self) -> None:
        """Colours and typography from the settings, on the whole window."""
        c = self.colors = resolve(self.settings.theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(palette(c))
        self.setPalette(palette(c))
        self.setStyleSheet(window_stylesheet(c))
        self.list_delegate.colors = c
        self.sidebar_delegate.colors = c
        self.list_view.muted = QColor(c.muted)
        self.list_view.text_color = QColor(c.text)
        self.article_view.apply_style(c, self.typography())
        for act in self.findChildren(QAction):
            name = act.data()
            if isinstance(name, str):
                act.setIcon(icon(name, c.text))
        self.text_button.setIcon(icon("text", c.text))
        self.sort_button.setText(self._sort_label())
        self.list_view.viewport().update()
        self.sidebar.viewport().update()
        self._update_actions()

    def set_theme(self, theme: Theme) -> None:
        self.settings.theme = theme
        self.theme_actions[theme].setChecked(True)
        self.apply_theme()

    def set_font_kind(self, kind: FontKind) -> None:
        self.settings.font_kind = kind
        self.font_actions[kind].setChecked(True)
        self.apply_theme()

    def set_line_spacing(self, key: str) -> None:
        self.settings.line_spacing = key
        self.spacing_actions[key].setChecked(True)
        self.apply_theme()

    def step_font(self, step: int) -> None:
        sizes = list(FONT_SIZES)
        i = sizes.index(self.settings.font_size)
        self.settings.font_size = sizes[max(0, min(len(sizes) - 1, i + step))]
        self.apply_theme()

    @Slot()
    def reset_font(self) -> None:
        from reader.ui.settings import DEFAULT_FONT_SIZE

        self.settings.font_size = DEFAULT_FONT_SIZE
        self.apply_theme()

    @Slot(Qt.ColorScheme)
    def _on_color_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.settings.theme is Theme.SYSTEM:
            self.apply_theme()

    # --- views, sort and the list --------------------------------------------------------

    def _sort_label(self) -> str:
        return "Newest saved ▾" if self.settings.sort is SortKey.SAVED else "Newest published ▾"

    def set_sort(self, sort: SortKey) -> None:
        self.settings.sort = sort
        self.sort_actions[sort].setChecked(True)
        self.sort_button.setText(self._sort_label())
        self.list_delegate.date_key = sort
        self.list_model.set_query(self.list_model.filter, sort)

    def show_view(self, view: View) -> None:
        self.sidebar.setCurrentIndex(
            self.sidebar_model.index(self.sidebar_model.row_of_view(view), 0)
        )

    @Slot(str)
    def show_tag(self, name: str) -> None:
        row = self.sidebar_model.row_of_tag(name)
        if row is not None:
            self.sidebar.setCurrentIndex(self.sidebar_model.index(row, 0))
        else:
            self._set_list(None, name)

    @Slot(QModelIndex, QModelIndex)
    def _on_sidebar_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._sidebar_updating:
            return
        entry = self.sidebar_model.entry(current.row())
        if entry.kind is Kind.VIEW:
            self._set_list(View(entry.key), None)
        elif entry.kind is Kind.TAG:
            self._set_list(None, entry.key)

    def _set_list(self, view: View | None, tag: str | None) -> None:
        if self.search_field.text():
            self.search_field.clear()
        self._leave_search()
        self._view, self._tag = view, tag
        self.settings.last_list = f"view:{view.value}" if view is not None else f"tag:{tag}"
        flt = view_filter(view) if view is not None else tag_filter(tag or "")
        self.list_delegate.date_key = self.settings.sort
        self.list_model.set_query(flt, self.settings.sort)
        self._update_header()
        self._update_actions()

    def _restore_list(self, saved: str) -> None:
        """Open on the list shown last (a tag's row appears when the tags are loaded)."""
        kind, _, name = saved.partition(":")
        if kind == "tag" and name:
            self._set_list(None, name)
            return
        try:
            view = View(name)
        except ValueError:
            view = View.ALL
        self._sidebar_updating = True  # select the row without loading the list twice
        self.sidebar.setCurrentIndex(
            self.sidebar_model.index(self.sidebar_model.row_of_view(view), 0)
        )
        self._sidebar_updating = False
        self._set_list(view, None)

    def _set_sidebar_tags(self, tags: Sequence[TagCount]) -> None:
        """New tag rows without moving the reader: the selection stays where it was."""
        index = self.sidebar.currentIndex()
        searching = self.list_view.model() is self.search_model
        selected = not searching and (
            self.sidebar.selectionModel().isSelected(index) if index.isValid() else True
        )
        self._sidebar_updating = True
        try:
            self.sidebar_model.set_tags(tags)
            if self._view is not None:
                row: int | None = self.sidebar_model.row_of_view(self._view)
            else:
                row = self.sidebar_model.row_of_tag(self._tag or "")
            flag = QItemSelectionModel.SelectionFlag
            if row is not None:
                self.sidebar.selectionModel().setCurrentIndex(
                    self.sidebar_model.index(row, 0),
                    flag.ClearAndSelect if selected else flag.NoUpdate,
                )
            else:
                self.sidebar.selectionModel().clear()
        finally:
            self._sidebar_updating = False

    @Slot(QModelIndex, int, int)
    def _on_rows_changed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_header()

    def _update_header(self) -> None:
        model = self.list_view.model()
        if model is self.search_model:
            self.list_title.setText("Search")
            n = self.search_model.rowCount()
            q = self.search_model.query
            self.list_count.setText(
                f"{n} result{'s' if n != 1 else ''} for “{q}”" if q else "Type to search"
            )
            self.list_view.set_empty("No matches", "Try other words, or fewer filters.")
            return
        if self._view is not None:
            self.list_title.setText(VIEW_LABELS[self._view])
            title, text = EMPTY_STATES[self._view]
            self.list_view.set_empty(title, text)
        else:
            self.list_title.setText(f"# {self._tag}")
            self.list_view.set_empty("No articles with this tag", "Press T to tag an article.")
        total = self._current_count()
        if total is None:
            total = self.list_model.rowCount()
        self.list_count.setText(f"{total:,} article{'s' if total != 1 else ''}")

    def _current_count(self) -> int | None:
        if self._counts is None:
            return None
        if self._view is not None:
            return self._counts.views.get(self._view)
        return next((t.count for t in self._counts.tags if t.name == self._tag), None)

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        self.list_view.loading = loading
        self.list_view.viewport().update()

    @Slot(int)
    def _on_page_loaded(self, _n: int) -> None:
        self._finish_start()
        self._update_header()
        if self._pending_open is not None:
            self.select_article(self._pending_open, open_it=False)

    @Slot(object)
    def _on_list_failed(self, exc: object) -> None:
        self._finish_start()
        self.show_error(exc)

    def _finish_start(self) -> None:
        """The first screen of the list comes first; then counts and resumed saves."""
        if self._starting:
            self._starting = False
            self.refresh_counts()
            self.resume_unfinished()
            self.watch.start()

    def stop_polling(self) -> None:
        self.watch.stop()

    @Slot()
    def _on_library_changed(self) -> None:
        """Another process (or a save here) changed the library: the rows on screen, the
        new ones at the top and the counts follow, the selection and scroll stay put."""
        self.list_model.refresh_head()
        self.list_model.refresh(self._visible_ids())
        self.schedule_counts()

    def _visible_ids(self) -> list[int]:
        view = self.list_view
        model = self.list_model
        if view.model() is not model or not model.rowCount():
            return []
        top = view.indexAt(view.viewport().rect().topLeft())
        bottom = view.indexAt(view.viewport().rect().bottomLeft())
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else model.rowCount() - 1
        return [model.summary(r).id for r in range(first, last + 1)]

    @Slot(int)
    def _on_thumbnail(self, article_id: int) -> None:
        model = self.list_view.model()
        if isinstance(model, ArticleListModel | SearchResultsModel):
            row = model.row_of(article_id)
            if row is not None:
                self.list_view.update(model.index(row, 0))

    # --- selection and reading -------------------------------------------------------------

    def current_model(self) -> ArticleListModel | SearchResultsModel:
        model = self.list_view.model()
        assert isinstance(model, ArticleListModel | SearchResultsModel)
        return model

    def selected_summaries(self) -> list[ArticleSummary]:
        model = self.current_model()
        rows = sorted(i.row() for i in self.list_view.selectionModel().selectedRows())
        if not rows and self.list_view.currentIndex().isValid():
            rows = [self.list_view.currentIndex().row()]
        return [model.summary(r) for r in rows if r < model.rowCount()]

    def selected_ids(self) -> list[int]:
        ids = [s.id for s in self.selected_summaries()]
        if not ids and self.article_view.article_id is not None:
            ids = [self.article_view.article_id]
        return ids

    def current_summary(self) -> ArticleSummary | None:
        index = self.list_view.currentIndex()
        if not index.isValid():
            return None
        return self.current_model().summary(index.row())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_article(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        summary = self.current_model().summary(current.row())
        if summary.id != self.article_view.article_id:
            self.article_view.open_article(summary.id)
        self._update_actions()

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_actions()

    def select_article(self, article_id: int, open_it: bool = True) -> bool:
        row = self.current_model().row_of(article_id)
        if row is None:
            if open_it:
                self.article_view.open_article(article_id)
            return False
        self._pending_open = None
        index = self.current_model().index(row, 0)
        self.list_view.setCurrentIndex(index)
        self.list_view.scrollTo(index)
        return True

    def open_article(self, article_id: int) -> None:
        """Show this article (``reader open ID``), and select it once the list has it."""
        self._pending_open = article_id
        self.article_view.open_article(article_id)
        self.select_article(article_id, open_it=False)

    @Slot()
    def next_article(self) -> None:
        self._move(1)

    @Slot()
    def previous_article(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        model = self.current_model()
        if not model.rowCount():
            return
        current = self.list_view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        row = max(0, min(model.rowCount() - 1, row))
        if step > 0 and row >= model.rowCount() - 3 and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        index = model.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(index)

    @Slot()
    def focus_reading(self) -> None:
        summary = self.current_summary()
        if summary is not None and summary.id != self.article_view.article_id:
            self.article_view.open_article(summary.id)
        self.article_view.browser.setFocus()

    @Slot(QModelIndex)
    def _on_double_click(self, index: QModelIndex) -> None:
        self.focus_reading()

    @Slot(int)
    def _on_article_shown(self, article_id: int) -> None:
        self._update_actions()

    @Slot(int, float)
    def _on_position(self, article_id: int, position: float) -> None:
        library = self.library
        self.runner.submit(
            lambda _p: library.set_read_position(article_id, position), name="position"
        )

    @Slot(int)
    def _on_finished_reading(self, article_id: int) -> None:
        article = self.article_view.article
        if article is not None and article.id == article_id and not article.is_read:
            self.changes.set_read([article_id], True)

    # --- actions on articles ------------------------------------------------------------------

    @Slot(str, list, tuple)
    def _on_changed(self, what: str, ids: list[int], fresh: tuple[ArticleSummary, ...]) -> None:
        """A change was stored: refresh the rows, the counts and the reading pane."""
        self.list_model.apply(ids, fresh)
        self.search_model.apply(ids, fresh)
        self.schedule_counts()
        current = self.article_view.article_id
        if current in ids and what == "tags":
            self.article_view.open_article(current)
        elif current in ids and self.article_view.article is not None:
            self._reload_article_flags(current)
        self._update_actions()
        self.actionFinished.emit(what)

    def _reload_article_flags(self, article_id: int) -> None:
        library = self.library

        def done(article: Article) -> None:
            view = self.article_view
            if view.article is not None and view.article.id == article.id:
                view.article = article
                self._update_actions()

        self.runner.submit(lambda _p: library.get(article_id), done, lambda _e: None)

    def _flag_state(self, attr: str) -> bool:
        """Whether every selected article has this flag (toggles set it otherwise)."""
        summaries = self.selected_summaries()
        if summaries:
            return all(getattr(s, attr) for s in summaries)
        article = self.article_view.article
        return bool(article is not None and getattr(article, attr))

    @Slot()
    def toggle_read(self) -> None:
        value = not self._flag_state("is_read")
        if not value:
            self.article_view.keep_unread()  # the reader asked: don't mark it read again
        self.changes.set_read(self.selected_ids(), value)

    @Slot()
    def toggle_favourite(self) -> None:
        self.changes.set_favourite(self.selected_ids(), not self._flag_state("favourite"))

    @Slot()
    def toggle_archive(self) -> None:
        self.changes.set_archived(self.selected_ids(), not self._flag_state("archived"))

    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self.changes.add_tags(ids, names)

    def set_tags(self, ids: Sequence[int], old: Sequence[str], new: Sequence[str]) -> None:
        self.changes.set_tags(ids, old, new)

    @Slot()
    def edit_tags(self) -> None:
        summaries = self.selected_summaries()
        if not summaries:
            return
        common = [t for t in summaries[0].tags if all(t in s.tags for s in summaries)]
        dialog = TagDialog(len(summaries), common, self.sidebar_model.tag_names(), self)
        if dialog.exec():
            self.set_tags([s.id for s in summaries], common, dialog.tags())

    @Slot()
    def delete_selected(self) -> None:
        self._row_before_delete = self.list_view.currentIndex().row()
        self.changes.trash(self.selected_ids())

    @Slot(list)
    def _on_trashed(self, ids: list[int]) -> None:
        model = self.current_model()
        self.list_model.remove_ids(ids)
        self.search_model.remove_ids(ids)
        n = len(ids)
        self.statusBar().showMessage(f"Deleted {n} article{'s' if n != 1 else ''}", 10000)
        self.undo_button.setVisible(True)
        QTimer.singleShot(10000, self._hide_undo)
        if self.article_view.article_id in ids:
            self.article_view.clear()
        if model.rowCount():
            row = max(0, min(self._row_before_delete, model.rowCount() - 1))
            self.list_view.setCurrentIndex(model.index(row, 0))
        self.schedule_counts()
        self._update_actions()
        self.actionFinished.emit("delete")

    @Slot()
    def _hide_undo(self) -> None:
        if not self.statusBar().currentMessage():
            self.undo_button.setVisible(False)

    @Slot()
    def undo_delete(self) -> None:
        self.changes.undo()

    @Slot(list)
    def _on_restored(self, ids: list[int]) -> None:
        self.undo_button.setVisible(self.changes.can_undo)
        n = len(ids)
        self.statusBar().showMessage(f"Restored {n} article{'s' if n != 1 else ''}", 4000)
        self.list_model.reload()
        self._pending_open = ids[0]
        self.schedule_counts()
        self._update_actions()
        self.actionFinished.emit("restore")

    def _url_of(self, summary: ArticleSummary | None) -> str | None:
        if summary is None:
            article = self.article_view.article
            return (article.url or article.given_url) if article else None
        return summary.url or summary.given_url

    @Slot()
    def copy_link(self) -> None:
        urls = [s.url or s.given_url for s in self.selected_summaries()]
        if not urls and self._url_of(None):
            urls = [self._url_of(None) or ""]
        if urls:
            QGuiApplication.clipboard().setText("\n".join(urls))
            self.statusBar().showMessage("Link copied" if len(urls) == 1 else "Links copied", 3000)

    @Slot()
    def open_original(self) -> None:
        url = self._url_of(self.current_summary())
        if url:
            QDesktopServices.openUrl(QUrl(url))

    @Slot(int)
    def _open_original_of(self, article_id: int) -> None:
        article = self.article_view.article
        if article is not None and article.id == article_id:
            QDesktopServices.openUrl(QUrl(article.url or article.given_url))

    @Slot()
    def refetch(self) -> None:
        for s in self.selected_summaries():
            self.saves.retry(s.id, s.title or s.given_url)

    @Slot(int)
    def _retry_article(self, article_id: int) -> None:
        article = self.article_view.article
        label = article.given_url if article is not None else str(article_id)
        self.article_view.message.set_message("Saving…", label)  # still this article
        self.saves.retry(article_id, label)

    # --- saving ------------------------------------------------------------------------------

    @Slot()
    def focus_add(self) -> None:
        text = self.add_field.text().strip()
        if text and self.add_field.hasFocus():
            self.save_from_field()
            return
        self.add_field.setFocus()
        self.add_field.selectAll()

    @Slot()
    def save_from_field(self) -> None:
        targets = targets_from_text(self.add_field.text())
        if targets:
            self.save_targets(targets)
            self.add_field.clear()

    def save_targets(self, targets: Sequence[str]) -> int:
        n = self.saves.save(targets)
        if n:
            self.library_empty = False
        return n

    @Slot()
    def paste_links(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        targets = targets_from_mime(mime) if mime is not None else []
        if targets:
            self.save_targets(targets)
        else:
            self.statusBar().showMessage("The clipboard holds no links to save", 4000)

    @Slot()
    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Save HTML Files", "", "Web pages (*.html *.htm *.xhtml);;All files (*)"
        )
        if paths:
            self.save_targets(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if targets_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        targets = targets_from_mime(event.mimeData())
        if targets:
            self.save_targets(targets)
            event.acceptProposedAction()

    @Slot()
    def _on_save_started(self) -> None:
        if self.list_view.model() is self.list_model:
            self.list_model.refresh_head()
        self.schedule_counts()

    @Slot(int)
    def _on_saved(self, article_id: int) -> None:
        self.thumbnails.forget(article_id)
        self.list_model.refresh([article_id])  # e.g. a retried one leaves "Failed"
        if self.article_view.article_id == article_id:
            self.article_view.open_article(article_id)

    @Slot()
    def _on_save_finished(self) -> None:
        if self.list_model.rowCount() == 0:
            self.list_model.reload()
        else:
            self.list_model.refresh_head()
        self.schedule_counts()

    # --- search ------------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def search(self, query: str) -> None:
        """Search at once (the field's pause skipped)."""
        self.search_field.setText(query)
        self.searcher.run()

    @Slot(str, list)
    def _on_found(self, query: str, hits: list[SearchHit]) -> None:
        self._enter_search()
        self.search_model.set_hits(query, hits)
        self._update_header()
        if hits:
            self.list_view.setCurrentIndex(self.search_model.index(0, 0))
        self.searchFinished.emit(query)

    @Slot()
    def _on_search_cleared(self) -> None:
        self._leave_search()

    def _enter_search(self) -> None:
        if self.list_view.model() is not self.search_model:
            self.list_view.setModel(self.search_model)
            self._connect_list_selection()
            self.sidebar.clearSelection()

    def _leave_search(self) -> None:
        if self.list_view.model() is self.search_model:
            self.search_model.clear()
            self.list_view.setModel(self.list_model)
            self._connect_list_selection()
            row = (
                self.sidebar_model.row_of_view(self._view)
                if self._view is not None
                else self.sidebar_model.row_of_tag(self._tag or "")
            )
            if row is not None:
                self.sidebar.selectionModel().setCurrentIndex(
                    self.sidebar_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect,
                )
            current = self.article_view.article_id
            if current is not None:
                self.select_article(current, open_it=False)
            self._update_header()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search_field.text():
            self.search_field.clear()
            self.list_view.setFocus()
            return
        super().keyPressEvent(event)

    # --- tags --------------------------------------------------------------------------------

    def _current_tag(self) -> str | None:
        index = self.sidebar.currentIndex()
        if index.isValid() and index.data(SidebarRole.KIND) == Kind.TAG:
            return str(index.data(SidebarRole.KEY))
        return None

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; to an existing name, the two tags merge."""

        def done(_: object) -> None:
            if self._tag == old:
                self._set_list(None, new)  # the list follows its tag to the new name
            else:
                self.list_model.reload()
            self.refresh_counts()
            self.actionFinished.emit("rename tag")

        self.runner.submit(lambda _p: self.library.rename_tag(old, new), done, self.show_error)

    def delete_tag(self, name: str) -> None:
        def done(_: object) -> None:
            if self._tag == name:
                self.show_view(View.ALL)
            else:
                self.list_model.reload()
            self.refresh_counts()
            self.actionFinished.emit("delete tag")

        self.runner.submit(lambda _p: self.library.delete_tag(name), done, self.show_error)

    @Slot()
    def rename_current_tag(self) -> None:
        old = self._current_tag()
        if old is None:
            self.statusBar().showMessage("Select a tag in the sidebar first", 4000)
            return
        new, ok = QInputDialog.getText(
            self,
            "Rename Tag",
            f"New name for “{old}”\n(an existing tag's name merges the two):",
            text=old,
        )
        if ok and new.strip() and new.strip() != old:
            self.rename_tag(old, new.strip())

    @Slot()
    def delete_current_tag(self) -> None:
        name = self._current_tag()
        if name is None:
            self.statusBar().showMessage("Select a tag in the sidebar first", 4000)
            return
        answer = QMessageBox.question(
            self,
            "Delete Tag",
            f"Delete the tag “{name}”?\nIts articles stay in your library.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_tag(name)

    @Slot(QPoint)
    def _sidebar_menu(self, pos: QPoint) -> None:
        index = self.sidebar.indexAt(pos)
        if not index.isValid() or index.data(SidebarRole.KIND) != Kind.TAG:
            return
        self.sidebar.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions([self.act_rename_tag, self.act_delete_tag])
        menu.popup(self.sidebar.viewport().mapToGlobal(pos))

    @Slot(QPoint)
    def _list_menu(self, pos: QPoint) -> None:
        if not self.list_view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addActions([self.act_read, self.act_favourite, self.act_archive, self.act_tags])
        menu.addSeparator()
        menu.addActions([self.act_original, self.act_copy_link, self.act_refetch])
        menu.addSeparator()
        menu.addAction(self.act_delete)
        menu.popup(self.list_view.viewport().mapToGlobal(pos))

    # --- counts ------------------------------------------------------------------------------

    def schedule_counts(self) -> None:
        self._counts_timer.start()

    def resume_unfinished(self) -> None:
        """Saves a previous session left half done (still "pending") start again."""
        library = self.library

        def work(_: Progress) -> tuple[ArticleSummary, ...]:
            return library.page(ArticleFilter(status=Status.PENDING), limit=RESUME_LIMIT).items

        def done(pending: tuple[ArticleSummary, ...]) -> None:
            self.saves.resume(s.id for s in pending)

        self.runner.submit(work, done, self.show_error, name="resume saves")

    @Slot()
    def refresh_counts(self) -> None:
        library = self.library

        def work(_: Progress) -> Counts:
            views = {v: library.count(view_filter(v)) for v in View}
            return Counts(views, library.tags())

        def done(counts: Counts) -> None:
            self._counts = counts
            self.sidebar_model.set_counts(counts.views)
            self._set_sidebar_tags(counts.tags)
            if self._first_counts:
                self._first_counts = False
                total = sum(counts.views[v] for v in (View.ALL, View.ARCHIVE, View.FAILED))
                self.library_empty = total == 0
                if self.library_empty and self.article_view.article_id is None:
                    self.show_welcome()
            self._update_header()
            self.countsLoaded.emit()

        self.runner.submit(work, done, self.show_error, name="counts")

    # --- state of actions ----------------------------------------------------------------------

    def _update_actions(self) -> None:
        summaries = self.selected_summaries()
        article = self.article_view.article
        has = bool(summaries) or article is not None
        for act in (
            self.act_read,
            self.act_favourite,
            self.act_archive,
            self.act_tags,
            self.act_delete,
            self.act_original,
            self.act_copy_link,
            self.act_refetch,
        ):
            act.setEnabled(has)
        if summaries:
            read = all(s.is_read for s in summaries)
            fav = all(s.favourite for s in summaries)
            arch = all(s.archived for s in summaries)
        elif article is not None:
            read, fav, arch = article.is_read, article.favourite, article.archived
        else:
            read = fav = arch = False
        self.act_read.setText("Mark as &Unread" if read else "Mark as &Read")
        self.act_read.setToolTip("Mark as unread (M)" if read else "Mark as read (M)")
        self.act_read.setIcon(icon("unread" if read else "read", self.colors.text))
        self.act_favourite.setChecked(fav)
        self.act_favourite.setText("Remove from &Favourites" if fav else "Add to &Favourites")
        self.act_favourite.setIcon(
            icon("star-filled" if fav else "star", self.colors.accent if fav else self.colors.text)
        )
        self.act_archive.setChecked(arch)
        self.act_archive.setText("Move to &Inbox" if arch else "&Archive")
        self.act_undo.setEnabled(self.changes.can_undo)
        self.act_rename_tag.setEnabled(self._current_tag() is not None)
        self.act_delete_tag.setEnabled(self._current_tag() is not None)

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
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Reader",
            f"<h3>Reader {__version__}</h3>"
            "<p>Save news articles by their link and read them anywhere, offline.</p>"
            "<p>Articles, photos and tags are kept in your library folder:<br>"
            f"<code>{self.library.folder}</code></p>",
        )

    # --- closing ------------------------------------------------------------------------------

    @Slot()
    def quit(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.article_view.flush_position()
        self.save_layout()
        super().closeEvent(event)
