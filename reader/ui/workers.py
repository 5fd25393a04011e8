"""The one task runner: runs slow calls on a QThreadPool, delivers results on the GUI thread.

Everything that touches the network, extraction, Pillow or a query that may be slow goes
through ``TaskRunner.submit``.  Workers never touch widgets or ``QPixmap``; they may build
a ``QImage``.  Results, errors and progress come back as queued signals to slots of the
runner (which lives on the GUI thread), and the runner calls the callbacks there.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from reader.errors import ReaderError

log = logging.getLogger(__name__)

#: A progress reporter handed to a task: (stage, done, total); callable from any thread.
Progress = Callable[[str, int, int], None]


@dataclass(eq=False)
class Task:
    """One submitted call and its callbacks (called on the GUI thread)."""

    fn: Callable[[Progress], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[ReaderError], None] | None = None
    on_progress: Callable[[str, int, int], None] | None = None
    name: str = ""
    cancelled: bool = field(default=False)

    def cancel(self) -> None:
        """Drop the result when it arrives (the call itself runs to its end)."""
        self.cancelled = True


class InternalError(ReaderError):
    """A bug in a task (not a ReaderError), as callbacks see it; the log has its traceback."""

    category = "internal_error"


class _Relay(QObject):
    """Tells the runner, from a worker thread, that a task progressed or ended.

    Only plain numbers and strings cross threads: PySide6 (6.12) miscounts references
    of Python objects sent through queued ``Signal(object)``, which crashed the app.
    The outcome itself waits in the runner's locked mailbox.

    Signals:
        ended(int): the task with this number returned or raised.
        progressed(int, str, int, int): task number, stage, done, total.
    """

    ended = Signal(int)
    progressed = Signal(int, str, int, int)


class _Runnable(QRunnable):
    def __init__(self, number: int, task: Task, runner: TaskRunner) -> None:
        super().__init__()
        self.number = number
        self.fn = task.fn
        self.name = task.name
        self.relay = runner._relay
        self.post = runner._post
        self.setAutoDelete(True)

    def run(self) -> None:
        number, relay = self.number, self.relay

        def progress(stage: str, done: int, total: int) -> None:
            relay.progressed.emit(number, stage, done, total)

        try:
            result = self.fn(progress)
        except ReaderError as exc:
            self.post(number, False, exc)
        except Exception as exc:  # a bug: keep its traceback in the log, tell the GUI
            log.error("unexpected error in task %s\n%s", self.name, traceback.format_exc())
            self.post(number, False, exc)
        else:
            self.post(number, True, result)
        relay.ended.emit(number)


class TaskRunner(QObject):
    """Runs callables off the GUI thread.  Create and use it on the GUI thread only.

    ``submit(fn, on_done, on_error, on_progress)``: ``fn(progress)`` runs on a pool
    thread; the callbacks run on the GUI thread.  A ReaderError goes to ``on_error``
    (or to ``error`` when there is none).  Any other exception is a bug: it is logged
    with its traceback, reported through ``bug`` and handed to ``on_error`` as an
    ``InternalError``, so that no caller waits forever.

    Signals:
        error(ReaderError): a task without ``on_error`` failed.
        bug(str): a task raised something that is not a ReaderError.
        busyChanged(bool): whether any task is queued or running.
    """

    error = Signal(object)
    bug = Signal(str)
    busyChanged = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, max_threads: int = 3, max_network: int = 4
    ) -> None:
        super().__init__(parent)
        # Two pools, so that a batch of slow saves never queues the queries the window
        # waits for (a page of the list, a search, opening an article).
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._network_pool = QThreadPool(self)
        self._network_pool.setMaxThreadCount(max_network)
        self._relay = _Relay(self)
        q = Qt.ConnectionType.QueuedConnection
        self._relay.ended.connect(self._on_ended, q)
        self._relay.progressed.connect(self._on_progress, q)
        self._active: dict[int, Task] = {}
        self._numbers = itertools.count(1)
        self._mailbox: dict[int, tuple[bool, object]] = {}
        self._lock = threading.Lock()
        self._closed = False

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def submit(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[ReaderError], None] | None = None,
        on_progress: Callable[[str, int, int], None] | None = None,
        name: str = "",
        network: bool = False,
    ) -> Task:
        """Run ``fn(progress)`` on a worker; ``network``: a save, in its own pool."""
        task = Task(fn, on_done, on_error, on_progress, name)
        if self._closed:
            task.cancel()
            return task
        number = next(self._numbers)
        self._active[number] = task
        if len(self._active) == 1:
            self.busyChanged.emit(True)
        pool = self._network_pool if network else self._pool
        pool.start(_Runnable(number, task, self))
        return task

    def _post(self, number: int, ok: bool, outcome: object) -> None:
        """Called on the worker thread: leave the outcome for the GUI thread."""
        with self._lock:
            self._mailbox[number] = (ok, outcome)

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Drop queued tasks and wait for the running ones; True when all stopped."""
        self._closed = True
        self._pool.clear()
        self._network_pool.clear()
        for task in self._active.values():
            task.cancel()
        fast = self._pool.waitForDone(wait_ms)
        return self._network_pool.waitForDone(wait_ms) and fast

    @Slot(int)
    def _on_ended(self, number: int) -> None:
        with self._lock:
            ok, outcome = self._mailbox.pop(number)
        task = self._active.pop(number, None)
        if not self._active:
            self.busyChanged.emit(False)
        if task is None or task.cancelled:
            return
        if ok:
            if task.on_done is not None:
                task.on_done(outcome)
        elif not isinstance(outcome, ReaderError):
            self.bug.emit(f"{type(outcome).__name__}: {outcome}")
            if task.on_error is not None:
                task.on_error(InternalError(f"{type(outcome).__name__}: {outcome}"))
        elif task.on_error is not None:
            task.on_error(outcome)
        else:
            self.error.emit(outcome)

    @Slot(int, str, int, int)
    def _on_progress(self, number: int, stage: str, done: int, total: int) -> None:
        task = self._active.get(number)
        if task is not None and not task.cancelled and task.on_progress is not None:
            task.on_progress(stage, done, total)
