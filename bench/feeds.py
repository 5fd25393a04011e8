"""Feed updates at scale: 200 feeds with 20 new stories each, then 200 feeds that answer 304.

Each round is timed next to a floor measured in the same run: the bare HTTP requests of
that round (one pooled httpx client, the same number of threads), nothing parsed,
extracted or stored.  The feeds and their stories are served by a separate process
(``--serve``) on several loopback hosts, a few feeds per host, as on the web; Reader keeps
to its limits of 2 requests at once per host and 4 in all.

    .venv/bin/python bench/feeds.py                       # 200 feeds x 20 items, 5 x 304
    .venv/bin/python bench/feeds.py --feeds 50 --items 5  # a quick run
    .venv/bin/python bench/feeds.py --json

Targets (issue 15): the round of 304s under 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import common
from common import Figure, table

WORKERS = 4  # Reader's default feed and save concurrency


# --- the server process ------------------------------------------------------------


def _feed_handler(body: bytes, etag: str) -> object:
    def handler(h: BaseHTTPRequestHandler, site: object) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        h.send_header("ETag", etag)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler


def serve(feeds: int, items: int, hosts: int) -> int:
    from corpus import StoryWriter, vocabulary
    from localsite import LocalSite
    from pagesite import page

    sites = [LocalSite(f"127.0.0.{k + 1}") for k in range(hosts)]
    writer = StoryWriter(vocabulary(), 1515)
    for n in range(feeds):
        site = sites[n % hosts]
        entries = []
        for i in range(items):
            path = f"/f{n}/story-{i}.html"
            story = writer.story(300, 900)
            site.add(path, page(story, [], "2026-11-30T08:00:00Z"))
            entries.append(
                f"<item><title>{escape(story.title)}</title><link>{site.url(path)}</link>"
                f"<guid>f{n}-{i}</guid><description>{escape(story.paragraphs[0])}</description>"
                f"<pubDate>Mon, 30 Nov 2026 08:{i % 60:02d}:00 GMT</pubDate></item>"
            )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
            f"<link>{site.url('/')}</link>{''.join(entries)}</channel></rss>"
        ).encode()
        site.handle(f"/f{n}.xml", _feed_handler(body, f'"feed-{n}-v1"'))  # type: ignore[arg-type]
    for site in sites:
        site.start()
    print(json.dumps([s.host for s in sites]), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    for site in sites:
        site.stop()
    return 0


# --- the measurements --------------------------------------------------------------


def _floor(urls: list[str], headers: dict[str, str] | None = None) -> float:
    """Seconds for bare GETs of ``urls`` (bodies read), WORKERS threads, one client."""
    import httpx

    with httpx.Client(headers=headers or {}) as client:

        def get(url: str) -> int:
            return len(client.get(url).content)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(get, urls))
        return time.perf_counter() - t0


def run(feeds: int, items: int, hosts: int, repeat: int) -> list[Figure]:
    from reader.feeds.models import NewSubscription
    from reader.fetcher import Fetcher
    from reader.library import Library
    from reader.urls import url_key

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(feeds), str(items), str(hosts)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stdin is not None
    host_names = json.loads(server.stdout.readline())
    feed_urls = [f"http://{host_names[n % hosts]}/f{n}.xml" for n in range(feeds)]
    page_urls = [
        f"http://{host_names[n % hosts]}/f{n}/story-{i}.html"
        for n in range(feeds)
        for i in range(items)
    ]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(Path(tmp) / "library")
        ids = [
            library.storage.add_feed(NewSubscription(url=u, title=f"Feed {n}"), url_key(u))
            for n, u in enumerate(feed_urls)
        ]
        with Fetcher() as warm:  # the server process has built its pages: connections up
            warm.fetch_feed(feed_urls[0])

        floor_new = _floor(feed_urls + page_urls)
        t0 = time.perf_counter()
        results = library.feeds.update()
        ours_new = time.perf_counter() - t0
        saved = sum(r.saved for r in results)
        failed = sum(r.failed for r in results) + sum(not r.ok for r in results)
        figures.append(
            Figure(
                "feeds",
                f"{feeds} feeds x {items} new stories, saved",
                ours_new,
                ours_new,
                unit="s",
                base_name="bare GETs of the feeds and pages",
                base_median=floor_new,
                base_p95=floor_new,
                note=f"{saved} stories saved, {failed} failures; one run "
                f"({len(page_urls) / ours_new:.0f} stories/s)",
            )
        )

        ours_304: list[float] = []
        floors_304: list[float] = []
        for _ in range(repeat):
            for feed_id in ids:
                library.storage.update_feed(feed_id, next_check=None)
            # The floor sends the same validators, so it gets 304s too.
            floors_304.append(_304_floor(feed_urls))
            t0 = time.perf_counter()
            round_304 = library.feeds.update()
            ours_304.append(time.perf_counter() - t0)
            assert all(r.status == 304 for r in round_304), "every feed should answer 304"
        median = statistics.median(ours_304)
        figures.append(
            Figure(
                "feeds",
                f"{feeds} feeds, all answering 304",
                median,
                max(ours_304),
                unit="s",
                base_name="bare conditional GETs",
                base_median=statistics.median(floors_304),
                base_p95=max(floors_304),
                target="< 5 s",
                met=median < 5.0,
                note=f"median and worst of {repeat} rounds; no page fetched",
            )
        )
        library.close()
    server.stdin.close()
    server.wait(timeout=30)
    return figures


def _304_floor(feed_urls: list[str]) -> float:
    import httpx

    with httpx.Client() as client:

        def get(pair: tuple[int, str]) -> int:
            n, url = pair
            return client.get(url, headers={"If-None-Match": f'"feed-{n}-v1"'}).status_code

        t0 = time.perf_counter()
        with ThreadPoolExecutor(WORKERS) as pool:
            codes = list(pool.map(get, enumerate(feed_urls)))
        assert set(codes) == {304}
        return time.perf_counter() - t0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=20)
    p.add_argument("--hosts", type=int, default=8, help="loopback hosts serving the feeds")
    p.add_argument("--repeat", type=int, default=5, help="rounds of 304s")
    p.add_argument("--json", action="store_true")
    p.add_argument("--serve", nargs=3, type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        return serve(*args.serve)
    load = os.getloadavg()[0]
    figures = run(args.feeds, args.items, args.hosts, args.repeat)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=1))
    else:
        print(f"cores: {os.cpu_count()}, load average at start: {load:.1f}")
        print(table(figures))
    return 0


if __name__ == "__main__":
    common.REPO  # noqa: B018  (common sets sys.path for reader, tests and bench)
    raise SystemExit(main())
