"""Storage: the one data-access class of a library file, made of one part per domain.

Contract: every method may raise ``reader.errors.StorageError`` (locked, read-only, full,
damaged); ``NotFoundError`` for an id that is not there.  Usable from several threads:
peewee gives each thread its own connection (from a pool, so ``close`` closes them all),
and writes are short IMMEDIATE transactions, so a second process (the app beside the
command line) waits and succeeds.

The parts: articles (saving, reading, state), images, tags, lists (pages and counts),
search, highlights, imports, claims (on pending saves, across processes), feeds,
transfer (whole articles in and out), backups and maintenance (checks, re-keying).
Rows are mapped by column name; an article summary's columns are listed once, in
``reader.storage.base``.
"""

from __future__ import annotations

from pathlib import Path

from playhouse.pool import PooledSqliteDatabase

from reader.storage.articles import ArticleStore
from reader.storage.backups import BackupStore
from reader.storage.claims import ClaimStore
from reader.storage.database import close_database, open_database
from reader.storage.feeds import FeedStore
from reader.storage.highlights import HighlightStore
from reader.storage.images import ImageStore
from reader.storage.imports import ImportStore
from reader.storage.lists import ListStore
from reader.storage.maintenance import MaintenanceStore
from reader.storage.search import SearchStore
from reader.storage.tags import TagStore
from reader.storage.transfer import TransferStore


class Storage(
    ArticleStore,
    ImageStore,
    TagStore,
    ListStore,
    SearchStore,
    HighlightStore,
    ImportStore,
    ClaimStore,
    FeedStore,
    TransferStore,
    BackupStore,
    MaintenanceStore,
):
    """Data access for one library folder.  See the module docstring for the contract."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db: PooledSqliteDatabase = open_database(folder)

    @property
    def path(self) -> Path:
        return Path(self.db.database)

    def close(self) -> None:
        """Close every connection of every thread: the library is done with."""
        close_database(self.db)

    def release_thread(self) -> None:
        """Give the calling thread's connection back (worker threads, when done)."""
        self.db.close()
