"""Distraction-free reading and narrow windows fold panes (issue 10)."""

from __future__ import annotations

import pytest
from conftest import MakeWindow
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.gui


def test_focus_mode_and_narrow_windows_fold_the_panes_and_bring_them_back(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.resize(1300, 800)
    layout = window.reading_layout
    sidebar, pane = window.navigation.sidebar, window.list_pane
    qtbot.waitUntil(lambda: sidebar.isVisible() and pane.isVisible())
    window.splitter.setSizes([210, 400, 690])
    sizes = window.splitter.sizes()

    window.window_actions.focus_mode.trigger()  # Ctrl+Shift+F, View > Hide Sidebar and List
    assert layout.focus_mode and not sidebar.isVisible() and not pane.isVisible()
    assert window.article_view.isVisible()
    window.window_actions.focus_mode.trigger()
    assert sidebar.isVisible() and pane.isVisible()

    window.resize(900, 800)  # narrower than 1000: the sidebar folds, the column keeps room
    qtbot.waitUntil(lambda: not sidebar.isVisible())
    assert pane.isVisible()
    qtbot.waitUntil(lambda: window.article_view.browser.text_width() > 400)
    window.resize(700, 800)  # very narrow: the article has the window
    qtbot.waitUntil(lambda: not pane.isVisible())
    window.save_layout()  # what is saved is the layout with every pane shown
    window.resize(1300, 800)
    qtbot.waitUntil(lambda: sidebar.isVisible() and pane.isVisible())
    assert window.splitter.sizes() == sizes

    window.window_actions.full_screen.trigger()  # F11
    qtbot.waitUntil(window.isFullScreen)
    window.window_actions.full_screen.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
