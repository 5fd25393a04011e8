"""The window follows changes another process makes to the library (issue 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from pytestqt.qtbot import QtBot
from uihelpers import idle, saved_pages

from reader.library import Library
from reader.ui.sidebar import View

pytestmark = pytest.mark.gui


def reader(library: Library, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as a second process on the same library."""
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library.folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_add_from_the_command_line_shows_in_the_open_window(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 3)
    window = make_window()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3, timeout=10000)
    window.list_view.setCurrentIndex(window.list_model.index(1, 0))
    selected = window.current_summary()
    assert selected is not None
    qtbot.waitUntil(lambda: window.article_view.article_id == selected.id, timeout=10000)
    idle(qtbot, window)

    url = site.add_news_story()
    proc = reader(library, "add", url)
    assert proc.returncode == 0, proc.stderr
    # Within about a second, without touching the window: the row, the counts, the header.
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 4, timeout=5000)
    qtbot.waitUntil(lambda: window.sidebar_model.counts().get(View.ALL) == 4, timeout=5000)
    qtbot.waitUntil(lambda: window.list_count.text() == "4 articles", timeout=5000)
    assert window.list_model.summary(0).url == url
    # The reader's place is kept: the same article selected and in the pane.
    current = window.current_summary()
    assert current is not None and current.id == selected.id
    assert window.article_view.article_id == selected.id

    # A failed save from the command line waits under Failed, counted.
    site.add("/gone", "<h1>gone</h1>", status=404)
    assert reader(library, "add", site.url("/gone")).returncode != 0
    qtbot.waitUntil(lambda: window.sidebar_model.counts().get(View.FAILED) == 1, timeout=5000)
    window.show_view(View.FAILED)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)


def test_rows_added_elsewhere_do_not_move_the_list_under_the_reader(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 30)
    window = make_window()
    view = window.list_view
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 30, timeout=10000)
    window.list_view.setCurrentIndex(window.list_model.index(20, 0))
    view.scrollTo(window.list_model.index(20, 0))
    idle(qtbot, window)
    bar = view.verticalScrollBar()
    assert bar.value() > 0
    top = view.indexAt(view.viewport().rect().topLeft())
    top_id, top_y = window.list_model.summary(top.row()).id, view.visualRect(top).top()
    selected = window.current_summary()
    assert selected is not None

    assert reader(library, "add", site.add_news_story()).returncode == 0
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 31, timeout=5000)
    now = view.indexAt(view.viewport().rect().topLeft())
    assert window.list_model.summary(now.row()).id == top_id  # the same row on top...
    assert abs(view.visualRect(now).top() - top_y) <= 1  # ...at the same place
    current = window.current_summary()
    assert current is not None and current.id == selected.id
