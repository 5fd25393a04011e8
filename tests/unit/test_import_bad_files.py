"""Bad export files: one clear error each (category ``bad_file``), nothing imported."""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from import_files import make_exports

from reader.errors import ImportFileError, UsageError
from reader.importers import ImportLimits, read_export
from reader.importers.run import ItemOutcome, import_files
from reader.library import Library

HOST = "127.0.0.1:9"


def _pocket_zip(tmp: Path) -> bytes:
    return make_exports(tmp / "src", HOST)["pocket"].read_bytes()


def unknown_text(tmp: Path) -> bytes:
    return b"Dear diary,\ntoday I read nothing at all.\n"


def binary(tmp: Path) -> bytes:
    return bytes(range(256)) * 10


def empty(tmp: Path) -> bytes:
    return b"  \n"


def truncated_zip(tmp: Path) -> bytes:
    data = _pocket_zip(tmp)
    return data[: len(data) // 2]


def corrupt_zip(tmp: Path) -> bytes:
    data = bytearray(_pocket_zip(tmp))
    start = data.index(b"part_000000.csv") + len("part_000000.csv")
    for i in range(start + 5, start + 60):  # the compressed bytes of the first member
        data[i] ^= 0x5A
    return bytes(data)


def escaping_zip(tmp: Path) -> bytes:
    path = tmp / "evil.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("part_000000.csv", "title,url,time_added,tags,status\n")
        z.writestr("../../.bashrc", "echo owned\n")
    return path.read_bytes()


def absolute_zip(tmp: Path) -> bytes:
    path = tmp / "abs.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("/etc/part_000000.csv", "title,url,time_added,tags,status\n")
    return path.read_bytes()


def bomb_zip(tmp: Path) -> bytes:
    path = tmp / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("part_000000.csv", "title,url,time_added,tags,status\n")
        z.writestr("annotations/part_000000.json", b"[" + b" " * (30 * 1024 * 1024) + b"]")
    return path.read_bytes()


def lying_zip(tmp: Path) -> bytes:
    """A member that declares 40 bytes and unpacks to 400,000."""
    path = tmp / "liar.zip"
    body = b"title,url,time_added,tags,status\n" + b"x" * 400_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("part_000000.csv", body)
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 40)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 40)
    return bytes(data)


def wrong_json(tmp: Path) -> bytes:
    return b'{"items": {"a": 1}}'


def truncated_json(tmp: Path) -> bytes:
    return b'[{"url": "http://127.0.0.1:9/a", "is_archived": 0, "content": "<p>x'


def unknown_zip(tmp: Path) -> bytes:
    path = tmp / "photos.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("holiday/beach.txt", "sand")
    return path.read_bytes()


CASES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "unknown text": (unknown_text, "no format Reader knows"),
    "binary": (binary, "binary file"),
    "empty": (empty, "is empty"),
    "truncated zip": (truncated_zip, "not a readable zip"),
    "corrupt zip": (corrupt_zip, "is damaged"),
    "member escaping with ../": (escaping_zip, "points outside the zip"),
    "absolute member": (absolute_zip, "points outside the zip"),
    "zip bomb": (bomb_zip, "a zip bomb?"),
    "member larger than declared": (lying_zip, "damaged"),
    "JSON of the wrong shape": (wrong_json, "JSON of a shape Reader does not know"),
    "truncated JSON": (truncated_json, "not valid JSON"),
    "zip of something else": (unknown_zip, "zip of no export"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_one_clear_error_and_imports_nothing(
    case: str, library: Library, tmp_path: Path
) -> None:
    make, expected = CASES[case]
    path = tmp_path / f"export-{case.replace(' ', '-').replace('/', '')}"
    path.write_bytes(make(tmp_path))
    seen: list[ItemOutcome] = []

    summary = import_files(library, [path], on_item=seen.append)

    (outcome,) = seen
    assert outcome.status == "failed" and outcome.error == "bad_file" and outcome.url is None
    assert expected in outcome.message and "\n" not in outcome.message
    assert outcome.input == str(path)
    assert (summary.imported, summary.failed) == (0, 1)
    assert library.count() == 0


def test_a_two_gigabyte_file_is_refused_unread(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"title,url,time_added,tags,status\n")
    os.truncate(path, 2 * 1024**3)  # sparse: takes no disk space
    with pytest.raises(ImportFileError, match=r"2\.1 GB, larger than the import limit"):
        read_export(path)


def test_limits_are_configurable_and_declared_sizes_are_checked_first(tmp_path: Path) -> None:
    path = make_exports(tmp_path, HOST)["omnivore"]
    with pytest.raises(ImportFileError, match="unpacks to"):
        read_export(path, limits=ImportLimits(max_unpacked_bytes=100))
    with pytest.raises(ImportFileError, match="would unpack to"):
        read_export(path, limits=ImportLimits(max_member_bytes=100))
    assert read_export(path).format == "omnivore"


def test_format_overrides_detection_and_a_wrong_one_says_so(tmp_path: Path) -> None:
    files = make_exports(tmp_path, HOST)
    assert read_export(files["urls"], "urls").format == "urls"
    with pytest.raises(ImportFileError, match="no url column"):
        read_export(files["urls"], "pocket")
    with pytest.raises(ImportFileError, match="not a Wallabag export"):
        read_export(files["karakeep"], "wallabag")
    with pytest.raises(ImportFileError, match="not a Karakeep export"):
        read_export(files["wallabag"], "karakeep")
    with pytest.raises(UsageError, match="no format 'evernote'"):
        read_export(files["urls"], "evernote")


def test_a_missing_file_and_a_good_one_in_one_run(library: Library, tmp_path: Path) -> None:
    files = make_exports(tmp_path, HOST)
    seen: list[ItemOutcome] = []
    summary = import_files(
        library, [tmp_path / "nope.csv", files["readeck"]], fetch=False, on_item=seen.append
    )
    assert seen[0].error == "bad_file" and "cannot read nope.csv" in seen[0].message
    assert (summary.imported, summary.failed) == (2, 1) and library.count() == 2


def test_every_fixture_is_detected_from_its_content(tmp_path: Path) -> None:
    from reader.importers import detect_file

    files = make_exports(tmp_path, HOST)
    detected = {kind: detect_file(path) for kind, path in files.items()}
    assert detected == {
        "pocket": "pocket",
        "pocket-csv": "pocket",
        "pocket-html": "pocket-html",
        "instapaper-old": "instapaper",
        "instapaper-new": "instapaper",
        "omnivore": "omnivore",
        "wallabag": "wallabag",
        "readeck": "readeck",
        "karakeep": "karakeep",
        "linkwarden": "linkwarden",
        "bookmarks": "bookmarks",
        "urls": "urls",
    }
    renamed = tmp_path / "export.txt"  # the name says nothing; the content does
    renamed.write_bytes(files["wallabag"].read_bytes())
    assert detect_file(renamed) == "wallabag"
