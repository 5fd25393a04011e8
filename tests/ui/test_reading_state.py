"""Read state is deliberate, and the pane always shows the list's current row (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from uihelpers import idle, saved_pages, write_page

from reader.library import Library
from reader.ui.sidebar import View

pytestmark = pytest.mark.gui


def test_a_short_article_shown_is_not_read_until_the_reader_presses_end(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "short", "A short note", "Brief.", paragraphs=1)
    article_id = library.save(str(path), base_url="https://news.example/short").article_id
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(article_id)
    idle(qtbot, window)
    browser = window.article_view.browser
    assert browser.verticalScrollBar().maximum() == 0  # it fits: all of it is on screen
    assert not library.get(article_id).is_read  # shown is not read
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "read"):
        qtbot.keyClick(browser, Qt.Key.Key_End)
    assert library.get(article_id).is_read


def test_keys_move_through_the_article_and_there_is_no_caret(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "long", "A long read", "Long words. " * 20, paragraphs=60)
    article_id = library.save(str(path), base_url="https://news.example/long").article_id
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(article_id)
    browser = window.article_view.browser
    bar = browser.verticalScrollBar()
    assert not browser.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    qtbot.keyClick(browser, Qt.Key.Key_Space)
    assert 0 < bar.value() < bar.maximum()
    assert not library.get(article_id).is_read
    qtbot.keyClick(browser, Qt.Key.Key_Home)
    assert bar.value() == 0  # the top, padding and all
    assert browser.textCursor().position() == QTextCursor(browser.document()).position()
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "read"):
        qtbot.keyClick(browser, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == bar.maximum()
    assert library.get(article_id).is_read


def test_the_pane_follows_the_list_after_delete_a_tag_and_search(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)  # newest first in the list: ids[2], [1], [0]
    library.add_tags([ids[0]], ["kept"])
    window = make_window()
    view = window.article_view
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3, timeout=10000)

    # Delete: the row that takes the deleted one's place is current and in the pane.
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.select_article(ids[1])
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.window_actions.delete.trigger()
    current = window.current_summary()
    assert current is not None and current.id == ids[0] == view.article_id

    # A tag whose list lacks the article shown: the pane empties, never shows a stranger.
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.select_article(ids[2])
    qtbot.waitUntil(lambda: window.sidebar_model.row_of_tag("kept") is not None, timeout=10000)
    with qtbot.waitSignal(window.list_model.pageLoaded, timeout=10000):
        window.show_tag("kept")
    assert window.list_model.rowCount() == 1
    assert view.article_id is None and window.current_summary() is None
    assert not window.window_actions.delete.isEnabled()

    # Leaving search: the article read in the results stays only if the list has it.
    window.show_view(View.ALL)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=10000)
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search("keeper 2")
    qtbot.waitUntil(lambda: view.article_id == ids[2], timeout=10000)  # the first hit
    window.show_tag("kept")
    qtbot.waitUntil(lambda: window.list_title.text() == "# kept", timeout=10000)
    qtbot.waitUntil(lambda: view.article_id is None, timeout=10000)
    window.show_view(View.ALL)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=10000)
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search("keeper 0")
    qtbot.waitUntil(lambda: view.article_id == ids[0], timeout=10000)
    window.search_field.clear()  # back to All articles, which holds it
    qtbot.waitUntil(lambda: not window.list_pane.searching, timeout=10000)
    current = window.current_summary()
    assert current is not None and current.id == ids[0] == view.article_id


def test_rows_say_archived_outside_the_archive(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 2)
    library.set_archived([ids[0]])
    window = make_window()
    window.search("keeper")  # search shows archived articles too
    qtbot.waitUntil(lambda: window.search_model.rowCount() == 2, timeout=10000)
    delegate = window.list_pane.delegate
    texts = {s.id: delegate.meta_text(s) for s in window.search_model.summaries()}
    assert texts[ids[0]].endswith("Archived") and "Archived" not in texts[ids[1]]
    window.search_field.clear()
    with qtbot.waitSignal(window.list_model.pageLoaded, timeout=10000):
        window.show_view(View.ARCHIVE)
    (row,) = window.list_model.summaries()
    assert "Archived" not in delegate.meta_text(row)  # every row here is
