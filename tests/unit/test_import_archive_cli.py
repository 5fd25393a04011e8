"""``reader import ARCHIVE.zip`` restores a Reader archive (every field, nothing fetched),
says so, and refuses a damaged one in one line without touching the library."""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from sample_library import Sample, build

from reader.cli import main
from reader.exporters import export
from reader.importers import detect_file
from reader.library import Library


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("archive-cli") / "library")


@pytest.fixture(scope="module")
def archive(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("zip") / "mine.zip"
    with Library.open(sample.folder) as library:
        export(library, library.selection(), "archive", dest)
    return dest


def run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _fields(library: Library, article_id: int) -> dict[str, Any]:
    data = asdict(library.article_record(article_id))
    for h in data["article"]["highlights"]:
        del h["id"], h["article_id"]
    del data["article"]["id"]
    return data


def test_import_of_an_archive_restores_every_field(
    capsys: pytest.CaptureFixture[str], sample: Sample, archive: Path, tmp_path: Path
) -> None:
    assert detect_file(archive) == "archive"
    code, out, err = run(capsys, tmp_path / "new", "import", str(archive))
    assert code == 0, err
    assert "imported 53, already there 0, failed 0" in out
    assert "restored 53 articles" in err and "archive" in err
    # One library open at a time: the storage binds its tables to the last one opened.
    with Library.open(sample.folder) as old:
        story = old.get(sample.story)
        before = _fields(old, sample.story)
        highlights = len(old.highlights(sample.story))
    assert highlights > 0
    with Library.open(tmp_path / "new") as new:
        by_url = {new.get(i).given_url: i for i in new.selection()}
        assert len(by_url) == 53
        assert _fields(new, by_url[story.given_url]) == before
        assert len(new.highlights(by_url[story.given_url])) == highlights
    # A second import adds nothing.
    code, out, _ = run(capsys, tmp_path / "new", "import", str(archive), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert lines[0]["status"] == "imported" and "53 already there" in lines[0]["message"]
    assert lines[-1] == {"summary": {"imported": 0, "existing": 53, "failed": 0}}


def test_a_damaged_archive_is_one_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(broken, "w") as dst:
        dst.writestr("manifest.json", src.read("manifest.json"))  # names folders not there
    code, out, err = run(capsys, tmp_path / "lib", "import", str(broken), "--json")
    first = json.loads(out.splitlines()[0])
    assert code == 1
    assert first["status"] == "failed" and first["error"] == "bad_archive"
    assert "Traceback" not in err
    with Library.open(tmp_path / "lib") as library:
        assert library.count() == 0
