"""The save queue: pending saves drained in the background (retry, import and feeds use it).

A pending save is an article with status ``pending`` in the library itself, so a killed
process loses nothing: the next drain (or ``reader retry``) carries on where it stopped.
Each one is saved by ``Library.retry``, the same pipeline as ``reader add``: the same URL
checks, limits, extraction, sanitiser and photo handling, and a failure is recorded on
the article (status ``failed`` with its category), as for any save.

The whole API::

    queue = SaveQueue(library, workers=4, per_host=2)
    report = queue.drain(ids, progress=..., on_result=..., cancelled=...)
    queue.cancel()          # from any thread: no new save starts; pending ones stay

Contract: ``drain`` is synchronous (run it on a worker thread in the app) and runs at
most ``workers`` saves at once, at most ``per_host`` of them to one host (by the host of
the address given).  Callbacks are called on the queue's worker threads, one at a time
(under the queue's lock), so they must be quick and must not touch Qt widgets.
Cancelling lets the saves under way finish and starts no more; what was not attempted
stays pending in the library.  Nothing but ``ReaderError`` is caught from a save: any
other exception is a bug and ends the drain once the saves under way are done.

Across processes (reader.save_claims): before it starts a save, a drain claims the
article in the library, atomically, so of two drains of one library (the app resuming
its saves while ``reader import`` or ``reader retry`` runs in a terminal, or two drains
of one process) exactly one saves it; the claim is given back when the save ends, saved
or failed.  An article another live drain has claimed, or that another drain saved or
failed since this one listed it, is skipped: it is in ``DrainReport.left`` (never in
``failed``) and in ``DrainReport.elsewhere``, and ``total`` in the progress drops by one,
so the figures count only what this drain saves.  A claim whose process is gone (or
that is over ten minutes old, or three save timeouts) is stale and taken over, so
nothing stays stuck pending.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.errors import ReaderError, StorageError
from reader.save_claims import new_claimant

if TYPE_CHECKING:
    from reader.library import Library, SaveResult

#: ``progress(done, total, failed)``: after each save ends (and once at the start).
QueueProgress = Callable[[int, int, int], None]
#: ``on_result(article_id, outcome)``: a SaveResult, or the ReaderError it failed with.
QueueResult = Callable[[int, "SaveResult | ReaderError"], None]

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 4
DEFAULT_PER_HOST = 2
_POLL = 0.2  # seconds between looks at a ``cancelled`` callable while waiting for a host


@dataclass(frozen=True, slots=True)
class DrainReport:
    """What one drain did: ids saved, ids failed, and ids it left (cancelled, or
    ``elsewhere``: those another drain was saving, or had saved or failed meanwhile)."""

    saved: tuple[int, ...]
    failed: tuple[int, ...]
    left: tuple[int, ...]
    elsewhere: tuple[int, ...] = ()


def host_of(url: str) -> str:
    """The host a save of ``url`` goes to first (its own key for an unparseable URL)."""
    try:
        return (urlsplit(url.strip()).hostname or url).lower()
    except ValueError:
        return url


class SaveQueue:
    """Drains pending saves with bounded concurrency and a per-host limit.

    Thread-safe: one drain at a time per queue (a second ``drain`` waits for the first).
    """

    def __init__(
        self,
        library: Library,
        *,
        workers: int = DEFAULT_WORKERS,
        per_host: int = DEFAULT_PER_HOST,
    ) -> None:
        if workers < 1 or per_host < 1:
            raise ValueError("workers and per_host must be at least 1")
        self.library = library
        self.workers = workers
        self.per_host = per_host
        self._cancel = threading.Event()
        self._one_drain = threading.Lock()

    def cancel(self) -> None:
        """Start no new save (the ones under way finish); the rest stay pending."""
        self._cancel.set()

    def drain(
        self,
        ids: Sequence[int] | None = None,
        *,
        progress: QueueProgress | None = None,
        on_result: QueueResult | None = None,
        cancelled: Callable[[], bool] | None = None,
        offline: bool = False,
    ) -> DrainReport:
        """Save ``ids`` (default: every pending article, oldest first) and report.

        ``offline``: fetch nothing; only articles whose content came with an import are
        saved (their photos are dropped with a note), the others stay pending.
        """
        with self._one_drain:
            self._cancel.clear()
            return _Drain(self, ids, progress, on_result, cancelled, offline).run()


class _Drain:
    """One drain's state: the jobs by host, the saves under way, the outcomes."""

    def __init__(
        self,
        queue: SaveQueue,
        ids: Sequence[int] | None,
        progress: QueueProgress | None,
        on_result: QueueResult | None,
        cancelled: Callable[[], bool] | None,
        offline: bool,
    ) -> None:
        self.queue = queue
        self.library = queue.library
        wanted = list(dict.fromkeys(ids)) if ids is not None else self.library.pending()
        if offline:
            wanted = self.library.with_import_content(wanted)
        self.queued = self.library.queued(wanted)
        self.claimant = new_claimant()
        self.by_host: dict[str, deque[int]] = {}
        for article_id in wanted:
            # An id no longer in the library still goes through retry, which reports it.
            found = self.queued.get(article_id)
            host = host_of(found.given_url if found else "")
            self.by_host.setdefault(host, deque()).append(article_id)
        self.total = len(wanted)
        self.progress = progress
        self.on_result = on_result
        self.cancelled = cancelled
        self.offline = offline
        self.cond = threading.Condition()
        self.active: Counter[str] = Counter()
        self.saved: list[int] = []
        self.failed: list[int] = []
        self.elsewhere: list[int] = []
        self.bug: BaseException | None = None

    def stopping(self) -> bool:
        return (
            self.queue._cancel.is_set()
            or self.bug is not None
            or (self.cancelled is not None and self.cancelled())
        )

    def run(self) -> DrainReport:
        if self.progress:
            self.progress(0, self.total, 0)
        threads = [
            threading.Thread(target=self.work, name=f"reader-queue-{i}", daemon=True)
            for i in range(min(self.queue.workers, self.total))
        ]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            if self.queued:
                self.release_all()  # any a bug left behind
        if self.bug is not None:
            raise self.bug
        left = tuple(i for jobs in self.by_host.values() for i in jobs)
        elsewhere = tuple(self.elsewhere)
        return DrainReport(tuple(self.saved), tuple(self.failed), elsewhere + left, elsewhere)

    def take(self) -> tuple[int, str] | None:
        """The next job whose host has room, waiting for one; None: nothing more to do."""
        with self.cond:
            while True:
                if self.stopping():
                    return None
                if not self.by_host:
                    return None
                # Hosts with nothing left are dropped, so this walks only busy hosts.
                for host, jobs in self.by_host.items():
                    if self.active[host] < self.queue.per_host:
                        self.active[host] += 1
                        article_id = jobs.popleft()
                        if not jobs:
                            del self.by_host[host]
                        return article_id, host
                # Woken when a save ends; polled now and then for a cancel.
                self.cond.wait(_POLL)

    def work(self) -> None:
        try:
            while (job := self.take()) is not None:
                article_id, host = job
                outcome: SaveResult | ReaderError
                try:
                    if not self.claim(article_id):
                        self.skip(article_id, host)
                        continue
                    try:
                        outcome = self.library.retry(article_id, offline=self.offline, claimed=True)
                    finally:
                        self.release(article_id)
                except ReaderError as exc:
                    outcome = exc
                except BaseException as exc:
                    with self.cond:
                        self.bug = self.bug or exc
                        self.active[host] -= 1
                        self.cond.notify_all()
                    return
                with self.cond:
                    self.active[host] -= 1
                    (self.failed if isinstance(outcome, ReaderError) else self.saved).append(
                        article_id
                    )
                    if self.on_result:
                        self.on_result(article_id, outcome)
                    if self.progress:
                        self.progress(
                            len(self.saved) + len(self.failed), self.total, len(self.failed)
                        )
                    self.cond.notify_all()
        finally:
            self.library.release_thread()

    def claim(self, article_id: int) -> bool:
        """Whether this drain may save ``article_id`` (it claimed it, or it is not in
        the library: then retry reports that, as for any save)."""
        found = self.queued.get(article_id)
        return found is None or self.library.claim_save(found, self.claimant)

    def release(self, article_id: int) -> None:
        if article_id not in self.queued:
            return
        try:
            self.library.release_saves(self.claimant, [article_id])
        except StorageError:
            # The save itself is stored; the claim goes at the drain's end, or stale.
            log.warning("could not release the claim on article %d", article_id)

    def release_all(self) -> None:
        try:
            self.library.release_saves(self.claimant)
        except StorageError:
            # Left behind, they are stale once this process ends (or in ten minutes).
            log.warning("could not release this drain's claims")

    def skip(self, article_id: int, host: str) -> None:
        """Another drain has ``article_id``: this one leaves it, and counts it out."""
        with self.cond:
            self.active[host] -= 1
            self.elsewhere.append(article_id)
            self.total -= 1
            if self.progress:
                self.progress(len(self.saved) + len(self.failed), self.total, len(self.failed))
            self.cond.notify_all()
