"""GUI-thread stalls while opening and resizing a 1 MB article (issue 10's target: none
over 50 ms), measured as the event loop's latency: a 1 ms timer records how late each of
its ticks comes.  The baseline is the same probe over an idle window in the same run.

``python bench/gui_stall.py [--resizes N] [--paragraphs N] [--position F]`` prints, for
idle, opening and resizing (with the reader at ``F`` of the article), the longest gap
between ticks, the 99th percentile and the ratio to idle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bulk_store import ImportItem, import_articles
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.library import Library
from reader.models import NewArticle
from reader.ui.app import build_window, close_window, settle_memory


class Probe:
    """Ticks every millisecond; ``gaps`` are the times between ticks, in ms."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self.gaps = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        self._tick()
        return self.gaps


def long_article(paragraphs: int) -> NewArticle:
    sentence = (
        "Words of a long article, with <a href='https://x.example/'>links</a> "
        "and <em>emphasis</em>, as a news site writes them. "
    )
    html = "".join(f"<p>{sentence * 10}</p>" for _ in range(paragraphs))
    text = "\n\n".join(
        "Words of a long article, with links and emphasis, as a news site writes them. " * 10
        for _ in range(paragraphs)
    )
    return NewArticle(
        url="https://example.org/long",
        canonical_url=None,
        url_key="example.org/long",
        title="A one-megabyte article",
        excerpt=None,
        byline=None,
        site_name="Example",
        published=None,
        lang="en",
        lead_image=None,
        html=html,
        text=text,
        word_count=len(text.split()),
        reading_minutes=len(text.split()) // 230,
    )


def spin(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def figures(gaps: list[float]) -> tuple[float, float]:
    ordered = sorted(gaps)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if len(ordered) > 1 else ordered[0]
    return max(gaps), p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=830, help="about 1 MB at 830")
    parser.add_argument("--resizes", type=int, default=20)
    parser.add_argument(
        "--position", type=float, default=0.0, help="where the reader left it (0..1)"
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        library = Library.open(folder)
        new = long_article(args.paragraphs)
        (article_id,) = import_articles(
            library.storage,
            [ImportItem(new.url, new.url_key, "2025-01-01T00:00:00.000000Z", new)],
        )
        library.set_read_position(article_id, args.position)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = build_window(library, settings)
        window.resize(1300, 900)
        window.show()
        settle_memory()  # as the app does once its window shows
        spin(app, 1.0)
        probe = Probe()

        probe.start()
        spin(app, 1.0)
        idle = probe.stop()

        shown: list[int] = []
        window.article_view.articleShown.connect(shown.append)
        probe.start()
        window.open_article(article_id)
        end = time.perf_counter() + 30
        while not shown and time.perf_counter() < end:
            app.processEvents()
        spin(app, 0.5)
        opening = probe.stop()
        if not shown:
            print("the article never showed", file=sys.stderr)
            return 1

        probe.start()
        for i in range(args.resizes):
            window.resize(1000 if i % 2 else 1400, 900)
            spin(app, 0.1)
        resizing = probe.stop()
        close_window(window)
        window.close()
        library.close()

    size_mb = len(new.html.encode()) / 1e6
    print(f"article: {size_mb:.2f} MB of HTML, {new.word_count:,} words")
    _, base_p99 = figures(idle)
    print(f"{'phase':<10} {'longest gap':>12} {'p99 gap':>9} {'vs idle p99':>12} {'ticks':>6}")
    for name, gaps in (("idle", idle), ("opening", opening), ("resizing", resizing)):
        worst, p99 = figures(gaps)
        print(f"{name:<10} {worst:>9.1f} ms {p99:>6.1f} ms {p99 / base_p99:>11.1f}x {len(gaps):>6}")
    worst = max(figures(opening)[0], figures(resizing)[0])
    print(f"target: no stall over 50 ms -> {'met' if worst <= 50 else 'NOT met'} ({worst:.1f} ms)")
    print(f"median idle gap {statistics.median(idle):.2f} ms (baseline: the timer alone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
