"""``reader export``, ``reader backup`` and ``reader restore`` end to end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from localsite import LocalSite

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_backup_and_restore_commands(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    lib = str(library_dir)
    code, _, err = run(capsys, "--library", lib, "add", site.add_news_story(), "--tag", "world")
    assert code == 0, err

    book = tmp_path / "world.epub"
    code, out, err = run(
        capsys, "--library", lib, "export", "--tag", "world", "-f", "epub", "--to", str(book)
    )
    assert (code, out, err) == (0, f"exported 1 article to {book}\n", "")
    assert zipfile.is_zipfile(book)

    code, out, _ = run(
        capsys, "--library", lib, "export", "1", "--format", "archive", "--to",
        str(tmp_path / "a.zip"), "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out) == {
        "ok": True, "path": str(tmp_path / "a.zip"), "format": "archive", "articles": 1,
    }  # fmt: skip

    code, out, err = run(capsys, "--library", lib, "export", "--search", "nothing-like-it",
                         "-f", "csv", "--to", str(tmp_path / "x.csv"))  # fmt: skip
    assert code == 2 and err == "error: usage: nothing to export: the selection is empty\n"

    backup = tmp_path / "backup.sqlite3"
    code, out, err = run(capsys, "--library", lib, "backup", str(backup))
    assert code == 0, err
    assert out.startswith(f"backup: {backup} (") and "1 article, checked)" in out

    code, _, _ = run(capsys, "--library", lib, "delete", "1")
    code, out, err = run(capsys, "restore", str(backup), "--library", lib)
    assert code == 0, err
    assert out.startswith(f"restored 1 article into {library_dir / 'library.sqlite3'}\n")
    assert "the library it replaced is kept as" in out
    code, out, _ = run(capsys, "--library", lib, "list")
    assert out.startswith("1\t")


def test_restore_of_a_damaged_file_is_one_line(
    capsys: pytest.CaptureFixture[str], library_dir: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    code, out, err = run(capsys, "--library", str(library_dir), "restore", str(damaged))
    assert code == 1 and out == ""
    assert err.startswith("error: backup_failed: ") and err.count("\n") == 1
    assert not library_dir.exists()  # nothing was touched, not even created


def test_export_to_an_unwritable_place_is_one_line(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    run(capsys, "--library", str(library_dir), "add", site.add_news_story())
    target = tmp_path / "missing" / "out.epub"
    code, _, err = run(capsys, "--library", str(library_dir), "export", "-f", "epub",
                       "--to", str(target))  # fmt: skip
    assert code == 1 and err.startswith("error: export_failed: cannot write") and err[-1] == "\n"
    assert err.count("\n") == 1 and not target.parent.exists()
