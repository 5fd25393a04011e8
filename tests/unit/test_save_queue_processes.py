"""Two real processes draining one library at once (two ``reader retry``; ``reader
import`` beside ``reader retry``) against a real local server that counts requests:
each page is fetched exactly once and every article ends saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from localsite import LocalSite
from test_import_queue import article_page

from reader.library import Library
from reader.models import Status
from reader.urls import url_key

N = 16
HOLD = 30.0  # seconds the first requests wait for the other process (only on failure)


class FirstBatch:
    """Serves ``/s/N`` pages, counting every request; the first requests are held until
    ``together`` are under way at once (each process runs at most two to one host, so
    that many means both processes are fetching), then everything goes freely."""

    def __init__(self, together: int) -> None:
        self.cond = threading.Condition()
        self.together = together
        self.active = 0
        self.peak = 0
        self.released = False
        self.first_request = threading.Event()
        self.requests: Counter[str] = Counter()

    def handler(self, request: BaseHTTPRequestHandler, site: LocalSite) -> None:
        with self.cond:
            self.requests[request.path] += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.first_request.set()
            if self.active >= self.together:
                self.released = True
                self.cond.notify_all()
            self.cond.wait_for(lambda: self.released, timeout=HOLD)
            self.active -= 1
        body = article_page(int(request.path.rsplit("/", 1)[1])).encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


def _serve(site: LocalSite) -> tuple[FirstBatch, list[str]]:
    gate = FirstBatch(together=4)
    for i in range(N):
        site.handle(f"/s/{i}", gate.handler)
    return gate, [site.url(f"/s/{i}") for i in range(N)]


def _reader(library_dir: Path, home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, READER_LIBRARY=str(library_dir), HOME=str(home))
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _retry_output(out: str, err: str) -> tuple[set[int], set[int]]:
    """The ids a ``reader retry`` saved, and those it left to another Reader."""
    saved = {int(line.split("\t")[0]) for line in out.splitlines() if "\t" in line}
    left = set()
    for line in err.splitlines():
        assert line.startswith("note: ") and "left to another Reader" in line, line
        left.add(int(line.split(":")[1]))
    return saved, left


def _all_saved_once(library_dir: Path, gate: FirstBatch) -> list[int]:
    # Both processes were fetching at the same time, and no page was asked for twice.
    assert gate.peak == 4
    assert gate.requests == Counter({f"/s/{i}": 1 for i in range(N)})
    with Library.open(library_dir) as library:
        ids = sorted(s.id for s in library.page(limit=100).items)
        assert len(ids) == N and library.pending() == [] and library.unfinished() == []
        for article_id in ids:
            article = library.get(article_id)
            assert article.status is Status.SAVED, article.error
            assert article.title == f"Story {article.given_url.rsplit('/', 1)[1]}"
        assert library.storage.claim_holder(ids[0]) is None
    return ids


def test_two_retries_at_once_fetch_each_page_once(
    library: Library, library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    gate, urls = _serve(site)
    for u in urls:
        library.storage.add_pending(u, url_key(u))
    library.close()

    first = _reader(library_dir, tmp_path, "retry", "--workers", "2")
    second = _reader(library_dir, tmp_path, "retry", "--workers", "2")
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)

    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    ids = _all_saved_once(library_dir, gate)
    saved1, left1 = _retry_output(out1, err1)
    saved2, left2 = _retry_output(out2, err2)
    assert saved1 and saved2 and not saved1 & saved2
    assert saved1 | saved2 == set(ids)
    # What one left to the other, the other saved; the first batch met claims.
    assert left1 <= saved2 and left2 <= saved1 and left1 | left2


def test_an_import_and_a_retry_at_once_fetch_each_page_once(
    library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    gate, urls = _serve(site)
    export = tmp_path / "links.txt"
    export.write_text("\n".join(urls) + "\n")

    importing = _reader(library_dir, tmp_path, "import", str(export), "--format", "urls", "--json")
    # Every item is recorded before the import's first request; the retry starts then.
    assert gate.first_request.wait(timeout=60)
    retrying = _reader(library_dir, tmp_path, "retry", "--workers", "2")
    out1, err1 = importing.communicate(timeout=120)
    out2, err2 = retrying.communicate(timeout=120)

    assert importing.returncode == 0 and retrying.returncode == 0, err1 + err2
    ids = _all_saved_once(library_dir, gate)
    lines = [json.loads(line) for line in out1.splitlines()]
    items, summary = lines[:-1], lines[-1]
    assert summary == {"summary": {"imported": N, "existing": 0, "failed": 0}}
    assert len(items) == N and all(i["ok"] and i["status"] == "imported" for i in items)
    by_import = {i["id"] for i in items if not i["message"].startswith("recorded;")}
    left_by_import = {i["id"] for i in items if i["message"].startswith("recorded;")}
    assert all("left to another Reader" in i["message"] for i in items if i["id"] in left_by_import)
    saved2, left2 = _retry_output(out2, err2)
    assert by_import and saved2 and not by_import & saved2
    assert by_import | saved2 == set(ids) and left_by_import <= saved2 and left2 <= by_import
