"""Saving from the window: the link field, the clipboard, files and drops, and the list
following the saves (new rows at the top, counts, a re-fetched article in the pane).

``SaveCommands`` hands targets to ``SaveController`` and keeps the list pane and the
counts in step as saves start and end; at start it resumes the saves a previous session
left pending.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from reader.library import Library
from reader.ui.article_view import ArticleView
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
from reader.ui.saving import SaveController, targets_from_mime, targets_from_text
from reader.ui.workers import TaskRunner


class SaveCommands(QObject):
    """Saving links and files from the window.  GUI thread only.

    Signals:
        saving(): a save was started (the library is not empty any more).
        message(str, int): a short note for the status bar, and how long it stays (ms).
        failed(object): resuming saves could not read the library (a ReaderError).
    """

    saving = Signal()
    message = Signal(str, int)
    failed = Signal(object)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        saves: SaveController,
        field: QLineEdit,
        pane: ListPane,
        navigation: Navigation,
        article_view: ArticleView,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.saves = saves
        self.field = field
        self.pane = pane
        self.navigation = navigation
        self.article_view = article_view
        self.window = window
        #: Looks first at a typed address that may be a site's or a feed's (True: taken;
        #: ``FeedCommands.offer`` asks "Subscribe to this site's feed?").
        self.offer: Callable[[str], bool] | None = None
        saves.started.connect(self._on_save_started)
        saves.saved.connect(self._on_saved)
        saves.finished.connect(self._on_save_finished)
        saves.failedSave.connect(self._on_save_failed)

    @Slot()
    def focus_field(self) -> None:
        """Ctrl+L: to the link field, or save what it holds when already there."""
        if self.field.text().strip() and self.field.hasFocus():
            self.save_from_field()
            return
        self.field.setFocus()
        self.field.selectAll()

    @Slot()
    def save_from_field(self) -> None:
        if self.offer is not None and self.offer(self.field.text()):
            self.field.clear()
            return
        targets = targets_from_text(self.field.text())
        if targets:
            self.save_targets(targets)
            self.field.clear()

    def save_targets(self, targets: Sequence[str]) -> int:
        n = self.saves.save(targets)
        if n:
            self.saving.emit()
        return n

    @Slot()
    def paste_links(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        targets = targets_from_mime(mime) if mime is not None else []
        if targets:
            self.save_targets(targets)
        else:
            self.message.emit("The clipboard holds no links to save", 4000)

    @Slot()
    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Save HTML Files", "", "Web pages (*.html *.htm *.xhtml);;All files (*)"
        )
        if paths:
            self.save_targets(paths)

    def accepts(self, mime: QMimeData) -> bool:
        return bool(targets_from_mime(mime))

    def drop(self, mime: QMimeData) -> bool:
        targets = targets_from_mime(mime)
        if targets:
            self.save_targets(targets)
        return bool(targets)

    @Slot()
    def _on_save_started(self) -> None:
        if not self.pane.searching:
            self.pane.list_model.refresh_head()
        self.navigation.schedule_counts()

    @Slot(int)
    def _on_saved(self, article_id: int) -> None:
        self.pane.thumbnails.forget(article_id)
        self.pane.list_model.refresh([article_id])  # e.g. a retried one leaves "Failed"
        if self.article_view.article_id == article_id:
            self.article_view.open_article(article_id)

    @Slot(str, object)
    def _on_save_failed(self, _label: str, exc: object) -> None:
        # The pane said "Saving…" for its own Retry: it shows the article as it stands now
        # (failed again, or still another Reader's to save), never "Saving…" for ever.
        article_id = getattr(exc, "article_id", None)
        if article_id is not None and self.article_view.article_id == article_id:
            self.article_view.open_article(article_id)

    @Slot()
    def _on_save_finished(self) -> None:
        model = self.pane.list_model
        if model.rowCount() == 0:
            model.reload()
        else:
            model.refresh_head()
        self.navigation.schedule_counts()
