"""The one task runner: runs slow calls on a QThreadPool, delivers results on the GUI thread.

Everything that touches the network, extraction, Pillow or a query that may be slow goes
through ``TaskRunner.submit``.  Workers never touch widgets or ``QPixmap``; they may build
a ``QImage``.  Results, errors and progress come back as queued signals to slots of the
runner (which lives on the GUI thread), and the runner calls the callbacks there.
"""

from __future__ import annotations

import logging
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
    """Carries a task's outcome from its worker thread to the runner.

    Signals:
        done(task, result): the call returned.
        failed(task, error): it raised a ReaderError (or a bug, as a plain Exception).
        progressed(task, stage, done, total): progress reported by the call.
    """

    done = Signal(object, object)
    failed = Signal(object, object)
    progressed = Signal(object, str, int, int)


class _Runnable(QRunnable):
    def __init__(self, task: Task, relay: _Relay) -> None:
        super().__init__()
        self.task = task
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        task, relay = self.task, self.relay

        def progress(stage: str, done: int, total: int) -> None:
            relay.progressed.emit(task, stage, done, total)

        try:
            result = task.fn(progress)
        except ReaderError as exc:
            relay.failed.emit(task, exc)
        except Exception as exc:  # a bug: keep its traceback in the log, tell the GUI
            log.error("unexpected error in task %s\n%s", task.name, traceback.format_exc())
            relay.failed.emit(task, exc)
        else:
            relay.done.emit(task, result)


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

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        q = Qt.ConnectionType.QueuedConnection
        self._relay.done.connect(self._on_done, q)
        self._relay.failed.connect(self._on_failed, q)
        self._relay.progressed.connect(self._on_progress, q)
        self._active: set[Task] = set()
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
    ) -> Task:
        task = Task(fn, on_done, on_error, on_progress, name)
        if self._closed:
            task.cancel()
            return task
        self._active.add(task)
        if len(self._active) == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Runnable(task, self._relay))
        return task

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Drop queued tasks and wait for the running ones; True when all stopped."""
        self._closed = True
        self._pool.clear()
        for task in self._active:
            task.cancel()
        return self._pool.waitForDone(wait_ms)

    def _finish(self, task: Task) -> bool:
        self._active.discard(task)
        if not self._active:
            self.busyChanged.emit(False)
        return not task.cancelled

    @Slot(object, object)
    def _on_done(self, task: Task, result: object) -> None:
        if self._finish(task) and task.on_done is not None:
            task.on_done(result)

    @Slot(object, object)
    def _on_failed(self, task: Task, exc: BaseException) -> None:
        if not self._finish(task):
            return
        if not isinstance(exc, ReaderError):
            self.bug.emit(f"{type(exc).__name__}: {exc}")
            if task.on_error is not None:
                task.on_error(InternalError(f"{type(exc).__name__}: {exc}"))
        elif task.on_error is not None:
            task.on_error(exc)
        else:
            self.error.emit(exc)

    @Slot(object, str, int, int)
    def _on_progress(self, task: Task, stage: str, done: int, total: int) -> None:
        if not task.cancelled and task.on_progress is not None:
            task.on_progress(stage, done, total)
