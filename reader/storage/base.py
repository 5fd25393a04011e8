"""What every Storage part shares: the database handle, hand-written SQL, rows by name,
and the one list of an article summary's columns.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import peewee as pw

from reader.models import ArticleSummary, Status

#: An article summary's fields and the SQL that reads each (``articles`` in the FROM):
#: the one place a summary's columns are listed.  Rows are mapped by these names.
SUMMARY_COLUMNS: dict[str, str] = {
    "id": "articles.id",
    "given_url": "articles.given_url",
    "url": "articles.url",
    "title": "articles.title",
    "site_name": "articles.site_name",
    "byline": "articles.byline",
    "excerpt": "articles.excerpt",
    "published": "articles.published",
    "saved_at": "articles.saved_at",
    "reading_minutes": "articles.reading_minutes",
    "word_count": "articles.word_count",
    "status": "articles.status",
    "error": "articles.error",
    "is_read": "articles.is_read",
    "archived": "articles.archived",
    "favourite": "articles.favourite",
    "has_thumbnail": "articles.has_thumbnail",
    "partial": "articles.partial",
    # Tags in the same query (one short index walk per row), sorted like the tag list.
    "tags": (
        "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM article_tags x "
        "JOIN tags t ON t.id = x.tag_id WHERE x.article_id = articles.id ORDER BY t.name))"
    ),
}
SUMMARY_SQL = ", ".join(f"{sql} AS {name}" for name, sql in SUMMARY_COLUMNS.items())


def summary_of(row: Mapping[str, Any]) -> ArticleSummary:
    """An ArticleSummary from a row read with ``SUMMARY_SQL``, by column name."""
    return ArticleSummary(
        id=row["id"],
        given_url=row["given_url"],
        url=row["url"],
        title=row["title"] or "",
        site_name=row["site_name"],
        byline=row["byline"],
        excerpt=row["excerpt"],
        published=row["published"],
        saved_at=row["saved_at"],
        reading_minutes=row["reading_minutes"],
        word_count=row["word_count"],
        status=Status(row["status"]),
        error=row["error"],
        is_read=bool(row["is_read"]),
        archived=bool(row["archived"]),
        favourite=bool(row["favourite"]),
        has_thumbnail=bool(row["has_thumbnail"]),
        tags=tuple(row["tags"].split("\x1f")) if row["tags"] else (),
        partial=bool(row["partial"]),
    )


class StoreBase:
    """The part every Storage part builds on; ``Storage`` provides ``db``."""

    db: pw.SqliteDatabase

    def _sql(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run hand-written SQL (bound parameters only): the hot read paths skip peewee's
        per-row processing, which costs more than the query itself on a page of 200."""
        cursor: sqlite3.Cursor = self.db.execute_sql(sql, params)  # type: ignore[no-untyped-call]
        return cursor

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of hand-written SQL as dicts by column name (never by position)."""
        cursor = self._sql(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.db.connection()  # type: ignore[no-untyped-call]
        return conn
