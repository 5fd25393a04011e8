"""Which panes show: distraction-free reading, full screen, and narrow windows.

``ReadingLayout`` hides the sidebar and the list on request (View > Hide Sidebar and
List, Ctrl+Shift+F), switches full screen (F11), and in a narrow window collapses panes
instead of squeezing the reading column: under ``NARROW`` pixels the sidebar goes,
under ``VERY_NARROW`` the list too.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Slot
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QWidget,
)

from reader.ui.window_actions import WindowActions

NARROW = 1000  # below this width the sidebar folds away
VERY_NARROW = 720  # below this the list does too: the article has the window


class ReadingLayout(QObject):
    """The panes' visibility.  GUI thread only.

    The splitter's sizes are remembered from before any pane was hidden, so saving the
    layout in a narrow or distraction-free moment never saves a collapsed window.
    """

    def __init__(
        self,
        window: QMainWindow,
        splitter: QSplitter,
        sidebar: QWidget,
        list_pane: QWidget,
        actions: WindowActions,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.splitter = splitter
        self.sidebar = sidebar
        self.list_pane = list_pane
        self.actions = actions
        self.focus_mode = False
        self._saved: QByteArray | None = None
        actions.focus_mode.toggled.connect(self.set_focus_mode)
        actions.full_screen.toggled.connect(self.set_full_screen)
        window.installEventFilter(self)

    @property
    def sidebar_shown(self) -> bool:
        return not self.sidebar.isHidden()

    @property
    def list_shown(self) -> bool:
        return not self.list_pane.isHidden()

    @Slot(bool)
    def set_focus_mode(self, on: bool) -> None:
        """Distraction-free: only the article (and the toolbar) stay."""
        self.focus_mode = on
        if self.actions.focus_mode.isChecked() != on:
            self.actions.focus_mode.setChecked(on)
        self._apply()

    @Slot(bool)
    def set_full_screen(self, on: bool) -> None:
        if on:
            self.window.showFullScreen()
        else:
            self.window.showNormal()

    def splitter_state(self) -> QByteArray:
        """The splitter as it is with every pane shown."""
        return self._saved if self._saved is not None else self.splitter.saveState()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self._apply()
        elif watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            full = self.window.isFullScreen()
            if self.actions.full_screen.isChecked() != full:
                self.actions.full_screen.setChecked(full)
        return super().eventFilter(watched, event)

    def _apply(self) -> None:
        width = self.window.width()
        sidebar = not self.focus_mode and width >= NARROW
        listed = not self.focus_mode and width >= VERY_NARROW
        if sidebar == self.sidebar_shown and listed == self.list_shown:
            return
        if self._saved is None and self.sidebar_shown and self.list_shown:
            self._saved = self.splitter.saveState()
        self.sidebar.setVisible(sidebar)
        self.list_pane.setVisible(listed)
        if sidebar and listed and self._saved is not None:
            self.splitter.restoreState(self._saved)
            self._saved = None
