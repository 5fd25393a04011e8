"""Changes to articles from the GUI: flags, tags, delete and restore (undo).

Each change runs on the task runner and re-reads the changed summaries in the same
task, so the lists update from what is stored, never from a guess.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader.errors import ReaderError
from reader.library import Library
from reader.models import ArticleFilter, ArticleSummary
from reader.ui.workers import Progress, TaskRunner


class ArticleChanges(QObject):
    """Runs changes to articles (the window's ``UndoBar`` keeps what can be undone).

    Signals:
        changed(str, list, tuple): what changed ("read", "favourite", "archive", "tags"),
            the ids, and their fresh summaries (an id missing from them is gone).
        trashed(list): these ids went to the trash (``restore`` brings them back).
        restored(list): these ids came back from the trash.
        failed(ReaderError): a change could not be stored.
    """

    changed = Signal(str, list, tuple)
    trashed = Signal(list)
    restored = Signal(list)
    failed = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.runner = runner

    def change(self, ids: Sequence[int], what: str, call: Callable[[list[int]], Any]) -> None:
        id_list = list(ids)
        if not id_list:
            return
        library = self.library

        def work(_: Progress) -> tuple[ArticleSummary, ...]:
            call(id_list)
            flt = ArticleFilter(article_ids=tuple(id_list))
            return library.page(flt, limit=len(id_list)).items

        def done(fresh: tuple[ArticleSummary, ...]) -> None:
            self.changed.emit(what, id_list, fresh)

        self.runner.submit(work, done, self._fail, name=what)

    def set_read(self, ids: Sequence[int], value: bool) -> None:
        self.change(ids, "read", lambda i: self.library.set_read(i, value))

    def set_favourite(self, ids: Sequence[int], value: bool) -> None:
        self.change(ids, "favourite", lambda i: self.library.set_favourite(i, value))

    def set_archived(self, ids: Sequence[int], value: bool) -> None:
        self.change(ids, "archive", lambda i: self.library.set_archived(i, value))

    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self.change(ids, "tags", lambda i: self.library.add_tags(i, names))

    def set_tags(self, ids: Sequence[int], old: Sequence[str], new: Sequence[str]) -> None:
        """Bulk edit: add what is new, remove what was common to all and is gone."""
        added = [t for t in new if t not in old]
        removed = [t for t in old if t not in new]

        def call(i: list[int]) -> None:
            if added:
                self.library.add_tags(i, added)
            if removed:
                self.library.remove_tags(i, removed)

        self.change(ids, "tags", call)

    def trash(self, ids: Sequence[int]) -> None:
        id_list = list(ids)
        if not id_list:
            return

        def done(_: object) -> None:
            self.trashed.emit(id_list)

        self.runner.submit(lambda _p: self.library.trash(id_list), done, self._fail, name="trash")

    def restore(self, ids: Sequence[int], failed: Callable[[], None] | None = None) -> None:
        """Bring deleted articles back from the trash (undo); ``failed`` runs (after
        ``failed`` is emitted) when that could not be stored."""
        id_list = list(ids)

        def done(_: object) -> None:
            self.restored.emit(id_list)

        def fail(exc: ReaderError) -> None:
            self._fail(exc)
            if failed is not None:
                failed()

        self.runner.submit(lambda _p: self.library.restore(id_list), done, fail, name="undo")

    def _fail(self, exc: ReaderError) -> None:
        self.failed.emit(exc)
