"""The sidebar's Highlights row (issue 13): the view in place of the article list, its
count kept in step, the reading pane at a highlight, the keyboard, and the window's rule
that the pane shows nothing or an article of the current view."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MakeWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from uihelpers import idle, write_page

from reader.library import Library
from reader.ui.highlight_delegate import ENTRY_ROLE
from reader.ui.highlights_view import HIGHLIGHT_ROLE
from reader.ui.main_window import MainWindow
from reader.ui.sidebar import Kind, SidebarRole, View

pytestmark = pytest.mark.gui


def _articles(library: Library, tmp_path: Path) -> list[int]:
    ids = []
    for n, title in enumerate(("Harbour news", "Mountain news", "River news")):
        path = write_page(tmp_path, f"s{n}", title, f"Story {n} begins.", paragraphs=40)
        ids.append(library.save(str(path), base_url=f"https://news.example/s{n}").article_id)
    return ids


def _row(window: MainWindow) -> int:
    return window.sidebar_model.row_of_highlights()


def _count(window: MainWindow) -> int | None:
    index = window.sidebar_model.index(_row(window), 0)
    count = index.data(SidebarRole.COUNT)
    return None if count is None else int(count)


def _choose(qtbot: QtBot, window: MainWindow) -> None:
    view = window.highlights.library_view
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        window.navigation.sidebar.setCurrentIndex(window.sidebar_model.index(_row(window), 0))
    idle(qtbot, window)


def _on_screen(window: MainWindow, highlight_id: int) -> bool:
    mark = window.highlights.pane.mark_of(highlight_id)
    if mark is None:
        return False
    browser = window.article_view.browser
    cursor = QTextCursor(browser.document())
    cursor.setPosition(mark.start)
    return 0 <= browser.cursorRect(cursor).top() < browser.viewport().height()


def test_the_highlights_row_shows_every_highlight_in_place_of_the_list(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    first = library.add_highlight(ids[0], "Paragraph 30 tells more", color="blue", note="tide")
    second = library.add_highlight(ids[1], "Paragraph 35 tells more", color="pink")
    window = make_window()
    qtbot.waitUntil(lambda: _count(window) == 2)
    index = window.sidebar_model.index(_row(window), 0)
    assert index.data() == "Highlights" and index.data(SidebarRole.KIND) == Kind.HIGHLIGHTS
    assert _row(window) == len(View)  # under the views, above feeds and tags

    # An article of the list is in the pane; choosing Highlights empties it.
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(ids[2])
    _choose(qtbot, window)
    view = window.highlights.library_view
    assert window.highlights.middle.currentWidget() is view
    assert view.isVisible() and not window.list_pane.isVisible()
    assert window.article_view.article_id is None
    assert window.article_view.message.headline.text() == "No highlight chosen"
    assert window.list_pane.selected_summaries() == []
    assert window.settings.last_list == "highlights"
    assert view.count.text() == "2 highlights"
    rows = [view.list.item(i).text() for i in range(view.list.count())]
    assert "Paragraph 35" in rows[0] and "Mountain news" in rows[0]  # newest first
    assert "Paragraph 30" in rows[1] and "Harbour news" in rows[1] and "Note: tide" in rows[1]
    assert not window.window_actions.delete.isEnabled()  # nothing to act on

    # A click opens the article in the pane, at the highlight.
    rect = view.list.visualItemRect(view.list.item(1))
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    idle(qtbot, window)
    assert window.article_view.article_id == ids[0]
    assert window.highlights.pane.current == first.id
    assert window.article_view.browser.verticalScrollBar().value() > 0
    assert _on_screen(window, first.id)
    assert window.list_pane.selected_summaries() == []  # the hidden list stays unselected
    assert window.window_actions.delete.isEnabled()  # the pane's article

    # K goes up to the newest highlight and opens its article; Enter moves to the pane.
    view.list.setFocus()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        qtbot.keyClick(view.list, Qt.Key.Key_K)
    idle(qtbot, window)
    assert view.current_highlight() == second.id and window.article_view.article_id == ids[1]
    assert _on_screen(window, second.id)
    # Scroll back to the top, then click the current row: back at its highlight.
    pane_bar = window.article_view.browser.verticalScrollBar()
    pane_bar.setValue(0)
    assert not _on_screen(window, second.id)
    rect = view.list.visualItemRect(view.list.item(0))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _on_screen(window, second.id)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert window.article_view.browser.hasFocus()

    # All articles: the list is back, and keeps the article shown (it is in the list).
    window.show_view(View.ALL)
    qtbot.waitUntil(lambda: window.list_pane.isVisible() and not view.isVisible())
    idle(qtbot, window)
    assert window.article_view.article_id == ids[1]
    assert window.current_summary() is not None and window.current_summary().id == ids[1]

    # View > All Highlights (Ctrl+Alt+H) is the same row.
    window.list_view.setFocus()
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        qtbot.keyClick(
            window.list_view,
            Qt.Key.Key_H,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    assert window.navigation.highlights and view.isVisible() and view.list.hasFocus()
    assert window.navigation.sidebar.currentIndex().row() == _row(window)
    assert window.article_view.article_id is None


def test_the_count_and_the_rows_follow_changes_by_another_process(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    kept = library.add_highlight(ids[0], "Paragraph 3 tells more", color="green")
    window = make_window()
    _choose(qtbot, window)
    view = window.highlights.library_view
    view.list.setCurrentRow(0)
    idle(qtbot, window)
    assert _count(window) == 1 and view.current_highlight() == kept.id

    def cli(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--library", str(library.folder), *args],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    cli("highlight", str(ids[2]), "--quote", "Paragraph 7 tells more", "--note", "from the CLI")
    qtbot.waitUntil(lambda: _count(window) == 2 and view.list.count() == 2, timeout=10000)
    assert "from the CLI" in view.list.item(0).text()
    assert view.current_highlight() == kept.id  # the reader's place is kept
    assert view.count.text() == "2 highlights"
    added = library.highlights(ids[2])[0]
    cli("highlight", "--delete", str(added.id))
    qtbot.waitUntil(lambda: _count(window) == 1 and view.list.count() == 1, timeout=10000)
    assert view.current_highlight() == kept.id

    # One removed in the pane (here) counts too, and Ctrl+Z brings it back.
    assert window.article_view.article_id == ids[0]  # the current row's article
    pane = window.highlights.pane
    with qtbot.waitSignal(pane.removed, timeout=10000):
        pane.remove(kept.id)
    qtbot.waitUntil(lambda: _count(window) is None or _count(window) == 0, timeout=10000)
    qtbot.waitUntil(lambda: view.list.count() == 0 and view.empty.isVisible(), timeout=10000)
    with qtbot.waitSignal(pane.stored, timeout=10000):
        window.window_actions.undo.trigger()
    qtbot.waitUntil(lambda: _count(window) == 1 and view.list.count() == 1, timeout=10000)


def test_a_filter_search_and_a_delete_keep_the_pane_to_the_view(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    library.add_tags([ids[1]], ["hills"])
    blue = library.add_highlight(ids[0], "Paragraph 2 tells more", color="blue")
    pink = library.add_highlight(ids[1], "Paragraph 4 tells more", color="pink")
    window = make_window()
    _choose(qtbot, window)
    view = window.highlights.library_view
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        view.list.setCurrentRow(view.row_of(blue.id) or 0)
    idle(qtbot, window)
    assert window.article_view.article_id == ids[0]

    # A filter that leaves the article out empties the pane; one that keeps it does not.
    with qtbot.waitSignal(view.reloaded, timeout=10000):
        view.set_filter(color="blue")
    assert window.article_view.article_id == ids[0]
    with qtbot.waitSignal(view.reloaded, timeout=10000):
        view.set_filter(tag="hills")
    assert view.list.count() == 1 and window.article_view.article_id is None

    # Search takes the middle column; leaving it brings the view back, unfiltered rows
    # and all, and an article of the results that has no highlight leaves the pane.
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search("Story 2")
    assert window.list_pane.isVisible() and not view.isVisible()
    idle(qtbot, window)
    assert window.article_view.article_id == ids[2]  # the first hit, in the pane
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.isVisible() and not window.list_pane.isVisible())
    assert window.navigation.highlights
    assert window.article_view.article_id is None
    assert window.list_pane.selected_summaries() == []

    # Del deletes the pane's article (the view's), never a row of the hidden list.
    with qtbot.waitSignal(view.reloaded, timeout=10000):
        view.set_filter()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        view.list.setCurrentRow(view.row_of(pink.id) or 0)
    idle(qtbot, window)
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "delete"):
        window.window_actions.delete.trigger()
    assert window.article_view.article_id is None
    assert window.list_pane.selected_summaries() == []
    assert library.highlight_count() == 1  # the deleted article's highlight is gone
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10000)
    assert {library.get(i).title for i in (ids[0], ids[2])} == {"Harbour news", "River news"}


def test_the_window_opens_again_on_the_highlights_view(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    library.add_highlight(ids[0], "Paragraph 9 tells more")
    window = make_window()
    _choose(qtbot, window)
    window.close()
    again = make_window()
    view = again.highlights.library_view
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10000)
    assert again.navigation.highlights and view.isVisible()
    assert again.navigation.sidebar.currentIndex().row() == _row(again)
    qtbot.waitUntil(lambda: _count(again) == 1)
    # The list behind it was loaded too: All articles is there at once.
    again.show_view(View.ALL)
    qtbot.waitUntil(lambda: again.list_model.rowCount() == 3)


def test_reader_open_from_the_highlights_view_goes_to_the_list(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    window = make_window()
    _choose(qtbot, window)
    empty = window.highlights.library_view.empty
    assert empty.isVisible() and "press H" in empty.text()  # none yet: it says how
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.open_article(ids[1])  # `reader open ID`, handed to this window
    qtbot.waitUntil(lambda: window.current_summary() is not None)
    assert window.navigation.view is View.ALL and window.list_pane.isVisible()
    assert window.current_summary().id == ids[1]  # type: ignore[union-attr]


def test_a_highlight_added_elsewhere_does_not_move_the_rows_on_screen(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    for n in range(30):
        library.add_highlight(ids[n % 3], f"Paragraph {n} tells more")
    window = make_window()
    _choose(qtbot, window)
    view = window.highlights.library_view
    bar = view.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    assert bar.value() > 0
    top = view.list.itemAt(8, 1)
    before = (top.data(HIGHLIGHT_ROLE), view.list.visualItemRect(top).top())

    def add() -> None:  # on a connection of its own, as another process would
        try:
            library.add_highlight(ids[0], "Paragraph 31 tells more", note="late")
        finally:
            library.release_thread()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(add).result()
    qtbot.waitUntil(lambda: view.list.count() == 31, timeout=10000)
    assert "late" in view.list.item(0).text()  # above the screen: the screen stays put
    top = view.list.itemAt(8, 1)
    assert (top.data(HIGHLIGHT_ROLE), view.list.visualItemRect(top).top()) == before


def test_a_rows_menu_recolours_and_del_removes_the_highlight_not_the_article(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = _articles(library, tmp_path)
    mark = library.add_highlight(ids[0], "Paragraph 5 tells more", color="yellow")
    window = make_window()
    _choose(qtbot, window)
    view = window.highlights.library_view
    item = view.list.item(0)
    menu = view.menu_for(item)
    (colours,) = [a.menu() for a in menu.actions() if a.menu() is not None]
    green = next(a for a in colours.actions() if a.text() == "Green")
    assert next(a for a in colours.actions() if a.isChecked()).text() == "Yellow"
    green.trigger()
    qtbot.waitUntil(lambda: library.highlights(ids[0])[0].color == "green", timeout=10000)
    qtbot.waitUntil(
        lambda: view.list.item(0).data(ENTRY_ROLE).highlight.color == "green", timeout=10000
    )
    menu.deleteLater()

    # Del on the current row removes its highlight (undoable); the article stays.
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        view.list.setCurrentRow(0)
    idle(qtbot, window)
    view.list.setFocus()
    with qtbot.waitSignal(window.highlights.pane.removed, timeout=10000):
        qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert library.highlights(ids[0]) == ()
    assert window.list_model.row_of(ids[0]) is not None  # not deleted
    assert library.get(ids[0]).title == "Harbour news"
    qtbot.waitUntil(lambda: view.list.count() == 0, timeout=10000)
    assert window.window_actions.undo.text() == "&Undo Remove Highlight"
    with qtbot.waitSignal(window.highlights.pane.stored, timeout=10000):
        window.window_actions.undo.trigger()
    assert [h.id for h in library.highlights(ids[0])] == [mark.id]
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10000)
