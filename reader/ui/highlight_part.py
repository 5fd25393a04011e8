"""The window's highlights part: H, the side panel, the Highlights view, undo of a remove.

``HighlightsPart`` makes the actions (Highlight H, Note on Article, the side panel's
toggle, View > Highlights), puts them in the View and Article menus, docks the side
panel by the reading pane, holds the window's middle column (the article list, or the
Highlights view when the sidebar's Highlights row is chosen) and wires
``PaneHighlights``, the panel, the view and the undo bar together in ``wire``.

While the Highlights view shows, the reading pane shows nothing or the article of a
highlight of the view, and the hidden article list has no selection (so the article
commands act on the pane's article).  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMainWindow, QStackedWidget

from reader.errors import ReaderError
from reader.models import Highlight
from reader.ui.article_view import ArticleView
from reader.ui.error_messages import describe
from reader.ui.highlight_panel import HighlightPanel
from reader.ui.highlights_view import HighlightsView
from reader.ui.library_watch import LibraryWatch
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
from reader.ui.pane_highlights import PaneHighlights
from reader.ui.themes import Colors
from reader.ui.undo_bar import UndoBar
from reader.ui.window_actions import WindowActions

#: The reading pane while the Highlights view shows and no highlight is chosen.
NO_HIGHLIGHT = ("No highlight chosen", "Choose a highlight to read its article here.")


class HighlightsPart(QObject):
    """Highlights in the window.  GUI thread only.

    Signals:
        stateChanged(): what the article actions apply to may have changed.
    """

    stateChanged = Signal()

    def __init__(
        self,
        window: QMainWindow,
        view: ArticleView,
        actions: WindowActions,
        undo_bar: UndoBar,
        navigation: Navigation,
        list_pane: ListPane,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.actions = actions
        self.undo_bar = undo_bar
        self.navigation = navigation
        self.list_pane = list_pane
        library, runner = view.library, view.runner
        self.pane = PaneHighlights(library, runner, view, self)
        self.panel = HighlightPanel()
        self.dock = QDockWidget("Highlights and Notes", window)
        self.dock.setObjectName("highlightsDock")
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.library_view = HighlightsView(library, runner)
        self.middle = QStackedWidget()  # the list, or the Highlights view
        self.middle.setObjectName("middlePane")
        self.middle.addWidget(list_pane)
        self.middle.addWidget(self.library_view)

        def action(text: str, shortcut: str) -> QAction:
            a = QAction(text, window)
            a.setShortcut(QKeySequence(shortcut))
            window.addAction(a)
            return a

        self.highlight = action("&Highlight Selection", "H")
        self.article_note = action("Note on &Article…", "Shift+N")
        self.toggle_panel = self.dock.toggleViewAction()
        self.toggle_panel.setText("Highlights and &Notes Panel")
        self.toggle_panel.setShortcut(QKeySequence("Ctrl+Shift+H"))
        window.addAction(self.toggle_panel)
        self.show_all = action("All &Highlights", "Ctrl+Alt+H")
        self.show_all.setToolTip("Every highlight, newest first (the sidebar's Highlights)")
        actions.view_menu.addSeparator()
        actions.view_menu.addActions([self.toggle_panel, self.show_all])
        actions.article_menu.addSeparator()
        actions.article_menu.addActions([self.highlight, self.article_note])

    @property
    def shown(self) -> bool:
        """The Highlights view is the window's list (not search results in its place)."""
        return self.middle.currentWidget() is self.library_view

    def wire(self) -> None:
        pane, panel, nav, view = self.pane, self.panel, self.navigation, self.library_view
        self.highlight.triggered.connect(lambda: pane.highlight_selection())
        self.article_note.triggered.connect(pane.edit_article_note)
        self.show_all.triggered.connect(self.show_view)
        pane.changed.connect(self._show_panel)
        pane.removed.connect(self._on_removed)
        pane.message.connect(lambda text: self.window.statusBar().showMessage(text, 4000))
        pane.stored.connect(self._on_stored)
        pane.failed.connect(self._on_failed)
        view.failed.connect(self._on_failed)
        panel.highlightClicked.connect(pane.scroll_to)
        panel.noteRequested.connect(pane.edit_article_note)
        view.openRequested.connect(self.open_at)
        view.activated.connect(self._read_at)
        view.colorRequested.connect(pane.set_color)
        view.noteRequested.connect(self._edit_note)
        view.removeRequested.connect(pane.remove)
        view.reloaded.connect(self._agree)
        nav.highlightsChosen.connect(self._on_chosen)
        nav.listChanged.connect(self._on_list_chosen)
        self.list_pane.modelChanged.connect(self._on_list_model)
        self.list_pane.selectionChanged.connect(self._keep_list_unselected)
        self.view.rendered.connect(self._restyle)
        watch = self.window.findChild(LibraryWatch)  # the window's one watch
        if watch is not None:
            watch.changed.connect(self._on_library_changed)

    # --- the Highlights view in the middle column ------------------------------------------

    @Slot()
    def show_view(self) -> None:
        """View > All Highlights (Ctrl+Alt+H): the sidebar's row, and the keys in its list."""
        self.navigation.show_highlights()
        view = self.library_view
        # The keys go to the list, or (none yet: the list is hidden) to the filters.
        (view.list if view.list.isVisibleTo(view) else view.color).setFocus()

    @Slot()
    def _on_chosen(self) -> None:
        """The sidebar's Highlights row was chosen: the view in place of the list, the
        newest highlights, and nothing in the pane until one is chosen."""
        self.middle.setCurrentWidget(self.library_view)
        self.list_pane.view.selectionModel().clear()
        self._clear_pane()
        self.library_view.load_tags()
        self.library_view.reload()
        self.stateChanged.emit()

    @Slot()
    def _on_list_chosen(self) -> None:
        self.middle.setCurrentWidget(self.list_pane)

    @Slot()
    def _on_list_model(self) -> None:
        """Search results take the middle column; leaving search brings the view back."""
        if self.list_pane.searching:
            self.middle.setCurrentWidget(self.list_pane)
        elif self.navigation.highlights:
            self.middle.setCurrentWidget(self.library_view)
            self.list_pane.view.selectionModel().clear()
            self._agree()
            self.stateChanged.emit()

    @Slot()
    def _keep_list_unselected(self) -> None:
        """The list behind the view holds no selection (a delete selects the next row)."""
        selection = self.list_pane.view.selectionModel()
        if self.shown and (selection.hasSelection() or selection.currentIndex().isValid()):
            selection.clear()

    @Slot()
    def _agree(self) -> None:
        """The pane shows an article of the view, or nothing."""
        shown = self.view.article_id
        if self.shown and shown is not None and shown not in self.library_view.article_ids():
            self._clear_pane()
            self.stateChanged.emit()

    def _clear_pane(self) -> None:
        self.view.show_message(*NO_HIGHLIGHT)

    def step_or(self, step: int, otherwise: Callable[[int], None]) -> None:
        """J/K: through the Highlights view when it is shown, else ``otherwise`` (the list)."""
        if self.shown:
            self.library_view.step(step)
        else:
            otherwise(step)

    @Slot(int, int)
    def open_at(self, article_id: int, highlight_id: int) -> None:
        """Open an article at one of its highlights (the Highlights view's current row)."""
        self.pane.open_at(article_id, highlight_id)
        if article_id != self.view.article_id:
            self.view.open_article(article_id)
        self.stateChanged.emit()

    @Slot(int, int)
    def _read_at(self, article_id: int, highlight_id: int) -> None:
        if self.library_view.current_highlight() != highlight_id or article_id != (
            self.view.article_id
        ):
            self.open_at(article_id, highlight_id)
        self.view.browser.setFocus()

    @Slot(int, str)
    def _edit_note(self, highlight_id: int, note: str) -> None:
        """A row's Edit Note… (the row's article need not be in the pane yet)."""
        text, ok = QInputDialog.getMultiLineText(
            self.library_view, "Note", "Note on this highlight:", note
        )
        if ok:
            self.pane.set_note(highlight_id, text)

    # --- changes ----------------------------------------------------------------------------

    @Slot()
    def _restyle(self) -> None:
        """The pane was laid out (a theme change among the reasons): the swatches follow."""
        colors: Colors = self.view.colors
        if colors != self.panel.colors:
            self.panel.colors = colors
            self.library_view.set_colors(colors)
            c = colors
            self.dock.setStyleSheet(
                f"QDockWidget {{ color: {c.text}; }}"
                f" QDockWidget::title {{ background: {c.sidebar}; padding: 6px; }}"
                f" #highlightPanel {{ background: {c.sidebar}; }}"
                f" #highlightPanel QLabel {{ color: {c.text}; }}"
            )
            self._show_panel()

    def set_colors(self, colors: Colors) -> None:
        """The window's theme (the view follows it even while the pane shows nothing)."""
        if colors != self.library_view.colors:
            self.library_view.set_colors(colors)

    @Slot()
    def _show_panel(self) -> None:
        self.panel.show_article(self.pane.article_id, self.pane.highlights, self.pane.note)

    @Slot()
    def _on_library_changed(self) -> None:
        """Another process (``reader highlight``...), or the window's own work, changed
        the library: read the pane's highlights and the view's rows again."""
        if self.pane.article_id is not None:
            self.pane.reload()
        if self.shown:
            self.library_view.refresh()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        if isinstance(exc, ReaderError):
            self.window.statusBar().showMessage(describe(exc).one_line(), 8000)

    @Slot(object)
    def _on_removed(self, gone: Highlight) -> None:
        self.undo_bar.offer(
            "Removed a highlight", lambda: self.pane.restore(gone), "Remove Highlight"
        )

    @Slot(str)
    def _on_stored(self, what: str) -> None:
        if what != "reload":
            self.navigation.schedule_counts()
        if self.shown and what != "reload":
            self.library_view.refresh()
