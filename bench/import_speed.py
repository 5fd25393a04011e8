"""Import speed (issue 12): recording, importing with content offline, fetching politely.

    .venv/bin/python bench/import_speed.py [--only record,omnivore,fetch] [--json]

- record: a 10,000-row Pocket export recorded with ``--no-fetch`` (target < 5 s), next to
  the floor: the same CSV parsed and inserted into a bare SQLite table, same run;
- omnivore: a 1,000-article Omnivore zip with its content, imported with the network off
  (``--no-fetch``: every article saved from the file; target < 60 s), next to extracting
  the same 1,000 pages alone (what any save of them must do), same run;
- fetch: 200 pages from a local server in its own process, drained by the save queue
  (4 workers, at most 2 at once per host) next to ``reader add --workers 4`` (4 at once,
  no host limit), same run, on two hosts and on one.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import common
from common import Figure, make_figure, table
from corpus import StoryWriter, vocabulary

from reader.importers.base import document
from reader.importers.run import import_files
from reader.library import Library
from reader.save_queue import SaveQueue
from reader.urls import url_key

ROWS = 10_000
ARTICLES = 1_000
FETCH_PAGES = 200


def pocket_zip(path: Path) -> None:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["title", "url", "time_added", "tags", "status"])
    for n in range(ROWS):
        tags = "|".join(["reading list", f"Straße {n % 37}", "long reads"][: n % 4])
        w.writerow(
            [f"Story {n}, with a comma", f"https://news{n % 300}.example/a/{n}?utm_source=x",
             1_500_000_000 + n * 600, tags, "archive" if n % 3 == 0 else "unread"]
        )  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("part_000000.csv", out.getvalue())


def bare_insert(path: Path, folder: Path) -> None:
    """The floor: parse the CSV and insert its rows into one plain table."""
    with zipfile.ZipFile(path) as z:
        rows = list(csv.reader(io.StringIO(z.read("part_000000.csv").decode())))[1:]
    db = sqlite3.connect(folder / "bare.sqlite3")
    db.execute("CREATE TABLE t (title, url, key, time_added, tags, status)")
    with db:
        db.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
            [(r[0], r[1], url_key(r[1]), r[2], r[3], r[4]) for r in rows],
        )
    db.close()


def omnivore_zip(path: Path) -> list[str]:
    writer = StoryWriter(vocabulary(), 1212)
    pages: list[str] = []
    meta = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(ARTICLES):
            story = writer.story(400, 1500)
            paras = "".join(f"<p>{p}</p>" for p in story.paragraphs)
            html = (
                f'<div class="page"><h1>{story.title}</h1>{paras}'
                f'<figure><img src="https://cdn{n % 9}.example/p/{n}.jpg"></figure></div>'
            )
            pages.append(document(html, title=story.title, author=story.byline))
            slug = f"story-{n}"
            z.writestr(f"content/{slug}.html", html)
            z.writestr(f"highlights/{slug}.md", f"> {story.paragraphs[0][:60]}\n\nA note.\n")
            meta.append(
                {"id": str(n), "slug": slug, "title": story.title, "author": story.byline,
                 "url": f"https://site{n % 50}.example/{slug}", "state": "Active",
                 "readingProgress": n % 101, "labels": ["omnivore"],
                 "savedAt": "2023-05-01T10:00:00.000Z", "updatedAt": "2023-05-02T10:00:00.000Z"}
            )  # fmt: skip
        z.writestr(f"metadata_0_to_{ARTICLES}.json", json.dumps(meta))
    return pages


def bench_record(tmp: Path, repeat: int) -> list[Figure]:
    export = tmp / "pocket.zip"
    pocket_zip(export)
    ours, base = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        bare_insert(export, Path(tempfile.mkdtemp(dir=tmp)))
        base.append((time.perf_counter() - t0) * 1000)
        with Library.open(tmp / f"rec{i}") as library:
            t0 = time.perf_counter()
            summary = import_files(library, [export], fetch=False)
            ours.append((time.perf_counter() - t0) * 1000)
            assert summary.imported == ROWS and library.count() == ROWS, summary
    best = min(ours)
    return [
        make_figure("import", f"record {ROWS:,}-row Pocket zip (--no-fetch)", ours, base,
                    "CSV + bare executemany", target="< 5000 ms", met=best < 5000,
                    note=f"ratio = floor / ours; {repeat} runs, fresh library each")
    ]  # fmt: skip


def bench_omnivore(tmp: Path, repeat: int) -> list[Figure]:
    from reader.extraction import extract

    export = tmp / "omnivore.zip"
    pages = omnivore_zip(export)
    ours, base = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        for html in pages:
            extract(html, "https://site.example/")
        base.append((time.perf_counter() - t0) * 1000)
        with Library.open(tmp / f"omni{i}") as library:
            t0 = time.perf_counter()
            summary = import_files(library, [export], fetch=False)
            ours.append((time.perf_counter() - t0) * 1000)
            assert summary.imported == ARTICLES and summary.failed == 0, summary
            saved = library.count()
            assert saved == ARTICLES and not library.pending(), saved
    return [
        make_figure("import", f"{ARTICLES:,}-article Omnivore zip, content, network off",
                    ours, base, "extraction alone", target="< 60000 ms",
                    met=min(ours) < 60000, note="ratio = extraction alone / ours")
    ]  # fmt: skip


def bench_fetch(tmp: Path) -> list[Figure]:
    server = subprocess.Popen(
        [sys.executable, str(common.BENCH / "pagesite.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    base_url = server.stdout.readline().strip()
    port = base_url.rsplit(":", 1)[1]
    figures = []
    try:
        for label, hosts in (("2 hosts", ["127.0.0.1", "localhost"]), ("1 host", ["127.0.0.1"])):
            urls = [
                f"http://{hosts[n % len(hosts)]}:{port}/bulk/{n % 500}.html?h={label[0]}"
                for n in range(FETCH_PAGES)
            ]
            with Library.open(tmp / f"base-{label[0]}") as library:
                t0 = time.perf_counter()
                with ThreadPoolExecutor(4) as pool:
                    list(pool.map(lambda u, lib=library: lib.save(u), urls))
                base_s = time.perf_counter() - t0
            with Library.open(tmp / f"queue-{label[0]}") as library:
                for u in urls:
                    library.storage.add_pending(u, url_key(u))
                t0 = time.perf_counter()
                report = SaveQueue(library, workers=4, per_host=2).drain()
                ours_s = time.perf_counter() - t0
                assert len(report.saved) == FETCH_PAGES, report.failed
            figures.append(
                Figure("import", f"fetch {FETCH_PAGES} pages, {label}: save queue (2 per host)",
                       FETCH_PAGES / ours_s, FETCH_PAGES / ours_s, "pages/s",
                       "reader add --workers 4", FETCH_PAGES / base_s, FETCH_PAGES / base_s,
                       note="ratio = queue / add, in pages per second; one run each")
            )  # fmt: skip
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
    return figures


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--only", default="record,omnivore,fetch")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    wanted = set(args.only.split(","))
    figures: list[Figure] = []
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        if "record" in wanted:
            figures += bench_record(Path(tmp), args.repeat)
        if "omnivore" in wanted:
            figures += bench_omnivore(Path(tmp), max(1, args.repeat - 2))
        if "fetch" in wanted:
            figures += bench_fetch(Path(tmp))
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=1))
    else:
        print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
