"""Saving articles from the GUI: one background task per URL or file, with visible progress.

``SaveController`` starts saves on the task runner and reports their progress;
``SavesPanel`` shows one row per save (progress bar, then "Saved" or the error with
Retry).  The core records a URL before fetching it, so a failed save is never lost: it
also appears under Failed.  GUI thread only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library, SaveResult, check_address, looks_like_path
from reader.ui.error_messages import describe
from reader.ui.workers import Progress, TaskRunner

_STAGES = {
    "fetch": (0, 25, "Downloading"),
    "extract": (25, 40, "Reading"),
    "images": (40, 92, "Fetching images"),
    "store": (92, 100, "Saving"),
}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def targets_from_text(text: str) -> list[str]:
    """URLs and file paths in pasted or typed text (one per line or space separated).

    Text is split on white space only when every piece is an address or a path; else
    it is one input ("hello world"), which then gets its one clear error."""
    tokens = _tokens(text)
    if len(tokens) > 1 and not all(_names_something(t) for t in tokens):
        return [text.strip()]
    return tokens


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in re.split(r"\s+", text.strip()):
        token = token.strip("<>\"'")
        if token.startswith("file://"):
            token = QUrl(token).toLocalFile()
        if token:
            out.append(token)
    return list(dict.fromkeys(out))


def _names_something(token: str) -> bool:
    if token.startswith("file://") or looks_like_path(token):
        return True
    try:
        check_address(token)
    except ReaderError:
        return False
    return True


def targets_from_mime(mime: QMimeData) -> list[str]:
    """Links and .html files dropped or pasted onto the window."""
    out: list[str] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                path = url.toLocalFile()
                if path.lower().endswith(HTML_SUFFIXES) and Path(path).is_file():
                    out.append(path)
            elif url.scheme() in ("http", "https"):
                out.append(url.toString())
    elif mime.hasText():
        out = [t for t in _tokens(mime.text()) if _looks_like_target(t)]
    return list(dict.fromkeys(out))


def _looks_like_target(token: str) -> bool:
    if token.startswith(("http://", "https://")):
        return True
    if token.lower().endswith(HTML_SUFFIXES) and Path(token).is_file():
        return True
    return bool(re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", token)) and "." in token


class SaveItem(QFrame):
    """One save: what it is, its progress, then its outcome.  GUI thread only.

    Signals:
        retry(): the Retry button was pressed.
        dismissed(): the close button was pressed.
    """

    retry = Signal()
    dismissed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveItem")
        self.title = QLabel(label)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setMinimumWidth(60)
        self.full_label = label
        self.status = QLabel("Waiting…")
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(5)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setVisible(False)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.retry_button)
        top.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 6, 8)
        box.setSpacing(3)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(self.bar)
        self.retry_button.clicked.connect(self.retry)
        self.close_button.clicked.connect(self.dismissed)
        self.state = "running"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fm = self.title.fontMetrics()
        width = max(40, self.title.width())
        self.title.setText(fm.elidedText(self.full_label, Qt.TextElideMode.ElideMiddle, width))

    def set_label(self, label: str) -> None:
        self.full_label = label
        self.title.setText(label)
        self.title.setToolTip(label)

    def set_progress(self, stage: str, done: int, total: int) -> None:
        lo, hi, text = _STAGES.get(stage, (0, 100, stage.capitalize()))
        part = done / total if total else 0.0
        self.bar.setValue(int(lo + (hi - lo) * part))
        if stage == "images" and total:
            text = f"{text} {min(done + 1, total)} of {total}"
        self.status.setText(text + "…")

    def set_done(self, title: str, existed: bool) -> None:
        self.state = "done"
        self.set_label(title or self.full_label)
        self.status.setText("Already in your library" if existed else "Saved")
        self.bar.setValue(100)
        self.bar.setVisible(False)

    def set_failed(self, headline: str, detail: str) -> None:
        self.state = "failed"
        self.status.setText(f"{headline}. {detail}" if detail else headline)
        self.status.setToolTip(self.status.text())
        self.status.setProperty("failed", True)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.bar.setVisible(False)
        self.retry_button.setVisible(True)

    def set_running(self) -> None:
        self.state = "running"
        self.status.setText("Waiting…")
        self.status.setProperty("failed", False)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.retry_button.setVisible(False)


class FailedSummary(QFrame):
    """One line for the failures a batch left: "3 failed", See Failed, dismiss."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveItem")
        self.text = QLabel()
        self.text.setObjectName("saveStatus")
        self.text.setProperty("failed", True)
        self.see = QPushButton("See Failed")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss (they wait under Failed)")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.see)
        row.addWidget(self.close_button)
        self.setVisible(False)


class SavesPanel(QScrollArea):
    """The saves in progress or just finished, newest first; hidden when empty.

    Two or more finished failures fold into one line ("2 failed", See Failed): they all
    wait under Failed, and old rows never take the list's room.  It grows with its rows
    up to ``MAX_HEIGHT``, then scrolls.  GUI thread only.

    Signals:
        showFailed(): See Failed was pressed.
    """

    MAX_HEIGHT = 160
    FOLD_AT = 2  # finished failures shown as one line from this many on

    showFailed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savesPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("savesInner")
        self.box = QVBoxLayout(inner)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(0)
        self.summary = FailedSummary()
        self.box.addWidget(self.summary)
        self.box.addStretch(1)
        self.setWidget(inner)
        self.items: list[SaveItem] = []
        self.setVisible(False)
        self.summary.see.clicked.connect(self.showFailed)
        self.summary.close_button.clicked.connect(self.dismiss_failed)

    def add(self, item: SaveItem) -> None:
        self.items.append(item)
        self.box.insertWidget(0, item)
        self.refit()

    def remove(self, item: SaveItem) -> None:
        if item in self.items:
            self.items.remove(item)
            self.box.removeWidget(item)
            item.deleteLater()
        self.refit()

    @Slot()
    def dismiss_failed(self) -> None:
        for item in [i for i in self.items if i.state == "failed"]:
            self.remove(item)

    @property
    def folded(self) -> bool:
        return sum(1 for i in self.items if i.state == "failed") >= self.FOLD_AT

    def refit(self) -> None:
        """Fold the failures, take the height of the rows (up to MAX_HEIGHT): call when a
        row changed."""
        failed = [i for i in self.items if i.state == "failed"]
        folded = len(failed) >= self.FOLD_AT
        for item in failed:
            item.setVisible(not folded)
        for item in self.items:
            if item.state != "failed":
                item.setVisible(True)
        self.summary.text.setText(f"{len(failed)} failed, see Failed")
        self.summary.setVisible(folded)
        width = max(200, self.viewport().width())
        height = 0
        for widget in [*self.items, self.summary]:
            if widget.isHidden():
                continue
            hint = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
            height += hint if hint > 0 else widget.sizeHint().height()
        self.setFixedHeight(min(self.MAX_HEIGHT, height + 2))
        self.setVisible(any(not w.isHidden() for w in [*self.items, self.summary]))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.refit()


class SaveController(QObject):
    """Starts saves and retries on the task runner and keeps the panel up to date.

    GUI thread only.

    Signals:
        started(): a save began (its URL is recorded: the list may show it).
        saved(int): an article was saved (its id).
        failedSave(str, object): the save of this target failed with this ReaderError.
        finished(): a save ended, either way.
    """

    started = Signal()
    saved = Signal(int)
    failedSave = Signal(str, object)
    finished = Signal()

    DONE_VISIBLE_MS = 4000

    def __init__(
        self, library: Library, runner: TaskRunner, panel: SavesPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.panel = panel

    def save(self, targets: Iterable[str], tags: tuple[str, ...] = ()) -> int:
        """Start saving each target; returns how many were started."""
        count = 0
        library = self.library
        for target in targets:
            count += 1
            label = Path(target).name if Path(target).is_absolute() else target

            def call(progress: Progress, t: str = target) -> SaveResult:
                return library.save(t, tags, progress=progress)

            self._start(label, call)
        return count

    def retry(self, article_id: int, label: str) -> None:
        library = self.library

        def call(progress: Progress) -> SaveResult:
            return library.retry(article_id, progress=progress)

        self._start(label, call)

    def _start(self, label: str, call: Callable[[Progress], SaveResult]) -> None:
        item = SaveItem(label)
        self.panel.add(item)
        item.dismissed.connect(lambda: self.panel.remove(item))
        item.retry.connect(lambda: self._run(item, call))
        self._run(item, call)

    def _run(self, item: SaveItem, call: Callable[[Progress], SaveResult]) -> None:
        item.set_running()
        self.panel.refit()  # a retried failure leaves the folded line
        announced = False

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal announced
            item.set_progress(stage, done, total)
            if not announced:
                announced = True
                self.started.emit()

        def done(result: SaveResult) -> None:
            item.set_done(result.title, result.existed)
            self.panel.refit()
            self.saved.emit(result.article_id)
            self.finished.emit()
            QTimer.singleShot(self.DONE_VISIBLE_MS, item, lambda: self._expire(item))

        def failed(exc: ReaderError) -> None:
            msg = describe(exc)
            item.set_failed(msg.headline, msg.detail)
            self.panel.refit()
            self.failedSave.emit(item.full_label, exc)
            self.finished.emit()

        self.runner.submit(call, done, failed, progress, name="save", network=True)

    @Slot()
    def _expire(self, item: SaveItem) -> None:
        if item.state == "done":
            self.panel.remove(item)

    def running(self) -> int:
        return sum(1 for i in self.panel.items if i.state == "running")
