"""Scale benchmark: search, list, open, start, save and bulk save on a large library.

Usage::

    python bench/make_library.py --articles 100000 --out /tmp/reader-100k
    python bench/scale.py --library /tmp/reader-100k [--json] [--repeat 30] [--only search,list]

Every figure is a median and a p95 over ``--repeat`` runs, printed next to a naive
baseline measured in the same run, with the ratio (baseline / ours for times, so higher is
better; ours / floor for the save, so lower is better).  Sections: ``search``, ``list``,
``open``, ``start`` (the app in a subprocess, offscreen), ``save`` and ``bulk`` (both
against a local HTTP server in a subprocess, into throw-away libraries).  The library
given is only read, except that opening it applies pending schema migrations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common  # noqa: F401  (sets sys.path)
from common import REPO, Figure, make_figure, percentile, table, timed

from reader.library import Library
from reader.models import ArticleFilter, SortKey
from reader.storage import Storage

SECTIONS = ("search", "list", "open", "start", "save", "bulk")
SUMMARY_COLUMNS = (
    "a.id, a.given_url, a.url, a.title, a.site_name, a.byline, a.excerpt, a.published, "
    "a.saved_at, a.reading_minutes, a.word_count, a.status, a.error, a.is_read, a.archived, "
    "a.favourite, a.has_thumbnail, a.sort_published"
)


def raw(folder: Path) -> sqlite3.Connection:
    """A plain read connection with the same pragmas as Reader, for the baselines."""
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA mmap_size = 268435456")
    return conn


# --- search ----------------------------------------------------------------------


def _df(conn: sqlite3.Connection, match: str) -> int:
    sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"
    return int(conn.execute(sql, [match]).fetchone()[0])


def choose_queries(conn: sqlite3.Connection, total: int) -> dict[str, dict[str, Any]]:
    """The six kinds of search, with words picked from the library's own vocabulary."""
    from corpus import vocabulary

    words = vocabulary().words
    # A common word: in more than a third of the articles (the one nearest to half).
    candidates = [w for w in words[60:260:8] if len(w) > 3]
    dfs = {w: _df(conn, f'"{w}"') for w in candidates}
    common_word = min((w for w in dfs if dfs[w] > total / 3), key=lambda w: abs(dfs[w] - total / 2))
    rare = next(w for w in words[50_000:] if 0 < _df(conn, f'"{w}"') < 200)
    medium = min(words[300:400], key=lambda w: abs(_df(conn, f'"{w}"') - total * 0.1))
    tag = conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    small_tag = conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY count(*) LIMIT 1"
    ).fetchone()[0]
    prefix = max(("con", "pro", "tra", "pre", "str"), key=lambda p: _df(conn, f'"{p}"*'))
    queries = {
        "rare word": {"q": rare, "like": [rare]},
        "common word": {"q": common_word, "like": [common_word]},
        "two words": {"q": f"{common_word} {medium}", "like": [common_word, medium]},
        "phrase": {"q": '"prime minister"', "like": ["prime minister"]},
        "3-letter prefix": {"q": f"{prefix}*", "like": [f"{prefix}"], "prefix": True},
        "word + tag": {"q": f"{common_word} tag:{tag}", "like": [common_word], "tag": tag},
        # Beyond the list: a narrow filter, where matches must be skipped.
        "word + small tag": {
            "q": f"{common_word} tag:{small_tag}",
            "like": [common_word],
            "tag": small_tag,
        },
    }
    for spec in queries.values():
        from reader.search_query import parse_search
        from reader.storage import build_match

        words_only, _ = parse_search(spec["q"])
        spec["matches"] = _df(conn, build_match(words_only) or "")
    return queries


def _like_sql(spec: dict[str, Any], ranked: bool) -> tuple[str, list[Any]]:
    conds, params = [], []
    for w in spec["like"]:
        pattern = f"% {w}%" if spec.get("prefix") else f"%{w}%"
        conds.append("(a.title LIKE ? OR b.text LIKE ?)")
        params += [pattern, pattern]
    if spec.get("tag"):
        conds.append(
            "a.id IN (SELECT x.article_id FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE t.name = ?)"
        )
        params.append(spec["tag"])
    first = spec["like"][0]
    snippet = "substr(b.text, max(1, instr(lower(b.text), ?) - 60), 160)"
    # A naive ranking: how often the first word occurs (title counted ten times).
    score = (
        "((length(b.text) - length(replace(lower(b.text), ?, ''))) "
        "+ 10 * (length(a.title) - length(replace(lower(a.title), ?, '')))) AS score"
    )
    order = "score DESC" if ranked else "a.saved_at DESC"
    # '+' keeps SQLite walking the saved_at index (newest first, stopping at 50 hits)
    # rather than seeking the flags index and sorting every match.
    sql = (
        f"SELECT {SUMMARY_COLUMNS}, {snippet}, {score} FROM articles a "
        f"JOIN article_bodies b ON b.article_id = a.id "
        f"WHERE +a.deleted_at IS NULL AND {' AND '.join(conds)} ORDER BY {order} LIMIT 50"
    )
    return sql, [first.lower(), first.lower(), first.lower(), *params]


def bench_search(folder: Path, repeat: int, base_repeat: int) -> list[Figure]:
    figures = []
    library = Library.open(folder)
    conn = raw(folder)
    total = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    queries = choose_queries(conn, total)
    for kind, spec in queries.items():
        hits = library.search(spec["q"])
        ours = timed(lambda spec=spec: library.search(spec["q"]), repeat)  # type: ignore[misc]
        like_sql, like_params = _like_sql(spec, ranked=False)
        ranked_sql, ranked_params = _like_sql(spec, ranked=True)
        first50 = timed(
            lambda sql=like_sql, ps=like_params: conn.execute(sql, ps).fetchall(),  # type: ignore[misc]
            base_repeat,
            0,
        )
        ranked = timed(
            lambda sql=ranked_sql, ps=ranked_params: conn.execute(sql, ps).fetchall(),  # type: ignore[misc]
            base_repeat,
            0,
        )
        med, p95 = statistics.median(ours), percentile(ours, 95)
        fig = make_figure(
            "search",
            f"{kind}: `{spec['q']}`",
            ours,
            ranked,
            "LIKE scan, ranked by occurrences",
            target="p95 < 50, median < 15, >= 50x",
            extra={
                "matches": spec["matches"],
                "results": len(hits),
                "like_first50_median": statistics.median(first50),
                "like_first50_p95": percentile(first50, 95),
            },
        )
        fig.met = med < 15 and p95 < 50 and (fig.ratio or 0) >= 50
        fig.note = (
            f"{spec['matches']:,} matching articles; unranked LIKE (newest first, stops at "
            f"50 hits) {statistics.median(first50):.1f} ms median"
        )
        figures.append(fig)
    library.close()
    return figures


# --- list --------------------------------------------------------------------------


def bench_list(folder: Path, repeat: int) -> list[Figure]:
    figures: list[Figure] = []
    storage = Storage(folder)
    conn = raw(folder)
    tag = conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    rare_tag = conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY count(*) LIMIT 1"
    ).fetchone()[0]
    filters: list[tuple[str, ArticleFilter, SortKey]] = [
        ("all, by saved", ArticleFilter(), SortKey.SAVED),
        ("all, by published", ArticleFilter(), SortKey.PUBLISHED),
        ("unread", ArticleFilter(unread=True), SortKey.SAVED),
        ("inbox (unread, not archived)", ArticleFilter(unread=True, archived=False), SortKey.SAVED),
        ("archived", ArticleFilter(archived=True), SortKey.SAVED),
        ("favourites", ArticleFilter(favourite=True), SortKey.SAVED),
        (f"tag {tag}", ArticleFilter(tag=tag), SortKey.SAVED),
        (f"tag {rare_tag}", ArticleFilter(tag=rare_tag), SortKey.PUBLISHED),
        ("failed", ArticleFilter(status=__import__("reader.models").models.Status.FAILED),
         SortKey.SAVED),
    ]  # fmt: skip
    from reader.storage.base import SUMMARY_SQL as _SUMMARY_SQL

    for name, flt, sort in filters:
        column = "saved_at" if sort is SortKey.SAVED else "sort_published"
        found = storage._filter(flt)
        assert found is not None
        where = " AND ".join(found[0])
        params = found[1]
        n = storage.count(flt)
        middle = min(50_000, n // 2)
        order = f"ORDER BY articles.{column} DESC, articles.id DESC"
        cursor = None
        if middle:
            row = conn.execute(
                f"SELECT {column}, id FROM articles WHERE {where} {order} LIMIT 1 OFFSET ?",
                [*params, middle - 1],
            ).fetchone()
            cursor = (str(row[0]), int(row[1]))
        # The baselines: the same columns and filter, paged by OFFSET; peewee's .count(),
        # which is COUNT(1) over the whole page query as a subquery.
        offset_sql = f"SELECT {_SUMMARY_SQL} FROM articles WHERE {where} {order} LIMIT 200 OFFSET ?"
        count_sql = (
            f"SELECT COUNT(1) FROM (SELECT {_SUMMARY_SQL} FROM articles WHERE {where}) AS _w"
        )

        def offset_page(offset: int, sql: str = offset_sql, params: Any = params) -> Any:
            return conn.execute(sql, [*params, offset]).fetchall()

        first = timed(lambda flt=flt, sort=sort: storage.page(flt, sort), repeat)  # type: ignore[misc]
        first_base = timed(lambda: offset_page(0), repeat)
        figures.append(_list_fig(f"{name}: first page", first, first_base, "OFFSET 0", n))
        if cursor:
            deep = timed(
                lambda flt=flt, sort=sort, cursor=cursor: storage.page(flt, sort, cursor),  # type: ignore[misc]
                repeat,
            )
            deep_base = timed(lambda middle=middle: offset_page(middle), max(3, repeat // 3))
            figures.append(
                _list_fig(f"{name}: page at row {middle:,}", deep, deep_base, "OFFSET", n)
            )
        counted = timed(lambda flt=flt: storage.count(flt), repeat)  # type: ignore[misc]
        counted_base = timed(
            lambda sql=count_sql, params=params: conn.execute(sql, params).fetchone(),  # type: ignore[misc]
            max(3, repeat // 3),
        )
        figures.append(_list_fig(f"{name}: count", counted, counted_base, "peewee .count()", n))
    storage.close()
    return figures


def _list_fig(name: str, ours: list[float], base: list[float], base_name: str, n: int) -> Figure:
    fig = make_figure("list", name, ours, base, base_name, target="< 20 ms")
    fig.met = fig.p95 < 20
    fig.extra["rows"] = n
    return fig


# --- the app (in a subprocess, offscreen) ---------------------------------------------


def _probe(args: list[str], timeout: float = 600) -> dict[str, Any]:
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "app_probe.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout)[-800:]
        raise RuntimeError(f"app_probe {args[0]} failed ({proc.returncode}): {tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def long_read_id(folder: Path) -> int:
    from make_library import LONG_READ_URL

    from reader.urls import url_key

    row = (
        raw(folder)
        .execute("SELECT id FROM articles WHERE url_key = ?", [url_key(LONG_READ_URL)])
        .fetchone()
    )
    if row is None:
        raise SystemExit("the library has no long read; build it with bench/make_library.py")
    return int(row[0])


def bench_open(folder: Path, repeat: int) -> list[Figure]:
    article = long_read_id(folder)
    r = _probe(
        ["open", "--library", str(folder), "--article", str(article), "--repeat", str(repeat)]
    )
    what = f"{r['words']:,} words, {r['images']} photos"
    fig = make_figure(
        "open",
        f"long read ({what}) in the reading pane (ArticleView)",
        r["open_ms"],
        r["floor_ms"],
        "floor: Library.get + its text without images in a plain QTextBrowser",
        target="< 150 ms",
    )
    fig.met = fig.p95 < 150
    fig.note = "ratio < 1: slower than the floor"
    return [
        fig,
        make_figure("open", "part: Library.get + every image record (storage)", r["read_ms"]),
        make_figure(
            "open",
            "part: the pane's load_article (storage and photo sizes; no decoding)",
            r["load_article_ms"],
        ),
    ]


def bench_start(folder: Path, runs: int) -> list[Figure]:
    starts, after, peaks, filled, opens = [], [], [], [], []
    last: dict[str, Any] = {}
    for _ in range(runs):
        t0 = time.time()
        last = _probe(["start", "--library", str(folder), "--t0", repr(t0)])
        if "error" in last:
            raise RuntimeError(f"app_probe start: {last['error']}")
        starts.append(last["start_to_filled_s"] * 1000)
        filled.append(last["rss_filled_mb"])
        after.append(last["rss_after_mb"])
        peaks.append(last["rss_peak_mb"])
        opens.append(last["open_each_ms_median"])
    start = make_figure("start", "app start to the window shown, list filled", starts)
    start.target, start.met = "< 1000 ms", start.p95 < 1000
    start.note = (
        "a fresh process each run (interpreter, imports, QApplication, Library.open, window, "
        f"first page); of which imports done at {last['imported_s'] * 1000:.0f} ms and the "
        f"event loop running at {last['event_loop_s'] * 1000:.0f} ms (last run)"
    )
    rss = make_figure(
        "start",
        f"resident memory after scrolling {last['scrolled_rows']:,} rows and opening "
        f"{last['opened']} articles",
        after,
        unit="MB",
    )
    rss.target, rss.met = "< 300 MB", max(after) < 300
    rss.note = (
        f"RSS with the list filled {statistics.median(filled):.0f} MB; peak (VmHWM) "
        f"{statistics.median(peaks):.0f} MB; scrolling took {last['scroll_s']:.1f} s"
    )
    each = make_figure("start", "opening one article by selecting its row (of the 50)", opens)
    return [start, rss, each]


# --- saving ------------------------------------------------------------------------


class PageSite:
    """bench/pagesite.py in a subprocess; ``base`` is its address."""

    def __init__(self) -> None:
        import subprocess

        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "pagesite.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.base = self.proc.stdout.readline().strip()
        if not self.base.startswith("http://"):
            raise SystemExit("bench/pagesite.py did not start")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def bench_save(repeat: int) -> list[Figure]:
    import io
    from concurrent.futures import ThreadPoolExecutor

    import readability
    from pagesite import SAVE_PAGES
    from PIL import Image

    site = PageSite()
    stages: dict[str, list[float]] = {
        k: [] for k in ("fetch", "extract", "images", "store", "total", "download", "cpu")
    }
    floor: list[float] = []
    runs = min(repeat, SAVE_PAGES - 1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            library = Library.open(Path(tmp) / "library")
            pool = ThreadPoolExecutor(library.save_limits.image_workers)
            for n in range(runs + 1):
                url = f"{site.base}/save/{n}.html"
                t0 = time.perf_counter()
                result = library.save(url)
                total = (time.perf_counter() - t0) * 1000
                # The network part of the images stage, timed alone the same way (in
                # parallel over the same HTTP client), so that it can be taken out.
                srcs = [f"{site.base}/save/{n}/photo-{k}.jpg" for k in range(5)]
                t0 = time.perf_counter()
                photos = [r.body for r in pool.map(library.fetcher.fetch_image, srcs)]
                download = (time.perf_counter() - t0) * 1000
                html = library.fetcher.fetch_page(url).body.decode("utf-8")
                t0 = time.perf_counter()
                readability.Document(html).summary()
                for data in photos:
                    Image.open(io.BytesIO(data)).load()
                floor_ms = (time.perf_counter() - t0) * 1000
                if n == 0:
                    continue  # warm-up
                ms = {k: v * 1000 for k, v in result.timings.items()}
                for k in ("fetch", "extract", "images", "store"):
                    stages[k].append(ms.get(k, 0.0))
                stages["total"].append(total)
                stages["download"].append(download)
                stages["cpu"].append(
                    ms["extract"] + max(0.0, ms["images"] - download) + ms["store"]
                )
                floor.append(floor_ms)
            pool.shutdown()
            library.close()
    finally:
        site.close()
    figures = [
        make_figure("save", f"stage: {k}", stages[k])
        for k in ("fetch", "extract", "images", "store", "total")
    ]
    figures.append(make_figure("save", "the 5 photos downloaded alone", stages["download"]))
    cpu = make_figure(
        "save",
        "all but the network (extract + images - download + store)",
        stages["cpu"],
        floor,
        "floor: readability summary() + Pillow decoding the 5 photos",
        target="<= 1.5x the floor",
    )
    cpu.unit = "ms, ratio = ours/floor"
    cpu.extra["ratio_ours_over_floor"] = statistics.median(stages["cpu"]) / statistics.median(floor)
    cpu.met = cpu.extra["ratio_ours_over_floor"] <= 1.5
    cpu.note = (
        f"ours / floor = {cpu.extra['ratio_ours_over_floor']:.2f} "
        "(a ratio above 1 means slower than the floor)"
    )
    figures.append(cpu)
    return figures


def bench_bulk(workers_default: int, pages: int) -> list[Figure]:
    from concurrent.futures import ThreadPoolExecutor

    from pagesite import BULK_PAGES

    pages = min(pages, BULK_PAGES)

    site = PageSite()
    rates: dict[int, float] = {}
    try:
        for workers in (1, workers_default):
            with tempfile.TemporaryDirectory() as tmp:
                library = Library.open(Path(tmp) / "library")
                urls = [f"{site.base}/bulk/{n}.html" for n in range(pages)]
                library.save(f"{site.base}/save/{SAVE_PAGES_WARMUP}.html")  # warm-up
                t0 = time.perf_counter()
                with ThreadPoolExecutor(max_workers=workers) as pool:
                    results = list(pool.map(library.save, urls))
                seconds = time.perf_counter() - t0
                assert len(results) == pages
                rates[workers] = pages / seconds
                library.close()
    finally:
        site.close()
    one = Figure("bulk", f"{pages} saves, 1 worker", rates[1], rates[1], unit="articles/s")
    many = Figure(
        "bulk",
        f"{pages} saves, {workers_default} workers (the default)",
        rates[workers_default],
        rates[workers_default],
        unit="articles/s",
        base_name="1 worker",
        base_median=rates[1],
        base_p95=rates[1],
        target=">= 1.6x speed-up",
    )
    many.met = rates[workers_default] / rates[1] >= 1.6
    many.note = "one run each (p95 = median); ratio = the speed-up over one worker"
    return [one, many]


SAVE_PAGES_WARMUP = 49


# --- running -----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _default_workers() -> int:
    from reader.cli_articles import DEFAULT_WORKERS

    return DEFAULT_WORKERS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--library", type=Path, required=True)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--save-json", type=Path, metavar="FILE", help="also write the JSON here")
    p.add_argument("--repeat", type=int, default=30, help="timed runs per measurement")
    p.add_argument("--base-repeat", type=int, default=5, help="runs of the slow baselines")
    p.add_argument("--bulk-pages", type=int, default=500, help="URLs saved per bulk run")
    p.add_argument("--start-runs", type=int, default=5, help="app starts to time")
    p.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = p.parse_args(argv)
    if not (args.library / "library.sqlite3").exists():
        p.error(f"no library in {args.library}; build one with bench/make_library.py")
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    runners: dict[str, Callable[[], list[Figure]]] = {
        "search": lambda: bench_search(args.library, args.repeat, args.base_repeat),
        "list": lambda: bench_list(args.library, args.repeat),
        "open": lambda: bench_open(args.library, min(args.repeat, 20)),
        "start": lambda: bench_start(args.library, args.start_runs),
        "save": lambda: bench_save(min(args.repeat, 20)),
        "bulk": lambda: bench_bulk(_default_workers(), args.bulk_pages),
    }
    figures: list[Figure] = []
    for section in only:
        if section not in runners:
            p.error(f"unknown section {section!r}; choose from {', '.join(SECTIONS)}")
        t0 = time.perf_counter()
        figures += runners[section]()
        print(f"[{section}: {time.perf_counter() - t0:.0f} s]", file=sys.stderr, flush=True)
    info = machine()
    info["articles"] = int(raw(args.library).execute("SELECT count(*) FROM articles").fetchone()[0])
    info["load_average"] = os.getloadavg()
    report = {"machine": info, "figures": [f.as_dict() for f in figures]}
    if args.save_json:
        args.save_json.write_text(json.dumps(report, indent=2))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{info['articles']:,} articles; {info['nproc']} cores, {info['cpu']}, "
            f"{info['ram_gb']} GB; Python {info['python']}, SQLite {info['sqlite']}; "
            f"{info['date']}; load average {info['load_average'][0]:.1f}\n"
        )
        print(table(figures))
    return 0


if __name__ == "__main__":
    _ = (REPO, tempfile)
    raise SystemExit(main())
