"""Import, export and backups as one part of the window (issues 12 and 14).

``Transfers`` owns the status bar's progress (``TransferProgress``), ``ImportCommands``
and ``ExportCommands``, and the glue the window needs: File > Export... with the current
selection and tag, Article > Export as ..., dropped export files, and a restored library
read again.  The window connects its actions to these slots in ``_connect_signals``.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtWidgets import QStatusBar, QWidget

from reader.library import Library
from reader.ui.article_view import ArticleView
from reader.ui.export_commands import ExportCommands
from reader.ui.import_commands import ImportCommands
from reader.ui.list_pane import ListPane
from reader.ui.navigation import Navigation
from reader.ui.transfer_progress import TransferProgress
from reader.ui.window_actions import WindowActions
from reader.ui.workers import TaskRunner


def local_files(mime: QMimeData) -> list[Path]:
    """The local files among dropped things (export files or pages; told apart later)."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def web_links(mime: QMimeData) -> list[str]:
    if not mime.hasUrls():
        return []
    return [u.toString() for u in mime.urls() if u.scheme() in ("http", "https")]


class Transfers(QObject):
    """Imports, exports, backups.  GUI thread only.

    Signals:
        changed(): articles were added or saved by an import (the list should follow).
        failed(object): a ReaderError, to show in one line.
    """

    changed = Signal()
    failed = Signal(object)

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        status_bar: QStatusBar,
        pane: ListPane,
        navigation: Navigation,
        article_view: ArticleView,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.pane = pane
        self.navigation = navigation
        self.article_view = article_view
        self.progress = TransferProgress(status_bar)
        self.imports = ImportCommands(library, runner, self.progress, window)
        self.exports = ExportCommands(library, runner, self.progress, window)
        self.imports.changed.connect(self.changed)
        self.imports.recorded.connect(self._reload_list)
        self._reselect: int | None = None
        pane.list_model.pageLoaded.connect(self._on_page_loaded)
        self.imports.failed.connect(self.failed)
        self.exports.message.connect(status_bar.showMessage)
        self.exports.failed.connect(self.failed)
        self.exports.restored.connect(self._on_restored)

    def connect_actions(
        self, act: WindowActions, changed: Callable[[], None], failed: Callable[[object], None]
    ) -> None:
        """File > Import..., Export..., Back Up Now, Restore...; Article > Export as ...;
        ``changed`` when an import changed the library, ``failed`` with a ReaderError."""
        self.changed.connect(changed)
        self.failed.connect(failed)
        act.import_file.triggered.connect(self.imports.choose_file)
        act.export.triggered.connect(self.show_export)
        act.backup_now.triggered.connect(self.exports.backup_now)
        act.restore_backup.triggered.connect(self.exports.choose_restore)
        act.export_epub.triggered.connect(lambda: self.export_articles("epub"))
        act.export_markdown.triggered.connect(lambda: self.export_articles("markdown"))
        act.export_html.triggered.connect(lambda: self.export_articles("html"))

    def at_start(self) -> None:
        """Once the first screen is up: pending saves resume, the automatic backup."""
        self.imports.resume_pending()
        self.exports.backup_if_due()

    @Slot()
    def show_export(self) -> None:
        """File > Export...: the dialog, with the selection and the current tag."""
        ids = [s.id for s in self.pane.selected_summaries()]
        tags = self.navigation.model.tag_names()
        self.exports.open_dialog(ids, tags, self.navigation.selected_tag())

    def export_articles(self, fmt: str) -> None:
        """Article > Export as ...: the selected articles, or the one in the pane."""
        summaries = self.pane.selected_summaries()
        article = self.article_view.article
        if summaries:
            self.exports.export_articles([s.id for s in summaries], fmt, summaries[0].title)
        elif article is not None:
            self.exports.export_articles([article.id], fmt, article.title)

    def accepts(self, mime: QMimeData) -> bool:
        return bool(local_files(mime))

    def drop(self, mime: QMimeData, save: Callable[[Sequence[str]], object]) -> bool:
        """Dropped files: export files are imported (after asking); pages and links are
        handed to ``save``."""
        files = local_files(mime)
        if not files:
            return False
        links = web_links(mime)
        if links:
            save(links)
        self.imports.drop(files, save)
        return True

    @Slot()
    def _reload_list(self) -> None:
        """Imported articles keep their own saved times: they may belong anywhere in the
        list, so it is read again (the article shown stays selected)."""
        if self.pane.searching:
            return
        self._reselect = self.article_view.article_id
        self.pane.list_model.reload()
        self.navigation.schedule_counts()

    @Slot(int)
    def _on_page_loaded(self, _n: int) -> None:
        if self._reselect is not None:
            article_id, self._reselect = self._reselect, None
            self.pane.select(article_id)

    @Slot()
    def _on_restored(self) -> None:
        """A backup replaced the library: everything on screen is read again."""
        self.article_view.clear()
        self.pane.list_model.reload()
        self.navigation.refresh_counts()
        self.changed.emit()
