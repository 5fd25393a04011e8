"""reader highlight / highlights / note / show --json, run as a person would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from localsite import LocalSite
from test_highlight_refresh import PARAGRAPHS, _page

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_highlight_commands_from_adding_to_markdown(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    url = site.add("/news/sea-wall", _page(PARAGRAPHS))
    code, out, _ = run(capsys, library_dir, "add", url)
    article_id = out.split("\t")[0]
    code, out, _ = run(
        capsys, library_dir, "highlight", article_id, "--quote", "old sea wall",
        "--note", "the 1923 one", "--color", "green", "--json",
    )  # fmt: skip
    assert code == 0
    first = json.loads(out)
    assert first["quote"] == "old sea wall" and first["anchored"] is True
    code, out, _ = run(capsys, library_dir, "highlight", article_id, "-q", "fishing families")
    second_id = out.split("\t")[0]
    assert code == 0 and out.endswith("[yellow] fishing families\n")

    code, _, err = run(capsys, library_dir, "highlight", article_id, "-q", "a moon base")
    assert code == 2
    assert err == f"error: usage: article {article_id}'s text does not contain 'a moon base'\n"

    code, _, _ = run(capsys, library_dir, "note", article_id, "--set", "bring to the meeting")
    code, out, _ = run(capsys, library_dir, "note", article_id)
    assert out == "bring to the meeting\n"

    code, out, _ = run(capsys, library_dir, "show", article_id, "--json")
    shown = json.loads(out)
    assert shown["note"] == "bring to the meeting"
    h = shown["highlights"][0]
    assert (h["quote"], h["color"], h["note"], h["anchored"]) == (
        "old sea wall", "green", "the 1923 one", True,
    )  # fmt: skip
    assert shown["text"][h["start"] : h["end"]] == "old sea wall"
    assert shown["text"][: h["start"]].endswith(h["prefix"]) and h["prefix"]

    code, out, _ = run(capsys, library_dir, "highlights", "--markdown")
    assert out.startswith(f"## Sea wall to be rebuilt\n\n<{url}>\n\n> old sea wall\n")
    assert "the 1923 one\n" in out and "> fishing families\n" in out
    code, out, _ = run(capsys, library_dir, "highlights", "--json", "--color", "green")
    rows = json.loads(out)
    assert [r["quote"] for r in rows] == ["old sea wall"]
    assert rows[0]["article"]["id"] == int(article_id)

    code, out, _ = run(capsys, library_dir, "highlight", "--delete", second_id)
    assert out == f"deleted highlight {second_id}\n"
    code, out, _ = run(capsys, library_dir, "highlights", article_id)
    assert out.count("\n") == 2 and "note: the 1923 one" in out

    code, _, _ = run(capsys, library_dir, "note", article_id, "--clear")
    code, out, _ = run(capsys, library_dir, "note", article_id)
    assert code == 0 and out == ""
    code, _, err = run(capsys, library_dir, "highlight", "--delete", "999")
    assert code == 1 and err.startswith("error: not_found")
