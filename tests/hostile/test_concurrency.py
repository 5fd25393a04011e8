"""Two programs on one library: the command line saving while the app reads and writes.

No "database is locked" may reach anyone: writers queue (WAL, BEGIN IMMEDIATE, a busy
timeout) and every operation succeeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hostile_checks import assert_whole, story
from localsite import LocalSite, photo

from reader.library import Library
from reader.models import ArticleFilter, Status

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = 30


def _pages(site: LocalSite, prefix: str) -> list[str]:
    site.add(f"/{prefix}/photo.jpg", photo(480, 320, seed=11), "image/jpeg")
    urls = []
    for i in range(PER_PROCESS):
        body = (
            f"<html><head><title>{prefix} story {i}</title></head><body><article>"
            f'<h1>{prefix} story {i}</h1><figure><img src="/{prefix}/photo.jpg?i={i}"></figure>'
            f"{story(3, f'Harbour news number {i} from {prefix}')}</article></body></html>"
        )
        urls.append(site.add(f"/{prefix}/{i}", body))
    return urls


def test_two_processes_saving_while_the_app_reads_and_writes(
    site: LocalSite, tmp_path: Path
) -> None:
    library_dir = tmp_path / "library"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    batches = [_pages(site, "north"), _pages(site, "south")]
    with Library.open(library_dir) as app:  # the app, open first, as a person would have it
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "reader", "--library", str(library_dir), "add", *urls],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for urls in batches
        ]
        reads = writes = 0
        # The app keeps reading the list, searching and marking articles read while
        # both command lines save: every call must succeed.
        while any(p.poll() is None for p in procs) or reads < 20:
            page = app.page(limit=50)
            app.search("harbour")
            app.count(ArticleFilter(status=Status.SAVED))
            reads += 1
            saved = [s.id for s in page.items if s.status is Status.SAVED]
            if saved:
                app.set_read(saved[:3])
                app.set_read_position(saved[0], 0.5)
                app.add_tags(saved[:1], ["seen"])
                writes += 1
        results = [p.communicate(timeout=120) for p in procs]

        for proc, (out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err.decode()
            assert b"locked" not in err and b"busy" not in err, err.decode()
            assert len(out.decode().splitlines()) == PER_PROCESS
        assert writes > 0
        assert app.count(ArticleFilter(status=Status.SAVED)) == 2 * PER_PROCESS
        for summary in app.page(limit=500).items:
            assert_whole(app, app.get(summary.id))
        assert app.storage.integrity_check() == "ok"
