"""The reading pane: one article in a centred column, served from the library only.

``ReadingBrowser.loadResource`` answers ``reader://image/KEY`` with photos the worker
already read from the library, and nothing else: the pane never touches the network
(or the file system).  Links open in the system browser.  An article loads, and its
document is built, on the task runner (article_loading); the GUI thread lays it out in
small steps (reading_document), then restores the reading position.

Photos: the document is laid out with every photo's final size (from its header), so
the text shows and the place is restored before any is decoded.  Nothing is decoded on
the GUI thread: a photo painted first shows a quiet placeholder of its size and jumps
the image lane's queue; the others are decoded in the background, nearest first, into a
bounded cache, each replacing its placeholder in place (nothing moves).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QStackedWidget,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import Article, Status
from reader.ui.article_html import (
    PreparedDocument,
    stylesheet,
)
from reader.ui.article_loading import (
    BUILD_HERE_CHARS,
    MAX_IMAGE_WIDTH,
    LoadedArticle,
    Shown,
    build_shown,
    load_article,
)
from reader.ui.error_messages import describe, describe_stored
from reader.ui.pane_photos import PanePhotos
from reader.ui.reading_browser import MessagePage, ReadingBrowser
from reader.ui.reading_document import AT_ONCE_CHARS, LayoutPacer
from reader.ui.themes import LIGHT, MAX_COLUMN, Colors, Typography
from reader.ui.workers import Progress, TaskRunner

log = logging.getLogger(__name__)


class ArticleView(QStackedWidget):
    """The reading pane.  GUI thread only; articles load through the task runner.

    Signals:
        articleShown(int): the article with this id is rendered (after restoring its place).
        positionChanged(int, float): the reading position of an article (0..1), debounced.
        finished(int): the reader reached the end of this article.
        retryRequested(int): the Retry button of a failed article was pressed.
        openOriginalRequested(int): "Open original" was pressed on a failed article.
        tagClicked(str): a tag in the header was clicked.
        loadFailed(object): loading the article failed (ReaderError).
        rendered(): the document was laid out anew (highlights are drawn again then).
    """

    articleShown = Signal(int)
    positionChanged = Signal(int, float)
    finished = Signal(int)
    retryRequested = Signal(int)
    openOriginalRequested = Signal(int)
    tagClicked = Signal(str)
    loadFailed = Signal(object)
    rendered = Signal()

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.colors: Colors = LIGHT
        self.typography = Typography("serif", 17, 155, 680)
        self.browser = ReadingBrowser(self)
        self.message = MessagePage(self)
        self.addWidget(self.browser)
        self.addWidget(self.message)
        self.article: Article | None = None
        self._html = ""  # the HTML of the document shown
        self._source: PreparedDocument | None = None  # what it was built from
        self._generation = 0  # a new one for every article or page shown
        self._wanted: int | None = None  # see wanted_id
        self._builds = 0  # a new one for every document asked for
        self.pacer = LayoutPacer(self)
        # While a long document is wrapped again: (character at the top, how far into
        # its block), to come back to once the layout gets there.
        self._anchor: tuple[int, float] | None = None
        self._anchor_reached = False
        self._own_doc: QTextDocument | None = None  # the document shown, built here
        # After the layout: (generation, position to restore, article to announce, settle).
        self._restore_to: tuple[int, float, int | None, bool] | None = None
        self._position = 0.0
        self._finished_sent = False
        self._settled = False  # the document is laid out and its place restored
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(1200)
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(120)
        self._last_width = 0
        self._last_sizes: dict[str, tuple[int, int]] = {}
        self.photos = PanePhotos(self.browser, runner, lambda: self._generation)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.browser.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.browser.verticalScrollBar().rangeChanged.connect(self._on_range)
        self.browser.tagClicked.connect(self.tagClicked)
        self._save_timer.timeout.connect(self._emit_position)
        self._relayout_timer.timeout.connect(self._relayout)
        self.pacer.finished.connect(self._laid_out)
        self.pacer.reached.connect(self._anchor_laid_out)
        self.message.primary.clicked.connect(self._on_primary)
        self.message.secondary.clicked.connect(self._on_secondary)
        self.browser.viewport().installEventFilter(self)
        self.browser.installEventFilter(self)

    # --- what to show -------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    @property
    def wanted_id(self) -> int | None:
        """The article shown, or on its way (an article asked for and not loaded yet)."""
        return self._wanted

    def open_article(self, article_id: int) -> None:
        """Load and show an article (the newest request wins)."""
        self.flush_position()
        self._stop_prefetch()
        self._wanted = article_id
        self._generation += 1
        generation = self._generation
        # Wide enough for the widest column, so a bigger text size needs no reload.
        width = min(MAX_IMAGE_WIDTH, int(MAX_COLUMN * self.devicePixelRatioF()))
        library = self.library
        column = self.browser.column(stylesheet(self.colors, self.typography))

        def work(_: Progress) -> LoadedArticle:
            return load_article(library, article_id, width, column)

        def done(loaded: LoadedArticle) -> None:
            if generation == self._generation:
                self._show_loaded(loaded)

        def failed(exc: ReaderError) -> None:
            if generation == self._generation:
                msg = describe(exc)
                self.article = None
                self.show_message(msg.headline, msg.detail)
                self.loadFailed.emit(exc)

        self.runner.submit(work, done, failed, name="open article")

    def _show_loaded(self, loaded: LoadedArticle) -> None:
        article = loaded.article
        self.article = article
        self._finished_sent = article.is_read
        if article.status is not Status.SAVED or loaded.shown is None:
            self._source = None
            self.browser.set_images(article.id, {})
            if article.status is Status.FAILED:
                msg = describe_stored(article.error)
                detail = f"{msg.detail}\n\n{article.given_url}" if msg.detail else article.given_url
                self.message.set_message(msg.headline, detail, "Retry", "Open original")
            else:
                self.message.set_message("Saving…", article.given_url)
            self.setCurrentWidget(self.message)
            self.articleShown.emit(article.id)
            return
        self.browser.set_images(article.id, loaded.images)
        self._source = loaded.document
        self._settled = False
        self._position = article.read_position
        self.setCurrentWidget(self.browser)
        self._adopt(loaded.shown, article.read_position, article.id, settle=True)

    def _adopt(self, shown: Shown, fraction: float, announce: int | None, settle: bool) -> None:
        """Show a built document; once it is laid out, go to ``fraction`` of it, then
        announce ``announce`` (articleShown) and, if ``settle``, follow the reader."""
        self._stop_prefetch()
        self._drop_anchor()
        self._builds += 1  # a build still on its way is for an older state
        browser = self.browser
        old, self._own_doc = self._own_doc, shown.doc  # (Qt deletes the one it made)
        browser.setDocument(shown.doc)
        shown.doc.setParent(browser)  # (kept with the pane; asks it for the photos)
        if old is not None and old is not shown.doc:
            old.deleteLater()
        self._html = shown.html
        self._last_sizes = shown.sizes
        self._last_width = shown.text_width
        self._restore_to = (self._generation, fraction, announce, settle)
        browser.center_column()
        self.rendered.emit()
        self.pacer.start(shown.doc)  # a long one is laid out a step per turn of the loop
        if self._photos_moved():
            self._relayout_timer.start()  # the column changed while it was being built

    @Slot()
    def _laid_out(self) -> None:
        if self._restore_to is not None:
            restore, self._restore_to = self._restore_to, None
            QTimer.singleShot(0, self, lambda: self._restore(*restore))
        elif self._anchor is not None:
            self._anchor_done()

    def _restore(
        self, generation: int, fraction: float, announce: int | None, settle: bool
    ) -> None:
        if generation != self._generation:
            return
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))
        self._settled = settle  # (shown is not read: only reaching the end marks it)
        if announce is not None:
            self.articleShown.emit(announce)
        if settle:
            self._prefetch_photos()

    def show_html(self, html: str) -> None:
        """A document that is not an article (the welcome guide)."""
        self.flush_position()
        self._stop_prefetch()
        self._generation += 1
        self._wanted = None
        self.article = None
        self.browser.set_images(0, {})
        self._source = PreparedDocument((html,), ())
        column = self.browser.column(stylesheet(self.colors, self.typography))
        self.setCurrentWidget(self.browser)
        self._adopt(build_shown(self._source, {}, column), 0.0, None, settle=False)

    def show_message(self, headline: str, detail: str = "") -> None:
        self.flush_position()
        self._stop_prefetch()
        self.pacer.stop()
        self._drop_anchor()
        self._generation += 1
        self._wanted = None
        self.article = None
        self.message.set_message(headline, detail)
        self.setCurrentWidget(self.message)

    def clear(self) -> None:
        self.show_message("No article selected", "Choose an article from the list to read it.")

    # --- style ----------------------------------------------------------------------

    def apply_style(self, colors: Colors, typography: Typography) -> None:
        self.colors = colors
        self.typography = typography
        self.browser.column_px = typography.column_px
        for widget in (self.browser, self.browser.viewport(), self.message):
            pal = widget.palette()
            pal.setColor(pal.ColorRole.Base, colors.base)
            pal.setColor(pal.ColorRole.Window, colors.base)
            pal.setColor(pal.ColorRole.Text, colors.text)
            pal.setColor(pal.ColorRole.WindowText, colors.text)
            widget.setPalette(pal)
        self.message.detail.setStyleSheet(f"color: {colors.muted};")
        if self._source is not None:
            self._rerender()

    def _rerender(self) -> None:
        """Build the document again (a theme, a text size, photos for a new column) and
        keep the reader's place: a short one here, a long one on a worker."""
        source = self._source
        if source is None:
            return
        fraction = self._position if self.article is not None else self.fraction()
        settle = self._settled and self.article is not None
        self._settled = False
        self._stop_prefetch()
        column = self.browser.column(stylesheet(self.colors, self.typography))
        images = dict(self.browser.images)
        if len(self._html) <= BUILD_HERE_CHARS:
            self._adopt(build_shown(source, images, column), fraction, None, settle)
            return
        self._builds += 1
        builds, generation = self._builds, self._generation

        def work(_: Progress) -> Shown:
            return build_shown(source, images, column)

        def done(shown: Shown) -> None:
            if builds == self._builds and generation == self._generation:
                self._adopt(shown, fraction, None, settle)

        def failed(exc: ReaderError) -> None:
            log.warning("building the document again failed: %s", exc)

        self.runner.submit(work, done, failed, name="lay out article")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.browser
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._reading_key(event)
        ):
            return True
        resized = watched is self.browser.viewport() and event.type() == QEvent.Type.Resize
        if resized:
            self.browser.center_column()  # the scroll bar came or went
            if isinstance(event, QResizeEvent) and event.oldSize().width() != event.size().width():
                self._rewrap()
        if resized and self._html and self._photos_moved():
            self._relayout_timer.start()
        return super().eventFilter(watched, event)

    def _rewrap(self) -> None:
        """Qt is about to wrap the document again for a new width, at once up to where the
        reader is: for a long one, go to the top first (nothing shown meanwhile), let the
        pacer lay it out in steps, and come back to the same words once it is there."""
        doc, bar = self.browser.document(), self.browser.verticalScrollBar()
        if doc.characterCount() <= AT_ONCE_CHARS or (bar.value() == 0 and not self._anchor):
            self.pacer.follow(doc)
            return
        if self._anchor is None:
            top = self.browser.cursorForPosition(QPoint(0, 0)).position()
            rect = doc.documentLayout().blockBoundingRect(doc.findBlock(top))
            within = (bar.value() - rect.top()) / rect.height() if rect.height() else 0.0
            self._anchor = (top, within)
        self._anchor_reached = False  # (until then nothing asks for the layout down there)
        self.browser.viewport().setUpdatesEnabled(False)
        bar.setValue(0)
        self.pacer.follow(doc, until=self._anchor[0])

    def _to_anchor(self) -> None:
        if self._anchor is not None:
            doc, bar = self.browser.document(), self.browser.verticalScrollBar()
            rect = doc.documentLayout().blockBoundingRect(doc.findBlock(self._anchor[0]))
            bar.setValue(round(rect.top() + self._anchor[1] * rect.height()))

    @Slot()
    def _anchor_laid_out(self) -> None:
        """The layout reached the reader's words: show them (the rest is laid out still)."""
        self._anchor_reached = True
        self._to_anchor()
        self.browser.viewport().setUpdatesEnabled(True)

    def _drop_anchor(self) -> None:
        self._anchor = None
        self.browser.viewport().setUpdatesEnabled(True)

    def _anchor_done(self) -> None:
        """Laid out to the end: the place, as a fraction of the final height."""
        self._to_anchor()
        self._drop_anchor()
        height = self.browser.document().documentLayout().documentSize().height()
        span = height - self.browser.viewport().height()
        self._position = self.browser.verticalScrollBar().value() / span if span > 0 else 0.0

    @Slot()
    def _relayout(self) -> None:
        # Images were scaled for the old column width: lay the document out again.
        if self._html and self.browser.images and self._photos_moved():
            self._rerender()

    def _photos_moved(self) -> bool:
        """Whether the column or a photo's size changed since the document was laid out."""
        return (
            self.browser.text_width() != self._last_width
            or self.browser.image_sizes() != self._last_sizes
        )

    # --- photos off screen ---------------------------------------------------------------

    def _stop_prefetch(self) -> None:
        self.photos.stop()

    def _prefetch_photos(self) -> None:
        if self.article is not None:
            self.photos.prefetch()

    @property
    def photos_pending(self) -> bool:
        """Whether a photo the screen asked for is still being decoded."""
        return self.photos.pending

    # --- reading position -------------------------------------------------------------

    def fraction(self) -> float:
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    @Slot(int)
    def _on_scroll(self, _value: int) -> None:
        if self.article is None or self.currentWidget() is not self.browser:
            return
        if not self._settled or self._anchor is not None:
            return
        self._position = self.fraction()
        self._save_timer.start()
        self._check_finished()

    @Slot(int, int)
    def _on_range(self, _lo: int, hi: int) -> None:
        if self._anchor is not None:  # a long one wrapped again keeps its words in place
            if self._anchor_reached:
                self._to_anchor()
            return
        if self.article is not None and self.currentWidget() is self.browser and self._settled:
            # The text was wrapped again (a resize): keep the reader at the same place.
            self.browser.verticalScrollBar().setValue(round(self._position * hi))

    def _check_finished(self, by_key: bool = False) -> None:
        """The reader reached the end: scrolled there, or (an article that fits on the
        screen) pressed End, Ctrl+End or Space.  Being shown is not reading."""
        bar = self.browser.verticalScrollBar()
        if self.article is None or self._finished_sent or not self._settled:
            return
        at_end = bar.value() >= bar.maximum() - 2
        if at_end and (bar.maximum() > 0 or by_key):
            self._finished_sent = True
            self.finished.emit(self.article.id)

    def _reading_key(self, event: QKeyEvent) -> bool:
        """Home, End and Space move through the article (there is no caret to move)."""
        bar = self.browser.verticalScrollBar()
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())  # the very top, with the column's padding
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif key == Qt.Key.Key_Space:
            action = (
                bar.SliderAction.SliderPageStepSub if shift else bar.SliderAction.SliderPageStepAdd
            )
            bar.triggerAction(action)
        else:
            return False
        if key != Qt.Key.Key_Home and not (key == Qt.Key.Key_Space and shift):
            self._check_finished(by_key=True)
        return True

    @Slot()
    def _emit_position(self) -> None:
        if self.article is not None:
            self.positionChanged.emit(self.article.id, self._position)

    def keep_unread(self) -> None:
        """The reader marked this article unread: reaching the end won't mark it again."""
        self._finished_sent = True

    def flush_position(self) -> None:
        """Report the current position now (before switching articles or closing)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._emit_position()

    # --- buttons of the message page ------------------------------------------------------

    @Slot()
    def _on_primary(self) -> None:
        if self.article is not None and self.article.status is Status.FAILED:
            self.retryRequested.emit(self.article.id)

    @Slot()
    def _on_secondary(self) -> None:
        if self.article is not None:
            self.openOriginalRequested.emit(self.article.id)
