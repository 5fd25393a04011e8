"""At most N requests at once to one host, shared by every thread of one library.

The save queue keeps at most two saves at once per page host; a page's photos, though,
usually come from another host (a CDN that all of a site's pages share), and every save
fetches several photos at once.  ``HostSlots`` holds photo requests to the same limit
across all saves (reader/fetcher.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reader.errors import FetchTimeoutError


class HostSlots:
    """``slot(host, wait)``: a context in which one of ``per_host`` requests to ``host``
    may run; waits at most ``wait`` seconds for one (FetchTimeoutError).  Thread-safe."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._lock = threading.Lock()
        self._free: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str, wait: float) -> Iterator[None]:
        with self._lock:
            free = self._free.setdefault(host, threading.BoundedSemaphore(self.per_host))
        if not free.acquire(timeout=max(0.0, wait)):
            raise FetchTimeoutError(f"{host} was busy with other downloads for too long")
        try:
            yield
        finally:
            free.release()
