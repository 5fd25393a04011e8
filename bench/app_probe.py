"""Measure the real desktop app offscreen; run by bench/scale.py in a fresh process.

``python bench/app_probe.py start --library DIR --t0 WALLTIME [--scroll 5000] [--open 50]``
runs ``reader.ui.app.main`` itself and reports, as one JSON line: seconds from ``t0``
(the parent's clock just before it started this process) to the main window shown with
its list filled and painted; then resident memory after scrolling the list through
``--scroll`` rows and opening ``--open`` articles in turn, as a person would (selecting
rows in the list).

``python bench/app_probe.py open --library DIR --article ID [--repeat N]`` times opening
one article in the reading pane (``reader.ui.article_view.ArticleView``) until it is shown
and its first screen painted, next to a floor: reading the row (``Library.get``) and
laying out its text, without images, in a plain ``QTextBrowser`` of the same size.

``python bench/app_probe.py watch --library DIR [--repeat N]`` times how long a
``reader add`` run by another process takes to show in the open window (from that
process's exit to the new row in the list), next to a baseline measured in the same
run: the window told directly to look (``refresh_head``), so the difference is the
polling of ``Library.data_version``.

Qt runs with ``QT_QPA_PLATFORM=offscreen``; settings go to a throw-away folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

# Before anything imports Qt: offscreen, and settings that are not the user's.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_CONFIG = tempfile.mkdtemp(prefix="reader-probe-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG
os.environ["XDG_STATE_HOME"] = _CONFIG
os.environ["XDG_CACHE_HOME"] = _CONFIG

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import common  # noqa: E402, F401  (sets sys.path)


def rss_mb() -> tuple[float, float]:
    """(resident, peak resident) memory of this process in MB."""
    now = peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return now, peak


def wait_until(app: Any, done: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Run the event loop until ``done()`` (no sleeping: events, or a 1 ms wait for them)."""
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        if not done():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 1)
    return True


def probe_start(args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.ui import app as app_module
    from reader.ui.main_window import MainWindow

    out: dict[str, Any] = {"imported_s": time.time() - args.t0}

    def window() -> MainWindow | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def probe() -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        try:
            w = window()
            if w is None:
                QTimer.singleShot(1, probe)
                return
            model, view = w.list_model, w.list_view
            out.setdefault("event_loop_s", time.time() - args.t0)
            wait_until(app, lambda: w.isVisible() and model.rowCount() > 0)
            view.viewport().grab()  # the list painted
            out["start_to_filled_s"] = time.time() - args.t0
            out["rss_filled_mb"] = rss_mb()[0]
            # Scroll through the list as a person would: to the bottom, let it page in.
            t0 = time.perf_counter()
            while model.rowCount() < args.scroll and not model.complete:
                before = model.rowCount()
                view.scrollToBottom()
                view.viewport().grab()
                if not wait_until(app, lambda b=before: model.rowCount() > b or model.complete):
                    model.fetchMore(view.rootIndex())
                    wait_until(app, lambda b=before: model.rowCount() > b or model.complete)
            out["scrolled_rows"] = model.rowCount()
            out["scroll_s"] = time.perf_counter() - t0
            # Open articles in turn by selecting rows spread over what was scrolled.
            shown: list[int] = []
            w.article_view.articleShown.connect(shown.append)
            step = max(1, model.rowCount() // max(1, args.open))
            times = []
            for k in range(args.open):
                row = min(model.rowCount() - 1, k * step)
                wanted = model.summary(row).id
                t1 = time.perf_counter()
                view.setCurrentIndex(model.index(row, 0))
                view.scrollTo(model.index(row, 0))
                wait_until(app, lambda wanted=wanted: wanted in shown)
                w.article_view.grab()
                times.append((time.perf_counter() - t1) * 1000)
            out["opened"] = len(times)
            out["open_each_ms_median"] = statistics.median(times) if times else None
            wait_until(app, lambda: not w.runner.busy, 10)
            for _ in range(3):  # let deferred deletes run, as the app's event loop would
                app.processEvents()
            out["rss_after_mb"], out["rss_peak_mb"] = rss_mb()
        except Exception as exc:  # report, then quit: the parent reads one JSON line
            out["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            app.quit()

    QTimer.singleShot(0, probe)
    status = app_module.main(Path(args.library))
    out["exit_status"] = status
    return out


def _strip_images(html: str) -> str:
    html = re.sub(r"<figure\b.*?</figure>", "", html, flags=re.S)
    return re.sub(r"<img\b[^>]*>", "", html)


def probe_open(args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from reader.library import Library
    from reader.ui.article_loading import load_article
    from reader.ui.article_view import ArticleView
    from reader.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    library = Library.open(Path(args.library))
    runner = TaskRunner(release_thread=library.release_thread)
    view = ArticleView(library, runner)
    view.resize(900, 900)
    view.show()
    plain = QTextBrowser()
    plain.resize(900, 900)
    plain.show()
    other = library.page(limit=2).items[-1].id
    shown: list[int] = []
    view.articleShown.connect(shown.append)

    photos: list[float] = []

    def open_in_pane(article_id: int) -> float:
        """Until the text is shown and painted (photos on screen are placeholders then);
        ``photos`` gets the time until those photos are decoded and painted too."""
        shown.clear()
        t0 = time.perf_counter()
        view.open_article(article_id)
        wait_until(app, lambda: article_id in shown)
        view.grab()
        text = (time.perf_counter() - t0) * 1000
        wait_until(app, lambda: not view.photos_pending)
        view.grab()
        photos.append((time.perf_counter() - t0) * 1000)
        return text

    def floor() -> float:
        t0 = time.perf_counter()
        article = library.get(args.article)
        plain.setHtml(_strip_images(article.html))
        plain.document().size()  # lay out the whole text
        plain.grab()
        return (time.perf_counter() - t0) * 1000

    ours, ours_photos, base, reads, loads = [], [], [], [], []
    for i in range(args.repeat + 1):
        open_in_pane(other)  # so that every run really switches article
        photos.clear()
        ms = open_in_pane(args.article)
        with_photos = photos[-1]
        f = floor()
        t0 = time.perf_counter()
        library.get(args.article)
        library.storage.images(args.article)
        read = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        load_article(library, args.article, 680)
        load = (time.perf_counter() - t0) * 1000
        if i:
            ours.append(ms)
            ours_photos.append(with_photos)
            base.append(f)
            reads.append(read)
            loads.append(load)
    article = library.get(args.article)
    runner.shutdown(5000)
    library.close()
    return {
        "open_ms": ours,
        "floor_ms": base,
        "read_ms": reads,  # Library.get + every image record
        "load_article_ms": loads,  # the pane's worker: reading, photo sizes, the document
        "with_photos_ms": ours_photos,  # until the first screen's photos are painted too
        "words": article.word_count,
        "images": article.image_count,
    }


def probe_watch(args: argparse.Namespace) -> dict[str, Any]:
    import subprocess

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.library import Library
    from reader.ui.app import build_window, close_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(args.library)
    library = Library.open(folder)
    window = build_window(
        library, QSettings(str(Path(_CONFIG) / "w.ini"), QSettings.Format.IniFormat)
    )
    window.resize(1280, 820)
    window.show()
    model = window.list_model
    wait_until(app, lambda: model.rowCount() > 0 and not window.runner.busy)
    pages = Path(tempfile.mkdtemp(prefix="reader-watch-"))
    run = pages.name  # every run saves new addresses (an old one is "already saved")
    seen_ms: list[float] = []
    told_ms: list[float] = []
    for i in range(args.repeat):
        for told in (False, True):
            page = pages / f"p{i}{told}.html"
            page.write_text(
                f"<html><head><title>Watch {i} {told}</title></head><body><article>"
                + "<p>A story saved by another process, to see how soon the window shows it."
                " It has enough plain sentences for the extractor to keep.</p>"
                * 5
                + "</article></body></html>",
                "utf-8",
            )
            before = model.rowCount()
            # The window's event loop runs on while the other process saves, as in use.
            proc = subprocess.Popen(
                [sys.executable, "-m", "reader", "--library", str(folder), "add", str(page),
                 "--url", f"https://watch.example/{run}/{i}/{told}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            wait_until(app, lambda p=proc: p.poll() is not None, timeout=60)
            if proc.returncode != 0:
                raise SystemExit("reader add failed")
            if not told and model.rowCount() > before:
                continue  # seen before the process had even exited: not measurable
            t0 = time.perf_counter()
            if told:
                model.refresh_head()
            if not wait_until(app, lambda b=before: model.rowCount() > b, timeout=10):
                raise SystemExit("the new article never showed")
            (told_ms if told else seen_ms).append((time.perf_counter() - t0) * 1000)
    window.close()
    close_window(window)
    library.close()
    seen, told_median = statistics.median(seen_ms), statistics.median(told_ms)
    return {
        "mode": "watch",
        "seen_median_ms": round(seen, 1),
        "seen_max_ms": round(max(seen_ms), 1),
        "told_median_ms": round(told_median, 1),
        "ratio_to_told": round(seen / told_median, 1),
        "seen_ms": seen_ms,
        "told_ms": told_ms,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=("start", "open", "watch"))
    p.add_argument("--library", required=True)
    p.add_argument("--t0", type=float, default=0.0)
    p.add_argument("--scroll", type=int, default=5000)
    p.add_argument("--open", type=int, default=50)
    p.add_argument("--article", type=int, default=0)
    p.add_argument("--repeat", type=int, default=10)
    args = p.parse_args()
    if args.mode == "start":
        if not args.t0:
            args.t0 = time.time()
        result = probe_start(args)
    elif args.mode == "watch":
        result = probe_watch(args)
    else:
        result = probe_open(args)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
