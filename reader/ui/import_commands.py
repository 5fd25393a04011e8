"""Importing export files in the app: File > Import..., drops, the report, resuming.

``ImportCommands`` asks for a file (or takes dropped ones), detects its format on a
worker (``reader.importers.detect_file``) and shows it before anything starts; then runs
``reader.importers.run.import_files`` on the save lane, with "N of M, F failed" in the
status bar, and ends with an ``ImportReport`` (imported / already there / failed, the
failures listed by address and why) whose "Retry Failed" drains the failed ones through
``reader.save_queue.SaveQueue``.  At start ``resume_pending`` drains what a previous
session left pending (an import killed halfway, a save cut short).  GUI thread only;
the library is only called on workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.errors import ReaderError
from reader.importers import detect_file
from reader.importers.run import ImportSummary, ItemOutcome, import_files
from reader.library import Library
from reader.save_queue import DrainReport, SaveQueue
from reader.ui.import_report import FORMAT_NAMES, ImportReport, Retried
from reader.ui.saving import HTML_SUFFIXES
from reader.ui.transfer_progress import TransferProgress
from reader.ui.workers import Progress, TaskRunner

FILE_FILTER = (
    "Export files (*.zip *.csv *.json *.html *.htm *.txt);;All files (*)"  # any: by content
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    summary: ImportSummary
    outcomes: tuple[ItemOutcome, ...]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ImportCommands(QObject):
    """Imports from the window.  GUI thread only.

    Signals:
        detected(str, str): the file and its format were found; the confirmation is shown.
        finished(object): an import ended (an ``ImportResult``); the report is shown.
        resumed(int): the saves left pending at start were drained (how many were).
        changed(): articles were added or saved (the list and counts should follow).
        recorded(): an import's items are all in the library (with their own saved
            times, so anywhere in the list: it is read again).
        failed(object): a ReaderError (a file that is no export, the library unreadable).
    """

    detected = Signal(str, str)
    finished = Signal(object)
    resumed = Signal(int)
    changed = Signal()
    recorded = Signal()
    failed = Signal(object)

    def __init__(
        self, library: Library, runner: TaskRunner, progress: TransferProgress, window: QWidget
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.progress = progress
        self.window = window
        self.confirm: QMessageBox | None = None
        self.report: ImportReport | None = None
        self.running = 0

    # --- choosing a file ---------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import an Export File", str(Path.home()), FILE_FILTER
        )
        if path:
            self.ask(Path(path))

    def ask(self, path: Path) -> None:
        """Detect the format of ``path`` (on a worker), then ask before importing it."""

        def work(_: Progress) -> str:
            return detect_file(path)

        def done(fmt: str) -> None:
            self._confirm(path, fmt)

        self.runner.submit(work, done, self.failed.emit, name="detect import format")

    def _confirm(self, path: Path, fmt: str, more: Sequence[tuple[Path, str]] = ()) -> None:
        """Ask before importing ``path`` (and the files of ``more``), naming each format."""
        files = [(path, fmt), *more]
        box = QMessageBox(self.window)
        box.setObjectName("importConfirm")
        box.setWindowTitle("Import")
        box.setIcon(QMessageBox.Icon.Question)
        if more:
            box.setText(f"Import these {len(files)} files?")
            what = "\n".join(f"{p.name}: {FORMAT_NAMES.get(f, f)}" for p, f in files)
        else:
            box.setText(f"Import “{path.name}”?")
            what = f"This file is {FORMAT_NAMES.get(fmt, fmt)}."
        box.setInformativeText(
            f"{what}\n\n"
            "Every item is added at once with its title, tags and state; the pages are "
            "then fetched in the background. Importing the same file again adds nothing."
        )
        start = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(start)
        start.clicked.connect(lambda: self.start([p for p, _ in files]))
        self.confirm = box
        box.open()
        self.detected.emit(str(path), fmt)

    # --- dropped files -----------------------------------------------------------------

    def drop(self, paths: Sequence[Path], save: Callable[[list[str]], object]) -> None:
        """Dropped local files: those in an export format are imported (after asking),
        web pages are handed to ``save``; of anything else, the first error is told."""

        def work(_: Progress) -> tuple[list[tuple[Path, str]], list[str], list[ReaderError]]:
            exports, pages, errors = [], [], []
            for path in paths:
                try:
                    exports.append((path, detect_file(path)))
                except ReaderError as exc:
                    if path.suffix.lower() in HTML_SUFFIXES:
                        pages.append(str(path))
                    else:
                        errors.append(exc)
            return exports, pages, errors

        def done(found: tuple[list[tuple[Path, str]], list[str], list[ReaderError]]) -> None:
            exports, pages, errors = found
            if pages:
                save(pages)
            if exports:
                self._confirm(*exports[0], more=exports[1:])
            if errors:
                self.failed.emit(errors[0])

        self.runner.submit(work, done, self.failed.emit, name="detect dropped files")

    # --- running -----------------------------------------------------------------------

    def start(self, paths: Sequence[Path]) -> None:
        """Import ``paths`` now (no question), with progress, then the report."""
        library = self.library
        key = f"import-{id(paths)}"
        label = f"Importing {paths[0].name}" if len(paths) == 1 else "Importing"

        stop = threading.Event()

        def work(progress: Progress) -> ImportResult:
            outcomes: list[ItemOutcome] = []

            def step(stage: str, done: int, total: int, failed: int) -> None:
                progress(f"{stage}|{failed}", done, total)

            summary = import_files(
                library, paths, on_item=outcomes.append, progress=step, cancelled=stop.is_set
            )
            return ImportResult(summary, tuple(outcomes))

        def stepped(stage: str, done: int, total: int) -> None:
            name, _, failed = stage.partition("|")
            verb = {"record": "adding", "restore": "restoring"}.get(name, "fetching")
            text = f"{label}: {verb} {done} of {total}"
            if name == "fetch" and failed not in ("", "0"):
                text += f", {failed} failed"
            self.progress.show_step(key, text, done, total)
            if name in ("record", "restore") and done == total:
                self.recorded.emit()
            elif done == total or done % 10 == 0:
                self.changed.emit()

        def done(result: ImportResult) -> None:
            self._ended(key)
            self.recorded.emit()
            self.show_report(result)
            self.finished.emit(result)

        def failed(exc: ReaderError) -> None:
            self._ended(key)
            self.failed.emit(exc)

        self.running += 1
        self.progress.show_step(key, f"{label}: reading the file")
        self.progress.can_stop(key, stop.set)
        self.runner.submit(work, done, failed, stepped, name="import", network=True)

    def _ended(self, key: str) -> None:
        self.running -= 1
        self.progress.finish(key)
        self.changed.emit()

    def show_report(self, result: ImportResult) -> None:
        self.report = ImportReport(result.summary, result.outcomes, self.window)
        self.report.retryRequested.connect(self.retry)
        self.report.open()

    def retry(self, ids: Sequence[int]) -> None:
        """Save the failed ``ids`` again (the report's "Retry Failed")."""
        library, key = self.library, "import-retry"
        stop = threading.Event()

        def work(progress: Progress) -> Retried:
            def step(done: int, total: int, failed: int) -> None:
                progress(str(failed), done, total)

            queue = SaveQueue(library)
            report: DrainReport = queue.drain(list(ids), progress=step, cancelled=stop.is_set)
            errors = {i: library.get(i).error or "" for i in report.failed}
            return Retried(report.saved, errors, report.elsewhere)

        def stepped(failed: str, done: int, total: int) -> None:
            text = f"Retrying {done} of {total}"
            self.progress.show_step(key, text + (f", {failed} failed" if failed != "0" else ""))

        def done(retried: Retried) -> None:
            self.progress.finish(key)
            if self.report is not None:
                self.report.retried(retried)
            self.changed.emit()

        def failed(exc: ReaderError) -> None:
            self.progress.finish(key)
            self.failed.emit(exc)

        self.progress.show_step(key, f"Retrying {_plural(len(ids), 'save')}")
        self.progress.can_stop(key, stop.set)
        self.runner.submit(work, done, failed, stepped, name="retry imports", network=True)

    def resume_pending(self) -> None:
        """At start: drain every save a previous session left pending, in the background."""
        library, key = self.library, "resume"
        stop = threading.Event()

        def work(progress: Progress) -> int:
            ids = library.pending()
            if ids:
                SaveQueue(library).drain(
                    ids, progress=lambda d, t, _f: progress("", d, t), cancelled=stop.is_set
                )
            return len(ids)

        def stepped(_: str, done: int, total: int) -> None:
            text = f"Finishing {_plural(total, 'save')} left from last time: {done} of {total}"
            self.progress.show_step(key, text, done, total)
            self.progress.can_stop(key, stop.set)
            self.changed.emit()

        def done(n: int) -> None:
            self.progress.finish(key)
            if n:
                self.changed.emit()
            self.resumed.emit(n)

        def failed(exc: ReaderError) -> None:
            self.progress.finish(key)
            self.failed.emit(exc)

        self.runner.submit(work, done, failed, stepped, name="resume saves", network=True)
