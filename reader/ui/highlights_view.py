"""The Highlights view: every highlight, newest first, with its article, colour and note.

It is the sidebar's Highlights row, shown in place of the article list.  Filter by colour
and by tag; pages of ``PAGE`` come from ``Library.highlight_page`` on the task runner as
the list scrolls near its end (stale pages are dropped by a generation counter), with
the exact total from ``Library.highlight_count``.  The current row (a click, the arrows,
J/K) opens its article at the highlight; Enter opens it and moves to the reading pane.
``refresh`` reads the rows shown again after a change and keeps the reader's place.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import HIGHLIGHT_COLORS, HighlightEntry, HighlightPage, TagCount
from reader.ui.highlight_delegate import ENTRY_ROLE, HighlightDelegate, article_line
from reader.ui.highlight_marks import COLOR_NAMES
from reader.ui.highlight_panel import NOT_FOUND, color_icon, short
from reader.ui.themes import LIGHT, Colors
from reader.ui.workers import Progress, TaskRunner

PAGE = 200
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The empty view's headline and line under it: no highlights at all, or none filtered.
EMPTY = ("No highlights yet", "Select words in an article and press H to highlight them.")
EMPTY_FILTERED = ("No highlights here", "None of this colour or tag. Try Every colour or tag.")

#: What a row shows; a refresh that finds the same rows changes nothing on screen.
RowKey = tuple[int, str, str | None, str, bool, str]


def _key(entry: HighlightEntry) -> RowKey:
    h = entry.highlight
    return (h.id, h.color, h.note, h.quote, h.anchored, article_line(entry))


def _plural(n: int) -> str:
    return f"{n:,} highlight{'s' if n != 1 else ''}"


class HighlightsView(QWidget):
    """Every highlight in the library.  GUI thread only.

    Signals:
        openRequested(int, int): show this article at this highlight (the current row).
        activated(int, int): the same, and read it (Enter, a double click).
        colorRequested(int, str): give this highlight this colour (its context menu).
        noteRequested(int, str): edit this highlight's note (its note now).
        removeRequested(int): remove this highlight (Delete... in its context menu).
        pageLoaded(int): a page of this many rows was added (0: an empty list).
        reloaded(): the first page after ``reload`` is shown.
        refreshed(): the rows shown were read again (a change elsewhere).
        failed(object): loading failed (ReaderError).
    """

    openRequested = Signal(int, int)
    activated = Signal(int, int)
    colorRequested = Signal(int, str)
    noteRequested = Signal(int, str)
    removeRequested = Signal(int)
    pageLoaded = Signal(int)
    reloaded = Signal()
    refreshed = Signal()
    failed = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("highlightsView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.library = library
        self.runner = runner
        self.colors: Colors = LIGHT
        self._generation = 0
        self._cursor: tuple[str, int] | None = None
        self._loading = False
        self._keys: list[RowKey] = []
        self._before_press: QListWidgetItem | None = None  # the current row as a click began
        self.total: int | None = None

        self.title = QLabel("Highlights", self)
        self.title.setObjectName("listTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.Bold)
        self.title.setFont(font)
        self.count = QLabel(self)
        self.count.setObjectName("listCount")
        self.color = QComboBox(self)
        self.color.setAccessibleName("Colour")
        self.color.addItem("Every colour", None)
        for c in HIGHLIGHT_COLORS:
            self.color.addItem(color_icon(self.colors, c), COLOR_NAMES[c], c)
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Tag")
        self.tag.addItem("Every tag", None)
        header = QWidget(self)
        header.setObjectName("listHeader")
        box = QVBoxLayout(header)
        box.setContentsMargins(16, 12, 12, 10)
        box.setSpacing(0)
        box.addWidget(self.title)
        box.addWidget(self.count)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 8, 0, 0)
        filters.addWidget(self.color, 1)
        filters.addWidget(self.tag, 1)
        box.addLayout(filters)

        self.list = QListWidget(self)
        self.list.setObjectName("highlightsList")
        self.list.setAccessibleName("Highlights")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows wrap to the new width
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(False)
        self.delegate = HighlightDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.empty = QLabel(self)
        self.empty.setObjectName("listCount")
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        rule = QFrame(self)
        rule.setObjectName("rule")
        rule.setFixedHeight(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(rule)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self.setMinimumWidth(260)
        self.color.currentIndexChanged.connect(lambda _i: self.reload())
        self.tag.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_activated)
        self.list.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.installEventFilter(self)  # Del in the list removes the highlight
        self._viewport = self.list.viewport()
        self._viewport.installEventFilter(self)  # which row was current as a click began

    # --- the theme --------------------------------------------------------------------------

    def set_colors(self, colors: Colors) -> None:
        self.colors = self.delegate.colors = colors
        for i, c in enumerate(HIGHLIGHT_COLORS, start=1):
            self.color.setItemIcon(i, color_icon(colors, c))
        self.setStyleSheet(
            f"#highlightsView, #highlightsList {{ background: {colors.base}; border: none; }}"
        )
        self.list.viewport().update()

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

    @property
    def filtered(self) -> bool:
        return self.color.currentData() is not None or self.tag.currentData() is not None

    def load_tags(self) -> None:
        """The tag filter offers the tags of now (the one chosen stays chosen)."""
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
        """The newest page again, from the top (another filter, or the view chosen)."""
        self._generation += 1
        self._cursor = None
        self._keys = []
        self.list.blockSignals(True)  # (clearing moves the current row: that opens nothing)
        self.list.clear()
        self.list.blockSignals(False)
        self._fetch(None, PAGE)

    def refresh(self) -> None:
        """Read the rows shown again (something changed): the current row and the row at
        the top of the screen stay; nothing is redrawn when they are the same."""
        if self._loading:
            self.reload()  # a page on its way was read before the change
            return
        self._fetch(None, max(PAGE, len(self._keys)), refresh=True)

    def _fetch(self, cursor: tuple[str, int] | None, limit: int, refresh: bool = False) -> None:
        self._generation += 1 if refresh else 0
        generation = self._generation
        color, tag = self.color.currentData(), self.tag.currentData()
        library = self.library
        self._loading = True

        def work(_: Progress) -> tuple[HighlightPage, int]:
            page = library.highlight_page(color=color, tag=tag, cursor=cursor, limit=limit)
            return page, library.highlight_count(color=color, tag=tag)

        def done(answer: tuple[HighlightPage, int]) -> None:
            if generation != self._generation:
                return
            page, self.total = answer
            self._loading = False
            self._cursor = page.cursor
            if refresh:
                self._replace(page)
            else:
                self._add(page)

        def failed(exc: ReaderError) -> None:
            if generation == self._generation:
                self._loading = False
                self.failed.emit(exc)

        self.runner.submit(work, done, failed, name="highlights page")

    def _item(self, entry: HighlightEntry) -> QListWidgetItem:
        h = entry.highlight
        lines = [f"“{short(h.quote, 240)}”", article_line(entry)]
        if h.note:
            lines.append(f"Note: {short(h.note, 300)}")
        if not h.anchored:
            lines.append(f"({NOT_FOUND})")
        item = QListWidgetItem("\n".join(lines))  # what a screen reader says
        item.setData(ARTICLE_ROLE, entry.article.id)
        item.setData(HIGHLIGHT_ROLE, h.id)
        item.setData(ENTRY_ROLE, entry)
        item.setToolTip(h.quote if len(h.quote) > 240 else "")
        return item

    def _add(self, page: HighlightPage) -> None:
        first = not self._keys
        for entry in page.items:
            self.list.addItem(self._item(entry))
            self._keys.append(_key(entry))
        self._show_count()
        self.pageLoaded.emit(len(page.items))
        if first:
            self.reloaded.emit()

    def _replace(self, page: HighlightPage) -> None:
        keys = [_key(e) for e in page.items]
        if keys != self._keys:
            current = self.current_highlight()
            bar = self.list.verticalScrollBar()
            top = self._top_row() if bar.value() > 0 else None  # at the top: see new rows
            self.list.blockSignals(True)  # the pane keeps what it shows
            self.list.clear()
            for entry in page.items:
                self.list.addItem(self._item(entry))
            self._keys = keys
            if current is not None:
                row = self.row_of(current)
                if row is not None:
                    self.list.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.blockSignals(False)
            if top is not None:  # the row at the top of the screen stays there
                self.list.doItemsLayout()  # the rows' heights, now
                row = self.row_of(top[0])
                if row is not None:
                    moved = self.list.visualItemRect(self.list.item(row)).top() - top[1]
                    bar.setValue(bar.value() + moved)
        self._show_count()
        self.refreshed.emit()

    def _top_row(self) -> tuple[int, int] | None:
        """The highlight at the top of the screen and where its row starts."""
        item = self.list.itemAt(QPoint(8, 1))
        if item is None:
            return None
        return int(item.data(HIGHLIGHT_ROLE)), self.list.visualItemRect(item).top()

    def _show_count(self) -> None:
        n = self.list.count()
        total = self.total if self.total is not None else n
        self.count.setText(_plural(total))
        headline, detail = EMPTY_FILTERED if self.filtered else EMPTY
        self.empty.setText(
            f"<p style='font-size: large; font-weight: 600'>{headline}</p><p>{detail}</p>"
        )
        self.empty.setVisible(n == 0)
        self.list.setVisible(n > 0)

    @Slot(int)
    def _on_scroll(self, value: int) -> None:
        bar = self.list.verticalScrollBar()
        if value >= bar.maximum() - bar.pageStep():
            self.fetch_more()

    def fetch_more(self) -> bool:
        """Load the next page now; False at the end (or while one is on its way)."""
        if self._cursor is None or self._loading:
            return False
        self._fetch(self._cursor, PAGE)
        return True

    # --- rows and the keyboard ---------------------------------------------------------------

    def row_of(self, highlight_id: int) -> int | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(HIGHLIGHT_ROLE) == highlight_id:
                return row
        return None

    def current_highlight(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(HIGHLIGHT_ROLE)) if item is not None else None

    def article_ids(self) -> set[int]:
        """The articles of the rows loaded (the pane shows one of them, or nothing)."""
        return {int(self.list.item(r).data(ARTICLE_ROLE)) for r in range(self.list.count())}

    def step(self, step: int) -> None:
        """The next or previous highlight becomes current (J/K), opening its article."""
        n = self.list.count()
        if not n:
            return
        row = self.list.currentRow()
        row = max(0, min(n - 1, row + step if row >= 0 else 0))
        if step > 0 and row >= n - 3:
            self.fetch_more()
        self.list.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollToItem(self.list.item(row))

    def clear_current(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1, QItemSelectionModel.SelectionFlag.Clear)
        self.list.blockSignals(False)

    def _ids(self, item: QListWidgetItem) -> tuple[int, int]:
        return int(item.data(ARTICLE_ROLE)), int(item.data(HIGHLIGHT_ROLE))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.openRequested.emit(*self._ids(item))

    @Slot(QListWidgetItem)
    def _on_clicked(self, item: QListWidgetItem) -> None:
        """A click on the current row goes back to its highlight (a click on another
        made it current, which opened it already)."""
        if item is self._before_press and item is self.list.currentItem():
            self.openRequested.emit(*self._ids(item))
        self._before_press = None

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.activated.emit(*self._ids(item))

    def menu_for(self, item: QListWidgetItem) -> QMenu:
        """A row's context menu: its colour, its note, removing it."""
        entry = item.data(ENTRY_ROLE)
        assert isinstance(entry, HighlightEntry)
        h = entry.highlight
        menu = QMenu(self.list)
        colors = menu.addMenu("Highlight Colour")
        for c in HIGHLIGHT_COLORS:
            act = colors.addAction(color_icon(self.colors, c), COLOR_NAMES[c])
            act.setCheckable(True)
            act.setChecked(c == h.color)
            act.triggered.connect(lambda _=False, c=c: self.colorRequested.emit(h.id, c))
        note = menu.addAction("Edit Note…" if h.note else "Add Note…")
        note.triggered.connect(lambda: self.noteRequested.emit(h.id, h.note or ""))
        menu.addSeparator()
        remove = menu.addAction("Remove Highlight\tDel")
        remove.triggered.connect(lambda: self.removeRequested.emit(h.id))
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Del (or Backspace) on a row removes its highlight, not the article (the
        window's Delete): the list takes the key before the window's shortcut."""
        if watched is self._viewport and event.type() == QEvent.Type.MouseButtonPress:
            self._before_press = self.list.currentItem()
        if watched is self.list and isinstance(event, QKeyEvent):
            removing = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
            current = self.current_highlight()
            if removing and plain and current is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    self.removeRequested.emit(current)
                    return True
        return super().eventFilter(watched, event)

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = self.menu_for(item)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(pos))
