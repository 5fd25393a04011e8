"""peewee models of the library's tables (the DDL lives in migrations.py).

These classes never leave reader.storage: callers get reader.models dataclasses.
"""

from __future__ import annotations

import peewee as pw

#: The deferred database handle; ``reader.storage.database.open_database`` binds it.
MODELS: list[type[pw.Model]] = []


class _Base(pw.Model):
    class Meta:
        legacy_table_names = False


class ArticleRow(_Base):
    id = pw.AutoField()
    given_url = pw.TextField()
    url_key = pw.TextField()
    canonical_key = pw.TextField(null=True)
    url = pw.TextField(null=True)
    canonical_url = pw.TextField(null=True)
    title = pw.TextField(default="")
    excerpt = pw.TextField(null=True)
    byline = pw.TextField(null=True)
    site_name = pw.TextField(null=True)
    published = pw.TextField(null=True)
    lang = pw.TextField(null=True)
    lead_image = pw.TextField(null=True)
    word_count = pw.IntegerField(default=0)
    reading_minutes = pw.IntegerField(default=0)
    saved_at = pw.TextField()
    updated_at = pw.TextField()
    sort_published = pw.TextField()
    status = pw.TextField(default="pending")
    error = pw.TextField(null=True)
    is_read = pw.BooleanField(default=False)
    archived = pw.BooleanField(default=False)
    favourite = pw.BooleanField(default=False)
    read_position = pw.FloatField(default=0.0)
    notes = pw.TextField(default="[]")
    has_thumbnail = pw.BooleanField(default=False)
    deleted_at = pw.TextField(null=True)
    note = pw.TextField(null=True)
    partial = pw.BooleanField(default=False)

    class Meta:
        table_name = "articles"


class BodyRow(_Base):
    article = pw.ForeignKeyField(
        ArticleRow, primary_key=True, on_delete="CASCADE", column_name="article_id"
    )
    html = pw.TextField()
    text = pw.TextField()

    class Meta:
        table_name = "article_bodies"


class ImageRow(_Base):
    id = pw.AutoField()
    article = pw.ForeignKeyField(ArticleRow, on_delete="CASCADE", column_name="article_id")
    key = pw.TextField()
    original_url = pw.TextField()
    mime = pw.TextField()
    width = pw.IntegerField()
    height = pw.IntegerField()
    data = pw.BlobField()

    class Meta:
        table_name = "images"


class ThumbnailRow(_Base):
    article = pw.ForeignKeyField(
        ArticleRow, primary_key=True, on_delete="CASCADE", column_name="article_id"
    )
    data = pw.BlobField()

    class Meta:
        table_name = "thumbnails"


class TagRow(_Base):
    id = pw.AutoField()
    name = pw.TextField(unique=True)

    class Meta:
        table_name = "tags"


class ArticleTagRow(_Base):
    article = pw.ForeignKeyField(ArticleRow, on_delete="CASCADE", column_name="article_id")
    tag = pw.ForeignKeyField(TagRow, on_delete="CASCADE", column_name="tag_id")

    class Meta:
        table_name = "article_tags"
        primary_key = pw.CompositeKey("article", "tag")


class HighlightRow(_Base):
    id = pw.AutoField()
    article = pw.ForeignKeyField(ArticleRow, on_delete="CASCADE", column_name="article_id")
    quote = pw.TextField()
    prefix = pw.TextField(default="")
    suffix = pw.TextField(default="")
    start = pw.IntegerField(null=True)
    end = pw.IntegerField(null=True)
    color = pw.TextField(default="yellow")
    note = pw.TextField(null=True)
    created_at = pw.TextField()
    anchored = pw.BooleanField(default=False)

    class Meta:
        table_name = "highlights"


class ImportContentRow(_Base):
    article = pw.ForeignKeyField(
        ArticleRow, primary_key=True, on_delete="CASCADE", column_name="article_id"
    )
    html = pw.TextField()

    class Meta:
        table_name = "import_content"


MODELS.extend(
    [
        ArticleRow,
        BodyRow,
        ImageRow,
        ThumbnailRow,
        TagRow,
        ArticleTagRow,
        HighlightRow,
        ImportContentRow,
    ]
)


class FeedRow(_Base):
    id = pw.AutoField()
    url = pw.TextField()
    url_key = pw.TextField(unique=True)
    title = pw.TextField(default="")
    site_url = pw.TextField(null=True)
    tags = pw.TextField(default="[]")
    keep = pw.IntegerField(null=True)
    days = pw.IntegerField(null=True)
    interval = pw.IntegerField(default=60)
    paused = pw.BooleanField(default=False)
    etag = pw.TextField(null=True)
    last_modified = pw.TextField(null=True)
    added_at = pw.TextField()
    last_checked = pw.TextField(null=True)
    last_updated = pw.TextField(null=True)
    next_check = pw.TextField(null=True)
    failures = pw.IntegerField(default=0)
    last_status = pw.IntegerField(null=True)
    last_error = pw.TextField(null=True)

    class Meta:
        table_name = "feeds"


class FeedItemRow(_Base):
    id = pw.AutoField()
    feed = pw.ForeignKeyField(FeedRow, on_delete="CASCADE", column_name="feed_id")
    item_key = pw.TextField()
    article = pw.ForeignKeyField(
        ArticleRow, null=True, on_delete="SET NULL", column_name="article_id"
    )
    adopted = pw.BooleanField(default=False)
    link = pw.TextField()
    title = pw.TextField(default="")
    published = pw.TextField(null=True)
    html = pw.TextField(null=True)
    seen_at = pw.TextField()

    class Meta:
        table_name = "feed_items"


MODELS.extend([FeedRow, FeedItemRow])


class SaveClaimRow(_Base):
    """A drain's claim on a pending save (reader.storage.claims)."""

    article = pw.ForeignKeyField(
        ArticleRow, primary_key=True, on_delete="CASCADE", column_name="article_id"
    )
    owner = pw.TextField()
    machine = pw.TextField()
    pid = pw.IntegerField()
    claimed_at = pw.TextField()

    class Meta:
        table_name = "save_claims"


MODELS.append(SaveClaimRow)
