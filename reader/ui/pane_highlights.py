"""Highlights and notes in the reading pane: make, recolour, annotate, remove, undo.

``PaneHighlights`` keeps the highlights of the article the pane shows, draws them over
the text after every render (``highlight_marks``), and offers the selection toolbar, the
context menu and the calls H and the side panel use.  Every change goes to the library
on the task runner; the pane draws what the library answers.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QInputDialog, QMenu

from reader.errors import ReaderError
from reader.library import Library
from reader.models import HIGHLIGHT_COLORS, Article, Highlight
from reader.ui.article_view import ArticleView
from reader.ui.highlight_marks import COLOR_NAMES, Mark, mark_at, place, selection_context
from reader.ui.highlight_marks import selections as extra_selections
from reader.ui.selection_bar import SelectionBar
from reader.ui.workers import Progress, TaskRunner


class PaneHighlights(QObject):
    """The highlights of the article in the pane.  GUI thread only.

    Signals:
        changed(): the article's highlights or note changed (or another article came).
        removed(object): a highlight was deleted (the Highlight, for undo).
        message(str): something to say in the status bar.
        failed(object): a change failed (ReaderError).
        stored(str): a change was stored ("highlight", "color", "note", ...).
    """

    changed = Signal()
    removed = Signal(object)
    message = Signal(str)
    failed = Signal(object)
    stored = Signal(str)

    def __init__(
        self, library: Library, runner: TaskRunner, view: ArticleView, parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.view = view
        self.browser = view.browser
        self.article_id: int | None = None
        self.highlights: tuple[Highlight, ...] = ()
        self.note: str | None = None
        self.marks: list[Mark] = []
        self.current: int | None = None  # the highlight last scrolled to or clicked
        self._scroll_to: tuple[int, int] | None = None  # (article, highlight) once shown
        self._click: QPoint | None = None
        self._loaded: Article | None = None  # the article object the pane was given
        self.bar = SelectionBar(self.browser.viewport())
        self.bar.colorPicked.connect(self._on_color)
        self.bar.noteRequested.connect(self._on_note)
        self.bar.removeRequested.connect(self._on_remove)
        view.rendered.connect(self.redraw)
        view.articleShown.connect(self._on_shown)
        view.currentChanged.connect(self._on_page)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._menu)
        self.browser.viewport().installEventFilter(self)
        self.browser.verticalScrollBar().valueChanged.connect(lambda _v: self.bar.hide())

    # --- drawing ------------------------------------------------------------------------

    @Slot()
    def redraw(self) -> None:
        """Place the highlights in the document just laid out (another article: its own)."""
        article = self.view.article
        if article is None:
            self.article_id, self.highlights, self.note, self.marks = None, (), None, []
            self._loaded = None
            self.bar.hide()
            self.browser.setExtraSelections([])
            self.changed.emit()
            return
        if article is not self._loaded:  # another article, or this one loaded anew
            self._loaded = article
            self.article_id, self.highlights = article.id, article.highlights
            self.note = article.note
            self.current = None
            self.bar.hide()
            self.changed.emit()
        self._draw()

    @Slot(int)
    def _on_page(self, _index: int) -> None:
        """The pane turned to a message ("No article selected"): no article's highlights."""
        if self.view.article is None and self.article_id is not None:
            self.redraw()

    def _draw(self) -> None:
        doc = self.browser.document()
        self.marks = place(doc, self.highlights)
        self.browser.setExtraSelections(
            extra_selections(doc, self.marks, self.view.colors, self.current)
        )
        self.bar.set_colors(self.view.colors)

    def mark_of(self, highlight_id: int) -> Mark | None:
        return next((m for m in self.marks if m.highlight.id == highlight_id), None)

    def covered_text(self, highlight_id: int) -> str:
        """The document's words a highlight covers on screen now (tests, screenshots)."""
        mark = self.mark_of(highlight_id)
        if mark is None:
            return ""
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    # --- scrolling ------------------------------------------------------------------------

    def open_at(self, article_id: int, highlight_id: int) -> None:
        """Scroll to this highlight once the article is shown (the Highlights view)."""
        if article_id == self.article_id and self.view.article is not None:
            self.scroll_to(highlight_id)
        else:
            self._scroll_to = (article_id, highlight_id)

    @Slot(int)
    def _on_shown(self, article_id: int) -> None:
        target, self._scroll_to = self._scroll_to, None
        if target is not None and target[0] == article_id:
            self.scroll_to(target[1])

    def scroll_to(self, highlight_id: int) -> bool:
        """Bring a highlight to the upper third of the pane; False when not in the text."""
        mark = self.mark_of(highlight_id)
        if mark is None:
            self.message.emit("That highlight is not found in the current text")
            return False
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(mark.start)
        bar = self.browser.verticalScrollBar()
        top = self.browser.cursorRect(cursor).top()
        bar.setValue(bar.value() + top - self.browser.viewport().height() // 3)
        self.current = highlight_id
        self._draw()
        return True

    # --- changes --------------------------------------------------------------------------

    def _change(
        self, name: str, change: Callable[[Library], object], then: Callable[[object], None]
    ) -> None:
        article_id = self.article_id  # (None: a change from the Highlights view)
        library = self.library

        def work(_: Progress) -> tuple[object, tuple[Highlight, ...]]:
            result = change(library)
            return result, library.highlights(article_id) if article_id is not None else ()

        def done(answer: tuple[object, tuple[Highlight, ...]]) -> None:
            result, highlights = answer
            if article_id is not None and article_id == self.article_id:
                self.highlights = highlights
                self._draw()
                self.changed.emit()
            then(result)
            self.stored.emit(name)

        def failed(exc: ReaderError) -> None:
            self.failed.emit(exc)

        self.runner.submit(work, done, failed, name=f"highlights: {name}")

    def highlight_selection(self, color: str = "yellow", note: str | None = None) -> bool:
        """Highlight the selected text; False (and a message) when nothing is selected."""
        cursor = self.browser.textCursor()
        if self.article_id is None or not cursor.hasSelection():
            self.message.emit("Select some text to highlight it")
            return False
        quote, before, after = selection_context(
            self.browser.document(), cursor.selectionStart(), cursor.selectionEnd()
        )
        article_id = self.article_id
        cursor.clearSelection()
        self.browser.setTextCursor(cursor)
        self.bar.hide()

        def made(result: object) -> None:
            if isinstance(result, Highlight):
                self.current = result.id
                self._draw()
            self.message.emit("Highlighted")

        self._change(
            "highlight",
            lambda lib: lib.add_highlight(
                article_id, quote.strip(), note, color, before=before, after=after
            ),
            made,
        )
        return True

    def reload(self) -> None:
        """Read the article's highlights again (another process may have changed them)."""
        if self.article_id is not None:
            self._change("reload", lambda _lib: None, lambda _: None)

    def set_color(self, highlight_id: int, color: str) -> None:
        self._change(
            "color", lambda lib: lib.update_highlight(highlight_id, color=color), lambda _: None
        )

    def set_note(self, highlight_id: int, note: str) -> None:
        self._change(
            "note", lambda lib: lib.update_highlight(highlight_id, note=note), lambda _: None
        )

    def remove(self, highlight_id: int) -> None:
        def gone(result: object) -> None:
            if isinstance(result, Highlight):
                self.removed.emit(result)

        self.bar.hide()
        self._change("remove", lambda lib: lib.delete_highlight(highlight_id), gone)

    def restore(self, highlight: Highlight) -> None:
        """Undo a remove (Ctrl+Z, the undo bar), whichever article the pane shows now."""
        library, article_id = self.library, highlight.article_id

        def work(_: Progress) -> tuple[Highlight, ...]:
            library.restore_highlight(highlight)
            return library.highlights(article_id)

        def done(highlights: tuple[Highlight, ...]) -> None:
            if article_id == self.article_id:
                self.highlights = highlights
                self._draw()
                self.changed.emit()
            self.message.emit("Highlight restored")
            self.stored.emit("restore")

        self.runner.submit(work, done, self.failed.emit, name="highlights: restore")

    def set_article_note(self, note: str) -> None:
        article_id = self.article_id
        if article_id is None:
            return
        clean = note.strip() or None

        def noted(_: object) -> None:
            if article_id == self.article_id:
                self.note = clean
                self.changed.emit()

        self._change("article note", lambda lib: lib.set_note(article_id, clean), noted)

    # --- asking the person -------------------------------------------------------------------

    def edit_note(self, highlight_id: int) -> None:
        h = next((h for h in self.highlights if h.id == highlight_id), None)
        if h is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self.browser, "Note", "Note on this highlight:", h.note or ""
        )
        if ok:
            self.set_note(highlight_id, text)

    def edit_article_note(self) -> None:
        if self.article_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self.browser, "Note", "Note on this article:", self.note or ""
        )
        if ok:
            self.set_article_note(text)

    # --- the selection toolbar and the context menu -------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        left = isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton
        released = event.type() == QEvent.Type.MouseButtonRelease
        if released and isinstance(event, QMouseEvent) and left:
            self._click = event.position().toPoint()
            QTimer.singleShot(0, self, self._after_click)
        return super().eventFilter(watched, event)

    @Slot()
    def _after_click(self) -> None:
        pos, self._click = self._click, None
        if pos is None or self.article_id is None:
            return
        cursor = self.browser.textCursor()
        if cursor.hasSelection():
            end = QTextCursor(cursor)
            end.setPosition(cursor.selectionEnd())
            self.bar.show_at(self.browser.cursorRect(end).topLeft(), None, None)
            return
        mark = mark_at(self.marks, self.browser.cursorForPosition(pos).position())
        if mark is None:
            self.bar.hide()
            return
        self.current = mark.highlight.id
        self._draw()
        self.bar.show_at(pos, mark.highlight.id, mark.highlight.color)

    @Slot(str)
    def _on_color(self, color: str) -> None:
        if self.bar.target is None:
            self.highlight_selection(color)
        else:
            self.set_color(self.bar.target, color)
            self.bar.hide()

    @Slot()
    def _on_note(self) -> None:
        target = self.bar.target
        self.bar.hide()
        if target is not None:
            self.edit_note(target)
            return
        text, ok = QInputDialog.getMultiLineText(self.browser, "Note", "Note on this highlight:")
        if ok:
            self.highlight_selection("yellow", text.strip() or None)

    @Slot()
    def _on_remove(self) -> None:
        if self.bar.target is not None:
            self.remove(self.bar.target)

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        menu = self.browser.createStandardContextMenu(pos)
        if self.article_id is not None:
            menu.addSeparator()
            if self.browser.textCursor().hasSelection():
                menu.addAction("Highlight\tH", lambda: self.highlight_selection())
                colors = menu.addMenu("Highlight in")
                for c in HIGHLIGHT_COLORS:
                    colors.addAction(COLOR_NAMES[c], partial(self.highlight_selection, c))
            mark = mark_at(self.marks, self.browser.cursorForPosition(pos).position())
            if mark is not None:
                hid = mark.highlight.id
                change = menu.addMenu("Highlight Colour")
                for c in HIGHLIGHT_COLORS:
                    change.addAction(COLOR_NAMES[c], partial(self.set_color, hid, c))
                menu.addAction("Note on Highlight…", lambda: self.edit_note(hid))
                menu.addAction("Remove Highlight", lambda: self.remove(hid))
            menu.addAction("Note on Article…", self.edit_article_note)
        self._open_menu(menu, pos)

    def _open_menu(self, menu: QMenu, pos: QPoint) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.browser.viewport().mapToGlobal(pos))
