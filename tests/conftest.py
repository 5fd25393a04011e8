"""Shared fixtures: a real local HTTP server, real library folders, Qt offscreen."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

# Qt must never look for a display in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("READER_LIBRARY", None)
# Benchmark helpers (bench/bulk_store.py builds big fixture libraries fast).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import pytest
from localsite import LocalSite

from reader.fetcher import FetchLimits
from reader.library import Library, SaveLimits

# Tests talk to servers on 127.0.0.1; a developer's proxy must not sit in between.
for _name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_name, None)
    os.environ.pop(_name.upper(), None)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite().start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(library_dir: Path) -> Iterator[Library]:
    lib = Library.open(
        library_dir,
        fetch_limits=FetchLimits(read_timeout=5, total_timeout=10),
        save_limits=SaveLimits(save_timeout=20),
    )
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Logs and Qt settings of test runs go to a throw-away home, not the developer's.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
