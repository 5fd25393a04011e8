"""Whole articles out and back in (exports, archives, restores): a Storage part.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
``article_record`` reads one article and everything stored with it in one snapshot;
``restore_records`` writes articles back with every field as it was (saved and updated
times, states, read position, notes, highlights), in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from reader.errors import NotFoundError
from reader.models import ArticleRecord, Highlight, ImageRecord, Status
from reader.storage.base import StoreBase, article_of
from reader.storage.database import read, translate_errors
from reader.storage.tables import ArticleRow, BodyRow, HighlightRow, ImageRow, ThumbnailRow

_HIGHLIGHT_COLUMNS = (
    'id, article_id, quote, prefix, suffix, start, "end", color, note, created_at, anchored'
)


class TransferStore(StoreBase):
    """Storage's part for whole-article transfers; mixed into ``Storage``, which
    provides ``_add_tags``."""

    _add_tags: Callable[[Sequence[int], Iterable[str]], None]

    @translate_errors
    def article_record(self, article_id: int) -> ArticleRecord:
        """One article with its photos, thumbnail and keys, read in one snapshot.

        Hand-written queries, rows mapped by column name: an export reads every article
        once, and peewee's query building cost five times the reading (bench/export_epub.py).
        """
        with read(self.db):
            row = self._article_row(article_id)
            if row is None:
                raise NotFoundError(f"no article {article_id}")
            images = tuple(
                ImageRecord(
                    r["key"],
                    r["original_url"],
                    r["mime"],
                    r["width"],
                    r["height"],
                    bytes(r["data"]),
                )
                for r in self._rows(
                    "SELECT key, original_url, mime, width, height, data FROM images "
                    "WHERE article_id = ? ORDER BY id",
                    (article_id,),
                )
            )
            thumb = self._rows("SELECT data FROM thumbnails WHERE article_id = ?", (article_id,))
            tags = tuple(
                str(r["name"])
                for r in self._rows(
                    "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
                    "WHERE x.article_id = ? ORDER BY t.name",
                    (article_id,),
                )
            )
            highlights = tuple(
                Highlight(
                    **{
                        **r,
                        "prefix": r["prefix"] or "",
                        "suffix": r["suffix"] or "",
                        "anchored": bool(r["anchored"]),
                    }
                )
                for r in self._rows(
                    f"SELECT {_HIGHLIGHT_COLUMNS} FROM highlights WHERE article_id = ? "
                    "ORDER BY start IS NULL, start, id",
                    (article_id,),
                )
            )
        article = article_of(row, tags=tags, highlights=highlights, image_count=len(images))
        return ArticleRecord(
            article=article,
            url_key=row["url_key"],
            canonical_key=row["canonical_key"],
            images=images,
            thumbnail=bytes(thumb[0]["data"]) if thumb else None,
        )

    @translate_errors
    def restore_records(self, records: Sequence[ArticleRecord]) -> list[int | None]:
        """Store whole articles as they were; returns each one's id, or None for one whose
        address is already in the library (left as it is).  An article keeps its id when
        that id is free.  All or nothing: one transaction."""
        out: list[int | None] = []
        with self.db.atomic():
            for record in records:
                out.append(self._restore_one(record))
        return out

    def _restore_one(self, record: ArticleRecord) -> int | None:
        a = record.article
        keys = [k for k in (record.url_key, record.canonical_key) if k]
        twin = (
            ArticleRow.select(ArticleRow.id)
            .where(
                (ArticleRow.url_key.in_(keys) | ArticleRow.canonical_key.in_(keys))
                & ArticleRow.deleted_at.is_null()
            )
            .exists()
        )
        if twin:
            return None
        fields = {
            "given_url": a.given_url,
            "url_key": record.url_key,
            "canonical_key": record.canonical_key,
            "url": a.url,
            "canonical_url": a.canonical_url,
            "title": a.title,
            "excerpt": a.excerpt,
            "byline": a.byline,
            "site_name": a.site_name,
            "published": a.published,
            "lang": a.lang,
            "lead_image": a.lead_image,
            "word_count": a.word_count,
            "reading_minutes": a.reading_minutes,
            "saved_at": a.saved_at,
            "updated_at": a.updated_at,
            "sort_published": a.published or a.saved_at,
            "status": a.status.value,
            "error": a.error,
            "is_read": a.is_read,
            "archived": a.archived,
            "favourite": a.favourite,
            "read_position": a.read_position,
            "notes": json.dumps(list(a.notes)),
            "has_thumbnail": record.thumbnail is not None,
            "note": a.note,
            "partial": a.partial,
        }
        if not ArticleRow.select().where(ArticleRow.id == a.id).exists():
            fields["id"] = a.id
        article_id = int(ArticleRow.insert(fields).execute())
        if a.status is Status.SAVED or a.html or a.text:
            BodyRow.insert(article=article_id, html=a.html, text=a.text).execute()
        for im in record.images:
            ImageRow.insert(
                article=article_id,
                key=im.key,
                original_url=im.original_url,
                mime=im.mime,
                width=im.width,
                height=im.height,
                data=im.data,
            ).execute()
        if record.thumbnail is not None:
            ThumbnailRow.insert(article=article_id, data=record.thumbnail).execute()
        self._add_tags([article_id], list(a.tags))
        for h in a.highlights:
            HighlightRow.insert(
                article=article_id,
                quote=h.quote,
                prefix=h.prefix,
                suffix=h.suffix,
                start=h.start,
                end=h.end,
                color=h.color,
                note=h.note,
                created_at=h.created_at,
                anchored=h.anchored,
            ).execute()
        return article_id
