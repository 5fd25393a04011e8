"""Highlights and notes in the window (issue 13): the pane, the side panel, the view."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from uihelpers import idle, write_page

from reader.library import Library
from reader.models import NewHighlight
from reader.ui.highlight_marks import swatch
from reader.ui.highlight_panel import NOT_FOUND
from reader.ui.main_window import MainWindow
from reader.ui.settings import Theme

pytestmark = pytest.mark.gui


def _open(qtbot: QtBot, window: MainWindow, article_id: int) -> None:
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(article_id)
    idle(qtbot, window)


def _select(window: MainWindow, words: str) -> None:
    """Select ``words`` in the pane as a drag would."""
    browser = window.article_view.browser
    text = browser.document().toPlainText()
    start = text.index(words)
    cursor = QTextCursor(browser.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)


def _drawn(window: MainWindow) -> list[tuple[str, str]]:
    """What the pane draws: each highlight's covered text and background colour."""
    return [
        (s.cursor.selectedText(), s.format.background().color().name())
        for s in window.article_view.browser.extraSelections()
    ]


def test_select_highlight_resize_restart_recolour_delete_and_undo(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "a", "Tides of the harbour", "The tide came in.", paragraphs=12)
    article_id = library.save(str(path), base_url="https://news.example/a").article_id
    window = make_window()
    _open(qtbot, window, article_id)
    pane = window.highlights.pane
    words = "Paragraph 7 tells more of the story"
    _select(window, words)
    with qtbot.waitSignal(pane.stored, timeout=10000):
        qtbot.keyClick(window.article_view.browser, Qt.Key.Key_H)
    (stored,) = library.highlights(article_id)
    assert stored.quote == words and stored.color == "yellow"
    assert library.get(article_id).text[stored.start : stored.end] == words
    colors = window.article_view.colors
    assert _drawn(window) == [(words, swatch(colors, "yellow").name())]
    assert not window.article_view.browser.textCursor().hasSelection()

    # Bigger text: the document is laid out anew and the highlight covers the same words.
    height = window.article_view.browser.document().size().height()
    with qtbot.waitSignal(window.article_view.rendered):
        window.step_font(3)
    assert window.article_view.browser.document().size().height() > height
    assert _drawn(window) == [(words, swatch(colors, "yellow").name())]
    # Another theme: still there, in that theme's swatch.
    window.set_theme(Theme.DARK)
    dark = window.article_view.colors
    assert dark.dark and _drawn(window) == [(words, swatch(dark, "yellow").name())]

    # A new window on the same library finds it.
    window.close()
    again = make_window()
    _open(qtbot, again, article_id)
    pane = again.highlights.pane
    assert [w for w, _ in _drawn(again)] == [words]
    with qtbot.waitSignal(pane.stored, timeout=10000):
        pane.set_color(stored.id, "green")
    assert library.highlights(article_id)[0].color == "green"
    assert _drawn(again)[0][1] == swatch(again.article_view.colors, "green").name()

    # Remove, then Undo in the undo bar.
    with qtbot.waitSignal(pane.removed, timeout=10000):
        pane.remove(stored.id)
    assert library.highlights(article_id) == ()
    assert _drawn(again) == []
    assert again.undo_button.isVisibleTo(again)
    with qtbot.waitSignal(pane.stored, timeout=10000):
        again.undo_button.click()
    (back,) = library.highlights(article_id)
    assert (back.quote, back.color, back.start) == (words, "green", stored.start)
    assert [w for w, _ in _drawn(again)] == [words]


def test_notes_and_the_side_panel_in_reading_order(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "b", "A long read", "Gulls over the pier.", paragraphs=60)
    article_id = library.save(str(path), base_url="https://news.example/b").article_id
    late = library.add_highlight(article_id, "Paragraph 55 tells more", color="blue")
    early = library.add_highlight(article_id, "Paragraph 2 tells more", note="first!")
    library.add_highlights(article_id, [NewHighlight(quote="words that are nowhere at all")])
    window = make_window()
    _open(qtbot, window, article_id)
    window.highlights.toggle_panel.trigger()
    panel = window.highlights.panel
    assert panel.isVisibleTo(window)
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(rows) == 3
    assert "Paragraph 2" in rows[0] and "Note: first!" in rows[0]
    assert "Paragraph 55" in rows[1] and NOT_FOUND not in rows[1]
    assert NOT_FOUND in rows[2]

    browser = window.article_view.browser
    bar = browser.verticalScrollBar()
    bar.setValue(0)
    item = panel.item_for(late.id)
    assert item is not None
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bar.value() > 0
    mark = window.highlights.pane.mark_of(late.id)
    assert mark is not None
    cursor = QTextCursor(browser.document())
    cursor.setPosition(mark.start)
    assert 0 <= browser.cursorRect(cursor).top() < browser.viewport().height()

    # A note on a highlight and one on the article, shown in the panel.
    pane = window.highlights.pane
    with qtbot.waitSignal(pane.stored, timeout=10000):
        pane.set_note(late.id, "check the harbour log")
    with qtbot.waitSignal(pane.stored, timeout=10000):
        pane.set_article_note("Worth reading again.")
    assert library.get(article_id).note == "Worth reading again."
    assert panel.note.text() == "Note: Worth reading again."
    assert "check the harbour log" in panel.item_for(late.id).text()  # type: ignore[union-attr]
    assert early.id in {m.highlight.id for m in pane.marks}


@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
def test_the_highlights_view_filters_and_opens_the_article_at_the_highlight(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = []
    for n, title in enumerate(("Harbour news", "Mountain news")):
        path = write_page(tmp_path, f"v{n}", title, f"Story {n} begins.", paragraphs=40)
        ids.append(library.save(str(path), base_url=f"https://news.example/v{n}").article_id)
    library.add_tags([ids[1]], ["hills"])
    library.add_highlight(ids[0], "Paragraph 1 tells more", color="yellow")
    green = library.add_highlight(ids[1], "Paragraph 30 tells more", color="green", note="n")
    library.add_highlight(ids[1], "Paragraph 3 tells more", color="pink")
    window = make_window()
    view = window.highlights.library_view
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        window.highlights.show_all.trigger()
    idle(qtbot, window)
    texts = [view.list.item(i).text() for i in range(view.list.count())]
    assert len(texts) == 3 and "Paragraph 3" in texts[0]  # newest first
    assert "Mountain news" in texts[0] and "Harbour news" in texts[2]
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        view.set_filter(color="green")
    assert view.list.count() == 1 and "Note: n" in view.list.item(0).text()
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        view.set_filter(tag="hills")
    assert view.list.count() == 2
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        view.set_filter(color="yellow", tag="hills")
    assert view.list.count() == 0

    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        view.set_filter(color="green")
    rect = view.list.visualItemRect(view.list.item(0))
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article_view.article_id == ids[1]
    assert window.highlights.pane.current == green.id
    bar = window.article_view.browser.verticalScrollBar()
    assert bar.value() > 0


def test_the_selection_toolbar_highlights_and_a_click_on_a_highlight_offers_its_actions(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "t", "Toolbar", "Boats in the bay.", paragraphs=8)
    article_id = library.save(str(path), base_url="https://news.example/t").article_id
    window = make_window()
    _open(qtbot, window, article_id)
    pane, browser = window.highlights.pane, window.article_view.browser
    words = "Paragraph 4 tells more"
    _select(window, words)
    end = QTextCursor(browser.textCursor())
    end.setPosition(browser.textCursor().selectionEnd())
    qtbot.mouseRelease(
        browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(end).center()
    )
    qtbot.waitUntil(lambda: pane.bar.isVisible())
    assert pane.bar.target is None and not pane.bar.remove.isVisibleTo(pane.bar)
    with qtbot.waitSignal(pane.stored, timeout=10000):
        pane.bar.swatches["pink"].click()
    (h,) = library.highlights(article_id)
    assert (h.quote, h.color) == (words, "pink")
    assert not pane.bar.isVisible()

    mark = pane.mark_of(h.id)
    assert mark is not None
    inside = QTextCursor(browser.document())
    inside.setPosition(mark.start + 3)
    qtbot.mouseClick(
        browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(inside).center()
    )
    qtbot.waitUntil(lambda: pane.bar.isVisible())
    assert pane.bar.target == h.id and pane.bar.remove.isVisibleTo(pane.bar)
    assert pane.bar.swatches["pink"].text() == "✓"
    with qtbot.waitSignal(pane.removed, timeout=10000):
        pane.bar.remove.click()
    assert library.highlights(article_id) == ()


def test_a_selection_outside_the_article_text_says_so_in_one_line(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "h", "Header words", "Quiet streets.", paragraphs=6)
    article_id = library.save(str(path), base_url="https://news.example/h").article_id
    window = make_window()
    _open(qtbot, window, article_id)
    _select(window, "TEST TIMES")  # the site's name in the pane's header, not the text
    with qtbot.waitSignal(window.highlights.pane.failed, timeout=10000):
        window.highlights.highlight.trigger()
    idle(qtbot, window)
    assert library.highlights(article_id) == ()
    assert "does not contain" in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
def test_the_highlights_view_pages_through_many(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "m", "Many", "Lots of marks.", paragraphs=4)
    article_id = library.save(str(path), base_url="https://news.example/m").article_id
    library.add_highlights(article_id, [NewHighlight(quote=f"quote {n}") for n in range(230)])
    window = make_window()
    view = window.highlights.library_view
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        window.highlights.show_all.trigger()
    idle(qtbot, window)
    assert view.list.count() == 200 and view.count.text() == "230 highlights"
    with qtbot.waitSignal(view.pageLoaded, timeout=10000):
        assert view.fetch_more()
    assert view.list.count() == 230 and view.count.text() == "230 highlights"
    assert not view.fetch_more()


def test_a_highlight_made_by_another_process_appears_in_the_open_pane(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "o", "Other process", "Rain on the roofs.", paragraphs=6)
    article_id = library.save(str(path), base_url="https://news.example/o").article_id
    window = make_window()
    _open(qtbot, window, article_id)
    assert _drawn(window) == []
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library.folder), "highlight",
         str(article_id), "--quote", "Paragraph 3 tells more", "--color", "blue"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: [w for w, _ in _drawn(window)] == ["Paragraph 3 tells more"])
