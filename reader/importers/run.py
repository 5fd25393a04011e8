"""Running an import: records first, fetches later, and what happened to every item.

A Reader archive (``reader.exporters.archive``) is restored whole instead, every field
as it was and nothing fetched (unless a ``format`` is named).  ``import_files`` reads each
other file whole (a file-level problem: one failed outcome for the
file, nothing of it recorded), records every item as a pending article in a few
transactions (merging items already in the library), then drains the pending ones
through the save queue (``reader.save_queue``), which saves each the way ``reader add``
does.  Killed at any point, nothing is lost: a second run (or ``reader retry``) carries
on, and adds no duplicates.

Contract: synchronous (the app runs it on a worker thread); callbacks come from worker
threads, one at a time.  Raises only ReaderError for the library as a whole (storage);
everything about a file or an item is an ``ItemOutcome``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.errors import ArchiveError, ImportFileError, ImportRowError, ReaderError
from reader.exporters.archive import is_archive, restore_archive
from reader.importers import ImportLimits, read_export
from reader.library import Library, SaveResult
from reader.models import ImportedItem, Status
from reader.save_queue import SaveQueue

#: Items recorded per transaction: each transaction is short, and whole items only.
BATCH = 2000

#: ``progress(stage, done, total, failed)``; stage ``"record"`` then ``"fetch"``.
ImportProgress = Callable[[str, int, int, int], None]


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What became of one item (or of a whole file, when ``url`` is None)."""

    input: str
    url: str | None
    ok: bool
    id: int | None
    status: str  # "imported" | "existing" | "failed"
    error: str | None  # the category of a failure
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "url": self.url,
            "ok": self.ok,
            "id": self.id,
            "status": self.status,
            "error": self.error,
            "message": self.message,
        }


@dataclass(slots=True)
class ImportSummary:
    imported: int = 0
    existing: int = 0
    failed: int = 0
    formats: dict[str, str] = field(default_factory=dict)  # file -> format detected

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": {"imported": self.imported, "existing": self.existing, "failed": self.failed}
        }


@dataclass(slots=True)
class _Waiting:
    """Items of the files waiting on one article's save."""

    items: list[tuple[str, ImportedItem, bool]] = field(default_factory=list)


def import_files(
    library: Library,
    paths: Sequence[Path],
    *,
    format: str | None = None,
    tags: Sequence[str] = (),
    fetch: bool = True,
    on_item: Callable[[ItemOutcome], None] | None = None,
    progress: ImportProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
    queue: SaveQueue | None = None,
    limits: ImportLimits | None = None,
) -> ImportSummary:
    """Import export files into ``library``; see the module docstring.

    ``fetch=False`` fetches nothing: items stay pending (``reader retry`` fetches them),
    except those whose content is in the file, saved from it with photos dropped.
    """
    from reader.fetcher import check_url

    summary = ImportSummary()

    def tell(outcome: ItemOutcome) -> None:
        if outcome.status == "failed":
            summary.failed += 1
        elif outcome.status == "existing":
            summary.existing += 1
        else:
            summary.imported += 1
        if on_item:
            on_item(outcome)

    waiting: dict[int, _Waiting] = {}
    for path in paths:
        name = str(path)
        if format is None and is_archive(path):
            _restore(library, path, summary, on_item, progress)
            continue
        try:
            parsed = read_export(path, format, limits)
        except ImportFileError as exc:
            tell(ItemOutcome(name, None, False, None, "failed", exc.category, str(exc)))
            continue
        summary.formats[name] = parsed.format
        for problem in parsed.problems:
            message = f"{problem.where}: {problem.message}"
            tell(ItemOutcome(name, problem.url, False, None, "failed", _ROW, message))
        good: list[ImportedItem] = []
        for item in parsed.items:
            try:
                good.append(replace(item, url=check_url(item.url)))
            except ReaderError as exc:
                where = f"line {item.line}: " if item.line else ""
                tell(
                    ItemOutcome(
                        name, item.url, False, None, "failed", exc.category, where + str(exc)
                    )
                )
        total = len(good)
        for start in range(0, total, BATCH):
            batch = good[start : start + BATCH]
            for item, rec in zip(batch, library.record_imports(batch, tags), strict=True):
                if rec.status is Status.SAVED:
                    tell(ItemOutcome(name, item.url, True, rec.article_id, "existing", None,
                                     "already in the library"))  # fmt: skip
                elif not fetch and item.html is None:
                    tell(_pending(name, item, rec.article_id, rec.existed, _NOT_FETCHED))
                else:
                    waiting.setdefault(rec.article_id, _Waiting()).items.append(
                        (name, item, rec.existed)
                    )
            if progress:
                progress("record", min(total, start + BATCH), total, 0)

    ids = list(waiting)
    if not fetch:
        offline = set(library.with_import_content(ids))
        for article_id in [i for i in ids if i not in offline]:
            for name, item, existed in waiting.pop(article_id).items:
                tell(
                    _pending(name, item, article_id, existed, "recorded; not fetched (--no-fetch)")
                )
        ids = [i for i in ids if i in offline]

    def on_result(article_id: int, result: SaveResult | ReaderError) -> None:
        for name, item, existed in waiting.pop(article_id).items:
            if isinstance(result, ReaderError):
                tell(ItemOutcome(name, item.url, False, article_id, "failed", result.category,
                                 str(result)))  # fmt: skip
            else:
                status = "existing" if existed or result.existed else "imported"
                message = "; ".join((result.title or "saved", *result.notes))
                tell(ItemOutcome(name, item.url, True, result.article_id, status, None, message))

    def queue_progress(done: int, total: int, failed: int) -> None:
        if progress:
            progress("fetch", done, total, failed)

    elsewhere: set[int] = set()
    if ids:
        report = (queue or SaveQueue(library)).drain(
            ids,
            progress=queue_progress,
            on_result=on_result,
            cancelled=cancelled,
            offline=not fetch,
        )
        elsewhere = set(report.elsewhere)
    for article_id, left in waiting.items():  # cancelled: still pending, nothing lost
        why = ELSEWHERE if article_id in elsewhere else STILL_PENDING
        for name, item, existed in left.items:
            tell(_pending(name, item, article_id, existed, why))
    return summary


def _restore(
    library: Library,
    path: Path,
    summary: ImportSummary,
    on_item: Callable[[ItemOutcome], None] | None,
    progress: ImportProgress | None,
) -> None:
    """A Reader archive (``reader export --format archive``) is restored, not imported:
    every field as it was, nothing fetched.  One outcome for the whole file."""
    name = str(path)

    def step(done: int, total: int) -> None:
        if progress:
            progress("restore", done, total, 0)

    try:
        restored = restore_archive(library, path, step)
    except ArchiveError as exc:
        summary.failed += 1
        outcome = ItemOutcome(name, None, False, None, "failed", exc.category, str(exc))
    else:
        summary.formats[name] = "archive"
        summary.imported += restored.restored
        summary.existing += restored.existed
        message = f"restored {restored.restored} articles, {restored.existed} already there"
        if restored.images_dropped:
            message += f", {restored.images_dropped} photos dropped (damaged)"
        outcome = ItemOutcome(name, None, True, None, "imported", None, message)
    if on_item:
        on_item(outcome)


#: The message of an item recorded but not fetched because the import was stopped.
STILL_PENDING = "recorded; still pending (cancelled)"
#: The message of an item another Reader draining the same library saved (or is saving).
ELSEWHERE = "recorded; left to another Reader saving it at the same time"
_ROW = ImportRowError.category
_NOT_FETCHED = "recorded; not fetched (--no-fetch)"


def _pending(
    name: str, item: ImportedItem, article_id: int, existed: bool, why: str
) -> ItemOutcome:
    status = "existing" if existed else "imported"
    return ItemOutcome(name, item.url, True, article_id, status, None, why)
