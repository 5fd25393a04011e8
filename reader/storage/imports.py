"""Imports and the save queue: recording many pending articles at once, and what the
queue reads to drain them (a Storage part).

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from reader.models import ImportedItem, NewHighlight, RecordedImport, Status
from reader.storage.base import StoreBase
from reader.storage.clock import now_iso
from reader.storage.database import translate_errors
from reader.storage.tables import (
    ArticleRow,
    ArticleTagRow,
    BodyRow,
    HighlightRow,
    ImportContentRow,
    TagRow,
)

_CHUNK = 400  # ids or keys per IN (...) list: well under SQLite's variable limit


#: Where a quote is placed in an article's text: (text, quote, prefix, suffix) -> its
#: (start, end), or None when it is not there (``reader.highlights.locate``).
Locator = Callable[[str, str, str, str], tuple[int, int] | None]


def _norm_tag(name: str) -> str:
    return " ".join(name.split()).strip(",")


def _flat(quote: str) -> str:
    return " ".join(quote.split())


@dataclass(slots=True)
class _Known:
    """An article's highlights, as an imported quote is compared with them: their quotes
    (runs of whitespace as one space) and the places of those in the text."""

    quotes: set[str] = field(default_factory=set)
    spans: set[tuple[int, int]] = field(default_factory=set)
    text: str = ""  # the article's text, when it is saved

    def has(self, h: NewHighlight, locate: Locator | None) -> bool:
        """Whether ``h`` is one of them already (else it is counted in from now on).

        Placing a quote may rewrite it to the article's own words (another line break,
        a curly apostrophe, a fuzzy match): a quote placed where one of them is placed
        is that one, imported again."""
        flat = _flat(h.quote)
        if flat in self.quotes:
            return True
        span = locate(self.text, h.quote, h.prefix, h.suffix) if locate and self.text else None
        if span is not None and span in self.spans:
            return True
        self.quotes.add(flat)
        if span is not None:
            self.spans.add(span)
        return False


class ImportStore(StoreBase):
    """Storage's imports part."""

    # --- the queue's reads -----------------------------------------------------

    @translate_errors
    def pending_ids(self) -> list[int]:
        """Pending articles (not in the trash), oldest first: what the save queue drains."""
        query = (
            ArticleRow.select(ArticleRow.id)
            .where((ArticleRow.status == Status.PENDING.value) & ArticleRow.deleted_at.is_null())
            .order_by(ArticleRow.id)
        )
        return [int(r.id) for r in query]

    @translate_errors
    def given_urls(self, ids: Sequence[int]) -> dict[int, str]:
        """The address each article was saved by (ids not in the library are left out)."""
        out: dict[int, str] = {}
        for chunk in pw.chunked(list(ids), _CHUNK):
            sql = "SELECT id, given_url FROM articles WHERE id IN (SELECT value FROM json_each(?))"
            out.update((int(i), str(u)) for i, u in self._sql(sql, (json.dumps(chunk),)))
        return out

    @translate_errors
    def with_import_content(self, ids: Sequence[int]) -> list[int]:
        """Those of ``ids`` whose article came in an export file, in the order given."""
        found: set[int] = set()
        for chunk in pw.chunked(list(ids), _CHUNK):
            sql = (
                "SELECT article_id FROM import_content "
                "WHERE article_id IN (SELECT value FROM json_each(?))"
            )
            found.update(int(r[0]) for r in self._sql(sql, (json.dumps(chunk),)))
        return [i for i in ids if i in found]

    @translate_errors
    def import_content(self, article_id: int) -> str | None:
        row = ImportContentRow.get_or_none(ImportContentRow.article == article_id)
        return str(row.html) if row is not None else None

    # --- recording -------------------------------------------------------------

    @translate_errors
    def record_imports(
        self,
        items: Sequence[ImportedItem],
        keys: Sequence[str],
        tags: Sequence[str] = (),
        locate: Locator | None = None,
    ) -> list[RecordedImport]:
        """Record items of an export file in one transaction, each one whole: a pending
        article with its title, time saved, state, tags, highlights and (if the file
        holds it) content.  ``keys[i]`` is the URL key of ``items[i]``.

        An item whose key is in the library already (or earlier in ``items``) merges
        into that article: tags added, highlights not there yet added, the earlier time
        saved kept, the state taken only if ``state_at`` is newer than the article's
        last change, and content kept for it if it is not saved yet.  A quote is "there
        already" when the same words are (whitespace aside), or, in a saved article,
        when ``locate`` places it where a highlight of the article is placed (the first
        import's quote was rewritten to the article's words when it was placed).
        """
        if not items:
            return []
        stamp = now_iso()
        out: list[RecordedImport] = []
        with self.db.atomic():
            known = self._by_keys(sorted(set(keys)))
            first = int(ArticleRow.select(pw.fn.MAX(ArticleRow.id)).scalar() or 0) + 1
            tag_ids: dict[str, int] = {}
            articles: list[dict[str, Any]] = []
            tagged: list[dict[str, Any]] = []
            marks: list[dict[str, Any]] = []
            contents: list[dict[str, Any]] = []
            quotes: dict[int, _Known] = {}
            new_rows: dict[int, dict[str, Any]] = {}
            for item, key in zip(items, keys, strict=True):
                names = [n for n in (_norm_tag(t) for t in (*item.tags, *tags)) if n]
                saved_at = item.saved_at or stamp
                if key in known:
                    article_id, status = known[key]
                    if article_id in new_rows:
                        _merge_new(new_rows[article_id], item, saved_at)
                    else:
                        self._merge(article_id, item, saved_at)
                    existed = True
                else:
                    article_id, status, existed = first + len(articles), Status.PENDING, False
                    known[key] = (article_id, status)
                    new_rows[article_id] = row = {
                        "id": article_id,
                        "given_url": item.url,
                        "url_key": key,
                        "title": item.title,
                        "saved_at": saved_at,
                        "updated_at": stamp,
                        "sort_published": saved_at,
                        "status": Status.PENDING.value,
                        "is_read": item.is_read,
                        "archived": item.archived,
                        "favourite": item.favourite,
                        "read_position": min(1.0, max(0.0, item.read_position)),
                        "note": (item.note or "").strip() or None,
                        "state_at": item.state_at or saved_at,
                    }
                    articles.append(row)
                for name in names:
                    if name not in tag_ids:
                        tag_ids[name] = self._tag_id(name)
                    tagged.append({"article": article_id, "tag": tag_ids[name]})
                if item.highlights and article_id not in quotes:
                    quotes[article_id] = self._known(article_id, status) if existed else _Known()
                for h in item.highlights:
                    if quotes[article_id].has(h, locate):
                        continue
                    marks.append(
                        {
                            "article": article_id,
                            "quote": h.quote,
                            "prefix": h.prefix,
                            "suffix": h.suffix,
                            "start": None,
                            "end": None,
                            "color": h.color,
                            "note": h.note,
                            "created_at": h.created_at or stamp,
                            "anchored": False,
                        }
                    )
                if item.html is not None and status is not Status.SAVED:
                    contents.append({"article": article_id, "html": item.html})
                out.append(RecordedImport(article_id, existed, status))
            for row in articles:
                del row["state_at"]
            for batch in pw.chunked(articles, 500):
                ArticleRow.insert_many(batch).execute()
            for batch in pw.chunked(tagged, 2000):
                ArticleTagRow.insert_many(batch).on_conflict_ignore().execute()
            for batch in pw.chunked(marks, 500):
                HighlightRow.insert_many(batch).execute()
            for batch in pw.chunked(contents, 500):
                # The first content given for an article wins (a later twin in the same
                # file, or a second import, does not replace it).
                ImportContentRow.insert_many(batch).on_conflict_ignore().execute()
        return out

    def _by_keys(self, keys: list[str]) -> dict[str, tuple[int, Status]]:
        """Articles (not trashed) by URL or canonical key; a saved one wins, then the
        oldest, as in ``Storage.find_by_key``."""
        found: dict[str, tuple[int, Status]] = {}
        for chunk in pw.chunked(keys, _CHUNK):
            sql = (
                "SELECT id, url_key, canonical_key, status FROM articles "
                "WHERE deleted_at IS NULL AND (url_key IN (SELECT value FROM json_each(?1)) "
                "OR canonical_key IN (SELECT value FROM json_each(?1))) "
                "ORDER BY status = 'saved', id DESC"
            )
            wanted = set(chunk)
            for article_id, key, canonical, status in self._sql(sql, (json.dumps(chunk),)):
                # Rows come worst first, so the last written for a key is the best.
                for k in (key, canonical):
                    if k in wanted:
                        found[k] = (int(article_id), Status(status))
        return found

    def _merge(self, article_id: int, item: ImportedItem, saved_at: str) -> None:
        """Merge an item into an article that is in the library already."""
        row = ArticleRow.get_by_id(article_id)
        values: dict[Any, Any] = {}
        if saved_at < row.saved_at:
            values[ArticleRow.saved_at] = saved_at
            if row.sort_published == row.saved_at:
                values[ArticleRow.sort_published] = saved_at
        if (item.state_at or saved_at) > row.updated_at:
            values[ArticleRow.is_read] = item.is_read
            values[ArticleRow.archived] = item.archived
            values[ArticleRow.favourite] = item.favourite
            values[ArticleRow.read_position] = min(1.0, max(0.0, item.read_position))
        if not row.title and item.title:
            values[ArticleRow.title] = item.title
        if not row.note and item.note and item.note.strip():
            values[ArticleRow.note] = item.note.strip()
        if values:
            ArticleRow.update(values).where(ArticleRow.id == article_id).execute()

    def _known(self, article_id: int, status: Status) -> _Known:
        known = _Known()
        query = HighlightRow.select(HighlightRow.quote, HighlightRow.start, HighlightRow.end)
        for r in query.where(HighlightRow.article == article_id):
            known.quotes.add(_flat(str(r.quote)))
            if r.start is not None and r.end is not None:
                known.spans.add((int(r.start), int(r.end)))
        if known.spans and status is Status.SAVED:
            body = BodyRow.get_or_none(BodyRow.article == article_id)
            known.text = str(body.text) if body is not None else ""
        return known

    def _tag_id(self, name: str) -> int:
        row = TagRow.get_or_none(TagRow.name == name)
        if row is None:
            row = TagRow.create(name=name)
        return int(row.id)


def _merge_new(row: dict[str, Any], item: ImportedItem, saved_at: str) -> None:
    """Merge an item into an article recorded earlier in the same batch (a twin)."""
    if saved_at < row["saved_at"]:
        row["saved_at"] = row["sort_published"] = saved_at
    state_at = item.state_at or saved_at
    if state_at > row["state_at"]:
        row["state_at"] = state_at
        row["is_read"], row["archived"] = item.is_read, item.archived
        row["favourite"] = item.favourite
        row["read_position"] = min(1.0, max(0.0, item.read_position))
    if not row["title"] and item.title:
        row["title"] = item.title
    if not row["note"] and item.note and item.note.strip():
        row["note"] = item.note.strip()
