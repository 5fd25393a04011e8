"""Crash safety: SIGKILL a saving process at many points, then prove nothing is lost.

Each run starts ``python -m reader --library DIR add URL URL`` against the local site
and kills it (SIGKILL, no clean-up of any kind) at a chosen moment:

* in fetch: the server holds the pages back, the process is killed while it waits;
* while fetching images: the pages arrive, the server holds the images back;
* anywhere after: everything is served at once and the kill lands after a delay
  spread evenly over the time the rest of a save takes, counted from the pages'
  arrival (extraction, photos, the commit) or from the last photo sent (decoding,
  re-encoding, the commit); the windows start from unkilled calibration runs and
  shrink whenever a save finishes before its kill.

No hook in the product is needed.  After every kill the library file is checked with
sqlite3 directly (not through Reader): ``PRAGMA integrity_check``, every URL given is
there (saved, pending or failed), and every saved article is whole (its images are
exactly those its HTML refers to).  At the end ``reader retry`` (the next start)
finishes every article.  Two runs go at once, on one library, as a person's app and
command line would.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from hostile_checks import story
from localsite import LocalSite, photo

from reader.storage import DB_FILENAME

ROOT = Path(__file__).resolve().parents[2]
IMAGES_PER_PAGE = 3
RUNS = {"fetch": 10, "images": 12}  # held back by the server: always killed there
TARGET_KILLS = 56
MAX_SPREAD_RUNS = 90
_REF = re.compile(r"reader://image/([0-9a-f]+)")


@dataclass
class Run:
    number: int
    phase: str
    delay: float = 0.0
    paths: list[str] = field(default_factory=list)
    arrived: dict[str, threading.Event] = field(default_factory=dict)
    any_image: threading.Event = field(default_factory=threading.Event)
    all_photos: threading.Event = field(default_factory=threading.Event)
    photos_sent: int = 0
    killed: bool = False


class KillSite:
    """Pages with photos whose delivery each run can hold back until ``release``."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.photos = [photo(1200, 750, seed=s) for s in range(IMAGES_PER_PAGE)]

    def add_run(self, run: Run) -> list[str]:
        urls = []
        for part in ("a", "b"):
            base = f"/k/{run.number}{part}"
            images = [f"{base}/photo{j}.jpg" for j in range(IMAGES_PER_PAGE)]
            figures = "".join(
                f'<figure><img src="{self.site.url(p)}" alt=""><figcaption>Photo {j}.</figcaption>'
                f"</figure>{story(1, f'Paragraph {j} of run {run.number}')}"
                for j, p in enumerate(images)
            )
            body = (
                f"<html><head><title>Run {run.number}{part}</title></head><body><article>"
                f"<h1>Run {run.number}{part}</h1>{story(3)}{figures}</article></body></html>"
            ).encode()
            page = f"{base}/story"
            run.paths.append(page)
            run.arrived[page] = threading.Event()
            self.site.handle(page, self._serve(run, page, body, "text/html", run.phase == "fetch"))
            for j, p in enumerate(images):
                held = run.phase == "images"
                self.site.handle(p, self._serve(run, p, self.photos[j], "image/jpeg", held))
            urls.append(self.site.url(page))
        return urls

    def _serve(self, run: Run, path: str, body: bytes, content_type: str, held: bool):  # type: ignore[no-untyped-def]
        arrived = run.arrived.get(path, run.any_image)

        def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
            arrived.set()
            if held:
                self.release.wait(60)
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            if content_type == "image/jpeg":
                with self.lock:
                    run.photos_sent += 1
                    if run.photos_sent == 2 * IMAGES_PER_PAGE:
                        run.all_photos.set()

        return handler


def _reader(library: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(library), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _run_and_kill(kill_site: KillSite, library: Path, run: Run) -> list[str]:
    urls = kill_site.add_run(run)
    proc = _reader(library, "add", *urls)
    try:
        # In fetch: both pages asked for (and held).  While fetching images: photos
        # asked for (and held; the process's four image workers take the first page's
        # photos first).  Late: every photo sent.  Spread: both pages served.
        for path in run.paths:
            assert run.arrived[path].wait(30), f"run {run.number}: {path} never requested"
        if run.phase == "images":
            assert run.any_image.wait(30), f"run {run.number}: no photo requested"
        if run.phase == "late":
            assert run.all_photos.wait(30), f"run {run.number}: photos not all sent"
        try:
            proc.wait(timeout=run.delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            run.killed = True
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    return urls


def _check_library(library: Path, given: list[str]) -> dict[str, str]:
    """Consistency, checked with sqlite3 itself; returns {given URL: status}."""
    con = sqlite3.connect(
        f"file:{library / DB_FILENAME}?mode=ro", uri=True, timeout=30, isolation_level=None
    )
    try:
        # One read transaction, so every query sees the same snapshot: another run may
        # commit a save between two statements otherwise.
        con.execute("BEGIN")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute("SELECT id, given_url, status FROM articles").fetchall()
        status = {url: st for _id, url, st in rows}
        missing = [u for u in given if u not in status]
        assert not missing, f"URLs lost: {missing}"
        bodies = dict(con.execute("SELECT article_id, html FROM article_bodies").fetchall())
        images: dict[int, set[str]] = {}
        for article_id, key in con.execute("SELECT article_id, key FROM images"):
            images.setdefault(article_id, set()).add(key)
        for article_id, url, st in rows:
            if st == "saved":
                assert article_id in bodies, f"{url} saved without a body"
                refs = set(_REF.findall(bodies[article_id]))
                (notes,) = con.execute(
                    "SELECT notes FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                # Every photo is stored, or dropped with a note saying why (on a loaded
                # machine one may miss the save's deadline); none is simply missing.
                dropped = [n for n in json.loads(notes) if n.startswith("image dropped")]
                assert len(refs) + len(dropped) == IMAGES_PER_PAGE, f"{url}: {refs} {notes}"
                assert refs == images.get(article_id, set()), f"{url} is half-saved"
            else:
                assert st in ("pending", "failed")
                assert article_id not in images, f"{url} has images but is {st}"
        return status
    finally:
        con.close()


def test_sigkill_at_many_points_loses_nothing(site: LocalSite, tmp_path: Path) -> None:
    library = tmp_path / "library"
    kill_site = KillSite(site)

    # Calibration: unkilled runs tell how long a save takes once its pages arrive.
    given: list[str] = []
    window = 60.0
    for number in (-2, -1):
        calibration = Run(number, "spread", delay=60)
        started = time.monotonic()
        given += _run_and_kill(kill_site, library, calibration)
        assert not calibration.killed
        window = min(window, 1.2 * (time.monotonic() - started))
    assert set(_check_library(library, given).values()) == {"saved"}

    lock = threading.Lock()

    def one(run: Run) -> Run:
        urls = _run_and_kill(kill_site, library, run)
        with lock:
            given.extend(urls)
            _check_library(library, list(given))
        return run

    runs = [
        Run(i + 1, phase, 0.15 * i / (count - 1))
        for phase, count in RUNS.items()
        for i in range(count)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, runs))
        # Then kills spread over the rest of a save, two at a time, until there are
        # enough: one counted from the pages' arrival (fetching photos, extraction,
        # decoding, commit), one from the last photo sent (decoding and the commit).
        # Delays follow the golden-ratio sequence over each window, so any number of
        # runs covers it evenly; a run that finished before its kill shows saves are
        # shorter than that delay, and its window shrinks to it.
        windows = {"spread": window, "late": window}
        k = 0
        while sum(r.killed for r in runs) < TARGET_KILLS and k < MAX_SPREAD_RUNS:
            fraction = k * 0.6180339887 % 1
            batch = [
                Run(len(runs) + 1, "spread", windows["spread"] * fraction),
                Run(len(runs) + 2, "late", windows["late"] * fraction),
            ]
            k += 1
            for run in pool.map(one, batch):
                runs.append(run)
                if not run.killed:
                    windows[run.phase] = min(windows[run.phase], run.delay)

    kills = [r for r in runs if r.killed]
    phases = ("fetch", "images", "spread", "late")
    by_phase = {p: sum(r.killed for r in runs if r.phase == p) for p in phases}
    print(f"SIGKILLs: {len(kills)} of {len(runs)} runs {by_phase}; windows {windows}")
    assert len(kills) >= TARGET_KILLS, f"only {len(kills)} runs were killed"
    assert all(r.killed for r in runs if r.phase in ("fetch", "images"))
    status = _check_library(library, given)
    unfinished = [u for u, st in status.items() if st != "saved"]
    assert unfinished  # the kills did interrupt saves
    # Killed with every photo sent and the article not stored: the process was
    # decoding photos or committing.
    late = sum(
        r.killed and r.phase == "late" and any(status[site.url(p)] != "saved" for p in r.paths)
        for r in runs
    )
    print(f"killed after every photo was sent, before the save was stored: {late}")

    # The next start recovers: retry finishes everything that was pending.
    kill_site.release.set()
    started = time.monotonic()
    retry = _reader(library, "retry")
    _out, err = retry.communicate(timeout=120)
    print(f"retry of {len(unfinished)} articles: {time.monotonic() - started:.1f} s")
    assert retry.returncode == 0, err.decode()
    assert b"locked" not in err and b"Traceback" not in err
    status = _check_library(library, given)
    assert set(status.values()) == {"saved"}, {u: s for u, s in status.items() if s != "saved"}
