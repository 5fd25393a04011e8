"""The reading pane's widgets: the browser that shows an article, and the message page.

``ReadingBrowser.loadResource`` answers ``reader://image/KEY`` with photos already read
from the library, and nothing else: the pane never touches the network (or the file
system).  A photo not decoded yet gets a quiet placeholder of its size and is asked for
(``wanted``); ``show_decoded`` puts it in its place.  Links open in the system browser.
The column is centred by the viewport's margins, so that a wider window changes no
layout (the document is as wide as the column).  GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.ui.photos import CacheKey, Photo, PhotoCache

log = logging.getLogger(__name__)

SIDE_MARGIN = 28
PHOTO_HEIGHT = 0.85  # of the pane's height, at most


def _placeholder(color: QColor) -> QImage:
    """One pixel the painter stretches over a photo's place until the photo arrives."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(color)
    return image


@dataclass(frozen=True, slots=True)
class Column:
    """What building a document for the pane needs to know of it (any thread)."""

    css: str
    text_width: int  # logical pixels
    image_width: int  # device pixels a photo may span
    image_height: int  # device pixels a photo may be tall
    ratio: float  # device pixels per logical pixel

    def sizes(self, images: dict[str, Photo]) -> dict[str, tuple[int, int]]:
        """Logical pixels each photo is laid out at in this column."""
        shown = {}
        for src, photo in images.items():
            size = photo.size_within(self.image_width, self.image_height)
            shown[src] = (
                max(1, round(size.width() / self.ratio)),
                max(1, round(size.height() / self.ratio)),
            )
        return shown


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
        self.setAutoFillBackground(True)  # the margins either side of the column
        # Read-only: text selectable by mouse and links by keyboard, but no caret (the
        # keys scroll the article instead; see ArticleView._reading_key).
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
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
        """Device pixels a photo is shown at in the current column (None: not ours): as
        wide as the column at most, and a tall one no taller than most of the pane."""
        photo = self.images.get(src)
        if photo is None:
            return None
        return photo.size_within(self.image_width(), self.image_height())

    def image_height(self) -> int:
        """Device pixels a photo may be tall: a portrait fits on the screen whole."""
        return max(160, int(self.viewport().height() * PHOTO_HEIGHT * self.devicePixelRatioF()))

    def image_sizes(self) -> dict[str, tuple[int, int]]:
        """Logical pixels each photo is laid out at, in the current column."""
        return self.column("").sizes(self.images)

    def column(self, css: str) -> Column:
        return Column(
            css,
            self.text_width(),
            self.image_width(),
            self.image_height(),
            self.devicePixelRatioF(),
        )

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
        """Centre the column with the viewport's margins (the scroll bar stays at the
        window's edge; the column keeps its width whether the bar shows or not)."""
        side = self._side()
        bar = self.verticalScrollBar()
        extent = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        shown = extent if bar.isVisibleTo(self) else 0
        right = max(0, self.width() - 2 * self.frameWidth() - side - self.text_width() - shown)
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != right:
            self.setViewportMargins(side, 0, right, 0)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Wheel:
            # Over the margins beside the column (outside the viewport) the wheel
            # scrolls the article too, as it does over the text.
            return self.viewportEvent(e)
        return super().event(e)

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
