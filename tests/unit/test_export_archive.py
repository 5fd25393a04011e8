"""The Reader archive: written, read back into an empty library with every field kept,
and refused clearly when it is damaged, foreign, newer or hostile."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from sample_library import Sample, build

from reader.errors import ArchiveError
from reader.exporters import export
from reader.exporters.archive import FORMAT, is_archive, restore_archive
from reader.library import Library
from reader.models import ArticleRecord


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("archive") / "library")


@pytest.fixture(scope="module")
def archive(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("zip") / "library.zip"
    with Library.open(sample.folder) as library:
        assert export(library, library.selection(), "archive", dest).articles == 53
    return dest


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "new") as lib:
        yield lib


def _comparable(record: ArticleRecord) -> dict[str, Any]:
    data = asdict(record)
    for h in data["article"]["highlights"]:
        del h["id"], h["article_id"]  # new rows, new ids
    return data


def test_manifest_and_layout(archive: Path, sample: Sample) -> None:
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
        story = json.loads(zf.read(f"articles/{sample.story}/article.json"))
    assert manifest["format"] == FORMAT and manifest["version"] == 1
    assert manifest["counts"] == {"articles": 53, "images": 77, "highlights": 4}
    assert {"reader_version", "created_at", "articles"} <= set(manifest)
    assert f"articles/{sample.story}/content.html" in names
    assert f"articles/{sample.story}/thumbnail.jpg" in names
    assert story["note"] == "Read again before the trip" and story["favourite"] is True
    assert [h["color"] for h in story["highlights"]] == ["green", "yellow", "yellow"]
    for image in story["images"]:
        assert f"articles/{sample.story}/{image['file']}" in names
    assert is_archive(archive)


def test_round_trip_into_an_empty_library_keeps_every_field(
    archive: Path, sample: Sample, empty: Library
) -> None:
    seen: list[tuple[int, int]] = []
    summary = restore_archive(empty, archive, lambda done, total: seen.append((done, total)))
    assert (summary.restored, summary.existed, summary.images_dropped) == (53, 0, 0)
    assert seen[-1] == (53, 53)
    with Library.open(sample.folder) as original:
        ids = original.selection()
        assert sorted(empty.selection()) == sorted(ids)
        for article_id in ids:
            before = original.article_record(article_id)
            after = empty.article_record(article_id)
            assert _comparable(after) == _comparable(before), article_id
    # What the library builds from the stored rows works too: search, tags, lists.
    assert [h.article.id for h in empty.search("Blinken")] == [sample.story]
    assert {t.name: t.count for t in empty.tags()}["even"] == 25
    assert empty.storage.integrity_check() == "ok"


def test_restoring_twice_adds_nothing(archive: Path, empty: Library) -> None:
    restore_archive(empty, archive)
    again = restore_archive(empty, archive)
    assert (again.restored, again.existed) == (0, 53)
    assert empty.count() == 53


def _rewritten(source: Path, dest: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            if item.filename in change:
                continue
            zout.writestr(item, zin.read(item))
        for name, data in change.items():
            if data is not None:
                zout.writestr(name, data)
    return dest


def test_damaged_newer_and_foreign_archives_are_refused(
    archive: Path, sample: Sample, empty: Library, tmp_path: Path
) -> None:
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    newer = _rewritten(
        archive,
        tmp_path / "newer.zip",
        {"manifest.json": json.dumps(manifest | {"version": 9}).encode()},
    )
    with pytest.raises(ArchiveError, match="version 9"):
        restore_archive(empty, newer)
    foreign = _rewritten(archive, tmp_path / "foreign.zip", {"manifest.json": None})
    with pytest.raises(ArchiveError, match=r"no manifest\.json"):
        restore_archive(empty, foreign)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(ArchiveError, match="not a zip"):
        restore_archive(empty, truncated)
    name = f"articles/{sample.story}/article.json"
    data = json.loads(zipfile.ZipFile(archive).read(name))
    outside = json.loads(json.dumps(data))
    outside["images"][0]["file"] = "../../../etc/passwd"
    escaping = _rewritten(archive, tmp_path / "escape.zip", {name: json.dumps(outside).encode()})
    with pytest.raises(ArchiveError, match="leaves its folder"):
        restore_archive(empty, escaping)
    bad_types = _rewritten(
        archive, tmp_path / "types.zip", {name: json.dumps(data | {"is_read": "yes"}).encode()}
    )
    with pytest.raises(ArchiveError, match="true or false"):
        restore_archive(empty, bad_types)
    for change, words in (
        ({"published": {"a": 1}}, "published is not a string"),
        ({"id": 2**70}, "id is not a whole number"),
        ({"read_position": 7}, "between 0 and 1"),
        ({"highlights": [{}]}, "not valid"),
    ):
        odd = _rewritten(archive, tmp_path / "odd.zip", {name: json.dumps(data | change).encode()})
        with pytest.raises(ArchiveError, match=words):
            restore_archive(empty, odd)
    assert empty.count() == 0  # a bad first batch stores nothing
    assert not is_archive(truncated)


def test_hostile_content_goes_through_the_same_checks_as_a_save(
    archive: Path, sample: Sample, empty: Library, tmp_path: Path
) -> None:
    folder = f"articles/{sample.story}/"
    data = json.loads(zipfile.ZipFile(archive).read(folder + "article.json"))
    image = data["images"][0]["file"]
    hostile = _rewritten(
        archive,
        tmp_path / "hostile.zip",
        {
            folder + "content.html": b'<p onclick="x()">Hi<script>alert(1)</script></p>',
            folder + image: b"<html><body>not a photo</body></html>",
        },
    )
    summary = restore_archive(empty, hostile)
    assert summary.images_dropped == 1 and summary.restored == 53
    story = empty.get(sample.story)
    assert story.html == "<p>Hi</p>" and story.image_count == 1


def test_restored_ids_that_are_taken_get_new_ones(
    archive: Path, sample: Sample, tmp_path: Path
) -> None:
    with Library.open(tmp_path / "busy") as library:
        taken = library.storage.add_pending("https://other.example/x", "other-x")
        assert taken == 1
        restore_archive(library, archive)
        story = next(h.article for h in library.search("Blinken"))
        assert story.id != sample.story and library.count() == 54
        assert library.get(story.id).title.startswith("Zürich")
        assert len(library.get(story.id).highlights) == 3


def test_the_export_read_of_an_article_is_the_same_as_get(sample: Sample) -> None:
    with Library.open(sample.folder) as library:
        for article_id in library.selection():
            record = library.article_record(article_id)
            assert record.article == library.get(article_id)
            assert list(record.images) == library.storage.images(article_id)
            assert record.thumbnail == library.thumbnail(article_id)
