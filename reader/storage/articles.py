"""Articles (a Storage part): recording saves, reading an article whole, read state,
trash and deletion.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import peewee as pw

from reader.errors import NotFoundError
from reader.models import Article, ArticleSummary, Highlight, NewArticle, Status
from reader.storage.base import SUMMARY_SQL, StoreBase, article_of, summary_of
from reader.storage.clock import now_iso
from reader.storage.database import snapshot, translate_errors
from reader.storage.tables import (
    ArticleRow,
    BodyRow,
    ImageRow,
    ImportContentRow,
    ThumbnailRow,
)


class ArticleStore(StoreBase):
    """Storage's articles part; uses the tags and highlights parts through ``self``."""

    _add_tags: Callable[[Sequence[int], Iterable[str]], None]
    _tags_of: Callable[[Sequence[int]], dict[int, tuple[str, ...]]]
    _highlights_of: Callable[[int], tuple[Highlight, ...]]

    @translate_errors
    def add_pending(self, given_url: str, url_key: str) -> int:
        stamp = now_iso()
        with self.db.atomic():
            row = ArticleRow.create(
                given_url=given_url,
                url_key=url_key,
                title="",
                saved_at=stamp,
                updated_at=stamp,
                sort_published=stamp,
                status=Status.PENDING.value,
            )
        return int(row.id)

    @translate_errors
    @snapshot
    def find_by_key(self, *keys: str | None) -> ArticleSummary | None:
        wanted = [k for k in keys if k]
        if not wanted:
            return None
        query = (
            ArticleRow.select(ArticleRow.id)
            .where(
                (ArticleRow.url_key.in_(wanted) | ArticleRow.canonical_key.in_(wanted))
                & ArticleRow.deleted_at.is_null()
            )
            .order_by(
                pw.Case(None, [(ArticleRow.status == Status.SAVED.value, 0)], 1),
                ArticleRow.id,
            )
            .limit(1)
        )
        found = query.scalar()
        return self._summaries_of([int(found)])[0] if found is not None else None

    @translate_errors
    def set_status(self, article_id: int, status: Status, error: str | None = None) -> None:
        with self.db.atomic():
            count = (
                ArticleRow.update(status=status.value, error=error, updated_at=now_iso())
                .where(ArticleRow.id == article_id)
                .execute()
            )
        if not count:
            raise NotFoundError(f"no article {article_id}")

    @translate_errors
    def complete_save(self, article_id: int, new: NewArticle, tags: Sequence[str] = ()) -> None:
        """Store a whole article (text, images, thumbnail, tags) in one transaction."""
        stamp = now_iso()
        with self.db.atomic():
            row = ArticleRow.get_or_none(ArticleRow.id == article_id)
            if row is None:
                raise NotFoundError(f"no article {article_id}")
            ImageRow.delete().where(ImageRow.article == article_id).execute()
            ThumbnailRow.delete().where(ThumbnailRow.article == article_id).execute()
            for image in new.images:
                ImageRow.create(
                    article=article_id,
                    key=image.key,
                    original_url=image.original_url,
                    mime=image.mime,
                    width=image.width,
                    height=image.height,
                    data=image.data,
                )
            if new.thumbnail:
                ThumbnailRow.insert(article=article_id, data=new.thumbnail).execute()
            ArticleRow.update(
                url=new.url,
                canonical_url=new.canonical_url,
                canonical_key=new.url_key,
                title=new.title,
                excerpt=new.excerpt,
                byline=new.byline,
                site_name=new.site_name,
                published=new.published,
                lang=new.lang,
                lead_image=new.lead_image,
                word_count=new.word_count,
                reading_minutes=new.reading_minutes,
                updated_at=stamp,
                sort_published=new.published or row.saved_at,
                status=Status.SAVED.value,
                error=None,
                notes=json.dumps(list(new.notes)),
                has_thumbnail=bool(new.thumbnail),
                partial=new.partial,
            ).where(ArticleRow.id == article_id).execute()
            (
                BodyRow.insert(article=article_id, html=new.html, text=new.text)
                .on_conflict(
                    conflict_target=[BodyRow.article],
                    update={BodyRow.html: new.html, BodyRow.text: new.text},
                )
                .execute()
            )
            self._add_tags([article_id], tags)
            # An imported article's content has served its turn once it is saved.
            ImportContentRow.delete().where(ImportContentRow.article == article_id).execute()

    @translate_errors
    def unfinished_ids(self) -> list[int]:
        """Pending and failed articles, oldest first: what ``retry`` picks up."""
        query = (
            ArticleRow.select(ArticleRow.id)
            .where(
                ArticleRow.status.in_([Status.PENDING.value, Status.FAILED.value])
                & ArticleRow.deleted_at.is_null()
            )
            .order_by(ArticleRow.id)
        )
        return [int(r.id) for r in query]

    @translate_errors
    @snapshot
    def get(self, article_id: int) -> Article:
        """One article in full, read in one snapshot (a concurrent refresh never shows
        a mix of the old and the new article)."""
        row = self._article_row(article_id)
        if row is None:
            raise NotFoundError(f"no article {article_id}")
        image_count = (
            ImageRow.select(pw.fn.COUNT(ImageRow.id)).where(ImageRow.article == article_id).scalar()
        )
        return article_of(
            row,
            tags=self._tags_of([article_id]).get(article_id, ()),
            highlights=self._highlights_of(article_id),
            image_count=int(image_count or 0),
        )

    @translate_errors
    def summary(self, article_id: int) -> ArticleSummary:
        found = self._summaries_of([article_id])
        if not found:
            raise NotFoundError(f"no article {article_id}")
        return found[0]

    def _summaries_of(self, ids: Sequence[int]) -> list[ArticleSummary]:
        sql = (
            f"SELECT {SUMMARY_SQL} FROM articles "
            "WHERE articles.id IN (SELECT value FROM json_each(?))"
        )
        return [summary_of(r) for r in self._rows(sql, (json.dumps(list(ids)),))]

    @translate_errors
    def set_flags(
        self,
        ids: Iterable[int],
        *,
        is_read: bool | None = None,
        archived: bool | None = None,
        favourite: bool | None = None,
    ) -> int:
        values: dict[Any, Any] = {}
        if is_read is not None:
            values[ArticleRow.is_read] = is_read
        if archived is not None:
            values[ArticleRow.archived] = archived
        if favourite is not None:
            values[ArticleRow.favourite] = favourite
        id_list = list(ids)
        if not values or not id_list:
            return 0
        with self.db.atomic():
            return int(ArticleRow.update(values).where(ArticleRow.id.in_(id_list)).execute())

    @translate_errors
    def set_read_position(self, article_id: int, position: float) -> None:
        position = min(1.0, max(0.0, position))
        with self.db.atomic():
            ArticleRow.update(read_position=position).where(ArticleRow.id == article_id).execute()

    @translate_errors
    def trash(self, ids: Iterable[int], trashed: bool = True) -> int:
        """Hide articles (undoable); ``purge_trash`` deletes them for good."""
        id_list = list(ids)
        with self.db.atomic():
            return int(
                ArticleRow.update(deleted_at=now_iso() if trashed else None)
                .where(ArticleRow.id.in_(id_list))
                .execute()
            )

    @translate_errors
    def purge_trash(self) -> int:
        with self.db.atomic():
            return int(ArticleRow.delete().where(ArticleRow.deleted_at.is_null(False)).execute())

    @translate_errors
    def delete(self, ids: Iterable[int]) -> int:
        id_list = list(ids)
        with self.db.atomic():
            return int(ArticleRow.delete().where(ArticleRow.id.in_(id_list)).execute())

    @translate_errors
    def exists(self, article_id: int) -> bool:
        query = ArticleRow.select(ArticleRow.id).where(
            (ArticleRow.id == article_id) & ArticleRow.deleted_at.is_null()
        )
        return bool(query.exists())
