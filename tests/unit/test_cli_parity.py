"""Everything the app does, the command line does too: marks, tag renames and deletes,
list filters and every sort order, on a real library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from localsite import LocalSite

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def page(title: str, site: str, words: int) -> str:
    text = " ".join(f"word{i}" for i in range(words))
    return (
        f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}">'
        f"</head><body><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article>"
        "</body></html>"
    )


@pytest.fixture
def three(capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite) -> list[int]:
    ids = []
    for path, title, name, words in (
        ("/a", "Alpha story", "Zeta News", 120),
        ("/b", "Beta story", "Alpha Post", 400),
        ("/c", "Gamma story", "Mid Times", 60),
    ):
        code, out, err = run(capsys, library_dir, "add", site.add(path, page(title, name, words)))
        assert code == 0, err
        ids.append(int(out.split("\t")[0]))
    return ids


def listed(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> list[str]:
    code, out, err = run(capsys, library_dir, "list", "--json", *args)
    assert code == 0, err
    return [row["title"] for row in json.loads(out)]


def test_every_sort_order(
    capsys: pytest.CaptureFixture[str], library_dir: Path, three: list[int]
) -> None:
    assert listed(capsys, library_dir) == ["Gamma story", "Beta story", "Alpha story"]
    assert listed(capsys, library_dir, "--sort", "oldest") == [
        "Alpha story", "Beta story", "Gamma story",
    ]  # fmt: skip
    assert listed(capsys, library_dir, "--sort", "longest")[0] == "Beta story"
    assert listed(capsys, library_dir, "--sort", "shortest")[0] == "Gamma story"
    assert listed(capsys, library_dir, "--sort", "site") == [
        "Beta story", "Gamma story", "Alpha story",
    ]  # fmt: skip
    assert listed(capsys, library_dir, "--sort", "oldest", "--limit", "1") == ["Alpha story"]


def test_mark_and_filter(
    capsys: pytest.CaptureFixture[str], library_dir: Path, three: list[int]
) -> None:
    a, b, c = three
    code, out, _ = run(capsys, library_dir, "mark", str(a), str(b), "--read", "--favourite")
    assert code == 0 and len(out.splitlines()) == 2
    run(capsys, library_dir, "mark", str(c), "--archive")
    assert listed(capsys, library_dir, "--unread") == ["Gamma story"]
    assert listed(capsys, library_dir, "--read") == ["Beta story", "Alpha story"]
    assert listed(capsys, library_dir, "--favourite") == ["Beta story", "Alpha story"]
    assert listed(capsys, library_dir, "--archived") == ["Gamma story"]
    run(capsys, library_dir, "mark", str(b), "--unfavourite", "--unread")
    assert listed(capsys, library_dir, "--favourite") == ["Alpha story"]
    run(capsys, library_dir, "mark", str(c), "--unarchive")
    assert listed(capsys, library_dir, "--archived") == []

    code, _, err = run(capsys, library_dir, "mark", str(a))
    assert code == 2 and err.startswith("error: usage: say what to mark")
    code, _, err = run(capsys, library_dir, "mark", "999", "--read")
    assert code == 1 and err == "error: not_found: no article 999\n"


def test_tags_rename_merge_and_delete(
    capsys: pytest.CaptureFixture[str], library_dir: Path, three: list[int]
) -> None:
    a, b, _ = three
    run(capsys, library_dir, "tag", str(a), "--add", "politics")
    run(capsys, library_dir, "tag", str(b), "--add", "world")
    assert run(capsys, library_dir, "tags", "--rename", "politics", "Politik")[0] == 0
    code, out, _ = run(capsys, library_dir, "tags", "--json")
    assert {t["name"] for t in json.loads(out)} == {"Politik", "world"}
    run(capsys, library_dir, "tags", "--rename", "world", "Politik")  # merged
    code, out, _ = run(capsys, library_dir, "tags", "--json")
    assert json.loads(out) == [{"name": "Politik", "count": 2}]
    assert run(capsys, library_dir, "tags", "--delete", "Politik")[0] == 0
    code, out, _ = run(capsys, library_dir, "tags", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, library_dir, "tags", "--delete", "nothing")
    assert code == 1 and "not_found" in err
