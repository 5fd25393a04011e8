"""Feeds and their items: the queries of the feeds domain (a Storage part).

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.  New
items are recorded, each as a pending article (or linked to the article already there),
in one transaction, before anything is fetched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import peewee as pw

from reader.errors import NotFoundError, UsageError
from reader.feeds.models import Feed, FeedEntry, FeedItemRecord, NewSubscription
from reader.models import Status
from reader.storage.base import StoreBase
from reader.storage.clock import now_iso
from reader.storage.database import read, translate_errors
from reader.storage.tables import ArticleRow, ArticleTagRow, FeedItemRow, FeedRow, TagRow

#: An article the person touched: opened or read, favourited, archived, noted,
#: highlighted, or tagged with a tag that is not one of its feed's.  Parameters: the
#: feed's tags as one JSON array.
_UNTOUCHED = """
    a.is_read = 0 AND a.read_position = 0 AND a.favourite = 0 AND a.archived = 0
    AND a.note IS NULL AND a.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)
    AND NOT EXISTS (
        SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id
        WHERE x.article_id = a.id
        AND lower(t.name) NOT IN (SELECT lower(value) FROM json_each(?))
    )
"""


def feed_of(row: FeedRow, unread: int = 0) -> Feed:
    return Feed(
        id=int(row.id),
        url=row.url,
        title=row.title or "",
        site_url=row.site_url,
        tags=tuple(json.loads(row.tags or "[]")),
        keep=row.keep,
        days=row.days,
        interval=int(row.interval),
        paused=bool(row.paused),
        etag=row.etag,
        last_modified=row.last_modified,
        added_at=row.added_at,
        last_checked=row.last_checked,
        last_updated=row.last_updated,
        next_check=row.next_check,
        failures=int(row.failures),
        last_status=row.last_status,
        last_error=row.last_error,
        unread=unread,
    )


class FeedStore(StoreBase):
    """Storage's feeds part; mixed into ``Storage``, which provides ``db``."""

    def _feed_sql(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        cursor: sqlite3.Cursor = self.db.execute_sql(sql, params)  # type: ignore[no-untyped-call]
        return cursor

    def _unread_counts(self, feed_id: int | None = None) -> dict[int, int]:
        sql = (
            "SELECT fi.feed_id, COUNT(*) FROM feed_items fi JOIN articles a "
            "ON a.id = fi.article_id WHERE a.is_read = 0 AND a.deleted_at IS NULL "
            "AND a.status != 'failed'"
        )
        params: list[Any] = []
        if feed_id is not None:
            sql += " AND fi.feed_id = ?"
            params.append(feed_id)
        rows = self._feed_sql(sql + " GROUP BY fi.feed_id", params).fetchall()
        return {int(r[0]): int(r[1]) for r in rows}

    # --- subscriptions -----------------------------------------------------------

    @translate_errors
    def add_feed(self, sub: NewSubscription, url_key: str) -> int:
        """Store a subscription; UsageError if that address is followed already."""
        with self.db.atomic():
            existing = FeedRow.get_or_none(FeedRow.url_key == url_key)
            if existing is not None:
                raise UsageError(f"already subscribed to {sub.url[:200]} (feed {existing.id})")
            row = FeedRow.create(
                url=sub.url,
                url_key=url_key,
                title=sub.title,
                site_url=sub.site_url,
                tags=json.dumps(list(sub.tags)),
                keep=sub.keep,
                days=sub.days,
                interval=sub.interval,
                added_at=now_iso(),
            )
        return int(row.id)

    @translate_errors
    def feed_by_key(self, url_key: str) -> Feed | None:
        row = FeedRow.get_or_none(FeedRow.url_key == url_key)
        return feed_of(row) if row is not None else None

    @translate_errors
    def feeds(self) -> list[Feed]:
        """Every subscription, by title, with unread counts (in one snapshot)."""
        with read(self.db):
            counts = self._unread_counts()
            rows = list(FeedRow.select().order_by(pw.fn.lower(FeedRow.title), FeedRow.id))
        return [feed_of(r, counts.get(int(r.id), 0)) for r in rows]

    @translate_errors
    def get_feed(self, feed_id: int) -> Feed:
        with read(self.db):
            row = FeedRow.get_or_none(FeedRow.id == feed_id)
            if row is None:
                raise NotFoundError(f"no feed {feed_id}")
            return feed_of(row, self._unread_counts(feed_id).get(feed_id, 0))

    @translate_errors
    def due_feeds(self, now: str) -> list[int]:
        query = (
            FeedRow.select(FeedRow.id)
            .where(
                (FeedRow.paused == False)  # noqa: E712
                & (FeedRow.next_check.is_null() | (FeedRow.next_check <= now))
            )
            .order_by(FeedRow.id)
        )
        return [int(r.id) for r in query]

    @translate_errors
    def update_feed(self, feed_id: int, **fields: Any) -> None:
        """Set columns of one feed (``tags`` as a sequence); only the given ones change."""
        if "tags" in fields:
            fields["tags"] = json.dumps(list(fields["tags"]))
        if not fields:
            return
        with self.db.atomic():
            count = FeedRow.update(**fields).where(FeedRow.id == feed_id).execute()
        if not count:
            raise NotFoundError(f"no feed {feed_id}")

    @translate_errors
    def feed_articles(self, feed_id: int, untouched_only: bool) -> list[int]:
        """Articles the feed brought (never the adopted ones), optionally only untouched."""
        row = FeedRow.get_or_none(FeedRow.id == feed_id)
        if row is None:
            raise NotFoundError(f"no feed {feed_id}")
        sql = (
            "SELECT a.id FROM feed_items fi JOIN articles a ON a.id = fi.article_id "
            "WHERE fi.feed_id = ? AND fi.adopted = 0"
        )
        params: list[Any] = [feed_id]
        if untouched_only:
            sql += " AND " + _UNTOUCHED
            params.append(row.tags or "[]")
        return [int(r[0]) for r in self._feed_sql(sql, params).fetchall()]

    @translate_errors
    def remove_feed(self, feed_id: int, article_ids: Sequence[int]) -> None:
        """Delete a subscription (its item records go with it) and the given articles."""
        with self.db.atomic():
            if not FeedRow.delete().where(FeedRow.id == feed_id).execute():
                raise NotFoundError(f"no feed {feed_id}")
            if article_ids:
                ArticleRow.delete().where(ArticleRow.id.in_(list(article_ids))).execute()

    # --- items -----------------------------------------------------------------

    @translate_errors
    def known_item_keys(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            query = FeedItemRow.select(FeedItemRow.item_key).where(
                (FeedItemRow.feed == feed_id) & FeedItemRow.item_key.in_(chunk)
            )
            found.update(r.item_key for r in query)
        return found

    @translate_errors
    def record_items(
        self,
        feed_id: int,
        items: Sequence[tuple[FeedEntry, str]],
        tags: Sequence[str],
        *,
        save: bool = True,
    ) -> list[FeedItemRecord]:
        """Record new items (each with its link's URL key), in one transaction.

        An item whose link is in the library already is linked to that article and
        given the feed's tags (``adopted``); the others become pending articles, or with
        ``save=False`` are only remembered as seen.  Items already recorded are ignored.
        """
        stamp = now_iso()
        out: list[FeedItemRecord] = []
        with self.db.atomic():
            for entry, link_key in items:
                if FeedItemRow.get_or_none(
                    (FeedItemRow.feed == feed_id) & (FeedItemRow.item_key == entry.key)
                ):
                    continue
                article_id: int | None = None
                adopted = False
                if save:
                    existing = (
                        ArticleRow.select(ArticleRow.id)
                        .where(
                            (ArticleRow.url_key == link_key)
                            | (ArticleRow.canonical_key == link_key)
                        )
                        .order_by(ArticleRow.id)
                        .limit(1)
                        .scalar()
                    )
                    if existing is not None:
                        article_id, adopted = int(existing), True
                    else:
                        article_id = int(
                            ArticleRow.create(
                                given_url=entry.link,
                                url_key=link_key,
                                title=entry.title,
                                excerpt=(entry.text[:240] or None),
                                byline=entry.author,
                                published=entry.published,
                                saved_at=stamp,
                                updated_at=stamp,
                                sort_published=entry.published or stamp,
                                status=Status.PENDING.value,
                            ).id
                        )
                    self._tag_articles(article_id, tags)
                FeedItemRow.create(
                    feed=feed_id,
                    item_key=entry.key,
                    article=article_id,
                    adopted=adopted,
                    link=entry.link,
                    title=entry.title,
                    published=entry.published,
                    html=entry.html or None,
                    seen_at=stamp,
                )
                record = FeedItemRecord(
                    feed_id, entry.key, article_id, adopted, entry.link, entry.title,
                    entry.published,
                )  # fmt: skip
                out.append(record)
        return out

    def _tag_articles(self, article_id: int, tags: Sequence[str]) -> None:
        for name in tags:
            row = TagRow.get_or_none(TagRow.name == name) or TagRow.create(name=name)
            ArticleTagRow.insert(article=article_id, tag=row.id).on_conflict_ignore().execute()

    @translate_errors
    def feed_content(self, article_id: int) -> tuple[str, str, str | None] | None:
        """The feed's own (html, title, published) for an article a feed brought."""
        row = (
            FeedItemRow.select()
            .where((FeedItemRow.article == article_id) & FeedItemRow.html.is_null(False))
            .order_by(FeedItemRow.id)
            .first()
        )
        if row is None:
            return None
        return row.html or "", row.title or "", row.published

    @translate_errors
    def forget_feed_content(self, article_ids: Sequence[int]) -> None:
        """Drop the feed's own text of items whose article is saved (it was only kept
        in case the page could not be fetched)."""
        with self.db.atomic():
            for i in range(0, len(article_ids), 500):
                chunk = list(article_ids[i : i + 500])
                FeedItemRow.update(html=None).where(FeedItemRow.article.in_(chunk)).execute()

    @translate_errors
    def retention_candidates(self, feed_id: int, keep: int | None, days: int | None) -> list[int]:
        """Articles of a feed beyond its newest ``keep`` or older than ``days`` days, that
        the feed brought and the person never touched (see ``_UNTOUCHED``)."""
        if keep is None and days is None:
            return []
        row = FeedRow.get_or_none(FeedRow.id == feed_id)
        if row is None:
            raise NotFoundError(f"no feed {feed_id}")
        ranked = (
            "SELECT fi.article_id AS id, fi.adopted, coalesce(fi.published, fi.seen_at) AS t, "
            "ROW_NUMBER() OVER "
            "(ORDER BY coalesce(fi.published, fi.seen_at) DESC, fi.id DESC) AS n "
            "FROM feed_items fi WHERE fi.feed_id = ? AND fi.article_id IS NOT NULL"
        )
        conditions = []
        params: list[Any] = [feed_id]
        if keep is not None:
            conditions.append("r.n > ?")
            params.append(keep)
        if days is not None:
            conditions.append("r.t < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)")
            params.append(f"-{int(days)} days")
        sql = (
            f"SELECT a.id FROM ({ranked}) r JOIN articles a ON a.id = r.id "
            f"WHERE r.adopted = 0 AND ({' OR '.join(conditions)}) AND {_UNTOUCHED}"
        )
        params.append(row.tags or "[]")
        with read(self.db):
            return [int(r[0]) for r in self._feed_sql(sql, params).fetchall()]

    @translate_errors
    def feed_items(self, feed_id: int) -> list[FeedItemRecord]:
        query = FeedItemRow.select().where(FeedItemRow.feed == feed_id).order_by(FeedItemRow.id)
        return [
            FeedItemRecord(
                feed_id,
                r.item_key,
                r.article_id,  # type: ignore[attr-defined]
                bool(r.adopted),
                r.link,
                r.title,
                r.published,
            )
            for r in query
        ]
