"""One app per library (issue 10): ``reader``, ``reader URL`` and ``reader open ID``
while the app runs hand over to its window, in two real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from localsite import LocalSite
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.models import Status
from reader.ui.single_instance import InstanceServer, hand_over, server_name

pytestmark = pytest.mark.gui

APP = Path(__file__).with_name("single_app.py")
ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    "<!doctype html><html><head><title>Handed over</title></head><body><article>"
    "<h1>Handed over</h1>"
    + "<p>The second window never opened; the first one saved this page instead.</p>" * 8
    + "</article></body></html>"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    env.pop("READER_LIBRARY", None)
    return env


def _reader(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_second_reader_hands_over_to_the_running_window(
    qtbot: QtBot, library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    url = site.add("/handed-over", PAGE)
    there = site.add("/first", PAGE.replace("Handed over", "Already there"))
    with Library.open(library_dir) as library:
        first = library.save(there).article_id
    env = _env(tmp_path)
    app = subprocess.Popen(
        [sys.executable, str(APP), str(library_dir), str(first)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        qtbot.waitUntil(lambda: hand_over(library_dir, {}, 200), timeout=30000)  # it listens
        shown = _reader(env, "--library", str(library_dir))  # `reader` again: to the front
        assert shown.returncode == 0, shown.stderr
        saved = _reader(env, "--library", str(library_dir), url)  # `reader URL`
        assert saved.returncode == 0, saved.stderr

        def saved_by_the_first() -> bool:
            with Library.open(library_dir) as lib:
                found = [lib.get(i) for i in lib.selection() if i != first]
            return bool(found) and found[0].status is Status.SAVED

        qtbot.waitUntil(saved_by_the_first, timeout=30000)
        opened = _reader(env, "--library", str(library_dir), "open", str(first))
        assert opened.returncode == 0, opened.stderr
        out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err[-2000:]
    assert out.strip() == f"opened {first} in 1 window"
    with Library.open(library_dir) as lib:
        titles = sorted(lib.get(i).title for i in lib.selection())
    assert "Handed over" in titles and len(titles) == 2


def test_another_library_or_a_dead_app_is_not_handed_over(
    qapp: QCoreApplication, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert server_name(one) == server_name(tmp_path / "one" / ".." / "one")
    assert server_name(one) != server_name(two)
    server = InstanceServer(one)
    assert server.listen()
    try:
        assert not hand_over(two, {}, 200)  # nobody runs on the other library
    finally:
        server.close()
    assert not hand_over(one, {}, 200)  # the app is gone
    stale = QLocalServer()  # a socket left behind: the next app takes the name over
    assert stale.listen(server_name(two))
    again = InstanceServer(two)
    assert again.listen()
    again.close()
    stale.close()
