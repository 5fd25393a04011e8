"""Library-wide upkeep (a Storage part): facts about the library, re-keying articles when
the URL-identity rules change, and checking and repairing the file and its index.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.models import CheckReport
from reader.storage.base import StoreBase
from reader.storage.database import translate_errors

#: (given_url, url, canonical_url, old url_key) -> (url_key, canonical_key, url, canonical_url)
Rekey = Callable[[str, str | None, str | None, str], tuple[str, str | None, str | None, str | None]]


class MaintenanceStore(StoreBase):
    """Storage's upkeep part; mixed into ``Storage``, which provides ``db``."""

    # The highlights part's (reader.storage.highlights), through ``self``.
    _annotation_index_problem: Callable[[], str]
    _rebuild_annotation_index: Callable[[], None]

    @translate_errors
    def meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM library_meta WHERE key = ?", (key,))
        found = row.fetchone()
        return str(found[0]) if found else None

    @translate_errors
    def rekey(self, stamp_key: str, stamp: str, compute: Rekey) -> int:
        """Recompute every article's identity keys (and cleaned addresses) with
        ``compute``, and record ``stamp`` under ``stamp_key``, in one transaction; returns
        how many articles changed.  Does nothing when the stamp is already recorded."""
        changed = 0
        with self.db.atomic():
            conn = self._conn()
            seen = conn.execute("SELECT value FROM library_meta WHERE key = ?", (stamp_key,))
            if (seen.fetchone() or [None])[0] == stamp:
                return 0  # another process did it meanwhile
            rows = conn.execute(
                "SELECT id, given_url, url, canonical_url, url_key, canonical_key FROM articles"
            ).fetchall()
            for article_id, given, url, canonical, old_key, old_canonical_key in rows:
                key, canonical_key, new_url, new_canonical = compute(given, url, canonical, old_key)
                if old_canonical_key is None:
                    canonical_key = None  # never saved: no identity from a page yet
                if (key, canonical_key, new_url, new_canonical) != (
                    old_key,
                    old_canonical_key,
                    url,
                    canonical,
                ):
                    conn.execute(
                        "UPDATE articles SET url_key = ?, canonical_key = ?, url = ?, "
                        "canonical_url = ? WHERE id = ?",
                        (key, canonical_key, new_url, new_canonical, article_id),
                    )
                    changed += 1
            conn.execute(
                "INSERT INTO library_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (stamp_key, stamp),
            )
        return changed

    @translate_errors
    def check(self) -> CheckReport:
        """SQLite's ``integrity_check`` and FTS5's ``integrity-check`` of the index
        against the articles it indexes (read-only)."""
        conn = self._conn()
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
        integrity = "ok" if problems == ["ok"] else "; ".join(problems)
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        bodies = conn.execute("SELECT COUNT(*) FROM article_bodies").fetchone()[0]
        indexed = conn.execute("SELECT COUNT(*) FROM article_fts_docsize").fetchone()[0]
        index = "ok"
        try:
            # rank = 1: also compare the index with the content it was built from.
            conn.execute(
                "INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            index = f"the full-text index does not match the articles ({exc})"
        if index == "ok" and indexed != bodies:
            index = f"the full-text index holds {indexed} articles, the library {bodies}"
        if index == "ok":
            stray = conn.execute(
                "SELECT COUNT(*) FROM article_fts_docsize d "
                "WHERE NOT EXISTS (SELECT 1 FROM article_bodies b WHERE b.article_id = d.id)"
            ).fetchone()[0]
            if stray:
                index = f"the full-text index holds {stray} articles that are gone"
        if index == "ok":
            index = self._annotation_index_problem()
        return CheckReport(integrity, index, int(articles), int(bodies))

    @translate_errors
    def rebuild_index(self) -> int:
        """Rebuild the full-text index from the articles; returns how many it holds."""
        with self.db.atomic():
            conn = self._conn()
            conn.execute("DELETE FROM article_fts")
            conn.execute(
                "INSERT INTO article_fts (rowid, title, byline, site_name, text) "
                "SELECT a.id, a.title, a.byline, a.site_name, b.text "
                "FROM articles a JOIN article_bodies b ON b.article_id = a.id"
            )
            count = conn.execute("SELECT COUNT(*) FROM article_fts_docsize").fetchone()[0]
            self._rebuild_annotation_index()
        return int(count)

    @translate_errors
    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: "ok", or its first complaint."""
        return str(self._conn().execute("PRAGMA integrity_check").fetchone()[0])

    @translate_errors
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on the calling thread's connection: it changes
        when another connection commits.  Costs microseconds (no read of the file)."""
        return int(self._conn().execute("PRAGMA data_version").fetchone()[0])
