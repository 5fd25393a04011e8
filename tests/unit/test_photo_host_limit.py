"""Photos are downloaded at most two at once from one host, whichever save asks for
them (reader/host_slots.py), against a real local server that counts requests under way."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler

import pytest
from localsite import LocalSite, photo

from reader.errors import FetchTimeoutError
from reader.host_slots import HostSlots
from reader.library import Library


class PhotoGate:
    """Holds each photo request until four are under way (or half a second passes), so
    the most seen at once per host is what the client allows."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.active: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.peak_total = 0

    def handler(self, request: BaseHTTPRequestHandler, site: LocalSite) -> None:
        host = request.headers.get("Host", "").split(":")[0]
        with self.cond:
            self.active[host] += 1
            self.peak[host] = max(self.peak[host], self.active[host])
            self.peak_total = max(self.peak_total, sum(self.active.values()))
            self.cond.notify_all()
            self.cond.wait_for(lambda: sum(self.active.values()) >= 4, timeout=0.5)
            self.active[host] -= 1
        body = photo(320, 200, seed=len(request.path))
        request.send_response(200)
        request.send_header("Content-Type", "image/jpeg")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


def _story(n: int, images: list[str]) -> str:
    paras = "".join(
        f"<p>Paragraph {j} of story {n}: the harbour board met on Tuesday and agreed, "
        "after a long debate about the quay, the ferry and the fish market, to meet again.</p>"
        f'<figure><img src="{images[j]}" alt="Photo {j}"><figcaption>Photo {j}</figcaption>'
        "</figure>"
        for j in range(len(images))
    )
    return (
        f"<html><head><title>Story {n}</title></head><body><article>{paras}</article></body></html>"
    )


def test_photos_of_every_save_keep_to_two_at_once_per_host(
    library: Library, site: LocalSite
) -> None:
    port = site.server.server_address[1]
    gate = PhotoGate()
    pages = []
    for n in range(2):  # two saves at once, each with photos on two hosts
        images = []
        for j in range(6):
            host = ("127.0.0.1", "localhost")[j % 2]
            site.handle(f"/img/{n}-{j}.jpg", gate.handler)
            images.append(f"http://{host}:{port}/img/{n}-{j}.jpg")
        pages.append(site.add(f"/story/{n}", _story(n, images)))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(library.save, pages))
    for result in results:
        assert library.get(result.article_id).image_count == 6, result.notes
    # Eight image threads and two saves, but never more than two photos from one host.
    assert gate.peak == Counter({"127.0.0.1": 2, "localhost": 2})
    assert gate.peak_total == 4  # the two hosts at once: the limit is per host


def test_a_slot_not_free_in_time_is_a_clear_timeout() -> None:
    slots = HostSlots(1)
    with slots.slot("photos.example", 1.0):
        with pytest.raises(FetchTimeoutError, match=r"photos\.example was busy"):  # noqa: SIM117
            with slots.slot("photos.example", 0.05):
                pass
        with slots.slot("other.example", 0.05):  # another host has its own slots
            pass
    with slots.slot("photos.example", 0.05):  # free again
        pass
