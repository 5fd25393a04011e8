"""Highlights and article notes: the queries of the highlights domain (a Storage part).

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee as pw

from reader.errors import NotFoundError
from reader.models import Highlight, NewHighlight
from reader.storage.clock import now_iso
from reader.storage.database import translate_errors
from reader.storage.tables import ArticleRow, HighlightRow


def highlight_of(row: HighlightRow) -> Highlight:
    return Highlight(
        id=int(row.id),
        article_id=int(row.article_id),  # type: ignore[attr-defined]
        quote=row.quote,
        prefix=row.prefix or "",
        suffix=row.suffix or "",
        start=row.start,
        end=row.end,
        color=row.color,
        note=row.note,
        created_at=row.created_at,
        anchored=bool(row.anchored),
    )


class HighlightStore:
    """Storage's highlights part; mixed into ``Storage``, which provides ``db``."""

    db: pw.SqliteDatabase

    def _highlights_of(self, article_id: int) -> tuple[Highlight, ...]:
        """An article's highlights in reading order, unplaced ones last (no transaction
        of its own: callers read it inside theirs)."""
        query = (
            HighlightRow.select()
            .where(HighlightRow.article == article_id)
            .order_by(HighlightRow.start.is_null(), HighlightRow.start, HighlightRow.id)
        )
        return tuple(highlight_of(r) for r in query)

    @translate_errors
    def highlights(self, article_id: int) -> tuple[Highlight, ...]:
        return self._highlights_of(article_id)

    @translate_errors
    def add_highlights(self, article_id: int, items: Sequence[NewHighlight]) -> list[int]:
        """Store highlights of one article in one transaction; returns their ids."""
        stamp = now_iso()
        ids: list[int] = []
        with self.db.atomic():
            if not ArticleRow.select().where(ArticleRow.id == article_id).exists():
                raise NotFoundError(f"no article {article_id}")
            for h in items:
                row = HighlightRow.create(
                    article=article_id,
                    quote=h.quote,
                    prefix=h.prefix,
                    suffix=h.suffix,
                    start=h.start,
                    end=h.end,
                    color=h.color,
                    note=h.note,
                    created_at=h.created_at or stamp,
                    anchored=h.anchored,
                )
                ids.append(int(row.id))
        return ids

    @translate_errors
    def get_highlight(self, highlight_id: int) -> Highlight:
        row = HighlightRow.get_or_none(HighlightRow.id == highlight_id)
        if row is None:
            raise NotFoundError(f"no highlight {highlight_id}")
        return highlight_of(row)

    @translate_errors
    def update_highlight(
        self,
        highlight_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        clear_note: bool = False,
        position: tuple[int, int] | None = None,
        anchored: bool | None = None,
    ) -> None:
        """Change a highlight's colour, note or place; only the given fields change."""
        fields: dict[pw.Field, object] = {}
        if color is not None:
            fields[HighlightRow.color] = color
        if note is not None or clear_note:
            fields[HighlightRow.note] = None if clear_note else note
        if position is not None:
            fields[HighlightRow.start], fields[HighlightRow.end] = position
        if anchored is not None:
            fields[HighlightRow.anchored] = anchored
            if not anchored:
                fields[HighlightRow.start] = fields[HighlightRow.end] = None
        if not fields:
            return
        with self.db.atomic():
            count = HighlightRow.update(fields).where(HighlightRow.id == highlight_id).execute()
        if not count:
            raise NotFoundError(f"no highlight {highlight_id}")

    @translate_errors
    def delete_highlight(self, highlight_id: int) -> Highlight:
        """Delete one highlight; returns it, so the caller can offer undo."""
        with self.db.atomic():
            row = HighlightRow.get_or_none(HighlightRow.id == highlight_id)
            if row is None:
                raise NotFoundError(f"no highlight {highlight_id}")
            gone = highlight_of(row)
            row.delete_instance()
        return gone

    @translate_errors
    def set_note(self, article_id: int, note: str | None) -> None:
        """The note on a whole article; None or blank clears it."""
        text = note.strip() if note else None
        with self.db.atomic():
            count = (
                ArticleRow.update(note=text or None).where(ArticleRow.id == article_id).execute()
            )
        if not count:
            raise NotFoundError(f"no article {article_id}")
