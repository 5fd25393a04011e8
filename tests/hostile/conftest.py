"""Fixtures for the hostile-web suite: a tight-limits library (the site comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_checks import TEST_FETCH_LIMITS, TEST_SAVE_LIMITS

from reader.images import ImageLimits
from reader.library import Library


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
