"""Photos and thumbnails (a Storage part): stored as BLOBs beside their article.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

from reader.models import ImageRecord
from reader.storage.base import StoreBase
from reader.storage.database import translate_errors
from reader.storage.tables import ImageRow, ThumbnailRow


class ImageStore(StoreBase):
    """Storage's photos part."""

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
