"""Lists (a Storage part): filtered, sorted pages of article summaries by keyset, and
their counts, planned for 100,000 articles (see docs/benchmarks.md).

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import json
from typing import Any

from reader.models import ArticleFilter, Page, SortKey, Status
from reader.storage.base import SUMMARY_SQL, StoreBase, summary_of
from reader.storage.database import snapshot, translate_errors
from reader.storage.tables import TagRow

#: A search filter letting through at most this many articles is applied as a list of
#: ids (cheaper than a row lookup per match when few pass; see ``SearchStore._few_ids``).
FEW_IDS = 5000
#: A tag on more articles than this is checked row by row along the list index.
TAG_SCAN_MIN = 2000


#: Each sort: the column it orders by (each has a list index that also holds the filter
#: columns, so a filtered page reads only the rows it shows) and whether it descends.
_SORTS: dict[SortKey, tuple[str, bool]] = {
    SortKey.SAVED: ("articles.saved_at", True),
    SortKey.PUBLISHED: ("articles.sort_published", True),
    SortKey.OLDEST: ("articles.saved_at", False),
    SortKey.LONGEST: ("articles.word_count", True),
    SortKey.SHORTEST: ("articles.word_count", False),
    SortKey.SITE: ("articles.sort_site", False),
}


class ListStore(StoreBase):
    """Storage's lists part."""

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
        if flt.feed_id is not None:
            # The feed's items (the feed_items_feed_seen index) name their articles.
            conds.append(
                "articles.id IN (SELECT f.article_id FROM feed_items f WHERE f.feed_id = ?)"
            )
            params.append(int(flt.feed_id))
        if flt.article_ids is not None:
            conds.append("articles.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in flt.article_ids]))
        if flt.highlighted is not None:
            has = "EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = articles.id)"
            conds.append(has if flt.highlighted else f"NOT {has}")
        if flt.has_note is not None:
            has = (
                "(articles.note IS NOT NULL OR EXISTS (SELECT 1 FROM highlights h "
                "WHERE h.article_id = articles.id AND h.note IS NOT NULL))"
            )
            conds.append(has if flt.has_note else f"NOT {has}")
        return conds, params

    def _tag_size(self, tag_id: int) -> int:
        """How many articles have the tag, counted no further than the thresholds it is
        compared with (a count of 40,000 index entries costs 2 ms; this, a tenth)."""
        bound = max(TAG_SCAN_MIN, FEW_IDS) + 1
        sql = "SELECT count(*) FROM (SELECT 1 FROM article_tags WHERE tag_id = ? LIMIT ?)"
        return int(self._sql(sql, (tag_id, bound)).fetchone()[0])

    @translate_errors
    @snapshot
    def page(
        self,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008 - frozen, so safe as a default
        sort: SortKey = SortKey.SAVED,
        cursor: tuple[str | int, int] | None = None,
        limit: int = 200,
    ) -> Page:
        """One page of summaries, newest first, by keyset (never OFFSET)."""
        found = self._filter(flt)
        if found is None:
            return Page(())
        conds, params = found
        column, descending = _SORTS[sort]
        if cursor is not None:
            # A row value: SQLite turns it into one range on the sort's list index.
            conds.append(f"({column}, articles.id) {'<' if descending else '>'} (?, ?)")
            params += [cursor[0], cursor[1]]
        order = "DESC" if descending else "ASC"
        sql = (
            f"SELECT {SUMMARY_SQL}, {column} AS sort_key FROM articles "
            f"WHERE {' AND '.join(conds)} ORDER BY {column} {order}, articles.id {order} LIMIT ?"
        )
        rows = self._rows(sql, [*params, limit])
        next_cursor: tuple[str | int, int] | None = None
        if len(rows) == limit:
            next_cursor = (rows[-1]["sort_key"], int(rows[-1]["id"]))
        return Page(tuple(summary_of(r) for r in rows), next_cursor)

    @translate_errors
    @snapshot
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
