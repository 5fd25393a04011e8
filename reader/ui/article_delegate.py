"""Paints one article row: unread mark, site and date, title, excerpt or snippet, chips.

Rows have one height (the view uses uniform item sizes, so a huge list scrolls
smoothly).  Search snippets show their matches highlighted.  GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.models import SNIPPET_END, SNIPPET_START, ArticleSummary, SortKey, Status
from reader.ui.article_list_model import Role
from reader.ui.error_messages import describe_stored
from reader.ui.formatting import display_title, short_date, site_of
from reader.ui.themes import LIGHT, Colors
from reader.ui.thumbnails import THUMB_SIZE, ThumbnailCache

PAD_X = 14
PAD_Y = 11
GAP = 4
DOT = 8
LEFT = PAD_X + DOT + 8  # text starts after the unread mark
PARTIAL_MARK = "Beginning only"  # a teaser's row (Article.partial)


def split_snippet(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of a snippet (whitespace collapsed) and the (start, length) of each match."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start = -1
    for ch in snippet.strip():
        if ch == SNIPPET_START:
            start = len(text)
        elif ch == SNIPPET_END:
            if start >= 0 and len(text) > start:
                spans.append((start, len(text) - start))
            start = -1
        elif ch.isspace():
            if text and text[-1] != " ":
                text.append(" ")
        else:
            text.append(ch)
    return "".join(text), spans


class ArticleDelegate(QStyledItemDelegate):
    """Row painter for article lists; ``colors`` follows the theme.  GUI thread only."""

    def __init__(self, thumbnails: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.colors: Colors = LIGHT
        self.date_key = SortKey.SAVED
        self.mark_archived = True  # off in the Archive view, where every row is
        self._fonts(QFont())

    def _fonts(self, base: QFont) -> None:
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        self.meta_font = QFont(base)
        self.meta_font.setPointSizeF(size * 0.88)
        self.title_font = QFont(base)
        self.title_font.setPointSizeF(size * 1.1)
        self.title_font.setWeight(QFont.Weight.DemiBold)
        self.read_title_font = QFont(self.title_font)
        self.read_title_font.setWeight(QFont.Weight.Normal)
        self.body_font = QFont(base)
        self.body_font.setPointSizeF(size * 0.95)
        self.chip_font = QFont(base)
        self.chip_font.setPointSizeF(size * 0.8)
        self.match_font = QFont(self.body_font)
        self.match_font.setWeight(QFont.Weight.DemiBold)
        mf, tf = QFontMetricsF(self.meta_font), QFontMetricsF(self.title_font)
        bf, cf = QFontMetricsF(self.body_font), QFontMetricsF(self.chip_font)
        self.meta_h, self.title_h = mf.height(), tf.lineSpacing()
        self.body_h, self.chip_h = bf.lineSpacing(), cf.height() + 4
        self.row_height = int(
            PAD_Y * 2
            + self.meta_h
            + GAP
            + self.title_h * 2
            + GAP
            + self.body_h * 2
            + GAP
            + 2
            + self.chip_h
        )

    def set_base_font(self, font: QFont) -> None:
        self._fonts(font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(320, self.row_height)

    def meta_text(self, summary: ArticleSummary) -> str:
        """The row's first line: site, date, minutes, "Beginning only" for a teaser, and
        "Archived" outside Archive."""
        parts = [site_of(summary)]
        when = summary.published if self.date_key is SortKey.PUBLISHED else summary.saved_at
        parts.append(short_date(when or summary.saved_at))
        if summary.reading_minutes:
            parts.append(f"{summary.reading_minutes} min")
        if summary.partial:
            parts.append(PARTIAL_MARK)  # a teaser: only the beginning was on the page
        if summary.archived and self.mark_archived:
            parts.append("Archived")  # say where it lives
        return "  ·  ".join(p for p in parts if p)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        summary = index.data(Role.SUMMARY)
        if not isinstance(summary, ArticleSummary):
            return
        snippet = index.data(Role.SNIPPET)
        c = self.colors
        rect = QRectF(option.rect)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(rect, QColor(c.selection if selected else c.base))
        painter.setPen(QPen(QColor(c.faint), 1))
        painter.drawLine(
            QPointF(rect.left() + LEFT, rect.bottom()), QPointF(rect.right(), rect.bottom())
        )
        if selected and focused:
            painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), QColor(c.accent))

        top = rect.top() + PAD_Y
        right = rect.right() - PAD_X
        if summary.has_thumbnail:
            pix = self.thumbnails.get(summary.id)
            thumb = QRectF(right - THUMB_SIZE, top + 2, THUMB_SIZE, THUMB_SIZE)
            path = QPainterPath()
            path.addRoundedRect(thumb, 6, 6)
            if pix is not None:
                painter.setClipPath(path)
                painter.drawPixmap(thumb.toRect(), pix)
                painter.setClipping(False)
            else:
                painter.fillPath(path, QColor(c.chip))
            right = thumb.left() - 12
        left = rect.left() + LEFT
        width = max(40.0, right - left)

        # Unread mark, level with the title.
        if summary.status is Status.SAVED and not summary.is_read:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(c.accent)))
            dot_y = top + self.meta_h + GAP + self.title_h / 2 - DOT / 2
            painter.drawEllipse(QRectF(rect.left() + PAD_X, dot_y, DOT, DOT))

        # Site · date, and a star on the right.
        meta = self.meta_text(summary)
        painter.setFont(self.meta_font)
        meta_w = width - (18 if summary.favourite else 0)
        fm = QFontMetricsF(self.meta_font)
        painter.setPen(QColor(c.muted))
        painter.drawText(
            QRectF(left, top, meta_w, self.meta_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_w),
        )
        if summary.favourite:
            painter.setPen(QColor(c.accent))
            painter.drawText(
                QRectF(left + meta_w, top, 18, self.meta_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                "★",
            )
        y = top + self.meta_h + GAP

        # Title: up to two lines.
        unread = summary.status is Status.SAVED and not summary.is_read
        font = self.title_font if unread else self.read_title_font
        title_lines = _draw_lines(
            painter, display_title(summary), font, QColor(c.text), left, y, width, 2
        )
        y += title_lines * self.title_h + GAP

        # Excerpt, snippet, or the state of an unfinished save.
        body_lines = 4 - title_lines  # a one-line title leaves room for more excerpt
        if summary.status is Status.FAILED:
            msg = describe_stored(summary.error)
            _draw_lines(
                painter, msg.one_line(), self.body_font, QColor(c.danger), left, y, width, 2
            )
        elif summary.status is Status.PENDING:
            _draw_lines(
                painter,
                "Saving…",
                self.body_font,
                QColor(c.muted),
                left,
                y,
                width,
                1,
            )
        elif isinstance(snippet, str) and snippet:
            text, spans = split_snippet(snippet)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(c.highlight))
            fmt.setForeground(QColor(c.text))
            fmt.setFontWeight(QFont.Weight.DemiBold)
            _draw_lines(
                painter,
                text,
                self.body_font,
                QColor(c.muted),
                left,
                y,
                width,
                body_lines,
                [(s, n, fmt) for s, n in spans],
            )
        elif summary.excerpt:
            _draw_lines(
                painter,
                summary.excerpt,
                self.body_font,
                QColor(c.muted),
                left,
                y,
                width,
                body_lines,
            )

        # Tag chips along the bottom.
        if summary.tags:
            chip_y = rect.bottom() - PAD_Y - self.chip_h
            self._chips(painter, summary.tags, left, chip_y, rect.right() - PAD_X - left)
        painter.restore()

    def _chips(
        self, painter: QPainter, tags: tuple[str, ...], x: float, y: float, width: float
    ) -> None:
        c = self.colors
        fm = QFontMetricsF(self.chip_font)
        painter.setFont(self.chip_font)
        end = x + width
        for i, tag in enumerate(tags):
            w = fm.horizontalAdvance(tag) + 14
            rest = len(tags) - i - 1
            more_w = fm.horizontalAdvance(f"+{rest}") + 14 if rest else 0
            if x + w + (more_w + 4 if rest else 0) > end:
                label = f"+{len(tags) - i}"
                w = fm.horizontalAdvance(label) + 14
                if x + w <= end:
                    self._chip(painter, QRectF(x, y, w, self.chip_h), label, c)
                return
            self._chip(painter, QRectF(x, y, w, self.chip_h), tag, c)
            x += w + 5

    def _chip(self, painter: QPainter, r: QRectF, text: str, c: Colors) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(c.chip)))
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        painter.setPen(QColor(c.chip_text))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)


def _draw_lines(
    painter: QPainter,
    text: str,
    font: QFont,
    color: QColor,
    x: float,
    y: float,
    width: float,
    max_lines: int,
    formats: list[tuple[int, int, QTextCharFormat]] | None = None,
) -> int:
    """Wrap ``text`` into at most ``max_lines`` lines, eliding the last; returns lines used.

    ``formats`` index into ``text`` as given (callers collapse whitespace themselves).
    """
    if not formats:
        text = " ".join(text.split())
    if not text or max_lines <= 0:
        return 0
    fm = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    if formats:
        ranges = []
        for start, length, fmt in formats:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = start, length, fmt
            ranges.append(r)
        layout.setFormats(ranges)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, len(starts) * fm.lineSpacing()))
        starts.append(line.textStart())
    layout.endLayout()
    painter.setPen(color)
    last = layout.lineAt(len(starts) - 1)
    overflow = last.textStart() + last.textLength() < len(text)
    if not overflow:
        layout.draw(painter, QPointF(x, y))
        return len(starts)
    # Draw the full lines, then the last one elided.
    for i in range(len(starts) - 1):
        layout.lineAt(i).draw(painter, QPointF(x, y))
    tail_start = starts[-1]
    tail = fm.elidedText(text[tail_start:], Qt.TextElideMode.ElideRight, width)
    tail_layout = QTextLayout(tail, font)
    if formats:
        ranges = []
        for start, length, fmt in formats:
            s, e = max(start, tail_start) - tail_start, min(start + length, len(text)) - tail_start
            if e > s:
                r = QTextLayout.FormatRange()
                r.start, r.length, r.format = s, min(e, len(tail) - 1) - s, fmt
                ranges.append(r)
        tail_layout.setFormats(ranges)
    tail_layout.beginLayout()
    line = tail_layout.createLine()
    line.setLineWidth(width + 10)
    line.setPosition(QPointF(0, (len(starts) - 1) * fm.lineSpacing()))
    tail_layout.endLayout()
    tail_layout.draw(painter, QPointF(x, y))
    return len(starts)
