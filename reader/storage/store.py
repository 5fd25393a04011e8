"""Storage: the one data-access class of a library file.

Contract: every method may raise ``reader.errors.StorageError`` (locked, read-only, full,
damaged); ``NotFoundError`` for an id that is not there.  Usable from several threads:
peewee gives each thread its own connection, and writes are short IMMEDIATE
transactions, so a second process (the app beside the command line) waits and succeeds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import peewee as pw

from reader.errors import NotFoundError
from reader.models import (
    Article,
    ArticleFilter,
    ArticleSummary,
    ImageRecord,
    NewArticle,
    Page,
    SearchHit,
    SortKey,
    Status,
    TagCount,
)
from reader.storage.database import open_database, translate_errors
from reader.storage.search import build_match
from reader.storage.tables import (
    ArticleRow,
    ArticleTagRow,
    BodyRow,
    ImageRow,
    TagRow,
    ThumbnailRow,
)

SNIPPET_START = "\x02"
SNIPPET_END = "\x03"

_SUMMARY_FIELDS = (
    ArticleRow.id,
    ArticleRow.given_url,
    ArticleRow.url,
    ArticleRow.title,
    ArticleRow.site_name,
    ArticleRow.byline,
    ArticleRow.excerpt,
    ArticleRow.published,
    ArticleRow.saved_at,
    ArticleRow.reading_minutes,
    ArticleRow.word_count,
    ArticleRow.status,
    ArticleRow.error,
    ArticleRow.is_read,
    ArticleRow.archived,
    ArticleRow.favourite,
    ArticleRow.has_thumbnail,
    ArticleRow.sort_published,
)


def now_iso() -> str:
    """UTC now, ISO 8601 with microseconds, so string order is time order."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_tag(name: str) -> str:
    return " ".join(name.split()).strip(",")


class Storage:
    """Data access for one library folder.  See the module docstring for the contract."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = open_database(folder)

    @property
    def path(self) -> Path:
        return Path(self.db.database)

    def close(self) -> None:
        self.db.close()

    # --- saving --------------------------------------------------------------

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
    def find_by_key(self, *keys: str | None) -> ArticleSummary | None:
        wanted = [k for k in keys if k]
        if not wanted:
            return None
        query = (
            ArticleRow.select(*_SUMMARY_FIELDS)
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
        rows = list(query.dicts())
        return self._summaries(rows)[0] if rows else None

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

    # --- reading ---------------------------------------------------------------

    @translate_errors
    def get(self, article_id: int) -> Article:
        row = ArticleRow.get_or_none(
            (ArticleRow.id == article_id) & ArticleRow.deleted_at.is_null()
        )
        if row is None:
            raise NotFoundError(f"no article {article_id}")
        body = BodyRow.get_or_none(BodyRow.article == article_id)
        image_count = (
            ImageRow.select(pw.fn.COUNT(ImageRow.id)).where(ImageRow.article == article_id).scalar()
        )
        return Article(
            id=row.id,
            given_url=row.given_url,
            url=row.url,
            canonical_url=row.canonical_url,
            title=row.title or "",
            excerpt=row.excerpt,
            byline=row.byline,
            site_name=row.site_name,
            published=row.published,
            lang=row.lang,
            lead_image=row.lead_image,
            html=body.html if body else "",
            text=body.text if body else "",
            word_count=row.word_count,
            reading_minutes=row.reading_minutes,
            saved_at=row.saved_at,
            updated_at=row.updated_at,
            status=Status(row.status),
            error=row.error,
            is_read=bool(row.is_read),
            archived=bool(row.archived),
            favourite=bool(row.favourite),
            read_position=float(row.read_position),
            tags=self._tags_of([article_id]).get(article_id, ()),
            notes=tuple(json.loads(row.notes or "[]")),
            image_count=int(image_count or 0),
        )

    @translate_errors
    def image(self, article_id: int, key: str) -> ImageRecord | None:
        row = ImageRow.get_or_none((ImageRow.article == article_id) & (ImageRow.key == key))
        if row is None:
            return None
        return ImageRecord(
            key=row.key,
            original_url=row.original_url,
            mime=row.mime,
            width=row.width,
            height=row.height,
            data=bytes(row.data),
        )

    @translate_errors
    def images(self, article_id: int) -> list[ImageRecord]:
        query = ImageRow.select().where(ImageRow.article == article_id).order_by(ImageRow.id)
        return [
            ImageRecord(r.key, r.original_url, r.mime, r.width, r.height, bytes(r.data))
            for r in query
        ]

    @translate_errors
    def thumbnail(self, article_id: int) -> bytes | None:
        row = ThumbnailRow.get_or_none(ThumbnailRow.article == article_id)
        return bytes(row.data) if row else None

    def _where(self, flt: ArticleFilter) -> Any:
        cond = ArticleRow.deleted_at.is_null()
        if flt.status is not None:
            cond &= ArticleRow.status == flt.status.value
        if flt.unread is not None:
            cond &= ArticleRow.is_read == (not flt.unread)
        if flt.archived is not None:
            cond &= ArticleRow.archived == flt.archived
        if flt.favourite is not None:
            cond &= ArticleRow.favourite == flt.favourite
        if flt.site:
            cond &= ArticleRow.site_name ** f"%{flt.site}%"
        if flt.tag:
            tagged = (
                ArticleTagRow.select(ArticleTagRow.article)
                .join(TagRow)
                .where(TagRow.name == flt.tag)
            )
            cond &= ArticleRow.id.in_(tagged)
        if flt.article_ids is not None:
            cond &= ArticleRow.id.in_(list(flt.article_ids))
        return cond

    @translate_errors
    def page(
        self,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008 - frozen, so safe as a default
        sort: SortKey = SortKey.SAVED,
        cursor: tuple[str, int] | None = None,
        limit: int = 200,
    ) -> Page:
        """One page of summaries, newest first, by keyset (never OFFSET)."""
        column = ArticleRow.saved_at if sort is SortKey.SAVED else ArticleRow.sort_published
        cond = self._where(flt)
        if cursor is not None:
            value, last_id = cursor
            cond &= (column < value) | ((column == value) & (ArticleRow.id < last_id))
        query = (
            ArticleRow.select(*_SUMMARY_FIELDS)
            .where(cond)
            .order_by(column.desc(), ArticleRow.id.desc())
            .limit(limit)
        )
        rows = list(query.dicts())
        items = self._summaries(rows)
        next_cursor = None
        if len(rows) == limit:
            last = rows[-1]
            key = last["saved_at"] if sort is SortKey.SAVED else last["sort_published"]
            next_cursor = (str(key), int(last["id"]))
        return Page(tuple(items), next_cursor)

    @translate_errors
    def count(self, flt: ArticleFilter = ArticleFilter()) -> int:  # noqa: B008
        # A plain COUNT(*), not peewee's .count(), which wraps the query in a subquery.
        query = ArticleRow.select(pw.fn.COUNT(pw.SQL("*"))).where(self._where(flt))
        return int(query.scalar() or 0)

    @translate_errors
    def search(
        self,
        text: str,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008
        limit: int = 50,
    ) -> list[SearchHit]:
        match = build_match(text)
        if match is None:
            return []
        fts = pw.Table("article_fts", ("rowid",))
        snippet = pw.fn.snippet(pw.SQL("article_fts"), -1, SNIPPET_START, SNIPPET_END, "…", 16)
        rank = pw.SQL("bm25(article_fts, 10.0, 3.0, 2.0, 1.0)")
        query = (
            ArticleRow.select(*_SUMMARY_FIELDS, snippet.alias("snippet"), rank.alias("rank"))
            .join(fts, on=(fts.rowid == ArticleRow.id))
            .where(pw.SQL("article_fts MATCH ?", [match]) & self._where(flt))
            .order_by(rank, ArticleRow.id.desc())
            .limit(limit)
        )
        rows = list(query.dicts())
        summaries = self._summaries(rows)
        return [
            SearchHit(article=s, snippet=str(r["snippet"] or ""), rank=float(r["rank"]))
            for s, r in zip(summaries, rows, strict=True)
        ]

    def _summaries(self, rows: list[dict[str, Any]]) -> list[ArticleSummary]:
        tags = self._tags_of([int(r["id"]) for r in rows])
        return [
            ArticleSummary(
                id=r["id"],
                given_url=r["given_url"],
                url=r["url"],
                title=r["title"] or "",
                site_name=r["site_name"],
                byline=r["byline"],
                excerpt=r["excerpt"],
                published=r["published"],
                saved_at=r["saved_at"],
                reading_minutes=r["reading_minutes"],
                word_count=r["word_count"],
                status=Status(r["status"]),
                error=r["error"],
                is_read=bool(r["is_read"]),
                archived=bool(r["archived"]),
                favourite=bool(r["favourite"]),
                has_thumbnail=bool(r["has_thumbnail"]),
                tags=tags.get(int(r["id"]), ()),
            )
            for r in rows
        ]

    def _tags_of(self, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not ids:
            return {}
        query = (
            ArticleTagRow.select(ArticleTagRow.article, TagRow.name)
            .join(TagRow)
            .where(ArticleTagRow.article.in_(list(ids)))
            .order_by(TagRow.name)
            .tuples()
        )
        out: dict[int, list[str]] = {}
        for article_id, name in query:
            out.setdefault(int(article_id), []).append(str(name))
        return {k: tuple(v) for k, v in out.items()}

    # --- state -----------------------------------------------------------------

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

    # --- tags ------------------------------------------------------------------

    def _tag_ids(self, names: Iterable[str]) -> list[int]:
        ids = []
        for raw in names:
            name = normalise_tag(raw)
            if not name:
                continue
            row = TagRow.get_or_none(TagRow.name == name)
            if row is None:
                row = TagRow.create(name=name)
            ids.append(int(row.id))
        return ids

    def _add_tags(self, ids: Sequence[int], names: Iterable[str]) -> None:
        tag_ids = self._tag_ids(names)
        rows = [{"article": a, "tag": t} for a in ids for t in tag_ids]
        if rows:
            ArticleTagRow.insert_many(rows).on_conflict_ignore().execute()

    @translate_errors
    def add_tags(self, ids: Sequence[int], names: Iterable[str]) -> None:
        with self.db.atomic():
            self._add_tags(ids, names)

    @translate_errors
    def remove_tags(self, ids: Sequence[int], names: Iterable[str]) -> None:
        wanted = [normalise_tag(n) for n in names]
        with self.db.atomic():
            tag_ids = TagRow.select(TagRow.id).where(TagRow.name.in_(wanted))
            ArticleTagRow.delete().where(
                ArticleTagRow.article.in_(list(ids)) & ArticleTagRow.tag.in_(tag_ids)
            ).execute()
            self._drop_unused_tags()

    def _drop_unused_tags(self) -> None:
        used = ArticleTagRow.select(ArticleTagRow.tag)
        TagRow.delete().where(TagRow.id.not_in(used)).execute()

    @translate_errors
    def tag_counts(self) -> list[TagCount]:
        live = ArticleRow.deleted_at.is_null()
        query = (
            TagRow.select(TagRow.name, pw.fn.COUNT(ArticleTagRow.article).alias("n"))
            .join(ArticleTagRow)
            .join(ArticleRow)
            .where(live)
            .group_by(TagRow.id)
            .order_by(pw.fn.LOWER(TagRow.name))
            .tuples()
        )
        return [TagCount(str(name), int(n)) for name, n in query]

    @translate_errors
    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; if ``new`` already exists the two are merged."""
        old, new = normalise_tag(old), normalise_tag(new)
        with self.db.atomic():
            source = TagRow.get_or_none(TagRow.name == old)
            if source is None:
                raise NotFoundError(f"no tag {old!r}")
            target = TagRow.get_or_none(TagRow.name == new)
            if target is None or target.id == source.id:
                TagRow.update(name=new).where(TagRow.id == source.id).execute()
                return
            moved = ArticleTagRow.select(ArticleTagRow.article, pw.Value(target.id)).where(
                ArticleTagRow.tag == source.id
            )
            ArticleTagRow.insert_from(
                moved, [ArticleTagRow.article, ArticleTagRow.tag]
            ).on_conflict_ignore().execute()
            TagRow.delete().where(TagRow.id == source.id).execute()

    @translate_errors
    def delete_tag(self, name: str) -> None:
        with self.db.atomic():
            deleted = TagRow.delete().where(TagRow.name == normalise_tag(name)).execute()
        if not deleted:
            raise NotFoundError(f"no tag {name!r}")

    @translate_errors
    def integrity_check(self) -> str:
        return str(self.db.execute_sql("PRAGMA integrity_check").fetchone()[0])


_WS = re.compile(r"\s+")
