"""Fixtures for the hostile-web suite: a quick-stopping local site, a tight-limits library."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_checks import TEST_FETCH_LIMITS, TEST_SAVE_LIMITS
from localsite import LocalSite

from reader.images import ImageLimits
from reader.library import Library


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """The shared LocalSite, polling for shutdown every 50 ms instead of 500 ms."""
    s = LocalSite()
    s.thread = threading.Thread(
        target=lambda: s.server.serve_forever(poll_interval=0.05), daemon=True
    )
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def hostile_library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(
        tmp_path / "library",
        fetch_limits=TEST_FETCH_LIMITS,
        save_limits=TEST_SAVE_LIMITS,
        image_limits=ImageLimits(),
    )
    try:
        yield lib
    finally:
        lib.close()
