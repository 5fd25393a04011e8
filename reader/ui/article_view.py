"""The reading pane: one article in a centred column, served from the library only.

``ReadingBrowser.loadResource`` answers ``reader://image/KEY`` with images the worker
already read from the library, and nothing else: the pane never touches the network
(or the file system).  Links open in the system browser.  Articles load on the task
runner; the pane remembers and restores the reading position.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QImage, QResizeEvent, QTextDocument
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
from reader.ui.themes import LIGHT, MAX_COLUMN, Colors, Typography
from reader.ui.workers import Progress, TaskRunner

log = logging.getLogger(__name__)

MAX_IMAGE_WIDTH = 1600  # pixels decoded per image, whatever the screen
SIDE_MARGIN = 28


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    article: Article
    images: dict[str, QImage]


def load_article(library: Library, article_id: int, max_width: int) -> LoadedArticle:
    """Read an article and decode its images (runs on a worker: QImage only)."""
    article = library.get(article_id)
    images: dict[str, QImage] = {}
    for src in image_sources(article.html):
        record = library.image_for_src(article_id, src)
        if record is None:
            continue
        image = QImage.fromData(record.data)
        if image.isNull():
            continue
        if image.width() > max_width:
            image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
        images[src] = image
    return LoadedArticle(article, images)


class ReadingBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing but the images it is handed.  GUI thread only.

    Signals:
        tagClicked(str): a tag link in the header was clicked.
    """

    tagClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: dict[str, QImage] = {}
        self.column_px = 720
        self.requested: list[str] = []  # every resource the document asked for
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(self._on_anchor)

    def loadResource(self, type_: int, url: QUrl | str) -> Any:
        name = url.toString() if isinstance(url, QUrl) else str(url)
        self.requested.append(name)
        if type_ != QTextDocument.ResourceType.ImageResource.value:
            return None
        image = self.images.get(name)
        if image is None:
            return None
        width = self.image_width()
        if image.width() > width:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        ratio = self.devicePixelRatioF()
        if ratio > 1:
            image = QImage(image)
            image.setDevicePixelRatio(ratio)
        return image

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
            self.browser.images = {}
            if article.status is Status.FAILED:
                msg = describe_stored(article.error)
                detail = f"{msg.detail}\n\n{article.given_url}" if msg.detail else article.given_url
                self.message.set_message(msg.headline, detail, "Retry", "Open original")
            else:
                self.message.set_message("Saving…", article.given_url)
            self.setCurrentWidget(self.message)
            self.articleShown.emit(article.id)
            return
        self.browser.images = loaded.images
        self._settled = False
        self._html = article_document(article)
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

    def show_html(self, html: str) -> None:
        """A document that is not an article (the welcome guide)."""
        self.flush_position()
        self._generation += 1
        self.article = None
        self.browser.images = {}
        self._html = html
        self._render()
        self.browser.verticalScrollBar().setValue(0)
        self.setCurrentWidget(self.browser)

    def show_message(self, headline: str, detail: str = "") -> None:
        self.flush_position()
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

    def _render(self) -> None:
        doc = self.browser.document()
        doc.setDefaultStyleSheet(stylesheet(self.colors, self.typography))
        doc.setDocumentMargin(0)
        self._last_width = self.browser.text_width()
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
