"""What the person does to articles: read, star, archive, tag, delete and undo, links,
fetching again; and to tags: rename, merge, delete.

``ArticleCommands`` acts on the selected rows (or the article in the pane), stores the
change through ``ArticleChanges`` or the task runner, and brings the rows, the pane and
the counts up to date when it is stored.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from reader.errors import ReaderError
from reader.library import Library
from reader.models import Article, ArticleSummary
from reader.ui.article_changes import ArticleChanges
from reader.ui.article_view import ArticleView
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
from reader.ui.saving import SaveController
from reader.ui.sidebar import View
from reader.ui.tag_editor import TagDialog
from reader.ui.undo_bar import UndoBar
from reader.ui.workers import TaskRunner


class ArticleCommands(QObject):
    """The commands on articles and tags.  GUI thread only.

    Signals:
        actionFinished(str): a change (tagging, flags, delete, ...) was stored and shown.
        stateChanged(): what the actions apply to may have changed (update them).
        message(str, int): a short note for the status bar, and how long it stays (ms).
        restored(int): undo brought articles back; this one should be shown.
        failed(object): a change could not be stored (a ReaderError).
    """

    actionFinished = Signal(str)
    stateChanged = Signal()
    message = Signal(str, int)
    restored = Signal(int)
    failed = Signal(object)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        pane: ListPane,
        navigation: Navigation,
        article_view: ArticleView,
        saves: SaveController,
        undo_bar: UndoBar,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.pane = pane
        self.navigation = navigation
        self.article_view = article_view
        self.saves = saves
        self.undo_bar = undo_bar
        self.window = window
        self.changes = ArticleChanges(library, runner, self)
        self._row_before_delete = 0
        self.changes.changed.connect(self._on_changed)
        self.changes.trashed.connect(self._on_trashed)
        self.changes.restored.connect(self._on_restored)
        self.changes.failed.connect(self.failed)

    # --- what the commands apply to ----------------------------------------------------

    def selected_ids(self) -> list[int]:
        ids = [s.id for s in self.pane.selected_summaries()]
        if not ids and self.article_view.article_id is not None:
            ids = [self.article_view.article_id]
        return ids

    def _flag_state(self, attr: str) -> bool:
        """Whether every selected article has this flag (toggles set it otherwise)."""
        summaries = self.pane.selected_summaries()
        if summaries:
            return all(getattr(s, attr) for s in summaries)
        article = self.article_view.article
        return bool(article is not None and getattr(article, attr))

    # --- flags -------------------------------------------------------------------------

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

    @Slot(int)
    def finished_reading(self, article_id: int) -> None:
        """The reader reached the end of the article in the pane: it is read."""
        article = self.article_view.article
        if article is not None and article.id == article_id and not article.is_read:
            self.changes.set_read([article_id], True)

    @Slot(int, float)
    def save_position(self, article_id: int, position: float) -> None:
        library = self.library
        self.runner.submit(
            lambda _p: library.set_read_position(article_id, position), name="position"
        )

    @Slot(str, list, tuple)
    def _on_changed(self, what: str, ids: list[int], fresh: tuple[ArticleSummary, ...]) -> None:
        """A change was stored: refresh the rows, the counts and the reading pane."""
        self.pane.list_model.apply(ids, fresh)
        self.pane.search_model.apply(ids, fresh)
        self.navigation.schedule_counts()
        current = self.article_view.article_id
        if current in ids and what == "tags":
            self.article_view.open_article(current)
        elif current in ids and self.article_view.article is not None:
            self._reload_article_flags(current)
        self.stateChanged.emit()
        self.actionFinished.emit(what)

    def _reload_article_flags(self, article_id: int) -> None:
        library = self.library

        def done(article: Article) -> None:
            view = self.article_view
            if view.article is not None and view.article.id == article.id:
                view.article = article
                self.stateChanged.emit()

        self.runner.submit(lambda _p: library.get(article_id), done, lambda _e: None)

    # --- tags ----------------------------------------------------------------------------

    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self.changes.add_tags(ids, names)

    def set_tags(self, ids: Sequence[int], old: Sequence[str], new: Sequence[str]) -> None:
        self.changes.set_tags(ids, old, new)

    @Slot()
    def edit_tags(self) -> None:
        summaries = self.pane.selected_summaries()
        if not summaries:
            return
        common = [t for t in summaries[0].tags if all(t in s.tags for s in summaries)]
        dialog = TagDialog(len(summaries), common, self.navigation.model.tag_names(), self.window)
        if dialog.exec():
            self.set_tags([s.id for s in summaries], common, dialog.tags())

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; to an existing name, the two tags merge."""

        def done(_: object) -> None:
            if self.navigation.tag == old:
                self.navigation.set_list(None, new)  # the list follows its tag
            else:
                self.pane.list_model.reload()
            self.navigation.refresh_counts()
            self.actionFinished.emit("rename tag")

        self.runner.submit(lambda _p: self.library.rename_tag(old, new), done, self._fail)

    def delete_tag(self, name: str) -> None:
        def done(_: object) -> None:
            if self.navigation.tag == name:
                self.navigation.show_view(View.ALL)
            else:
                self.pane.list_model.reload()
            self.navigation.refresh_counts()
            self.actionFinished.emit("delete tag")

        self.runner.submit(lambda _p: self.library.delete_tag(name), done, self._fail)

    @Slot()
    def rename_current_tag(self) -> None:
        old = self.navigation.selected_tag()
        if old is None:
            self.message.emit("Select a tag in the sidebar first", 4000)
            return
        new, ok = QInputDialog.getText(
            self.window,
            "Rename Tag",
            f"New name for “{old}”\n(an existing tag's name merges the two):",
            text=old,
        )
        if ok and new.strip() and new.strip() != old:
            self.rename_tag(old, new.strip())

    @Slot()
    def delete_current_tag(self) -> None:
        name = self.navigation.selected_tag()
        if name is None:
            self.message.emit("Select a tag in the sidebar first", 4000)
            return
        answer = QMessageBox.question(
            self.window,
            "Delete Tag",
            f"Delete the tag “{name}”?\nIts articles stay in your library.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_tag(name)

    # --- delete and undo -------------------------------------------------------------------

    @Slot()
    def delete_selected(self) -> None:
        self._row_before_delete = self.pane.view.currentIndex().row()
        self.changes.trash(self.selected_ids())

    @Slot(list)
    def _on_trashed(self, ids: list[int]) -> None:
        self.pane.list_model.remove_ids(ids)
        self.pane.search_model.remove_ids(ids)
        self._offer_undo(ids)
        if self.article_view.article_id in ids:
            self.article_view.clear()
        # The row that took the deleted one's place is the current one, and in the pane.
        self.pane.select_row(max(0, self._row_before_delete))
        self.navigation.schedule_counts()
        self.stateChanged.emit()
        self.actionFinished.emit("delete")

    def _offer_undo(self, ids: list[int]) -> None:
        """Undo (Ctrl+Z, the button) brings them back; offered again if that fails."""

        def undo_failed() -> None:
            self._offer_undo(ids)

        self.undo_bar.deleted(len(ids), lambda: self.changes.restore(ids, undo_failed))

    @Slot(list)
    def _on_restored(self, ids: list[int]) -> None:
        self.undo_bar.restored(len(ids))
        self.pane.list_model.reload()
        self.restored.emit(ids[0])
        self.navigation.schedule_counts()
        self.stateChanged.emit()
        self.actionFinished.emit("restore")

    # --- links and fetching again -------------------------------------------------------------

    def _url_of_pane(self) -> str | None:
        article = self.article_view.article
        return (article.url or article.given_url) if article else None

    @Slot()
    def copy_link(self) -> None:
        urls = [s.url or s.given_url for s in self.pane.selected_summaries()]
        if not urls and self._url_of_pane():
            urls = [self._url_of_pane() or ""]
        if urls:
            QGuiApplication.clipboard().setText("\n".join(urls))
            self.message.emit("Link copied" if len(urls) == 1 else "Links copied", 3000)

    @Slot()
    def open_original(self) -> None:
        summary = self.pane.current_summary()
        url = (summary.url or summary.given_url) if summary else self._url_of_pane()
        if url:
            QDesktopServices.openUrl(QUrl(url))

    @Slot(int)
    def open_original_of(self, article_id: int) -> None:
        article = self.article_view.article
        if article is not None and article.id == article_id:
            QDesktopServices.openUrl(QUrl(article.url or article.given_url))

    @Slot()
    def refetch(self) -> None:
        for s in self.pane.selected_summaries():
            self.saves.retry(s.id, s.title or s.given_url)

    @Slot(int)
    def retry_article(self, article_id: int) -> None:
        article = self.article_view.article
        label = article.given_url if article is not None else str(article_id)
        self.article_view.message.set_message("Saving…", label)  # still this article
        self.saves.retry(article_id, label)

    def _fail(self, exc: ReaderError) -> None:
        self.failed.emit(exc)
