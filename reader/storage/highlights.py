"""Highlights and article notes: the queries of the highlights domain (a Storage part).

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import peewee as pw

from reader.errors import NotFoundError
from reader.models import (
    ArticleSummary,
    Highlight,
    HighlightEntry,
    HighlightPage,
    NewHighlight,
)
from reader.storage.base import StoreBase
from reader.storage.clock import now_iso
from reader.storage.database import snapshot, translate_errors
from reader.storage.tables import ArticleRow, BodyRow, HighlightRow, TagRow

#: Every article's row of ``annotation_fts`` (migration 10 keeps it in sync by triggers):
#: its highlights' quotes, and its notes (the article's, then its highlights').
_ANNOTATION_ROWS = """
INSERT INTO annotation_fts (rowid, quotes, notes)
SELECT a.id,
    (SELECT group_concat(h.quote, char(10)) FROM highlights h WHERE h.article_id = a.id),
    trim(coalesce(a.note, '') || char(10) || coalesce((SELECT group_concat(h.note, char(10))
        FROM highlights h WHERE h.article_id = a.id), ''), char(10))
FROM articles a
WHERE a.note IS NOT NULL OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)
"""
_ANNOTATED = (
    "SELECT COUNT(*) FROM articles a WHERE a.note IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)"
)

#: Places an article's highlights in its text: (text, highlights) -> those that changed.
Placer = Callable[[str, tuple[Highlight, ...]], Sequence[Highlight]]


#: A highlight's fields and the SQL that reads each (``highlights h`` in the FROM).
_HIGHLIGHT_COLUMNS = (
    "id", "article_id", "quote", "prefix", "suffix", "start", "end", "color", "note",
    "created_at", "anchored",
)  # fmt: skip
_HIGHLIGHT_SQL = ", ".join(f'h."{name}" AS "{name}"' for name in _HIGHLIGHT_COLUMNS)


def _highlight(row: Mapping[str, Any]) -> Highlight:
    """A Highlight from a row read with ``_HIGHLIGHT_SQL``, by column name."""
    return Highlight(
        id=int(row["id"]),
        article_id=int(row["article_id"]),
        quote=row["quote"],
        prefix=row["prefix"] or "",
        suffix=row["suffix"] or "",
        start=row["start"],
        end=row["end"],
        color=row["color"],
        note=row["note"],
        created_at=row["created_at"],
        anchored=bool(row["anchored"]),
    )


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


class HighlightStore(StoreBase):
    """Storage's highlights part; uses the articles part (``_summaries_of``) through
    ``self``."""

    _summaries_of: Callable[[Sequence[int]], list[ArticleSummary]]

    def _highlights_of(self, article_id: int) -> tuple[Highlight, ...]:
        """An article's highlights in reading order, unplaced ones last (no transaction
        of its own: callers read it inside theirs).  Hand-written SQL: peewee's per-row
        work cost 2 ms for 200 highlights, on every opening of the article."""
        sql = (
            f"SELECT {_HIGHLIGHT_SQL} FROM highlights h WHERE h.article_id = ? "
            "ORDER BY h.start IS NULL, h.start, h.id"
        )
        return tuple(_highlight(r) for r in self._rows(sql, (article_id,)))

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

    @translate_errors
    def restore_highlight(self, gone: Highlight) -> int:
        """Put back a deleted highlight (undo), under its old id when that is free."""
        with self.db.atomic():
            if not ArticleRow.select().where(ArticleRow.id == gone.article_id).exists():
                raise NotFoundError(f"no article {gone.article_id}")
            fields: dict[str, Any] = {
                "article": gone.article_id,
                "quote": gone.quote,
                "prefix": gone.prefix,
                "suffix": gone.suffix,
                "start": gone.start,
                "end": gone.end,
                "color": gone.color,
                "note": gone.note,
                "created_at": gone.created_at,
                "anchored": gone.anchored,
            }
            if not HighlightRow.select().where(HighlightRow.id == gone.id).exists():
                fields["id"] = gone.id
            return int(HighlightRow.insert(**fields).execute())

    @translate_errors
    def reanchor_highlights(self, article_id: int, place: Placer) -> int:
        """Place an article's highlights in its current text with ``place`` and store
        the new places, in one write transaction (no highlight added or deleted in
        between is missed or brought back).  Returns how many changed."""
        with self.db.atomic():
            current = self._highlights_of(article_id)
            if not current:
                return 0
            body = BodyRow.get_or_none(BodyRow.article == article_id)
            if body is None:
                return 0
            changed = place(body.text, current)
            for h in changed:
                HighlightRow.update(
                    quote=h.quote,
                    prefix=h.prefix,
                    suffix=h.suffix,
                    start=h.start,
                    end=h.end,
                    anchored=h.anchored,
                ).where((HighlightRow.id == h.id) & (HighlightRow.article == article_id)).execute()
        return len(changed)

    @translate_errors
    @snapshot
    def highlight_page(
        self,
        color: str | None = None,
        tag: str | None = None,
        cursor: tuple[str, int] | None = None,
        limit: int = 200,
    ) -> HighlightPage:
        """Every highlight with its article, newest first, by keyset on (created_at, id);
        articles in the trash left out.  One snapshot."""
        where = self._page_conditions(color, tag)
        if where is None:
            return HighlightPage(())
        conds, params = where
        if cursor is not None:
            conds.append("(h.created_at, h.id) < (?, ?)")
            params += [cursor[0], cursor[1]]
        sql = (
            # CROSS JOIN: walk the highlights newest first along highlights_created and
            # look up each one's article (SQLite would otherwise start from every
            # article and sort all highlights).
            f"SELECT {_HIGHLIGHT_SQL} FROM highlights h CROSS JOIN articles a "
            "ON a.id = h.article_id "
            f"WHERE {' AND '.join(conds)} ORDER BY h.created_at DESC, h.id DESC LIMIT ?"
        )
        rows = self._rows(sql, [*params, limit])
        ids = list(dict.fromkeys(int(r["article_id"]) for r in rows))
        summaries = {s.id: s for s in self._summaries_of(ids)} if ids else {}
        items = tuple(HighlightEntry(_highlight(r), summaries[int(r["article_id"])]) for r in rows)
        next_cursor = None
        if len(rows) == limit:
            next_cursor = (str(rows[-1]["created_at"]), int(rows[-1]["id"]))
        return HighlightPage(items, next_cursor)

    @translate_errors
    def highlight_count(self, color: str | None = None, tag: str | None = None) -> int:
        """How many highlights ``highlight_page`` walks through with these filters."""
        where = self._page_conditions(color, tag)
        if where is None:
            return 0
        conds, params = where
        sql = (
            "SELECT COUNT(*) FROM highlights h CROSS JOIN articles a ON a.id = h.article_id "
            f"WHERE {' AND '.join(conds)}"
        )
        return int(self._sql(sql, params).fetchone()[0])

    def _page_conditions(
        self, color: str | None, tag: str | None
    ) -> tuple[list[str], list[Any]] | None:
        """The WHERE of the highlights list (``h`` and ``a``); None: no such tag."""
        conds = ["+a.deleted_at IS NULL"]
        params: list[Any] = []
        if color is not None:
            conds.append("h.color = ?")
            params.append(color)
        if tag is not None:
            row = TagRow.get_or_none(TagRow.name == tag)
            if row is None:
                return None
            conds.append(
                "EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = h.article_id "
                "AND x.tag_id = ?)"
            )
            params.append(int(row.id))
        return conds, params

    def _annotation_index_problem(self) -> str:
        """ "ok", or what is wrong with the index of highlights and notes (for ``check``)."""
        try:
            self._sql("INSERT INTO annotation_fts (annotation_fts) VALUES ('integrity-check')")
        except pw.DatabaseError as exc:
            return f"the index of highlights and notes is damaged ({exc})"
        indexed = int(self._sql("SELECT COUNT(*) FROM annotation_fts_docsize").fetchone()[0])
        annotated = int(self._sql(_ANNOTATED).fetchone()[0])
        if indexed != annotated:
            return f"the index of highlights and notes holds {indexed} articles, not {annotated}"
        return "ok"

    def _rebuild_annotation_index(self) -> None:
        """Fill the index of highlights and notes anew (inside the caller's transaction)."""
        self._sql("DELETE FROM annotation_fts")
        self._sql(_ANNOTATION_ROWS)
