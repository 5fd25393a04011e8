"""One set of checks for every door: add, retry and refresh accept the same inputs.

A local file is read only when the person names its path to ``add``, and only if it is
HTML; input that is not an address records nothing; a real address that fails is kept
as failed, with its id.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from localsite import LocalSite

from reader.cli import main
from reader.errors import NotFoundError, NotHTMLError, UnsafeSchemeError
from reader.library import Library
from reader.models import Status

EMPTY_PAGE = "<html><head><title>Nothing yet</title></head><body></body></html>"
SECRET = "root:x:0:0:root:/root:/bin/bash\n" * 20


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], library_dir: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, library_dir, "list", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_retry_never_reads_a_local_file(
    capsys: pytest.CaptureFixture[str], library_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "draft.html"
    page.write_text(EMPTY_PAGE)
    code, _, err = run(capsys, library_dir, "add", str(page))
    assert code == 1 and "no_content" in err  # kept as failed, to retry
    page.write_text(f"<html><body><article><pre>{SECRET}</pre></article></body></html>")

    code, _, err = run(capsys, library_dir, "retry")
    assert code == 1
    assert "unsafe_scheme" in err and "file" in err
    (row,) = listed(capsys, library_dir)
    assert row["status"] == "failed" and str(row["error"]).startswith("unsafe_scheme")
    code, out, _ = run(capsys, library_dir, "search", "root")
    assert "root" not in out


def test_retry_of_a_stored_file_address_applies_the_checks_of_add(library: Library) -> None:
    # As a library written by the first release could hold it.
    article_id = library.storage.add_pending("file:///etc/passwd", "file:///etc/passwd")
    with pytest.raises(UnsafeSchemeError) as caught:
        library.retry(article_id)
    assert caught.value.article_id == article_id
    article = library.get(article_id)
    assert article.status is Status.FAILED and article.text == ""
    assert library.search("root") == []


def test_refresh_applies_the_checks_of_add(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    code, _, err = run(capsys, library_dir, "add", "--refresh", "file:///etc/passwd")
    assert code == 1 and "unsafe_scheme" in err
    assert listed(capsys, library_dir) == []


@pytest.mark.parametrize("content", ["just some notes\nabout nothing\n", "myhost\n"])
def test_a_local_file_that_is_not_html_is_refused(
    capsys: pytest.CaptureFixture[str], library_dir: Path, tmp_path: Path, content: str
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(content)
    bare = tmp_path / "hostname"
    bare.write_text(content)
    for target in (str(notes), str(bare)):
        code, _, err = run(capsys, library_dir, "add", target)
        assert code == 1
        assert err.startswith("error: not_html: ") and "not an HTML file" in err
    assert listed(capsys, library_dir) == []


def test_a_relative_path_and_a_folder(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("plain words\n")
    with pytest.raises(NotHTMLError):
        library.save("notes.txt")
    with pytest.raises(NotHTMLError, match="folder"):
        library.save(str(tmp_path))
    assert library.count() == 0


@pytest.mark.parametrize("missing", ["/no/such/story.html", "./drafts/story.html", "story.html"])
def test_a_path_to_nothing_is_not_found(
    capsys: pytest.CaptureFixture[str],
    library_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    missing: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, library_dir, "add", missing)
    assert code == 1
    assert err == f"error: not_found: {missing}: no such file: {missing}\n"
    assert listed(capsys, library_dir) == []


@pytest.mark.parametrize("typed", ["not a url", "hello world", "mailto:someone@example.org"])
def test_input_that_is_not_an_address_records_nothing(
    capsys: pytest.CaptureFixture[str], library_dir: Path, typed: str
) -> None:
    code, out, _ = run(capsys, library_dir, "add", "--json", typed)
    assert code == 1
    line = json.loads(out)
    assert line["ok"] is False and line["id"] is None
    assert line["error"] in ("invalid_url", "unsafe_scheme")
    assert listed(capsys, library_dir) == []


def test_a_real_address_that_fails_is_kept_with_its_id(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    code, out, _ = run(capsys, library_dir, "add", "--json", site.url("/gone"))
    assert code == 1
    line = json.loads(out)
    assert line["ok"] is False and line["error"] == "http_error"
    (row,) = listed(capsys, library_dir)
    assert line["id"] == row["id"] and row["status"] == "failed"


def test_a_bare_host_is_still_an_address(library: Library) -> None:
    with pytest.raises(NotFoundError):
        library.save("drafts/story.html")
    # "example.invalid/story.html" names a host: it is fetched (and fails) as https.
    with pytest.raises(Exception) as caught:
        library.save("example.invalid/story.html")
    assert getattr(caught.value, "category", "") in ("network_error", "timeout")
    assert library.get(1).given_url == "https://example.invalid/story.html"


def test_output_to_a_closed_pipe_ends_quietly(
    library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    env = dict(os.environ, READER_LIBRARY=str(library_dir), HOME=str(tmp_path))
    reader = [sys.executable, "-m", "reader"]
    subprocess.run([*reader, "add", site.add_news_story()], env=env, check=True, timeout=60)
    shown = subprocess.run(
        f"{' '.join(reader)} show 1 --json | head -c 300",
        shell=True,
        env=env,
        capture_output=True,
        timeout=60,
        executable="/bin/bash",
    )
    assert len(shown.stdout) == 300
    assert shown.stderr == b""
    status = subprocess.run(
        f"set -o pipefail; {' '.join(reader)} show 1 --json | head -c 10 >/dev/null",
        shell=True,
        env=env,
        timeout=60,
        executable="/bin/bash",
    ).returncode
    assert status in (0, 141)
