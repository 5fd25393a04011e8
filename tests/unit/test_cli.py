"""The command line, end to end against a local server and a real library folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from localsite import DATA, NEWS_PATH, LocalSite

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_show_search_tag_delete(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    url = site.add_news_story()
    code, out, err = run(capsys, library_dir, "add", url, "--tag", "world")
    assert code == 0, err
    assert out == "1\tKilling of Hamas leader points to break with U.S.\n"

    code, out, _ = run(capsys, library_dir, "list", "--json")
    (row,) = json.loads(out)
    assert row["id"] == 1 and row["status"] == "saved" and row["tags"] == ["world"]
    assert row["site_name"] == "The Columbian" and row["published"].startswith("2024-07-31")
    assert set(row) >= {
        "title",
        "url",
        "given_url",
        "excerpt",
        "byline",
        "saved_at",
        "word_count",
        "reading_minutes",
        "is_read",
        "archived",
        "favourite",
    }

    code, out, _ = run(capsys, library_dir, "show", "1", "--html")
    assert code == 0 and "<p>" in out
    assert "<script" not in out and " onerror" not in out and 'src="http' not in out

    code, out, _ = run(capsys, library_dir, "show", "1", "--text")
    assert "Following the visit, Biden administration officials dodged questions" in out

    code, out, _ = run(capsys, library_dir, "show", "1", "--json")
    shown = json.loads(out)
    assert {k: shown[k] for k in row} == row  # the list's keys, with the same values
    assert shown["image_count"] == 2 and shown["read_position"] == 0.0
    assert shown["lang"] == "en-US" and "<figure>" in shown["html"] and shown["notes"] == []

    code, out, _ = run(capsys, library_dir, "search", "dodged", "--json")
    (hit,) = json.loads(out)
    assert hit["id"] == 1 and "[dodged]" in hit["snippet"]

    code, out, _ = run(capsys, library_dir, "tag", "1", "--add", "Middle East", "--remove", "world")
    assert code == 0 and out.strip() == "1\tMiddle East"
    code, out, _ = run(capsys, library_dir, "tags")
    assert out == "1\tMiddle East\n"

    code, out, _ = run(capsys, library_dir, "delete", "1")
    assert code == 0 and out.strip() == "deleted 1 article"
    code, out, _ = run(capsys, library_dir, "list")
    assert out == ""


def test_errors_are_one_line_and_the_url_is_kept(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    good = site.add_news_story()
    gone = site.add("/gone", "<h1>Gone</h1>", status=410)
    code, out, err = run(capsys, library_dir, "add", good, gone, "ftp://example.com/x")
    assert code == 1
    # Saves run in parallel, so ids follow the order they were recorded in, not the input.
    assert re.fullmatch(r"\d+\tKilling of Hamas leader points to break with U.S.\n", out)
    lines = err.strip().splitlines()
    assert lines == [
        f"error: http_error: {gone}: the server answered HTTP 410 Gone",
        "error: unsafe_scheme: ftp://example.com/x: only http and https URLs can be saved, not ftp:",
    ]
    code, out, _ = run(capsys, library_dir, "list", "--status", "failed", "--json")
    # Only a real http(s) address that failed is kept to retry; ftp: is refused outright.
    assert [r["given_url"] for r in json.loads(out)] == [gone]


def test_retry_saves_what_failed(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    site.add(NEWS_PATH, "busy", status=503)
    code, _, err = run(capsys, library_dir, "add", site.url(NEWS_PATH))
    assert code == 1 and "HTTP 503" in err
    site.add_news_story()
    code, out, err = run(capsys, library_dir, "retry")
    assert code == 0, err
    assert out.startswith("1\tKilling of Hamas leader")
    code, out, _ = run(capsys, library_dir, "retry")
    assert out == "nothing to retry\n"


def test_unknown_article_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    code, out, err = run(capsys, library_dir, "show", "42")
    assert code == 1 and out == "" and err == "error: not_found: no article 42\n"


def test_extract_prints_one_json_object_per_input(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    url = site.add_news_story()
    file = tmp_path / "page.html"
    file.write_text((DATA / "pages" / "news-article.html").read_text("utf-8"), "utf-8")
    code, out, _ = run(capsys, library_dir, "extract", url, "--json")
    assert code == 0
    (line,) = out.splitlines()
    data = json.loads(line)
    assert set(data) >= {
        "title",
        "byline",
        "published",
        "site_name",
        "lang",
        "lead_image",
        "excerpt",
        "text",
        "html",
    }
    assert data["title"] == "Killing of Hamas leader points to break with U.S."
    code, out, _ = run(capsys, library_dir, "extract", str(file), "--url", url, "--json")
    assert json.loads(out)["title"] == data["title"]
    code, out, _ = run(capsys, library_dir, "list")
    assert out == ""  # extraction saved nothing


def _env(library_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["READER_LIBRARY"] = str(library_dir)
    return env


def test_python_dash_m_and_the_library_environment_variable(
    library_dir: Path, site: LocalSite
) -> None:
    url = site.add_news_story()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "add", url],
        env=_env(library_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1\t")
    assert (library_dir / "library.sqlite3").is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "reader", "add", "not a url at all"],
        env=_env(library_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: invalid_url: ") and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
