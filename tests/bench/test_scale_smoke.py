"""The scale benchmark scripts run end to end on a tiny library (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.slow
@pytest.mark.gui
def test_make_library_then_every_section_of_scale(tmp_path: Path) -> None:
    library = tmp_path / "library"
    out = run("bench/make_library.py", "--articles", "300", "--out", str(library), "--seed", "2")
    assert "built 301 articles" in out
    report = json.loads(
        run(
            "bench/scale.py",
            "--library", str(library),
            "--json",
            "--repeat", "2",
            "--base-repeat", "1",
            "--start-runs", "1",
            "--bulk-pages", "8",
        )
    )  # fmt: skip
    sections = {f["section"] for f in report["figures"]}
    assert sections == {"search", "list", "open", "start", "save", "bulk"}
    assert report["machine"]["articles"] > 0
    search = [f for f in report["figures"] if f["section"] == "search"]
    assert len(search) == 7  # the six, and a word within a small tag
    assert all(f["extra"]["results"] > 0 for f in search[:6])
    for figure in report["figures"]:
        assert 0 <= figure["median"] <= figure["p95"]
