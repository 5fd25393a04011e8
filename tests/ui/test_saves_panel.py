"""The saving panel keeps to a few lines: finished failures fold into one (issue 10)."""

from __future__ import annotations

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import idle

from reader.library import Library

pytestmark = pytest.mark.gui


def test_two_failures_fold_into_one_line_that_leads_to_failed(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    window = make_window()
    panel = window.saves_panel
    window.save_targets([site.url("/missing/one")])
    qtbot.waitUntil(lambda: panel.items and panel.items[0].state == "failed", timeout=20000)
    one = panel.items[0]
    assert one.isVisible() and not panel.summary.isVisible()  # one failure: its own row
    height_one = panel.height()

    window.save_targets([site.url("/missing/two"), site.url("/missing/three")])
    qtbot.waitUntil(lambda: all(i.state == "failed" for i in panel.items), timeout=20000)
    assert len(panel.items) == 3
    assert panel.summary.isVisible() and panel.summary.text.text() == "3 failed, see Failed"
    assert not any(i.isVisible() for i in panel.items)
    assert panel.height() <= height_one  # one line, whatever the number
    idle(qtbot, window)

    with qtbot.waitSignal(window.list_model.pageLoaded, timeout=10000):
        qtbot.mouseClick(panel.summary.see, Qt.MouseButton.LeftButton)
    assert window.list_title.text() == "Failed"
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3, timeout=10000)

    qtbot.mouseClick(panel.summary.close_button, Qt.MouseButton.LeftButton)
    assert panel.items == [] and not panel.isVisible()
    assert window.list_model.rowCount() == 3  # still waiting to be retried
