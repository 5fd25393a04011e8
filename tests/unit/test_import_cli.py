"""``reader import`` on the command line, and an import killed with SIGKILL then resumed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from import_files import make_exports
from localsite import LocalSite
from test_import_queue import article_page

from reader.cli import main
from reader.storage import DB_FILENAME

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_lines_list_and_show(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    for n in range(1, 4):
        site.add(f"/p/{n}", article_page(n))
    files = make_exports(tmp_path / "x", site.host)

    code, out, err = run(
        capsys, library_dir, "import", str(files["pocket"]), "--json", "-t", "moved"
    )
    assert code == 1, err  # three bad rows and a page that is gone
    lines = [json.loads(line) for line in out.splitlines()]
    items, summary = lines[:-1], lines[-1]
    assert summary == {"summary": {"imported": 3, "existing": 0, "failed": 4}}
    for item in items:
        assert set(item) == {"input", "url", "ok", "id", "status", "error", "message"}
        assert item["input"] == str(files["pocket"])
    ok = [i for i in items if i["ok"]]
    assert sorted(i["status"] for i in ok) == ["imported"] * 3
    assert all(i["error"] is None and isinstance(i["id"], int) for i in ok)
    bad = [i for i in items if not i["ok"]]
    bad_rows = [i for i in bad if i["error"] == "bad_row"]
    assert all(i["id"] is None for i in bad_rows)
    assert sorted(i["message"].split(":")[0] for i in bad_rows) == ["line 5", "line 6", "line 7"]
    (gone,) = [i for i in bad if i["error"] == "http_error"]
    assert gone["url"] == site.url("/gone/1") and isinstance(gone["id"], int)

    code, out, _ = run(capsys, library_dir, "list", "--json")
    rows = {r["given_url"]: r for r in json.loads(out)}
    first = rows[site.url("/p/1")]
    assert first["saved_at"] == "2023-11-14T22:13:20.000000Z" and "moved" in first["tags"]

    code, out, _ = run(capsys, library_dir, "show", str(first["id"]), "--json")
    shown = json.loads(out)
    assert [h["quote"] for h in shown["highlights"]] == [
        "the council met on Tuesday",
        "to meet again next month",
    ]
    assert set(shown["highlights"][0]) == {
        "id",
        "quote",
        "prefix",
        "suffix",
        "start",
        "end",
        "color",
        "note",
        "created_at",
        "anchored",
    }

    # Again: nothing new, every item says so, and the plain output is one summary line.
    code, out, err = run(capsys, library_dir, "import", str(files["pocket"]))
    assert code == 1 and out == "imported 0, already there 3, failed 4\n"
    assert err.count("error: bad_row:") == 3 and "pocket.zip: pocket" in err
    assert "error: http_error: " in err


def test_no_fetch_then_retry_fetches_politely(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    for n in range(1, 3):
        site.add(f"/k/{n}", article_page(n))
    files = make_exports(tmp_path / "x", site.host)
    code, out, _ = run(capsys, library_dir, "import", str(files["readeck"]), "--no-fetch")
    assert code == 0 and out == "imported 2, already there 0, failed 0\n" and site.log == []
    code, out, _ = run(capsys, library_dir, "list", "--status", "pending")
    assert out.count("[pending]") == 2
    code, out, err = run(capsys, library_dir, "retry")
    assert code == 0, err
    assert sorted(out.splitlines()) == ["1\tStory 1", "2\tStory 2"]


def test_import_killed_with_sigkill_loses_nothing_and_resumes(
    library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    """The pages are held back until the process is killed mid-fetch; after the kill
    every item is in the library whole, and a second ``reader import`` finishes it
    without a duplicate."""
    release = threading.Event()
    arrived = threading.Event()

    def held(request: BaseHTTPRequestHandler, s: LocalSite) -> None:
        arrived.set()
        if not release.is_set():
            release.wait(20)
        n = int(request.path.rsplit("/", 1)[1])
        body = article_page(n).encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    for n in range(1, 4):
        site.handle(f"/b/{n}", held)
    files = make_exports(tmp_path / "x", site.host)
    cmd = [sys.executable, "-m", "reader", "--library", str(library_dir), "import"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([*cmd, str(files["bookmarks"]), "--json"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        assert arrived.wait(30), "the import never fetched"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        release.set()
    assert proc.returncode == -signal.SIGKILL

    db = sqlite3.connect(library_dir / DB_FILENAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT given_url, status, title, saved_at FROM articles").fetchall()
        tags = db.execute("SELECT count(*) FROM article_tags").fetchone()[0]
    finally:
        db.close()
    assert sorted(r[0] for r in rows) == [site.url(f"/b/{n}") for n in range(1, 4)]
    assert {r[1] for r in rows} == {"pending"}
    assert sorted(r[2] for r in rows) == ["Deeper", "Nested news", "On the bar"]
    assert tags == 5

    done = subprocess.run([*cmd, str(files["bookmarks"]), "--json"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # Still failed: a bookmark with a bad date, and a bookmarklet (javascript:).
    assert lines[-1] == {"summary": {"imported": 0, "existing": 3, "failed": 2}}
    db = sqlite3.connect(library_dir / DB_FILENAME)
    try:
        statuses = db.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall()
    finally:
        db.close()
    assert statuses == [("saved", 3)]


def test_import_killed_while_recording_keeps_whole_transactions(
    library_dir: Path, tmp_path: Path
) -> None:
    from reader.importers.run import BATCH

    rows = 5 * BATCH
    export = tmp_path / "big.csv"
    lines = ["title,url,time_added,tags,status"]
    lines += [f"Story {n},https://example.com/{n},{1_500_000_000 + n},t{n % 7},unread"
              for n in range(rows)]  # fmt: skip
    export.write_text("\n".join(lines) + "\n")
    cmd = [sys.executable, "-m", "reader", "--library", str(library_dir), "import",
           str(export), "--no-fetch", "--json"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    assert proc.stdout is not None
    try:
        # The first line comes after the first transaction; the pipe is left unread, so
        # the process stops within a few hundred lines, and is killed there.
        assert json.loads(proc.stdout.readline())["status"] == "imported"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.stdout.close()

    db = sqlite3.connect(library_dir / DB_FILENAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        untagged = db.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_tags x WHERE x.article_id = a.id)"
        ).fetchone()[0]
    finally:
        db.close()
    assert 0 < count < rows and count % BATCH == 0 and untagged == 0

    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    summary = json.loads(done.stdout.splitlines()[-1])["summary"]
    assert summary == {"imported": rows - count, "existing": count, "failed": 0}
    db = sqlite3.connect(library_dir / DB_FILENAME)
    try:
        assert db.execute("SELECT count(DISTINCT url_key), count(*) FROM articles").fetchone() == (
            rows,
            rows,
        )
    finally:
        db.close()


def test_progress_is_drawn_on_a_terminal(
    library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    import pty

    for n in range(1, 4):
        site.add(f"/p/{n}", article_page(n))
    files = make_exports(tmp_path / "x", site.host)
    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "reader", "--library", str(library_dir), "import",
           str(files["pocket"])]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1
    text = seen.decode()
    assert "\rfetching [" in text and "4 of 4, 1 failed" in text
    assert "error: bad_row:" in text and out.decode() == "imported 3, already there 0, failed 4\n"
