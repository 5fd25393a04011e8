"""Storage: the one data-access class of a library file.

Contract: every method may raise ``reader.errors.StorageError`` (locked, read-only, full,
damaged); ``NotFoundError`` for an id that is not there.  Usable from several threads:
peewee gives each thread its own connection, and writes are short IMMEDIATE
transactions, so a second process (the app beside the command line) waits and succeeds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
from reader.storage.clock import now_iso
from reader.storage.database import open_database, read, translate_errors
from reader.storage.highlights import HighlightStore
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


#: Articles ranked by bm25 per search at most (the newest matches); see ``Storage.search``.
SEARCH_CANDIDATES = 1000
#: A search filter letting through at most this many articles is applied as a list of
#: ids (cheaper than a row lookup per match when few pass; see ``Storage._few_ids``).
FEW_IDS = 5000
#: A tag on more articles than this is checked row by row along the list index.
TAG_SCAN_MIN = 2000
_BM25 = "bm25(article_fts, 10.0, 3.0, 2.0, 1.0)"
_SUMMARY_SQL = (
    "articles.id, articles.given_url, articles.url, articles.title, articles.site_name, "
    "articles.byline, articles.excerpt, articles.published, articles.saved_at, "
    "articles.reading_minutes, articles.word_count, articles.status, articles.error, "
    "articles.is_read, articles.archived, articles.favourite, articles.has_thumbnail, "
    # Tags in the same query (one short index walk per row), sorted like the tag list.
    "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM article_tags x "
    "JOIN tags t ON t.id = x.tag_id WHERE x.article_id = articles.id ORDER BY t.name))"
)


def _summary(r: Sequence[Any]) -> ArticleSummary:
    """An ArticleSummary from a row of ``_SUMMARY_SQL``."""
    return ArticleSummary(
        id=r[0],
        given_url=r[1],
        url=r[2],
        title=r[3] or "",
        site_name=r[4],
        byline=r[5],
        excerpt=r[6],
        published=r[7],
        saved_at=r[8],
        reading_minutes=r[9],
        word_count=r[10],
        status=Status(r[11]),
        error=r[12],
        is_read=bool(r[13]),
        archived=bool(r[14]),
        favourite=bool(r[15]),
        has_thumbnail=bool(r[16]),
        tags=tuple(r[17].split("\x1f")) if r[17] else (),
    )


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One finished article for ``Storage.import_articles`` (imports, benchmarks)."""

    given_url: str
    url_key: str
    saved_at: str
    article: NewArticle
    is_read: bool = False
    archived: bool = False
    favourite: bool = False
    tags: tuple[str, ...] = ()
    status: Status = Status.SAVED
    error: str | None = None


def normalise_tag(name: str) -> str:
    return " ".join(name.split()).strip(",")


class Storage(HighlightStore):
    """Data access for one library folder.  See the module docstring for the contract."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = open_database(folder)

    @property
    def path(self) -> Path:
        return Path(self.db.database)

    def close(self) -> None:
        self.db.close()

    @translate_errors
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on the calling thread's connection: it changes
        when another connection commits.  Costs microseconds (no read of the file)."""
        return int(self._sql("PRAGMA data_version").fetchone()[0])

    def _sql(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run hand-written SQL (bound parameters only): the hot read paths skip peewee's
        per-row processing, which costs more than the query itself on a page of 200."""
        cursor: sqlite3.Cursor = self.db.execute_sql(sql, params)  # type: ignore[no-untyped-call]
        return cursor

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
    def import_articles(self, items: Sequence[ImportItem]) -> list[int]:
        """Store many finished articles in one transaction; returns their new ids.

        The same tables and triggers as ``add_pending`` + ``complete_save``, in batches
        (peewee ``insert_many``), so importing a large library takes minutes, not hours.
        Articles that are not ``SAVED`` get no body, images or thumbnail.
        """
        if not items:
            return []
        with self.db.atomic():
            # Ids are assigned here, inside the write lock, so they are known up front.
            first = int(ArticleRow.select(pw.fn.MAX(ArticleRow.id)).scalar() or 0) + 1
            ids = list(range(first, first + len(items)))
            stamp = now_iso()
            articles: list[dict[str, Any]] = []
            bodies: list[dict[str, Any]] = []
            images: list[dict[str, Any]] = []
            thumbs: list[dict[str, Any]] = []
            tagged: list[dict[str, Any]] = []
            tag_ids: dict[str, int] = {}
            for article_id, item in zip(ids, items, strict=True):
                new = item.article
                saved = item.status is Status.SAVED
                articles.append(
                    {
                        "id": article_id,
                        "given_url": item.given_url,
                        "url_key": item.url_key,
                        "canonical_key": new.url_key if saved else None,
                        "url": new.url if saved else None,
                        "canonical_url": new.canonical_url if saved else None,
                        "title": new.title if saved else "",
                        "excerpt": new.excerpt if saved else None,
                        "byline": new.byline if saved else None,
                        "site_name": new.site_name if saved else None,
                        "published": new.published if saved else None,
                        "lang": new.lang if saved else None,
                        "lead_image": new.lead_image if saved else None,
                        "word_count": new.word_count if saved else 0,
                        "reading_minutes": new.reading_minutes if saved else 0,
                        "saved_at": item.saved_at,
                        "updated_at": stamp,
                        "sort_published": (new.published if saved else None) or item.saved_at,
                        "status": item.status.value,
                        "error": item.error,
                        "is_read": item.is_read,
                        "archived": item.archived,
                        "favourite": item.favourite,
                        "read_position": 0.0,
                        "notes": json.dumps(list(new.notes)),
                        "has_thumbnail": bool(saved and new.thumbnail),
                    }
                )
                for name in item.tags:
                    if name not in tag_ids:
                        tag_ids[name] = self._tag_ids([name])[0]
                    tagged.append({"article": article_id, "tag": tag_ids[name]})
                if not saved:
                    continue
                bodies.append({"article": article_id, "html": new.html, "text": new.text})
                images.extend(
                    {
                        "article": article_id,
                        "key": im.key,
                        "original_url": im.original_url,
                        "mime": im.mime,
                        "width": im.width,
                        "height": im.height,
                        "data": im.data,
                    }
                    for im in new.images
                )
                if new.thumbnail:
                    thumbs.append({"article": article_id, "data": new.thumbnail})
            for model, rows in (
                (ArticleRow, articles),
                (BodyRow, bodies),
                (ImageRow, images),
                (ThumbnailRow, thumbs),
                (ArticleTagRow, tagged),
            ):
                # 26 columns at most: 500 rows stay under SQLite's 32,766 variables.
                for batch in pw.chunked(rows, 500):
                    model.insert_many(batch).execute()
        return ids

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
        """One article in full, read in one snapshot (a concurrent refresh never shows
        a mix of the old and the new article)."""
        with read(self.db):
            return self._get(article_id)

    def _get(self, article_id: int) -> Article:
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
            note=row.note,
            highlights=self._highlights_of(article_id),
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

    def _filter(
        self, flt: ArticleFilter, counting: bool = False
    ) -> tuple[list[str], list[Any]] | None:
        """SQL conditions on ``articles`` for ``flt``, with their parameters; None: no rows.

        A list walks one sort index in order (``articles_saved_list``,
        ``articles_published_list``), which also holds every filter column, so it reads
        only the rows it shows; the flag columns are written ``+column`` there so that
        SQLite never picks the flags index and sorts instead.  A count (``counting``)
        seeks the narrow ``articles_flags`` index, unless a rare status or a small tag
        gives fewer rows to start from.  A list checks a common tag row by row along the
        sort index, and starts from the rows of a small one.
        """
        tag_id = tag_size = None
        if flt.tag:
            tag = TagRow.get_or_none(TagRow.name == flt.tag)
            if tag is None:
                return None
            tag_id = int(tag.id)
            tag_size = self._tag_size(tag_id)
        rare_status = flt.status is not None and flt.status is not Status.SAVED
        small_tag = tag_size is not None and tag_size <= TAG_SCAN_MIN
        # Which index leads: the sort index for a list; for a count, the status index
        # (a rare status), the tag's rows (a small tag), else the flags index.
        seek_flags = counting and not rare_status and not small_tag
        plain = "" if seek_flags else "+"
        conds = [f"{plain}articles.deleted_at IS NULL"]
        params: list[Any] = []
        if flt.status is not None:
            column = "articles.status" if rare_status or seek_flags else "+articles.status"
            conds.append(f"{column} = ?")
            params.append(flt.status.value)
        for column, value in (
            ("is_read", None if flt.unread is None else not flt.unread),
            ("archived", flt.archived),
            ("favourite", flt.favourite),
        ):
            if value is not None:
                conds.append(f"{plain}articles.{column} = ?")
                params.append(int(value))
        if flt.site:
            conds.append("articles.site_name LIKE ?")
            params.append(f"%{flt.site}%")
        if tag_id is not None:
            if counting or small_tag:
                conds.append(
                    "articles.id IN (SELECT x.article_id FROM article_tags x WHERE x.tag_id = ?)"
                )
            else:
                conds.append(
                    "EXISTS (SELECT 1 FROM article_tags x "
                    "WHERE x.article_id = articles.id AND x.tag_id = ?)"
                )
            params.append(tag_id)
        if flt.article_ids is not None:
            conds.append("articles.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in flt.article_ids]))
        return conds, params

    def _tag_size(self, tag_id: int) -> int:
        """How many articles have the tag, counted no further than the thresholds it is
        compared with (a count of 40,000 index entries costs 2 ms; this, a tenth)."""
        bound = max(TAG_SCAN_MIN, FEW_IDS) + 1
        sql = "SELECT count(*) FROM (SELECT 1 FROM article_tags WHERE tag_id = ? LIMIT ?)"
        return int(self._sql(sql, (tag_id, bound)).fetchone()[0])

    @translate_errors
    def page(
        self,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008 - frozen, so safe as a default
        sort: SortKey = SortKey.SAVED,
        cursor: tuple[str, int] | None = None,
        limit: int = 200,
    ) -> Page:
        """One page of summaries, newest first, by keyset (never OFFSET)."""
        found = self._filter(flt)
        if found is None:
            return Page(())
        conds, params = found
        column = "saved_at" if sort is SortKey.SAVED else "sort_published"
        if cursor is not None:
            # A row value: SQLite turns it into one range on the list index.
            conds.append(f"(articles.{column}, articles.id) < (?, ?)")
            params += [cursor[0], cursor[1]]
        sql = (
            f"SELECT {_SUMMARY_SQL}, articles.{column} FROM articles WHERE {' AND '.join(conds)} "
            f"ORDER BY articles.{column} DESC, articles.id DESC LIMIT ?"
        )
        rows = self._sql(sql, [*params, limit]).fetchall()
        next_cursor = None
        if len(rows) == limit:
            next_cursor = (str(rows[-1][-1]), int(rows[-1][0]))
        return Page(tuple(_summary(r) for r in rows), next_cursor)

    @translate_errors
    def count(self, flt: ArticleFilter = ArticleFilter()) -> int:  # noqa: B008
        # A plain COUNT(*), never peewee's .count(), which wraps the query in a subquery.
        only_tag = flt.tag and flt == ArticleFilter(tag=flt.tag)
        if only_tag:
            tag = TagRow.get_or_none(TagRow.name == flt.tag)
            if tag is None:
                return 0
            # The tag's rows minus its trashed articles: no lookup of every article.
            # CROSS JOIN keeps SQLite starting from the (few) trashed articles.
            sql = (
                "SELECT (SELECT count(*) FROM article_tags WHERE tag_id = ?) - "
                "(SELECT count(*) FROM articles CROSS JOIN article_tags x "
                "ON x.article_id = articles.id AND x.tag_id = ? "
                "WHERE articles.deleted_at IS NOT NULL)"
            )
            return int(self._sql(sql, (tag.id, tag.id)).fetchone()[0])
        found = self._filter(flt, counting=True)
        if found is None:
            return 0
        conds, params = found
        sql = f"SELECT count(*) FROM articles WHERE {' AND '.join(conds)}"
        return int(self._sql(sql, params).fetchone()[0])

    @translate_errors
    def search(
        self,
        text: str,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008
        limit: int = 50,
    ) -> list[SearchHit]:
        """The best ``limit`` matches by bm25 (title weighs most), with snippets.

        Ranking every match of a common word costs a bm25 score per match (tens of
        thousands at 100,000 articles); so the ``SEARCH_CANDIDATES`` most recently saved
        matches are ranked, which for most queries is every match.  A phrase is ranked
        by its longest word (bm25 of a phrase first counts the phrase in every article
        holding all its words, which costs as much as ranking them all), among the
        articles holding the phrase.
        Snippets are made for the rows returned only.
        """
        match = build_match(text)
        if match is None:
            return []
        few = self._few_ids(flt)
        if few is not None:
            # A narrow filter: FTS5 walks its matches and keeps the listed ids, which
            # costs far less than looking up the article row of every match.
            if not few:
                return []
            source = "article_fts"
            where = "+article_fts.rowid IN (SELECT value FROM json_each(?))"
            params: list[Any] = [json.dumps(few)]
        elif flt == ArticleFilter(tag=flt.tag):
            # No filter but the trash (and perhaps a large tag): no article row to read
            # per match; the trash is a short list from its partial index.
            source = "article_fts"
            where = (
                "+article_fts.rowid NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)"
            )
            params = []
            if flt.tag:
                tag = TagRow.get_or_none(TagRow.name == flt.tag)
                if tag is None:
                    return []
                where += (
                    " AND EXISTS (SELECT 1 FROM article_tags x "
                    "WHERE x.article_id = article_fts.rowid AND x.tag_id = ?)"
                )
                params.append(int(tag.id))
        else:
            found = self._filter(flt)
            if found is None:
                return []
            source = "article_fts JOIN articles ON articles.id = article_fts.rowid"
            where, params = " AND ".join(found[0]), found[1]
        cap = max(SEARCH_CANDIDATES, limit)
        words = build_match(text, phrases_as_words=True) or match
        if words == match:
            sql = (
                "SELECT id, score FROM (SELECT article_fts.rowid AS id, "
                f"{_BM25} AS score FROM {source} "
                f"WHERE article_fts MATCH ? AND {where} "
                "ORDER BY article_fts.rowid DESC LIMIT ?) ORDER BY score, id DESC LIMIT ?"
            )
            ranked = self._sql(sql, [match, *params, cap, limit]).fetchall()
        else:
            sql = (
                f"SELECT article_fts.rowid FROM {source} "
                f"WHERE article_fts MATCH ? AND {where} ORDER BY article_fts.rowid DESC LIMIT ?"
            )
            holding = {r[0] for r in self._sql(sql, [match, *params, cap])}
            if not holding:
                return []
            # Scores for the newest rows holding the words, down to the oldest match
            # kept; a match beyond that window (a rare phrase of common words) ranks
            # after the scored ones, newest first.
            sql = (
                f"SELECT article_fts.rowid, {_BM25} FROM {source} "
                f"WHERE article_fts MATCH ? AND article_fts.rowid >= ? AND {where} "
                "ORDER BY article_fts.rowid DESC LIMIT ?"
            )
            scored = dict(self._sql(sql, [words, min(holding), *params, cap]).fetchall())
            ranked = sorted(((i, scored.get(i, 0.0)) for i in holding), key=lambda r: (r[1], -r[0]))
            ranked = ranked[:limit]
        if not ranked:
            return []
        ids = [int(r[0]) for r in ranked]
        snippets = self._snippets(match, ids)
        summaries = {s.id: s for s in self._summaries_of(ids)}
        return [
            SearchHit(summaries[i], snippets.get(i, ""), float(score))
            for i, score in ranked
            if i in summaries
        ]

    def _few_ids(self, flt: ArticleFilter) -> list[int] | None:
        """The ids a narrow filter lets through (favourites, a small tag, the failed...);
        None when the filter is broad (none, unread, archived, a large tag) or lets
        through more than ``FEW_IDS``: checking rows along the walk is then cheaper."""
        narrow = (
            flt.favourite
            or flt.tag
            or flt.site
            or flt.article_ids is not None
            or (flt.status is not None and flt.status is not Status.SAVED)
        )
        if not narrow:
            return None
        only_tag_narrows = not (flt.favourite or flt.site or flt.article_ids is not None) and (
            flt.status is None or flt.status is Status.SAVED
        )
        if only_tag_narrows:
            tag = TagRow.get_or_none(TagRow.name == flt.tag)
            if tag is not None and self._tag_size(int(tag.id)) > FEW_IDS:
                return None
        found = self._filter(flt, counting=True)
        if found is None:
            return []
        conds, params = found
        sql = f"SELECT articles.id FROM articles WHERE {' AND '.join(conds)} LIMIT ?"
        ids = [int(r[0]) for r in self._sql(sql, [*params, FEW_IDS + 1])]
        return None if len(ids) > FEW_IDS else ids

    def _snippets(self, match: str, ids: list[int]) -> dict[int, str]:
        snippet = "snippet(article_fts, -1, ?, ?, '…', 16)"
        # '+rowid' keeps FTS5 from running the whole query once per id (an IN list on
        # rowid is offered to it as one lookup per value); the range bounds the walk.
        # Walking the matches in between costs about 0.25 us each; a lookup per id
        # (MATCH and rowid = ?) costs 0.2 ms, so the walk wins up to 40,000 matches.
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT rowid, {snippet} FROM article_fts "
            f"WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})"
        )
        params = [SNIPPET_START, SNIPPET_END, match, min(ids), max(ids), *ids]
        return {int(r[0]): str(r[1] or "") for r in self._sql(sql, params)}

    def _summaries_of(self, ids: Sequence[int]) -> list[ArticleSummary]:
        sql = (
            f"SELECT {_SUMMARY_SQL} FROM articles "
            "WHERE articles.id IN (SELECT value FROM json_each(?))"
        )
        rows = self._sql(sql, (json.dumps(list(ids)),)).fetchall()
        return [_summary(r) for r in rows]

    def _tags_of(self, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not ids:
            return {}
        sql = (
            "SELECT x.article_id, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.article_id IN (SELECT value FROM json_each(?)) ORDER BY t.name"
        )
        out: dict[int, list[str]] = {}
        for article_id, name in self._sql(sql, (json.dumps(list(ids)),)):
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
        # Each tag's rows (an index range) minus its trashed articles (a small partial
        # index, so CROSS JOIN to start there): no lookup of every tagged article,
        # which costs 50 to 100 ms at 100,000.
        sql = (
            "SELECT name, n FROM (SELECT t.name AS name, "
            "(SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id) - "
            "(SELECT count(*) FROM articles CROSS JOIN article_tags x "
            "ON x.article_id = articles.id AND x.tag_id = t.id "
            "WHERE articles.deleted_at IS NOT NULL) AS n FROM tags t) "
            "WHERE n > 0 ORDER BY lower(name)"
        )
        return [TagCount(str(name), int(n)) for name, n in self._sql(sql)]

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
        return str(self._sql("PRAGMA integrity_check").fetchone()[0])
