"""The Highlights view: every highlight, newest first, with its article, colour and note.

Filter by colour and by tag; pages of ``PAGE`` come from ``Library.highlight_page`` on
the task runner as the list scrolls near its end (stale pages are dropped by a
generation counter).  Clicking one opens its article at the highlight.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import HIGHLIGHT_COLORS, HighlightPage, TagCount
from reader.ui.formatting import host_of
from reader.ui.highlight_marks import COLOR_NAMES
from reader.ui.highlight_panel import NOT_FOUND, color_icon, short, tinted_item
from reader.ui.themes import LIGHT, Colors
from reader.ui.workers import Progress, TaskRunner

PAGE = 200
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2


class HighlightsView(QWidget):
    """Every highlight in the library.  GUI thread only.

    Signals:
        openRequested(int, int): open this article at this highlight.
        pageLoaded(int): a page of this many rows was added.
        failed(object): loading failed (ReaderError).
    """

    openRequested = Signal(int, int)
    pageLoaded = Signal(int)
    failed = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("highlightsView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle("Highlights")
        self.library = library
        self.runner = runner
        self.colors: Colors = LIGHT
        self._generation = 0
        self._cursor: tuple[str, int] | None = None
        self._loading = False
        self.color = QComboBox(self)
        self.color.addItem("Every colour", None)
        for c in HIGHLIGHT_COLORS:
            self.color.addItem(color_icon(self.colors, c), COLOR_NAMES[c], c)
        self.tag = QComboBox(self)
        self.tag.addItem("Every tag", None)
        self.count = QLabel(self)
        self.list = QListWidget(self)
        self.list.setObjectName("highlightsList")
        self.list.setWordWrap(True)
        self.list.setSpacing(5)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows wrap to the new width
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        top = QHBoxLayout()
        top.addWidget(QLabel("Colour:", self))
        top.addWidget(self.color)
        top.addWidget(QLabel("Tag:", self))
        top.addWidget(self.tag)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.resize(560, 640)
        self.color.currentIndexChanged.connect(lambda _i: self.reload())
        self.tag.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)
        self.list.verticalScrollBar().valueChanged.connect(self._on_scroll)

    # --- filters --------------------------------------------------------------------------

    def set_filter(self, color: str | None = None, tag: str | None = None) -> None:
        """Choose the filters (tests, scripts); reloads."""
        self.color.blockSignals(True)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        self.color.blockSignals(False)
        if tag is not None and self.tag.findData(tag) < 0:
            self.tag.addItem(tag, tag)
        self.tag.blockSignals(True)
        self.tag.setCurrentIndex(max(0, self.tag.findData(tag)))
        self.tag.blockSignals(False)
        self.reload()

    def open(self) -> None:
        """Show the window with the newest highlights and the tags of now."""
        self.show()
        self.raise_()
        self.activateWindow()
        self._load_tags()
        self.reload()

    def _load_tags(self) -> None:
        library = self.library

        def work(_: Progress) -> list[TagCount]:
            return library.tags()

        def done(tags: list[TagCount]) -> None:
            chosen = self.tag.currentData()
            self.tag.blockSignals(True)
            self.tag.clear()
            self.tag.addItem("Every tag", None)
            for t in tags:
                self.tag.addItem(t.name, t.name)
            self.tag.setCurrentIndex(max(0, self.tag.findData(chosen)))
            self.tag.blockSignals(False)

        self.runner.submit(work, done, self.failed.emit, name="highlight tags")

    # --- pages ----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        self._generation += 1
        self._cursor = None
        self.list.clear()
        self._fetch(None)

    def _fetch(self, cursor: tuple[str, int] | None) -> None:
        generation = self._generation
        color, tag = self.color.currentData(), self.tag.currentData()
        library = self.library
        self._loading = True

        def work(_: Progress) -> HighlightPage:
            return library.highlight_page(color=color, tag=tag, cursor=cursor, limit=PAGE)

        def done(page: HighlightPage) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._cursor = page.cursor
            self._add(page)

        def failed(exc: ReaderError) -> None:
            if generation == self._generation:
                self._loading = False
                self.failed.emit(exc)

        self.runner.submit(work, done, failed, name="highlights page")

    def _add(self, page: HighlightPage) -> None:
        for entry in page.items:
            h, a = entry.highlight, entry.article
            site = a.site_name or host_of(a.url or a.given_url)
            lines = [f"“{short(h.quote, 240)}”", f"{a.title or a.given_url}  ·  {site}"]
            if h.note:
                lines.append(f"Note: {short(h.note, 300)}")
            if not h.anchored:
                lines.append(f"({NOT_FOUND})")
            item = tinted_item(self.colors, h.color, "\n".join(lines))
            item.setData(ARTICLE_ROLE, a.id)
            item.setData(HIGHLIGHT_ROLE, h.id)
            self.list.addItem(item)
        more = "+" if self._cursor is not None else ""
        n = self.list.count()
        self.count.setText(f"{n}{more} highlight{'s' if n != 1 else ''}")
        self.pageLoaded.emit(len(page.items))

    @Slot(int)
    def _on_scroll(self, value: int) -> None:
        bar = self.list.verticalScrollBar()
        near_end = value >= bar.maximum() - bar.pageStep()
        if near_end and self._cursor is not None and not self._loading:
            self._fetch(self._cursor)

    def fetch_more(self) -> bool:
        """Load the next page now (tests); False at the end."""
        if self._cursor is None or self._loading:
            return False
        self._fetch(self._cursor)
        return True

    @Slot(QListWidgetItem)
    def _on_item(self, item: QListWidgetItem) -> None:
        self.openRequested.emit(int(item.data(ARTICLE_ROLE)), int(item.data(HIGHLIGHT_ROLE)))
