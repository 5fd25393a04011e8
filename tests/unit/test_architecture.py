"""The dependency direction holds: ui -> core -> storage, each library in its layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "reader"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(*exclude: str) -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if not any(p.is_relative_to(ROOT / e) for e in exclude)]


@pytest.mark.parametrize("path", _modules("ui", "storage"), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_neither_qt_nor_peewee(path: Path) -> None:
    bad = {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "peewee", "playhouse")}
    # cli.py is the entry point: it may start the GUI; the rest of the core may not.
    if path.name != "cli.py":
        bad |= {n for n in _imports(path) if n.startswith("reader.ui")}
    assert not bad


def test_ui_never_touches_peewee_or_tables() -> None:
    for path in (ROOT / "ui").rglob("*.py"):
        names = _imports(path)
        assert not {n for n in names if n.split(".")[0] in ("peewee", "playhouse")}, path
        assert not {n for n in names if n.startswith("reader.storage.")}, path


def test_storage_never_imports_qt_or_the_core_facade() -> None:
    for path in (ROOT / "storage").rglob("*.py"):
        names = _imports(path)
        assert not {n for n in names if n.startswith(("PySide6", "reader.ui", "reader.library"))}
