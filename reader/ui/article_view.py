"""The reading pane: one article in a centred column, served from the library only.

``ReadingBrowser.loadResource`` answers ``reader://image/KEY`` with photos the worker
already read from the library, and nothing else: the pane never touches the network
(or the file system).  Links open in the system browser.  Articles load on the task
runner; the pane remembers and restores the reading position.

Photos: the worker reads their bytes and, from their headers, their sizes; the document
is laid out with every photo's final size, so the text shows (and the reading position
is restored) before any photo is decoded.  Nothing is decoded on the GUI thread: a photo
painted before it is decoded shows a quiet placeholder of its size and jumps the image
lane's queue; the others are decoded in the background, nearest first.  Each decoded
photo replaces its placeholder in place (nothing moves).  Decoded photos are kept in a
bounded cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.library import Library
from reader.models import Article, Status
from reader.ui.article_html import article_document, image_sources, stylesheet
from reader.ui.error_messages import describe, describe_stored
from reader.ui.photos import CacheKey, Photo, PhotoCache, decode, stored_photo
from reader.ui.themes import LIGHT, MAX_COLUMN, Colors, Typography
from reader.ui.workers import Lane, Priority, Progress, TaskRunner

log = logging.getLogger(__name__)

MAX_IMAGE_WIDTH = 1600  # pixels decoded per image, whatever the screen
SIDE_MARGIN = 28


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    article: Article
    images: dict[str, Photo]


def load_article(library: Library, article_id: int, max_width: int) -> LoadedArticle:
    """Read an article and its photos, with their sizes from their headers (a worker).

    Decodes nothing: the pane decodes each photo at the size it shows it, when it is
    needed, and lays it out at the size stored with it.  A photo is never shown wider
    than ``max_width`` pixels.
    """
    article = library.get(article_id)
    images: dict[str, Photo] = {}
    for src in image_sources(article.html):
        record = library.image_for_src(article_id, src)
        if record is None:
            continue
        photo = stored_photo(record.data, record.width, record.height, max_width)
        if photo is not None:
            images[src] = photo
    return LoadedArticle(article, images)


class _Prefetch:
    """The photos one document decodes in the background.

    Owned by the GUI thread; a worker only reads ``cancelled`` (set when the document
    goes: another article, a new size), to skip the photos still queued.
    """

    def __init__(self, generation: int, pending: list[tuple[CacheKey, Photo, QSize]]) -> None:
        self.generation = generation
        self.pending = pending
        self.cancelled = False


def _placeholder(color: QColor) -> QImage:
    """One pixel the painter stretches over a photo's place until the photo arrives."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(color)
    return image


class ReadingBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing but the images it is handed.  GUI thread only.

    Signals:
        tagClicked(str): a tag link in the header was clicked.
    """

    tagClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: dict[str, Photo] = {}  # the photos the document may show, by src
        self.images_of = 0  # the article they belong to (part of the cache key)
        self.cache = PhotoCache()
        self.column_px = 720
        self.requested: list[str] = []  # every resource the document asked for
        # Called with (src, cache key, size) when a photo is painted before it is decoded.
        self.wanted: Callable[[str, CacheKey, QSize], None] | None = None
        self.placeholder = _placeholder(QColor(0, 0, 0, 16))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(self._on_anchor)

    def set_images(self, article_id: int, images: dict[str, Photo]) -> None:
        self.images = images
        self.images_of = article_id

    def loadResource(self, type_: int, url: QUrl | str) -> Any:
        name = url.toString() if isinstance(url, QUrl) else str(url)
        self.requested.append(name)
        if type_ != QTextDocument.ResourceType.ImageResource.value:
            return None
        size = self.image_size(name)
        if size is None:
            return None
        key = self.cache_key(name, size)
        image = self.cache.get(key)
        if image is None:
            # On screen before the background got to it: its place waits, quietly, while
            # it is decoded first in the image lane (never here, on the GUI thread).
            if self.wanted is not None:
                self.wanted(name, key, size)
            return self.placeholder
        return image

    def show_decoded(self, src: str, key: CacheKey, image: QImage) -> None:
        """A photo decoded on the image lane takes its place (a broken one stays blank)."""
        if image.isNull():
            log.info("photo %s could not be decoded", src)
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)  # its place stays; the caption shows
        image = self.store(key, image)
        size = self.image_size(src)
        if size is not None and self.cache_key(src, size) == key:
            self.document().addResource(
                QTextDocument.ResourceType.ImageResource.value, QUrl(src), image
            )
            self.viewport().update()

    def image_size(self, src: str) -> QSize | None:
        """Device pixels a photo is shown at in the current column (None: not ours)."""
        photo = self.images.get(src)
        if photo is None:
            return None
        return photo.size_within(self.image_width())

    def image_sizes(self) -> dict[str, tuple[int, int]]:
        """Logical pixels each photo is laid out at, in the current column."""
        ratio = self.devicePixelRatioF()
        sizes = {}
        for src in self.images:
            size = self.image_size(src)
            if size is not None:
                sizes[src] = (
                    max(1, round(size.width() / ratio)),
                    max(1, round(size.height() / ratio)),
                )
        return sizes

    def cache_key(self, src: str, size: QSize) -> CacheKey:
        return (self.images_of, src, size.width(), size.height())

    def store(self, key: CacheKey, image: QImage) -> QImage:
        """Keep a decoded photo (for this document and the next visits)."""
        ratio = self.devicePixelRatioF()
        if ratio > 1:
            image.setDevicePixelRatio(ratio)
        self.cache.put(key, image)
        return image

    def image_positions(self) -> list[tuple[str, float, float]]:
        """Each image in the laid-out document: its src, top and bottom (pixels)."""
        doc = self.document()
        layout = doc.documentLayout()
        found = []
        block = doc.begin()
        while block.isValid():
            if "\ufffc" in block.text():  # the character that stands for an object
                rect = layout.blockBoundingRect(block)
                for part in block.textFormats():
                    if part.format.isImageFormat():
                        name = part.format.toImageFormat().name()
                        found.append((name, rect.top(), rect.bottom()))
            block = block.next()
        return found

    def image_width(self) -> int:
        """Device pixels an image may span: the text column."""
        return max(80, int(self.text_width() * self.devicePixelRatioF()))

    def _available(self) -> int:
        # As if the scroll bar were always shown: the column must not move (nor images
        # overflow) when the bar appears or goes.
        extent = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        return self.width() - 2 * self.frameWidth() - extent

    def _side(self) -> int:
        return max(SIDE_MARGIN, (self._available() - self.column_px) // 2)

    def text_width(self) -> int:
        return max(80, self._available() - 2 * self._side())

    def center_column(self) -> None:
        doc = self.document()
        side = self._side()
        right = max(0, self.viewport().width() - side - self.text_width())
        fmt = doc.rootFrame().frameFormat()
        if int(fmt.leftMargin()) != side or int(fmt.rightMargin()) != right:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(right)
            fmt.setTopMargin(36)
            fmt.setBottomMargin(64)
            doc.rootFrame().setFrameFormat(fmt)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.center_column()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "reader-tag":
            self.tagClicked.emit(url.path(QUrl.ComponentFormattingOption.FullyDecoded))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.scheme():
            self.scrollToAnchor(url.fragment())


class MessagePage(QWidget):
    """A calm centred message with up to two buttons (failed save, empty states)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.headline = QLabel()
        self.headline.setObjectName("messageHeadline")
        self.headline.setWordWrap(True)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(font.Weight.DemiBold)
        self.headline.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.primary = QPushButton()
        self.primary.setDefault(True)
        self.secondary = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.secondary)
        buttons.addWidget(self.primary)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.headline)
        box.addSpacing(6)
        box.addWidget(self.detail)
        box.addSpacing(14)
        box.addLayout(buttons)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMaximumWidth(520)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(inner, 6)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)

    def set_message(
        self, headline: str, detail: str, primary: str = "", secondary: str = ""
    ) -> None:
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.primary.setText(primary)
        self.primary.setVisible(bool(primary))
        self.secondary.setText(secondary)
        self.secondary.setVisible(bool(secondary))


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
    """

    articleShown = Signal(int)
    positionChanged = Signal(int, float)
    finished = Signal(int)
    retryRequested = Signal(int)
    openOriginalRequested = Signal(int)
    tagClicked = Signal(str)
    loadFailed = Signal(object)

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
        self._html = ""
        self._generation = 0
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
        self._prefetch: _Prefetch | None = None
        self._decoding: set[CacheKey] = set()  # asked for by the screen, not back yet
        self.browser.wanted = self._decode_for_screen
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.browser.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.browser.verticalScrollBar().rangeChanged.connect(self._on_range)
        self.browser.tagClicked.connect(self.tagClicked)
        self._save_timer.timeout.connect(self._emit_position)
        self._relayout_timer.timeout.connect(self._relayout)
        self.message.primary.clicked.connect(self._on_primary)
        self.message.secondary.clicked.connect(self._on_secondary)
        self.browser.viewport().installEventFilter(self)

    # --- what to show -------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    def open_article(self, article_id: int) -> None:
        """Load and show an article (the newest request wins)."""
        self.flush_position()
        self._stop_prefetch()
        self._generation += 1
        generation = self._generation
        # Wide enough for the widest column, so a bigger text size needs no reload.
        width = min(MAX_IMAGE_WIDTH, int(MAX_COLUMN * self.devicePixelRatioF()))
        library = self.library

        def work(_: Progress) -> LoadedArticle:
            return load_article(library, article_id, width)

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
        if article.status is not Status.SAVED:
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
        self._settled = False
        self._position = article.read_position
        self._render()
        self.setCurrentWidget(self.browser)
        QTimer.singleShot(0, self, lambda: self._restore(article.id))

    def _restore(self, article_id: int) -> None:
        if self.article is None or self.article.id != article_id:
            return
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(self._position * bar.maximum()))
        self._settled = True
        self._check_finished()
        self.articleShown.emit(article_id)
        self._prefetch_photos()

    def show_html(self, html: str) -> None:
        """A document that is not an article (the welcome guide)."""
        self.flush_position()
        self._stop_prefetch()
        self._generation += 1
        self.article = None
        self.browser.set_images(0, {})
        self._html = html
        self._render()
        self.browser.verticalScrollBar().setValue(0)
        self.setCurrentWidget(self.browser)

    def show_message(self, headline: str, detail: str = "") -> None:
        self.flush_position()
        self._stop_prefetch()
        self._generation += 1
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
        if self._html:
            self._rerender()

    def _rerender(self) -> None:
        """Lay the document out again and keep the reader's place."""
        fraction = self._position if self.article is not None else self.fraction()
        settled = self._settled
        self._settled = False
        self._render()
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))
        self._settled = settled
        if settled:
            self._prefetch_photos()  # for the new sizes

    def _render(self) -> None:
        self._stop_prefetch()
        doc = self.browser.document()
        doc.setDefaultStyleSheet(stylesheet(self.colors, self.typography))
        doc.setDocumentMargin(0)
        self._last_width = self.browser.text_width()
        if self.article is not None and self.article.status is Status.SAVED:
            # Every photo's size in this column up front: nothing moves when they arrive.
            self._html = article_document(self.article, self.browser.image_sizes())
        self.browser.setHtml(self._html)
        self.browser.center_column()
        doc.size()  # lay the whole document out now, so the scroll range is final

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.browser.viewport() and event.type() == QEvent.Type.Resize
        if resized:
            self.browser.center_column()  # the scroll bar came or went
        if resized and self._html and self.browser.text_width() != self._last_width:
            self._relayout_timer.start()
        return super().eventFilter(watched, event)

    @Slot()
    def _relayout(self) -> None:
        # Images were scaled for the old column width: lay the document out again.
        if self._html and self.browser.text_width() != self._last_width and self.browser.images:
            self._rerender()

    # --- photos off screen ---------------------------------------------------------------

    def _stop_prefetch(self) -> None:
        if self._prefetch is not None:
            self._prefetch.cancelled = True
            self._prefetch = None

    def _prefetch_photos(self) -> None:
        """Decode the photos that are not on screen in the background, the nearest first."""
        self._stop_prefetch()
        browser = self.browser
        if self.article is None or not browser.images:
            return
        top = browser.verticalScrollBar().value()
        bottom = top + browser.viewport().height()
        pending: list[tuple[float, CacheKey, Photo, QSize]] = []
        seen: set[CacheKey] = set()
        for src, y0, y1 in browser.image_positions():
            size = browser.image_size(src)
            if size is None:
                continue
            key = browser.cache_key(src, size)
            if key in seen or key in browser.cache or (y1 >= top and y0 <= bottom):
                continue  # decoded already, or on screen (painted, so decoded, right now)
            seen.add(key)
            distance = top - y1 if y1 < top else y0 - bottom
            pending.append((distance, key, browser.images[src], size))
        pending.sort(key=lambda p: p[0])
        # No more than half the cache, so that prefetching never evicts its own work.
        budget = browser.cache.max_bytes // 2
        chosen: list[tuple[CacheKey, Photo, QSize]] = []
        for _, key, photo, size in pending:
            budget -= size.width() * size.height() * 4
            if budget < 0:
                break
            chosen.append((key, photo, size))
        if chosen:
            self._prefetch = _Prefetch(self._generation, chosen)
            self._prefetch_next(self._prefetch)

    def _prefetch_next(self, job: _Prefetch) -> None:
        """Queue every chosen photo on the image lane (behind what the screen asks for)."""
        pending, job.pending = job.pending, []
        for key, photo, size in pending:
            self._queue_decode(key, photo, size, Priority.BACKGROUND, job)

    def _decode_for_screen(self, src: str, key: CacheKey, size: QSize) -> None:
        if key in self._decoding:
            return
        photo = self.browser.images.get(src)
        if photo is not None:
            self._decoding.add(key)
            self._queue_decode(key, photo, size, Priority.SCREEN, None)

    def _queue_decode(
        self, key: CacheKey, photo: Photo, size: QSize, priority: Priority, job: _Prefetch | None
    ) -> None:
        generation = self._generation
        src = key[1]

        def work(_: Progress) -> QImage | None:
            if job is not None and job.cancelled:
                return None  # the document went while this waited in the queue
            return decode(photo.data, size)

        def done(image: QImage | None) -> None:
            self._decoding.discard(key)
            if image is None or generation != self._generation:
                return  # another article or another size by now: drop it
            if job is not None and (job is not self._prefetch or image.isNull()):
                return  # (a broken one is dealt with when it is painted)
            if key not in self.browser.cache:
                self.browser.show_decoded(src, key, image)

        def failed(exc: ReaderError) -> None:
            self._decoding.discard(key)
            log.warning("decoding a photo failed: %s", exc)

        self.runner.submit(
            work, done, failed, name="decode photo", lane=Lane.IMAGE, priority=priority
        )

    # --- reading position -------------------------------------------------------------

    def fraction(self) -> float:
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    @Slot(int)
    def _on_scroll(self, _value: int) -> None:
        if self.article is None or self.currentWidget() is not self.browser:
            return
        if not self._settled:
            return
        self._position = self.fraction()
        self._save_timer.start()
        self._check_finished()

    @Slot(int, int)
    def _on_range(self, _lo: int, hi: int) -> None:
        if self.article is not None and self.currentWidget() is self.browser and self._settled:
            # The text was wrapped again (a resize): keep the reader at the same place.
            self.browser.verticalScrollBar().setValue(round(self._position * hi))
            self._check_finished()

    def _check_finished(self) -> None:
        bar = self.browser.verticalScrollBar()
        if self.article is None or self._finished_sent or not self._settled:
            return
        if bar.maximum() == 0 or bar.value() >= bar.maximum() - 2:
            self._finished_sent = True
            self.finished.emit(self.article.id)

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
