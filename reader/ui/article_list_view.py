"""The article list widget: uniform rows, extended selection, a helpful empty state."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget


class ArticleListView(QListView):
    """A QListView that paints ``empty_title``/``empty_text`` when it has no rows.

    GUI thread only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_title = ""
        self.empty_text = ""
        self.muted = QColor("#6b6b70")
        self.text_color = QColor("#1d1d1f")
        self.loading = False
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(False)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.verticalScrollBar().setSingleStep(24)

    def focusInEvent(self, e: QFocusEvent) -> None:
        if not self.currentIndex().isValid():
            # Qt would make the first row current, and so open (and perhaps mark read)
            # an article nobody chose: take the focus without that.
            QWidget.focusInEvent(self, e)
            self.viewport().update()
            return
        super().focusInEvent(e)

    def set_empty(self, title: str, text: str) -> None:
        self.empty_title, self.empty_text = title, text
        self.viewport().update()

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        model = self.model()
        if model is None or model.rowCount() > 0 or self.loading or not self.empty_title:
            return
        painter = QPainter(self.viewport())
        r = self.viewport().rect().adjusted(28, 0, -28, 0)
        top = max(60, r.height() // 4)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(self.text_color)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        title_rect = painter.boundingRect(
            QRect(r.left(), top, r.width(), 200), flags, self.empty_title
        )
        painter.drawText(title_rect, flags, self.empty_title)
        painter.setFont(self.font())
        painter.setPen(self.muted)
        body = QRect(r.left(), title_rect.bottom() + 10, r.width(), r.height())
        painter.drawText(body, flags, self.empty_text)
        painter.end()
