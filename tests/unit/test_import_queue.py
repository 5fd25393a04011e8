"""The save queue against a real local server that logs how many requests run at once."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from localsite import LocalSite

from reader.errors import ReaderError
from reader.library import Library, SaveResult
from reader.models import Status
from reader.save_queue import SaveQueue
from reader.urls import url_key


def article_page(n: int) -> str:
    paras = "".join(
        f"<p>Paragraph {j} of story {n}: the council met on Tuesday and agreed, after a long "
        "debate about the budget, the roads and the library, to meet again next month.</p>"
        for j in range(6)
    )
    return (
        f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        f"{paras}</article></body></html>"
    )


class Gate:
    """Counts requests under way per Host header; each request is held until as many
    are under way as the client may run (or all that are left), so the maximum seen is
    what the client really allows."""

    def __init__(self, total: int, expected_at_once: int) -> None:
        self.cond = threading.Condition()
        self.active: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.peak_total = 0
        self.left = total
        self.expected = expected_at_once
        self.batch = 0

    def handler(self, request: BaseHTTPRequestHandler, site: LocalSite) -> None:
        host = request.headers.get("Host", "").split(":")[0]
        with self.cond:
            self.active[host] += 1
            self.peak[host] = max(self.peak[host], self.active[host])
            self.peak_total = max(self.peak_total, sum(self.active.values()))
            batch = self.batch
            if sum(self.active.values()) >= min(self.expected, self.left):
                self.batch += 1  # everyone held so far goes on
                self.cond.notify_all()
            else:
                self.cond.wait_for(lambda: self.batch > batch, timeout=10)
            self.active[host] -= 1
            self.left -= 1
        n = int(request.path.rsplit("/", 1)[1])
        body = article_page(n).encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


def _pending(library: Library, urls: list[str]) -> list[int]:
    return [library.storage.add_pending(u, url_key(u)) for u in urls]


def test_drain_keeps_two_requests_per_host_and_reports_progress(
    library: Library, site: LocalSite, tmp_path: Path
) -> None:
    port = site.server.server_address[1]
    hosts = ["127.0.0.1", "localhost"]
    urls = [f"http://{hosts[i % 2]}:{port}/s/{i}" for i in range(16)]
    gate = Gate(total=len(urls), expected_at_once=4)
    for i in range(len(urls)):
        site.handle(f"/s/{i}", gate.handler)
    ids = _pending(library, urls)
    progress: list[tuple[int, int, int]] = []
    results: dict[int, SaveResult | ReaderError] = {}

    report = SaveQueue(library, workers=6, per_host=2).drain(
        progress=lambda d, t, f: progress.append((d, t, f)),
        on_result=lambda i, r: results.__setitem__(i, r),
    )

    assert [library.get(i).error for i in report.failed] == []
    assert sorted(report.saved) == ids and report.left == ()
    # Six workers, but never more than two requests at once to either host.
    assert gate.peak == Counter({"127.0.0.1": 2, "localhost": 2})
    assert gate.peak_total == 4
    assert progress[0] == (0, 16, 0) and progress[-1] == (16, 16, 0)
    assert [p[0] for p in progress] == list(range(17))
    assert all(isinstance(r, SaveResult) for r in results.values()) and len(results) == 16
    for i, article_id in enumerate(ids):
        article = library.get(article_id)
        assert article.status is Status.SAVED and article.title == f"Story {i}"


def test_failures_are_counted_and_recorded_like_any_save(library: Library, site: LocalSite) -> None:
    good = [site.add(f"/ok/{i}", article_page(i)) for i in range(3)]
    bad = [site.url("/missing"), "javascript:alert(1)"]
    ids = _pending(library, [*good, *bad])
    progress: list[tuple[int, int, int]] = []

    report = SaveQueue(library).drain(ids, progress=lambda d, t, f: progress.append((d, t, f)))

    assert sorted(report.saved) == ids[:3] and sorted(report.failed) == ids[3:]
    assert progress[-1] == (5, 5, 2)
    missing, script = library.get(ids[3]), library.get(ids[4])
    assert missing.status is Status.FAILED and (missing.error or "").startswith("http_error")
    # The same URL checks as ``reader add``: a script address is never fetched.
    assert script.status is Status.FAILED and (script.error or "").startswith("unsafe_scheme")


def test_cancel_leaves_the_rest_pending_and_the_next_drain_carries_on(
    library: Library, site: LocalSite
) -> None:
    urls = [site.add(f"/c/{i}", article_page(i)) for i in range(8)]
    ids = _pending(library, urls)
    queue = SaveQueue(library, workers=1)
    done: list[int] = []

    def on_result(article_id: int, outcome: SaveResult | ReaderError) -> None:
        done.append(article_id)
        if len(done) == 3:
            queue.cancel()

    first = queue.drain(on_result=on_result)
    assert len(first.saved) == 3 and len(first.left) == 5
    assert sorted(library.pending()) == sorted(first.left)
    assert site.log.count("/c/7") == 0

    second = SaveQueue(library).drain(cancelled=lambda: False)
    assert sorted(second.saved) == sorted(first.left)
    assert library.pending() == []
    assert all(library.get(i).status is Status.SAVED for i in ids)
    # Nothing was fetched twice.
    assert sorted(site.log) == sorted(f"/c/{i}" for i in range(8))


def test_a_cancelled_callable_stops_a_drain_before_it_starts(library: Library) -> None:
    ids = _pending(library, ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"])
    report = SaveQueue(library).drain(cancelled=lambda: True)
    assert report.saved == () and report.failed == () and sorted(report.left) == ids
    assert sorted(library.pending()) == ids
