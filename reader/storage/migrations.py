"""Append-only schema migrations; ``SCHEMA_VERSION = len(MIGRATIONS)``.

Never edit or reorder a migration that has shipped: add a new one.  Each runs in one
transaction together with the ``PRAGMA user_version`` that records it.
"""

from __future__ import annotations

#: Stamped in the file header so tools can tell a Reader library ("RDR1").
APPLICATION_ID = 0x52445231

_V1 = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    given_url TEXT NOT NULL,
    url_key TEXT NOT NULL,
    canonical_key TEXT,
    url TEXT,
    canonical_url TEXT,
    title TEXT NOT NULL DEFAULT '',
    excerpt TEXT,
    byline TEXT,
    site_name TEXT,
    published TEXT,
    lang TEXT,
    lead_image TEXT,
    word_count INTEGER NOT NULL DEFAULT 0,
    reading_minutes INTEGER NOT NULL DEFAULT 0,
    saved_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sort_published TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'saved', 'failed')),
    error TEXT,
    is_read INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    favourite INTEGER NOT NULL DEFAULT 0,
    read_position REAL NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '[]',
    has_thumbnail INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
);
CREATE INDEX articles_saved ON articles (saved_at, id);
CREATE INDEX articles_published ON articles (sort_published, id);
CREATE INDEX articles_url_key ON articles (url_key);
CREATE INDEX articles_canonical_key ON articles (canonical_key);
CREATE INDEX articles_status ON articles (status, saved_at, id);

CREATE TABLE article_bodies (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    html TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    original_url TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (article_id, key)
);

CREATE TABLE thumbnails (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    data BLOB NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, byline, site_name, text,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);

CREATE TRIGGER article_bodies_ai AFTER INSERT ON article_bodies BEGIN
    INSERT INTO article_fts (rowid, title, byline, site_name, text)
    SELECT a.id, a.title, a.byline, a.site_name, NEW.text FROM articles a
    WHERE a.id = NEW.article_id;
END;
CREATE TRIGGER article_bodies_au AFTER UPDATE ON article_bodies BEGIN
    DELETE FROM article_fts WHERE rowid = OLD.article_id;
    INSERT INTO article_fts (rowid, title, byline, site_name, text)
    SELECT a.id, a.title, a.byline, a.site_name, NEW.text FROM articles a
    WHERE a.id = NEW.article_id;
END;
CREATE TRIGGER article_bodies_ad AFTER DELETE ON article_bodies BEGIN
    DELETE FROM article_fts WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER articles_au_meta AFTER UPDATE OF title, byline, site_name ON articles
WHEN EXISTS (SELECT 1 FROM article_bodies b WHERE b.article_id = NEW.id) BEGIN
    UPDATE article_fts SET title = NEW.title, byline = NEW.byline, site_name = NEW.site_name
    WHERE rowid = NEW.id;
END;
"""

# Lists at 100,000 articles: one index per sort order that also holds every filter
# column, so a filtered page walks the index in order and reads only the rows it shows,
# and a count never reads the (wide) article rows.  They replace the plain sort indexes.
_V2 = """
DROP INDEX articles_saved;
DROP INDEX articles_published;
CREATE INDEX articles_saved_list
    ON articles (saved_at, id, deleted_at, status, is_read, archived, favourite);
CREATE INDEX articles_published_list
    ON articles (sort_published, id, deleted_at, status, is_read, archived, favourite);
CREATE INDEX articles_trashed ON articles (deleted_at) WHERE deleted_at IS NOT NULL;
"""

# Counts of a filter at 100,000 articles: a narrow index to seek instead of scanning a
# list index (lists keep to theirs: Storage writes their flag terms as ``+column``).
_V3 = """
CREATE INDEX articles_flags ON articles (deleted_at, is_read, archived, favourite, status);
"""

# Highlights and notes (quotes with their W3C TextQuote context and, once anchored in the
# current text, a TextPosition), and one note per article.  Imports store quotes before
# they can be anchored: ``start``/``end`` stay NULL and ``anchored`` 0 until then.
_V4 = """
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start INTEGER,
    "end" INTEGER,
    color TEXT NOT NULL DEFAULT 'yellow',
    note TEXT,
    created_at TEXT NOT NULL,
    anchored INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX highlights_article ON highlights (article_id, start);
CREATE INDEX highlights_created ON highlights (created_at, id);
ALTER TABLE articles ADD COLUMN note TEXT;
"""

# Facts about the library as a whole, e.g. under which URL-identity rules its keys were
# made (``identity_rules``): when the rules change, the keys are recomputed at open.
_V5 = """
CREATE TABLE library_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

# Imports: the article an export file holds (Omnivore, Wallabag), kept with the pending
# article until the save queue saves it from there (then deleted with the save), so an
# import killed half-way loses nothing and never needs the network for it.
_V6 = """
CREATE TABLE import_content (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    html TEXT NOT NULL
);
"""

# Feeds: subscriptions with their caching and backoff state, and every item seen (its
# identity per feed, and the article it became; NULL once the person deleted that
# article, so a deleted story is never brought back).  ``adopted`` marks an article that
# was in the library before its feed brought it: retention never removes those.
_V7 = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    url_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    site_url TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    keep INTEGER,
    days INTEGER,
    interval INTEGER NOT NULL DEFAULT 60,
    paused INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    last_checked TEXT,
    last_updated TEXT,
    next_check TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT
);
CREATE TABLE feed_items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    adopted INTEGER NOT NULL DEFAULT 0,
    link TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    html TEXT,
    seen_at TEXT NOT NULL,
    UNIQUE (feed_id, item_key)
);
CREATE INDEX feed_items_article ON feed_items (article_id);
CREATE INDEX feed_items_feed_seen ON feed_items (feed_id, seen_at);
"""

# A teaser: only the beginning of the story was on the page (a paywall, "All...").
_V8 = """
ALTER TABLE articles ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
"""

# More sort orders (oldest, longest, shortest, by site), each with a list index holding
# the filter columns like the two of V2, so a sorted, filtered page at 100,000 articles
# reads only the rows it shows.  Oldest first walks the saved-at index backwards.
_V9 = """
ALTER TABLE articles ADD COLUMN sort_site TEXT
    GENERATED ALWAYS AS (lower(coalesce(site_name, ''))) VIRTUAL;
CREATE INDEX articles_length_list
    ON articles (word_count, id, deleted_at, status, is_read, archived, favourite);
CREATE INDEX articles_site_list
    ON articles (sort_site, id, deleted_at, status, is_read, archived, favourite);
"""

# What a person wrote or marked, searchable: one row per article (rowid = its id) with
# its highlights' quotes and its notes (the article's and its highlights'), kept in sync
# by triggers; article_fts is left as it is.  An article with neither has no row.
_ANNOTATION_ROW = """
    DELETE FROM annotation_fts WHERE rowid = {id};
    INSERT INTO annotation_fts (rowid, quotes, notes)
    SELECT a.id,
        (SELECT group_concat(h.quote, char(10)) FROM highlights h WHERE h.article_id = a.id),
        trim(coalesce(a.note, '') || char(10) || coalesce((SELECT group_concat(h.note, char(10))
            FROM highlights h WHERE h.article_id = a.id), ''), char(10))
    FROM articles a
    WHERE a.id = {id} AND (a.note IS NOT NULL
        OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id));
"""
_V10 = f"""
CREATE VIRTUAL TABLE annotation_fts USING fts5 (
    quotes, notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO annotation_fts (rowid, quotes, notes)
SELECT a.id,
    (SELECT group_concat(h.quote, char(10)) FROM highlights h WHERE h.article_id = a.id),
    trim(coalesce(a.note, '') || char(10) || coalesce((SELECT group_concat(h.note, char(10))
        FROM highlights h WHERE h.article_id = a.id), ''), char(10))
FROM articles a
WHERE a.note IS NOT NULL OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id);
CREATE TRIGGER highlights_ai_fts AFTER INSERT ON highlights BEGIN
{_ANNOTATION_ROW.format(id="NEW.article_id")}
END;
CREATE TRIGGER highlights_au_fts AFTER UPDATE OF quote, note, article_id ON highlights BEGIN
{_ANNOTATION_ROW.format(id="OLD.article_id")}
{_ANNOTATION_ROW.format(id="NEW.article_id")}
END;
CREATE TRIGGER highlights_ad_fts AFTER DELETE ON highlights BEGIN
{_ANNOTATION_ROW.format(id="OLD.article_id")}
END;
CREATE TRIGGER articles_au_note_fts AFTER UPDATE OF note ON articles BEGIN
{_ANNOTATION_ROW.format(id="NEW.id")}
END;
CREATE TRIGGER articles_ad_fts AFTER DELETE ON articles BEGIN
    DELETE FROM annotation_fts WHERE rowid = OLD.id;
END;
CREATE INDEX highlights_note ON highlights (article_id) WHERE note IS NOT NULL;
"""

# Claims on pending saves, so two processes draining one library (the app resuming its
# saves beside `reader retry` or `reader import`) never fetch the same article twice: a
# drain claims an article before saving it and deletes the row when the save ends.  A
# row whose process is gone (or that is old) is stale and taken over (reader.save_claims).
_V11 = """
CREATE TABLE save_claims (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    machine TEXT NOT NULL,
    pid INTEGER NOT NULL,
    claimed_at TEXT NOT NULL
);
CREATE INDEX save_claims_owner ON save_claims (owner);
"""

#: Each entry is a SQL script.  Append only.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11]
SCHEMA_VERSION = len(MIGRATIONS)
