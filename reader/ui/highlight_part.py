"""The window's highlights part: H, the side panel, the Highlights view, undo of a remove.

``HighlightsPart`` makes the actions (Highlight H, Note on Article, the side panel's
toggle, the Highlights view), puts them in the View and Article menus, docks the side
panel by the reading pane and wires ``PaneHighlights``, the panel, the view and the undo
bar together in ``connect``.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from reader.errors import ReaderError
from reader.models import Highlight
from reader.ui.article_view import ArticleView
from reader.ui.error_messages import describe
from reader.ui.highlight_panel import HighlightPanel
from reader.ui.highlights_view import HighlightsView
from reader.ui.library_watch import LibraryWatch
from reader.ui.pane_highlights import PaneHighlights
from reader.ui.themes import Colors
from reader.ui.undo_bar import UndoBar
from reader.ui.window_actions import WindowActions


class HighlightsPart(QObject):
    """Highlights in the window.  GUI thread only."""

    def __init__(
        self,
        window: QMainWindow,
        view: ArticleView,
        actions: WindowActions,
        undo_bar: UndoBar,
        open_article: Callable[[int], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.actions = actions
        self.undo_bar = undo_bar
        self.open_article = open_article
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
        self.library_view = HighlightsView(library, runner, window)

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
        self.show_all = action("All &Highlights…", "Ctrl+Alt+H")
        actions.view_menu.addSeparator()
        actions.view_menu.addActions([self.toggle_panel, self.show_all])
        actions.article_menu.addSeparator()
        actions.article_menu.addActions([self.highlight, self.article_note])

    def wire(self) -> None:
        pane, panel = self.pane, self.panel
        self.highlight.triggered.connect(lambda: pane.highlight_selection())
        self.article_note.triggered.connect(pane.edit_article_note)
        self.show_all.triggered.connect(self.library_view.open)
        pane.changed.connect(self._show_panel)
        pane.removed.connect(self._on_removed)
        pane.message.connect(lambda text: self.window.statusBar().showMessage(text, 4000))
        pane.stored.connect(self._on_stored)
        pane.failed.connect(self._on_failed)
        self.library_view.failed.connect(self._on_failed)
        panel.highlightClicked.connect(pane.scroll_to)
        panel.noteRequested.connect(pane.edit_article_note)
        self.library_view.openRequested.connect(self.open_at)
        self.view.rendered.connect(self._restyle)
        watch = self.window.findChild(LibraryWatch)  # the window's one watch
        if watch is not None:
            watch.changed.connect(self._on_library_changed)

    @Slot()
    def _restyle(self) -> None:
        """The pane was laid out (a theme change among the reasons): the swatches follow."""
        colors: Colors = self.view.colors
        if colors != self.panel.colors:
            self.panel.colors = self.library_view.colors = colors
            c = colors
            self.dock.setStyleSheet(
                f"QDockWidget {{ color: {c.text}; }}"
                f" QDockWidget::title {{ background: {c.sidebar}; padding: 6px; }}"
                f" #highlightPanel {{ background: {c.sidebar}; }}"
                f" #highlightPanel QLabel {{ color: {c.text}; }}"
            )
            self.library_view.setStyleSheet(
                f"#highlightsView {{ background: {c.window}; }} QLabel {{ color: {c.text}; }}"
            )
            self._show_panel()

    @Slot()
    def _show_panel(self) -> None:
        self.panel.show_article(self.pane.article_id, self.pane.highlights, self.pane.note)

    @Slot()
    def _on_library_changed(self) -> None:
        """Another process changed the library (``reader highlight``...): read again."""
        if self.pane.article_id is not None:
            self.pane.reload()
        elif self.library_view.isVisible():
            self.library_view.reload()

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
    def _on_stored(self, _what: str) -> None:
        if self.library_view.isVisible():
            self.library_view.reload()

    @Slot(int, int)
    def open_at(self, article_id: int, highlight_id: int) -> None:
        """Open an article at one of its highlights (the Highlights view)."""
        self.pane.open_at(article_id, highlight_id)
        if article_id != self.view.article_id:
            self.open_article(article_id)
        self.window.raise_()
        self.window.activateWindow()
