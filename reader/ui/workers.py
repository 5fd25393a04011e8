"""The one task runner: runs slow calls on a QThreadPool, delivers results on the GUI thread.

Everything that touches the network, extraction, Pillow or a query that may be slow goes
through ``TaskRunner.submit``.  Workers never touch widgets or ``QPixmap``; they may build
a ``QImage``.  Results, errors and progress come back as queued signals to slots of the
runner (which lives on the GUI thread), and the runner calls the callbacks there.

Three lanes: queries the window waits for, saves (network), and images.
Every image the app shows (reading-pane photos and list thumbnails) is decoded in the
image lane, one at a time on one thread, most urgent first: two image decoders running at
once on two threads (one of them the GUI thread) froze the app on PySide6 6.12.

A pool thread gets a fresh Python thread state for every task, so whatever a task left
in thread-local storage (the library's SQLite connection) would be dropped unclosed: the
runner calls ``release_thread`` on the worker after every task.

Saves run on daemon threads of their own (``_SaveThreads``): a save waiting on a slow
site must not keep the app from quitting (a QThreadPool waits for its tasks when it is
destroyed).  One left running at exit simply ends with the process; its article was
recorded as pending before anything was fetched, and the next start resumes it.
"""

from __future__ import annotations

import enum
import itertools
import logging
import queue
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


class Lane(enum.Enum):
    """Which pool a task runs in."""

    QUERY = "query"  # a page of the list, a search, opening an article (a few threads)
    NETWORK = "network"  # a save (several threads, so slow sites never hold the others)
    IMAGE = "image"  # decoding a photo or a thumbnail (one thread, by priority)


class Priority(enum.IntEnum):
    """Order within a lane: higher runs first."""

    BACKGROUND = 0  # photos off screen
    LIST = 1  # list thumbnails
    SCREEN = 2  # a photo the reader is looking at


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
        self.release = runner._release_thread
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
        finally:
            self._release()
        relay.ended.emit(number)

    def _release(self) -> None:
        if self.release is None:
            return
        try:
            self.release()
        except Exception:  # a bug, but the task's outcome must still reach the GUI
            log.error("releasing the worker's resources failed\n%s", traceback.format_exc())


class _SaveThreads:
    """A few daemon threads that run the save lane's tasks in order (any thread may
    submit; the threads start on first use).  The process never waits for them."""

    def __init__(self, max_threads: int) -> None:
        self.max_threads = max_threads
        self._queue: queue.SimpleQueue[_Runnable | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._cond = threading.Condition()
        self._waiting: list[_Runnable] = []
        self._running = 0

    def start(self, runnable: _Runnable, _priority: int = 0) -> None:
        with self._cond:
            self._waiting.append(runnable)
            idle = len(self._threads) - self._running
            if len(self._waiting) > idle and len(self._threads) < self.max_threads:
                thread = threading.Thread(
                    target=self._work, name=f"reader-save-{len(self._threads) + 1}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        self._queue.put(None)  # one wake-up per task

    def _work(self) -> None:
        while True:
            self._queue.get()
            with self._cond:
                if not self._waiting:
                    continue  # cleared before it got here
                runnable = self._waiting.pop(0)
                self._running += 1
            try:
                runnable.run()
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()

    def clear(self) -> None:
        """Drop the tasks not started yet."""
        with self._cond:
            self._waiting.clear()
            self._cond.notify_all()

    def activeThreadCount(self) -> int:
        with self._cond:
            return self._running

    def waitForDone(self, msecs: int) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._running and not self._waiting, max(0, msecs) / 1000
            )


class TaskRunner(QObject):
    """Runs callables off the GUI thread.  Create and use it on the GUI thread only.

    ``submit(fn, on_done, on_error, on_progress, lane=, priority=)``: ``fn(progress)``
    runs on a thread of its lane; the callbacks run on the GUI thread.
    ``release_thread`` (if given) runs on the worker after each task.  A ReaderError
    goes to ``on_error`` (or to ``error`` when there is none).  Any other exception is
    a bug: it is logged with its traceback, reported through ``bug`` and handed to
    ``on_error`` as an ``InternalError``, so that no caller waits forever.

    Signals:
        error(ReaderError): a task without ``on_error`` failed.
        bug(str): a task raised something that is not a ReaderError.
        busyChanged(bool): whether any task is queued or running.
    """

    error = Signal(object)
    bug = Signal(str)
    busyChanged = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        max_threads: int = 3,
        max_network: int = 4,
        release_thread: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        # Separate pools, so that a batch of slow saves never queues the queries the
        # window waits for (a page of the list, a search, opening an article).
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._network_pool = _SaveThreads(max_network)
        self._image_pool = QThreadPool(self)
        self._image_pool.setMaxThreadCount(1)
        self._pools: dict[Lane, QThreadPool | _SaveThreads] = {
            Lane.QUERY: self._pool,
            Lane.NETWORK: self._network_pool,
            Lane.IMAGE: self._image_pool,
        }
        self._release_thread = release_thread
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
        lane: Lane = Lane.QUERY,
        priority: Priority = Priority.BACKGROUND,
    ) -> Task:
        """Run ``fn(progress)`` on a worker of ``lane`` (``network``: the save lane)."""
        task = Task(fn, on_done, on_error, on_progress, name)
        if self._closed:
            task.cancel()
            return task
        number = next(self._numbers)
        self._active[number] = task
        if len(self._active) == 1:
            self.busyChanged.emit(True)
        pool = self._pools[Lane.NETWORK if network else lane]
        pool.start(_Runnable(number, task, self), int(priority))
        return task

    def _post(self, number: int, ok: bool, outcome: object) -> None:
        """Called on the worker thread: leave the outcome for the GUI thread."""
        with self._lock:
            self._mailbox[number] = (ok, outcome)

    def shutdown(self, wait_ms: int = 5000, network_wait_ms: int | None = None) -> bool:
        """Drop queued tasks and wait for the running ones; True when all stopped.

        Saves get ``network_wait_ms`` (default ``wait_ms``) to finish; one still running
        then is left to the end of the process (its article stays pending).
        """
        self._closed = True
        for pool in self._pools.values():
            pool.clear()
        for task in self._active.values():
            task.cancel()
        stopped = all(self._pools[lane].waitForDone(wait_ms) for lane in (Lane.QUERY, Lane.IMAGE))
        network_wait = wait_ms if network_wait_ms is None else network_wait_ms
        return self._network_pool.waitForDone(network_wait) and stopped

    @property
    def saving(self) -> bool:
        """Whether a save is still running (after ``shutdown``: one left behind)."""
        return self._network_pool.activeThreadCount() > 0

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
