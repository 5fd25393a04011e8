"""Exports, backups and restores from the window (issue 14), all on workers.

``ExportCommands``: File > Export... (``ExportDialog``: the selection, a tag or
everything; a format; a place), Article > Export as EPUB / Markdown / HTML (a name
asked for, the rest as the article is), File > Back Up Now and Restore..., and the
automatic backup at start (``Library.backup_if_due``).  Long work shows its progress in
the status bar; at the end a message says where the file went ("Show in Folder").
GUI thread only; the library is only called on workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.backup import BackupInfo, RestoreInfo, restore_backup
from reader.errors import ReaderError
from reader.exporters import ExportResult, export
from reader.library import Library
from reader.ui.export_dialog import FORMAT_LABELS, ExportChoice, ExportDialog, default_dest
from reader.ui.transfer_progress import TransferProgress
from reader.ui.workers import Progress, TaskRunner

FORMAT_WORDS = {
    "epub": "an EPUB book",
    "markdown": "Markdown",
    "html": "HTML",
    "archive": "a Reader archive",
    "bookmarks": "bookmarks",
    "csv": "CSV",
}


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


class ExportCommands(QObject):
    """Export, back up, restore.  GUI thread only.

    Signals:
        exported(object): an export ended (an ``ExportResult``); the message is shown.
        backedUp(object): a backup was made (a ``BackupInfo``), by hand or automatically.
        restored(object): the library was restored (a ``RestoreInfo``): reload everything.
        message(str, int): a note for the status bar, and how long it stays (ms).
        failed(object): a ReaderError, to show in one line.
    """

    exported = Signal(object)
    backedUp = Signal(object)
    restored = Signal(object)
    message = Signal(str, int)
    failed = Signal(object)

    def __init__(
        self, library: Library, runner: TaskRunner, progress: TransferProgress, window: QWidget
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.progress = progress
        self.window = window
        self.dialog: ExportDialog | None = None
        self.done_box: QMessageBox | None = None
        self.folder = Path.home()

    # --- exports -----------------------------------------------------------------------

    def open_dialog(self, selected: Sequence[int], tags: Sequence[str], tag: str | None) -> None:
        """File > Export...: ask what, as what, where; export when accepted."""
        self.dialog = ExportDialog(selected, tags, tag, self.folder, self.window)
        self.dialog.accepted.connect(lambda: self._dialog_done())
        self.dialog.open()

    def _dialog_done(self) -> None:
        if self.dialog is not None:
            self.export(self.dialog.chosen())

    def export_articles(self, ids: Sequence[int], fmt: str, title: str) -> None:
        """Article > Export as ...: the articles ``ids``, to a name asked for."""
        if not ids:
            return
        stem = (title or "article").replace("/", "-").replace("\\", "-").strip()[:80]
        suggested = default_dest(self.folder, fmt, stem or "article")
        if fmt == "html":
            suggested = suggested.with_suffix(".html")  # one self-contained page
        caption = f"Export as {FORMAT_LABELS.get(fmt, fmt)}"
        path, _ = QFileDialog.getSaveFileName(self.window, caption, str(suggested))
        if path:
            self.export(ExportChoice(tuple(ids), None, fmt, Path(path)))

    def export(self, choice: ExportChoice) -> None:
        """Write ``choice`` on a worker, with progress; then say where it went."""
        library, key = self.library, f"export-{id(choice)}"

        def work(progress: Progress) -> ExportResult:
            ids = library.selection(choice.ids, choice.tag)
            return export(library, ids, choice.fmt, choice.dest, lambda d, t: progress("", d, t))

        def stepped(_: str, done: int, total: int) -> None:
            self.progress.show_step(key, f"Exporting {done} of {total}", done, total)

        def done(result: ExportResult) -> None:
            self.progress.finish(key)
            self.folder = result.path.parent
            what = FORMAT_WORDS.get(result.format, result.format)
            self._tell("Export finished", f"Exported {_articles(result.articles)} as {what}.",
                       result.path)  # fmt: skip
            self.exported.emit(result)

        self.progress.show_step(key, "Exporting…")
        self.runner.submit(work, done, self._failed(key), stepped, name="export", network=True)

    # --- backups -----------------------------------------------------------------------

    @Slot()
    def backup_now(self) -> None:
        """File > Back Up Now: a consistent copy, to a file asked for."""
        stamp = datetime.now().strftime("%Y-%m-%d")
        suggested = default_dest(self.folder, "archive", f"Reader backup {stamp}")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Back Up the Library",
            str(suggested.with_suffix(".sqlite3")),
            "Reader backups (*.sqlite3);;All files (*)",
        )
        if path:
            self.backup(Path(path))

    def backup(self, dest: Path) -> None:
        library, key = self.library, "backup"

        def work(_: Progress) -> BackupInfo:
            return library.backup(dest)

        def done(info: BackupInfo) -> None:
            self.progress.finish(key)
            self.folder = info.path.parent
            self._tell("Backup made",
                       f"Backed up {_articles(info.articles)} ({_size(info.size)}); checked.",
                       info.path)  # fmt: skip
            self.backedUp.emit(info)

        self.progress.show_step(key, "Backing up the library…")
        self.runner.submit(work, done, self._failed(key), name="backup", network=True)

    def backup_if_due(self) -> None:
        """At start: the automatic backup (reader.toml ``[backup]``), if one is due."""
        library = self.library

        def work(_: Progress) -> BackupInfo | None:
            return library.backup_if_due()

        def done(info: BackupInfo | None) -> None:
            if info is not None:
                self.message.emit(f"Automatic backup made: {info.path}", 5000)
                self.backedUp.emit(info)

        self.runner.submit(work, done, self.failed.emit, name="automatic backup", network=True)

    # --- restoring ---------------------------------------------------------------------

    @Slot()
    def choose_restore(self) -> None:
        """File > Restore...: a backup, a warning, then the restore."""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Restore from a Backup",
            str(self.library.folder / "backups"),
            "Reader backups (*.sqlite3);;All files (*)",
        )
        if path:
            self.ask_restore(Path(path))

    def ask_restore(self, path: Path) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("restoreConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Restore")
        box.setText(f"Restore the library from “{path.name}”?")
        box.setInformativeText(
            "The articles in the library now are replaced by those in the backup. The "
            "library as it is now is kept beside it first (library-before-restore-…), "
            "never deleted. The backup is checked before anything changes."
        )
        go = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        go.clicked.connect(lambda: self.restore(path))
        self.done_box = box
        box.open()

    def restore(self, path: Path) -> None:
        folder, key = self.library.folder, "restore"

        def work(_: Progress) -> RestoreInfo:
            return restore_backup(path, folder)

        def done(info: RestoreInfo) -> None:
            self.progress.finish(key)
            kept = f" The library before it is kept as {info.kept.name}." if info.kept else ""
            self._tell("Library restored",
                       f"Restored {_articles(info.articles)} from {path.name}.{kept}",
                       info.kept or info.library)  # fmt: skip
            self.restored.emit(info)

        self.progress.show_step(key, "Restoring…")
        self.runner.submit(work, done, self._failed(key), name="restore", network=True)

    # --- messages ----------------------------------------------------------------------

    def _failed(self, key: str) -> Callable[[ReaderError], None]:
        def failed(exc: ReaderError) -> None:
            self.progress.finish(key)
            self.failed.emit(exc)

        return failed

    def _tell(self, title: str, text: str, path: Path) -> None:
        """Say what was done and where the file went, with a way to see it."""
        self.message.emit(f"{text} {path}", 8000)
        box = QMessageBox(self.window)
        box.setObjectName("transferDone")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(str(path))
        show = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        folder = path if path.is_dir() else path.parent
        show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        self.done_box = box
        box.open()
