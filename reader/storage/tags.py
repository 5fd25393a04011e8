"""Tags (a Storage part): names, counts, adding, removing, renaming and merging.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import peewee as pw

from reader.errors import NotFoundError
from reader.models import TagCount
from reader.storage.base import StoreBase
from reader.storage.database import snapshot, translate_errors
from reader.storage.tables import ArticleTagRow, TagRow


def normalise_tag(name: str) -> str:
    return " ".join(name.split()).strip(",")


class TagStore(StoreBase):
    """Storage's tags part."""

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

    @translate_errors
    @snapshot
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
