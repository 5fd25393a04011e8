"""Opening a library file: pragmas, migrations, write transactions, error translation."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

import peewee as pw
from playhouse.pool import PooledSqliteDatabase

from reader.errors import StorageError
from reader.storage.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from reader.storage.tables import MODELS

DB_FILENAME = "library.sqlite3"
BUSY_TIMEOUT_MS = 15_000

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "normal",
    "cache_size": -32_000,  # 32 MB per connection
    "temp_store": "memory",
    "mmap_size": 256 * 1024 * 1024,
}

P = ParamSpec("P")
T = TypeVar("T")


def translate_errors(func: Callable[P, T]) -> Callable[P, T]:
    """Turn environmental SQLite failures into StorageError; bugs propagate unchanged."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except (pw.OperationalError, sqlite3.OperationalError) as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StorageError(
                    "the library is busy in another program; try again in a moment"
                ) from exc
            if "readonly" in text or "read-only" in text:
                raise StorageError("the library is read-only") from exc
            if "disk" in text or "full" in text or "unable to open" in text:
                raise StorageError(f"the library file cannot be written: {text}") from exc
            raise
        except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
            text = str(exc)
            if "malformed" in text or "not a database" in text or "corrupt" in text:
                raise StorageError(f"the library file is damaged: {text}") from exc
            raise

    return wrapper


def open_database(folder: Path) -> PooledSqliteDatabase:
    """Open (creating if needed) the library in ``folder`` and bring its schema up to date."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the library folder {folder}: {exc.strerror}") from None
    path = folder / DB_FILENAME
    # A pool, so that closing the library closes every thread's connection (close_all):
    # a worker thread that ended without giving its connection back leaks nothing.
    db = PooledSqliteDatabase(
        str(path),
        max_connections=None,
        pragmas=PRAGMAS,
        lock_type="IMMEDIATE",
        check_same_thread=False,
    )
    _bind(db)
    try:
        _migrate_checked(db)
    except BaseException:
        close_database(db)
        raise
    return db


# peewee binds table classes to one database per process.  The most recently opened
# library that is still open holds them: closing a second library opened for a moment
# (a restore checks the file it wrote; a test builds another library) gives them back
# to the one still open, instead of leaving them on a closed file.
_OPEN: list[PooledSqliteDatabase] = []
_OPEN_LOCK = threading.Lock()


def _bind(db: PooledSqliteDatabase) -> None:
    with _OPEN_LOCK:
        _OPEN.append(db)
        db.bind(MODELS, bind_refs=False, bind_backrefs=False)


def close_database(db: PooledSqliteDatabase) -> None:
    """Close every connection of ``db`` and give the tables to the library still open."""
    db.close_all()
    with _OPEN_LOCK:
        if db in _OPEN:
            _OPEN.remove(db)
        if _OPEN:
            _OPEN[-1].bind(MODELS, bind_refs=False, bind_backrefs=False)


def _migrate_checked(db: pw.SqliteDatabase) -> None:
    try:
        migrate(db)
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            raise StorageError(f"{db.database} is not a Reader library or is damaged") from None
        if "locked" in text or "busy" in text:
            raise StorageError("the library is busy in another program; try again") from None
        raise StorageError(f"cannot open the library {db.database}: {text}") from None


def migrate(db: pw.SqliteDatabase) -> None:
    """Apply every migration the file has not seen, each in its own transaction."""
    conn: sqlite3.Connection = db.connection()  # type: ignore[no-untyped-call]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"the library was written by a newer Reader (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); update Reader to open it"
        )
    if app_id not in (0, APPLICATION_ID):
        raise StorageError(f"{db.database} belongs to another program, not Reader")
    for number in range(version, SCHEMA_VERSION):
        with db.atomic():
            # Re-check inside the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                continue
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


@contextmanager
def write(db: pw.SqliteDatabase) -> Iterator[None]:
    """One short write transaction, begun IMMEDIATE so concurrent writers queue politely."""
    with db.atomic():
        yield


@contextmanager
def read(db: pw.SqliteDatabase) -> Iterator[None]:
    """One read transaction (BEGIN DEFERRED): every query inside sees the same snapshot,
    so a write committed by another connection meanwhile never shows half an article.
    Inside a write transaction it is a savepoint of that one."""
    with db.atomic("DEFERRED"):
        yield


class _HasDatabase(Protocol):
    db: pw.SqliteDatabase


S = TypeVar("S", bound=_HasDatabase)


def snapshot(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run a Storage method that reads with several queries in one read transaction."""

    @functools.wraps(method)
    def wrapper(store: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with read(store.db):
            return method(store, *args, **kwargs)

    return wrapper
