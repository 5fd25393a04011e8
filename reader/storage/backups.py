"""Backups of the library file with SQLite's online backup API, and checks of a backup.

A copy of ``library.sqlite3`` taken with ``cp`` while the app is open can miss the newest
writes (WAL mode keeps them in ``library.sqlite3-wal`` until a checkpoint) or catch a
page mid-write.  The online backup API copies the pages of one read snapshot instead:
consistent while other connections, in this process or another, keep writing (WAL lets
a reader and a writer work at once).  A Storage part; any method may raise StorageError.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader.errors import BackupError
from reader.storage.base import StoreBase
from reader.storage.database import translate_errors
from reader.storage.migrations import APPLICATION_ID, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a library file holds, as checked by ``check_library_file``."""

    schema: int
    articles: int
    size: int


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)


def check_library_file(path: Path) -> FileCheck:
    """Check that ``path`` is a whole Reader library this version can open: an SQLite
    file with Reader's application_id, a schema no newer than this one, and a clean
    ``PRAGMA integrity_check``.  Raises BackupError saying what is wrong."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
        size = path.stat().st_size
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != _SQLITE_MAGIC:
        raise BackupError(f"{path} is not a Reader backup (not an SQLite file)")
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise BackupError(f"{path} is an SQLite file of another program, not a Reader library")
        if version > SCHEMA_VERSION:
            raise BackupError(
                f"{path} was written by a newer Reader (schema {version}; this one knows "
                f"{SCHEMA_VERSION}): update Reader to restore it"
            )
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise BackupError(f"{path} is damaged: {problems[0][:200]}")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged: {exc}") from None
    finally:
        conn.close()
    return FileCheck(schema=int(version), articles=int(articles), size=size)


class BackupStore(StoreBase):
    """Storage's backup part; mixed into ``Storage``, which provides ``db`` and ``path``."""

    @property
    def path(self) -> Path:
        return Path(self.db.database)

    @translate_errors
    def backup_to(self, dest: Path) -> None:
        """Copy the library, as of one moment, into the new file ``dest``.

        One backup step (``pages=-1``) copies every page under one read snapshot, so
        writers elsewhere never make it start over; the copy is then switched out of WAL
        mode, so it is one self-contained file.
        """
        source = sqlite3.connect(self.path, timeout=15)
        try:
            target = sqlite3.connect(dest)
            try:
                source.backup(target, pages=-1)
                with target:  # the claims of saves under way mean nothing in a copy
                    target.execute("DELETE FROM save_claims")
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()

    @translate_errors
    def restore_from(self, backup: Path) -> None:
        """Replace the library's content with the (checked) backup's, in place.

        The backup API writes into the live file under its write lock, so another
        connection reading it at that moment sees the old library or the new one, never
        a mix.
        """
        source = _connect_read_only(backup)
        try:
            target = sqlite3.connect(self.path, timeout=15)
            try:
                source.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode = WAL")
            finally:
                target.close()
        finally:
            source.close()
