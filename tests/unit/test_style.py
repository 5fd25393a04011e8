"""The house style holds: ruff (lint and format), mypy --strict and the architecture's
import contracts (import-linter, configured in pyproject.toml) pass on the tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["lint-imports"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "import-contracts"],
)
def test_tool_passes(command: list[str]) -> None:
    if command[0] == "lint-imports":  # a console script, not a runnable module
        argv = [str(Path(sys.executable).parent / "lint-imports")]
    else:
        argv = [sys.executable, "-m", *command]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_no_module_is_over_500_lines() -> None:
    """One job per module (issue 10): a module that grows past 500 lines is split."""
    root = ROOT / "reader"
    sizes = {p: len(p.read_text("utf-8").splitlines()) for p in root.rglob("*.py")}
    assert len(sizes) > 50
    assert {str(p.relative_to(root)): n for p, n in sizes.items() if n > 500} == {}
