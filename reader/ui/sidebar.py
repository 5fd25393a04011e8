"""The sidebar: the fixed views (All, Unread, Favourites, Archive, Failed), Highlights
(every highlight, shown in place of the list), the feeds (a "Feeds" section, shown once
there is one) and the tags.

``SidebarModel`` is a flat list model; ``SidebarDelegate`` paints it with counts.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.feeds.models import Feed
from reader.models import ArticleFilter, Status, TagCount
from reader.ui.themes import LIGHT, Colors

AnyIndex = QModelIndex | QPersistentModelIndex


class View(StrEnum):
    ALL = "all"
    UNREAD = "unread"
    FAVOURITES = "favourites"
    ARCHIVE = "archive"
    FAILED = "failed"


VIEW_LABELS = {
    View.ALL: "All articles",
    View.UNREAD: "Unread",
    View.FAVOURITES: "Favourites",
    View.ARCHIVE: "Archive",
    View.FAILED: "Failed",
}
VIEW_ICONS = {
    View.ALL: "☰",
    View.UNREAD: "●",
    View.FAVOURITES: "★",
    View.ARCHIVE: "⬒",
    View.FAILED: "!",
}

#: The Highlights row: its label, its icon and its key (also ``last_list``'s value).
HIGHLIGHTS_LABEL, HIGHLIGHTS_ICON, HIGHLIGHTS_KEY = "Highlights", "✎", "highlights"

#: A feed's row: updating, paused, or its last update failed.
FEED_ICONS = {"": "◉", "paused": "‖", "error": "!"}


def view_filter(view: View) -> ArticleFilter:
    return {
        View.ALL: ArticleFilter(archived=False),
        View.UNREAD: ArticleFilter(status=Status.SAVED, unread=True, archived=False),
        View.FAVOURITES: ArticleFilter(favourite=True),
        View.ARCHIVE: ArticleFilter(archived=True),
        View.FAILED: ArticleFilter(status=Status.FAILED),
    }[view]


def tag_filter(tag: str) -> ArticleFilter:
    return ArticleFilter(tag=tag)


def feed_filter(feed_id: int) -> ArticleFilter:
    """A feed's stories, archived ones included (marked as such)."""
    return ArticleFilter(feed_id=feed_id)


class Kind(IntEnum):
    VIEW = 0
    HEADER = 1
    TAG = 2
    FEED = 3
    HIGHLIGHTS = 4


class SidebarRole(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    KEY = Qt.ItemDataRole.UserRole + 2  # View value, tag name or feed id (as text)
    COUNT = Qt.ItemDataRole.UserRole + 3  # articles; a feed's: unread ones; highlights
    STATE = Qt.ItemDataRole.UserRole + 4  # a feed's: "paused", "error" or ""


@dataclass(slots=True)
class Entry:
    kind: Kind
    key: str
    label: str
    count: int | None = None
    state: str = ""


def feed_entry(feed: Feed) -> Entry:
    state = "paused" if feed.paused else ("error" if feed.last_error else "")
    return Entry(Kind.FEED, str(feed.id), feed.title or feed.url, feed.unread, state)


class SidebarModel(QAbstractListModel):
    """The views, Highlights, a "Feeds" heading and one row per feed with its unread
    count (when there are feeds), a "Tags" heading and one row per tag with its count.
    GUI thread only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = [Entry(Kind.VIEW, v.value, VIEW_LABELS[v]) for v in View]
        self._entries.append(Entry(Kind.HIGHLIGHTS, HIGHLIGHTS_KEY, HIGHLIGHTS_LABEL))
        self._entries.append(Entry(Kind.HEADER, "", "Tags"))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return e.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = e.label if e.count is None else f"{e.label}, {e.count}"
            return f"{text}, {e.state}" if e.state else text
        if role == SidebarRole.KIND:
            return int(e.kind)
        if role == SidebarRole.KEY:
            return e.key
        if role == SidebarRole.COUNT:
            return e.count
        if role == SidebarRole.STATE:
            return e.state
        if role == Qt.ItemDataRole.ToolTipRole and e.kind is Kind.FEED and e.state:
            return "Paused: not updated" if e.state == "paused" else "The last update failed"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._entries[index.row()].kind is Kind.HEADER:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def row_of_view(self, view: View) -> int:
        return list(View).index(view)

    def row_of_highlights(self) -> int:
        return len(View)

    def row_of_tag(self, name: str) -> int | None:
        for i, e in enumerate(self._entries):
            if e.kind is Kind.TAG and e.key == name:
                return i
        return None

    def row_of_feed(self, feed_id: int) -> int | None:
        for i, e in enumerate(self._entries):
            if e.kind is Kind.FEED and e.key == str(feed_id):
                return i
        return None

    def tag_names(self) -> list[str]:
        return [e.key for e in self._entries if e.kind is Kind.TAG]

    def feed_entries(self) -> list[Entry]:
        return [e for e in self._entries if e.kind is Kind.FEED]

    def counts(self) -> dict[View, int]:
        """The count shown on each view's row (views not counted yet are left out)."""
        return {
            View(e.key): e.count
            for e in self._entries
            if e.kind is Kind.VIEW and e.count is not None
        }

    def set_counts(self, counts: Mapping[View, int]) -> None:
        for i, e in enumerate(self._entries):
            if e.kind is Kind.VIEW:
                new = counts.get(View(e.key))
                if new != e.count:
                    e.count = new
                    index = self.index(i, 0)
                    self.dataChanged.emit(index, index)

    def set_highlight_count(self, count: int) -> None:
        entry = self._entries[self.row_of_highlights()]
        if entry.count != count:
            entry.count = count
            index = self.index(self.row_of_highlights(), 0)
            self.dataChanged.emit(index, index)

    def set_tags(self, tags: Sequence[TagCount]) -> None:
        """Replace the tag rows (keeps the fixed rows, so their selection survives)."""
        first = self._tags_header() + 1
        new = [Entry(Kind.TAG, t.name, t.name, t.count) for t in tags]
        self._replace(first, len(self._entries) - first, new)

    def set_feeds(self, feeds: Sequence[Feed]) -> None:
        """Replace the feed rows; the "Feeds" heading is there only while there are feeds."""
        first = self.row_of_highlights() + 1
        size = self._tags_header() - first  # heading and rows, or nothing
        rows = [feed_entry(f) for f in feeds]
        new = [Entry(Kind.HEADER, "feeds", "Feeds"), *rows] if rows else []
        self._replace(first, size, new)

    def _tags_header(self) -> int:
        return next(i for i, e in enumerate(self._entries) if e.kind is Kind.HEADER and e.key == "")

    def _replace(self, first: int, size: int, new: list[Entry]) -> None:
        """Rows ``first`` .. ``first + size`` become ``new``: changed in place when the
        same keys remain (a selection among them survives), else removed and inserted."""
        old = self._entries[first : first + size]
        if [(e.kind, e.key) for e in old] == [(e.kind, e.key) for e in new]:
            for i, e in enumerate(new):
                o = old[i]
                if (o.count, o.label, o.state) != (e.count, e.label, e.state):
                    o.count, o.label, o.state = e.count, e.label, e.state
                    index = self.index(first + i, 0)
                    self.dataChanged.emit(index, index)
            return
        if old:
            self.beginRemoveRows(QModelIndex(), first, first + len(old) - 1)
            del self._entries[first : first + size]
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._entries[first:first] = new
            self.endInsertRows()


class SidebarDelegate(QStyledItemDelegate):
    """Paints sidebar rows: an icon, the label and a count on the right.  GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: Colors = LIGHT

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        fm = QFontMetricsF(option.font)
        kind = index.data(SidebarRole.KIND)
        if kind == Kind.HEADER:
            return QSize(120, int(fm.height() * 2.4))
        return QSize(120, int(fm.height() + 14))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        c = self.colors
        rect = QRectF(option.rect)
        font = QFont(option.font)
        kind = index.data(SidebarRole.KIND)
        label = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if kind == Kind.HEADER:
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.85)
            small.setWeight(QFont.Weight.DemiBold)
            small.setCapitalization(QFont.Capitalization.AllUppercase)
            small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            painter.setFont(small)
            painter.setPen(QColor(c.muted))
            painter.drawText(
                rect.adjusted(16, 0, -12, -4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                label,
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.selection))
            painter.drawRoundedRect(rect.adjusted(6, 1, -6, -1), 6, 6)
        key = str(index.data(SidebarRole.KEY) or "")
        state = str(index.data(SidebarRole.STATE) or "")
        if kind == Kind.FEED:
            icon = FEED_ICONS.get(state, FEED_ICONS[""])
        elif kind == Kind.HIGHLIGHTS:
            icon = HIGHLIGHTS_ICON
        else:
            icon = "#" if kind == Kind.TAG else VIEW_ICONS.get(View(key), "")
        failed = kind == Kind.VIEW and key == View.FAILED.value
        count = index.data(SidebarRole.COUNT)
        if kind == Kind.FEED:
            icon_color = c.danger if state == "error" else (c.accent if selected else c.muted)
        else:
            icon_color = c.danger if failed and count else (c.accent if selected else c.muted)
        painter.setFont(font)
        painter.setPen(QColor(icon_color))
        icon_rect = QRectF(rect.left() + 14, rect.top(), 20, rect.height())
        painter.drawText(icon_rect, Qt.AlignmentFlag.AlignCenter, icon)
        hide_zero = kind in (Kind.VIEW, Kind.FEED, Kind.HIGHLIGHTS)
        count_text = "" if count is None or (count == 0 and hide_zero) else str(count)
        fm = QFontMetricsF(font)
        count_w = fm.horizontalAdvance(count_text) + 8 if count_text else 0
        text_rect = QRectF(icon_rect.right() + 8, rect.top(), 0, rect.height())
        text_rect.setRight(rect.right() - 14 - count_w)
        painter.setPen(QColor(c.muted if state == "paused" else c.text))
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        if count_text:
            painter.setPen(QColor(c.danger if failed else c.muted))
            painter.drawText(
                QRectF(rect.right() - 14 - count_w, rect.top(), count_w, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                count_text,
            )
        painter.restore()
