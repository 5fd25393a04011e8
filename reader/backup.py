"""Backups of a library: made consistent while it is in use, checked, rotated, restored.

``make_backup`` copies the library with SQLite's online backup API (see
``reader.storage.backups``), checks the copy (``integrity_check``, application_id,
schema version) and only then gives it its name.  ``backup_if_due`` keeps rotating
automatic backups in the library folder's ``backups/`` (settings: ``[backup]`` in
``reader.toml``).  ``restore_backup`` checks a backup first, keeps the current library
beside it under a dated name (never deletes it), then restores.

Functions are synchronous and Qt-free; every failure is a ReaderError (``BackupError``
for a file that is not a sound backup).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.errors import BackupError, StorageError
from reader.output_files import atomic_file
from reader.settings import read_limits
from reader.storage import DB_FILENAME, Storage, check_library_file

BACKUP_FOLDER = "backups"
AUTO_PREFIX = "auto-"
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """``[backup]`` in reader.toml: automatic backups every ``every_hours`` (when the app
    runs), the newest ``keep`` of them kept, in ``<library>/backups/``."""

    enabled: bool = True
    every_hours: float = 24.0
    keep: int = 7


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size: int  # bytes
    articles: int
    schema: int


@dataclass(frozen=True, slots=True)
class RestoreInfo:
    library: Path  # the library file, now holding the backup's articles
    kept: Path | None  # where the library it replaced was kept (None: there was none)
    articles: int


def make_backup(storage: Storage, dest: Path) -> BackupInfo:
    """Write a checked, consistent copy of the library to ``dest`` (replacing a file of
    that name only once the new copy has passed its checks)."""
    dest = dest.expanduser()
    if dest.resolve() == storage.path.resolve():
        raise BackupError("a backup cannot replace the library itself; give another name")
    with atomic_file(dest, BackupError) as tmp:
        tmp.unlink()  # SQLite makes the file itself
        storage.backup_to(tmp)
        check = check_library_file(tmp)
    return BackupInfo(dest, check.size, check.articles, check.schema)


def auto_backups(folder: Path) -> list[Path]:
    """The automatic backups of the library in ``folder``, oldest first."""
    found = []
    for path in (folder / BACKUP_FOLDER).glob(f"{AUTO_PREFIX}*.sqlite3"):
        if _taken_at(path) is not None:
            found.append(path)
    return sorted(found, key=lambda p: p.name)


def _taken_at(path: Path) -> datetime | None:
    stamp = path.name[len(AUTO_PREFIX) :].removesuffix(".sqlite3")
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def backup_if_due(
    storage: Storage, settings: BackupSettings | None = None, now: datetime | None = None
) -> BackupInfo | None:
    """Make an automatic backup if the newest is older than ``every_hours`` (or there is
    none), then delete all but the newest ``keep``.  Returns the new backup, or None when
    none was due (or automatic backups are off).  ``settings`` default to reader.toml's."""
    folder = storage.folder
    if settings is None:
        settings = read_limits(folder).get("backup") or BackupSettings()
    if not settings.enabled:
        return None
    now = now or datetime.now(UTC)
    existing = auto_backups(folder)
    newest = _taken_at(existing[-1]) if existing else None
    if newest is not None and now - newest < timedelta(hours=settings.every_hours):
        return None
    target = folder / BACKUP_FOLDER
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {target}: {exc.strerror or exc}") from None
    info = make_backup(storage, target / f"{AUTO_PREFIX}{now.strftime(_STAMP)}.sqlite3")
    for old in auto_backups(folder)[: -settings.keep]:
        old.unlink(missing_ok=True)
    return info


def restore_backup(backup: Path, folder: Path) -> RestoreInfo:
    """Make the library in ``folder`` the one in ``backup``, after checking ``backup``.

    The current library is first copied, consistently, to
    ``library-before-restore-<time>.sqlite3`` in the same folder (a damaged one is moved
    there as it is).  The backup is written into the live file with the backup API, so
    an app that has the library open sees the old library or the restored one, never a
    mix; a backup from an older Reader is then brought up to the current schema.
    """
    backup = backup.expanduser()
    check_library_file(backup)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {folder}: {exc.strerror or exc}") from None
    db = folder / DB_FILENAME
    if db.exists() and db.resolve() == backup.resolve():
        raise BackupError("that file is the library itself; give a backup")
    kept: Path | None = None
    stamp = datetime.now(UTC).strftime(_STAMP)
    if db.exists():
        kept = folder / f"library-before-restore-{stamp}.sqlite3"
        try:
            storage = Storage(folder)
        except StorageError:
            # The current library cannot be opened (damaged, or from a newer Reader):
            # keep its files as they are, and restore into a new one.
            for suffix in ("", "-wal", "-shm"):
                part = folder / (DB_FILENAME + suffix)
                if part.exists():
                    os.replace(part, folder / (kept.name + suffix))
            storage = Storage(folder)
        else:
            try:
                with atomic_file(kept, BackupError) as tmp:
                    tmp.unlink()
                    storage.backup_to(tmp)
            except BaseException:
                storage.close()
                raise
    else:
        storage = Storage(folder)
    try:
        storage.restore_from(backup)
    finally:
        storage.close()
    restored = Storage(folder)  # migrates a backup of an older schema
    try:
        articles = restored.count()
        verdict = restored.integrity_check()
    finally:
        restored.close()
    if verdict != "ok":
        raise BackupError(f"the restored library failed its check ({verdict}); kept: {kept}")
    return RestoreInfo(db, kept, articles)
