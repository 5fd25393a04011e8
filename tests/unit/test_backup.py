"""Backups: consistent while another process writes, checked, rotated; restore checks first."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.backup import BackupSettings, auto_backups, backup_if_due, restore_backup
from reader.errors import BackupError, UsageError
from reader.library import Library
from reader.storage import SCHEMA_VERSION, check_library_file

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the new bridge over the river, which "
    "residents have asked for since the old ferry stopped running two winters ago. "
)
PAGE = (
    "<html><head><title>Bridge story</title></head><body><article><h1>Bridge story</h1>"
    + "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(6))
    + "</article></body></html>"
)

# Another process saving articles in a loop, one line per save, until told to stop.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.library import Library

    folder, page, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    with Library.open(folder) as library:
        n = 0
        while not stop.exists():
            n += 1
            library.save(page, ["loop"], base_url=f"https://loop.example/{n}")
            print(n, flush=True)
    """
)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, "utf-8")
    return path


@pytest.fixture
def filled(library: Library, page: Path) -> Library:
    for n in range(3):
        library.save(str(page), [f"t{n}"], base_url=f"https://example.com/{n}")
    return library


def _counts(path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path)
    try:
        saved = conn.execute("SELECT count(*) FROM articles WHERE status = 'saved'").fetchone()[0]
        bodies = conn.execute("SELECT count(*) FROM article_bodies").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM article_fts").fetchone()[0]
    finally:
        conn.close()
    return saved, bodies, indexed


def test_backup_while_another_process_saves_in_a_loop(
    filled: Library, page: Path, tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    command = [sys.executable, "-c", WRITER, str(filled.folder), str(page), str(stop)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None
        try:
            for _ in range(2):
                assert writer.stdout.readline()  # the writer is saving
            backups = [filled.backup(tmp_path / f"during-{i}.sqlite3") for i in range(3)]
            assert writer.stdout.readline()  # and it went on saving after them
        finally:
            stop.touch()
            writer.wait(timeout=60)
    assert writer.returncode == 0
    for info in backups:
        check = check_library_file(info.path)  # integrity_check, application_id, schema
        assert check.schema == SCHEMA_VERSION and info.size == info.path.stat().st_size
        saved, bodies, indexed = _counts(info.path)
        assert saved == bodies == indexed >= 5  # every article whole: none half-saved
        assert not Path(f"{info.path}-wal").exists()  # one self-contained file
    assert _counts(backups[-1].path)[0] <= filled.count()
    with Library.open(tmp_path / "opened") as other:  # a backup restores as a library
        restore_backup(backups[-1].path, other.folder)
        assert other.count() == check_library_file(backups[-1].path).articles
    assert not list(tmp_path.glob(".*.part"))


def test_restore_checks_first_keeps_the_current_library_and_restores(
    filled: Library, tmp_path: Path
) -> None:
    backup = filled.backup(tmp_path / "backup.sqlite3")
    assert backup.articles == 3
    ids = filled.selection()
    filled.delete(ids[:2])
    filled.close()
    info = restore_backup(backup.path, filled.folder)
    assert info.articles == 3 and info.kept is not None
    assert check_library_file(info.kept).articles == 1  # the replaced library, kept whole
    with Library.open(filled.folder) as again:
        assert sorted(again.selection()) == sorted(ids)
        assert {t.name for t in again.tags()} == {"t0", "t1", "t2"}


def test_restore_while_the_library_is_open_elsewhere(filled: Library, tmp_path: Path) -> None:
    backup = filled.backup(tmp_path / "backup.sqlite3")
    filled.delete(filled.selection()[:1])
    assert filled.count() == 2
    restore_backup(backup.path, filled.folder)  # `filled` stays open, like the app
    assert filled.count() == 3


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(page * 2, len(data) - page, page * 3):
        data[at : at + 200] = b"\xa5" * 200  # garbage over page headers and cells
    path.write_bytes(bytes(data))


def test_restore_refuses_a_damaged_file_and_leaves_the_library_alone(
    filled: Library, tmp_path: Path
) -> None:
    backup = filled.backup(tmp_path / "backup.sqlite3").path
    _corrupt(backup)
    with pytest.raises(BackupError, match="damaged") as info:
        restore_backup(backup, filled.folder)
    assert "\n" not in str(info.value)
    assert filled.count() == 3 and filled.storage.integrity_check() == "ok"
    assert not list(filled.folder.glob("library-before-restore-*"))


def test_restore_refuses_newer_foreign_and_non_library_files(
    filled: Library, tmp_path: Path
) -> None:
    newer = filled.backup(tmp_path / "newer.sqlite3").path
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(BackupError, match="newer Reader"):
        restore_backup(newer, filled.folder)
    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    with pytest.raises(BackupError, match="another program"):
        restore_backup(foreign, filled.folder)
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    with pytest.raises(BackupError, match="not an SQLite file"):
        restore_backup(text, filled.folder)
    with pytest.raises(BackupError, match="cannot read"):
        restore_backup(tmp_path / "missing.sqlite3", filled.folder)
    assert filled.count() == 3


def test_a_backup_that_cannot_be_written_says_so_and_leaves_nothing(
    filled: Library, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="cannot write"):
        filled.backup(tmp_path / "no-such-folder" / "b.sqlite3")
    with pytest.raises(BackupError, match="library itself"):
        filled.backup(filled.storage.path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "page.html"]


def test_automatic_backups_rotate(filled: Library) -> None:
    settings = BackupSettings(every_hours=24, keep=3)
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    first = backup_if_due(filled.storage, settings, start)
    assert first is not None and first.path.parent == filled.folder / "backups"
    assert backup_if_due(filled.storage, settings, start + timedelta(hours=23)) is None
    for day in range(1, 6):
        assert backup_if_due(filled.storage, settings, start + timedelta(days=day)) is not None
    kept = auto_backups(filled.folder)
    assert [p.name for p in kept] == [f"auto-202603{d:02d}T090000Z.sqlite3" for d in (4, 5, 6)]
    for path in kept:
        assert check_library_file(path).articles == 3
    off = BackupSettings(enabled=False)
    assert backup_if_due(filled.storage, off, start + timedelta(days=30)) is None


def test_automatic_backup_settings_come_from_reader_toml(filled: Library) -> None:
    (filled.folder / "reader.toml").write_text("[backup]\nevery_hours = 1.5\nkeep = 2\n")
    assert filled.backup_if_due() is not None
    assert filled.backup_if_due() is None  # not due again within 1.5 hours
    (filled.folder / "reader.toml").write_text("[backup]\nkeep = 0\n")
    with pytest.raises(UsageError, match=r"backup\.keep"):
        filled.backup_if_due()
