"""Bulk insert of finished articles, for the benchmarks and test fixtures only.

Builds libraries of 100,000 articles in minutes: the same tables and triggers as the
app's save path (``add_pending`` + ``complete_save``), written in batches with peewee's
``insert_many``.  It lives in bench/, not in reader/, because nothing a person does
goes through it: every real save and import uses the library's public write path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from reader.models import NewArticle, Status
from reader.storage import Storage, now_iso
from reader.storage.tables import (
    ArticleRow,
    ArticleTagRow,
    BodyRow,
    ImageRow,
    ThumbnailRow,
)


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One finished article for ``import_articles``."""

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


def import_articles(storage: Storage, items: Sequence[ImportItem]) -> list[int]:
    """Store many finished articles in one transaction; returns their new ids.

    The same tables and triggers as ``add_pending`` + ``complete_save``, in batches
    (peewee ``insert_many``), so importing a large library takes minutes, not hours.
    Articles that are not ``SAVED`` get no body, images or thumbnail.
    """
    if not items:
        return []
    with storage.db.atomic():
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
                    "partial": bool(saved and new.partial),
                }
            )
            for name in item.tags:
                if name not in tag_ids:
                    tag_ids[name] = storage._tag_ids([name])[0]
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
