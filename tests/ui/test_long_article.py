"""A long article opens, keeps the reader's place and changes theme without the GUI
thread doing it all at once (issue 10; the stalls themselves: bench/gui_stall.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeWindow
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import idle, write_page

from reader.library import Library
from reader.ui.main_window import MainWindow
from reader.ui.reading_document import AT_ONCE_CHARS
from reader.ui.settings import Theme
from reader.ui.themes import DARK

pytestmark = pytest.mark.gui

WORDS = "The long report goes on, line after line, with every detail of the inquiry. " * 6


def _long_article(library: Library, tmp_path: Path) -> int:
    path = write_page(tmp_path, "long", "The whole inquiry", WORDS, paragraphs=320)
    return library.save(str(path), base_url="https://news.example/inquiry").article_id


def _opened_at(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path, place: float
) -> MainWindow:
    """A window showing the long article, which the reader left at ``place``."""
    article_id = _long_article(library, tmp_path)
    library.set_read_position(article_id, place)
    window = make_window()
    window.resize(1300, 850)
    with qtbot.waitSignal(window.article_view.articleShown, timeout=20000):
        window.select_article(article_id)
    return window


def _fraction(window: MainWindow) -> float:
    bar = window.article_view.browser.verticalScrollBar()
    return bar.value() / bar.maximum()


def test_a_long_article_opens_laid_out_at_the_readers_place(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    window = _opened_at(qtbot, make_window, library, tmp_path, 0.6)
    view = window.article_view
    doc = view.browser.document()
    assert doc.characterCount() > AT_ONCE_CHARS  # laid out in steps, not at once
    assert doc.lastBlock().layout().lineCount() > 0  # to its end before it was shown
    assert "Paragraph 319" in doc.toPlainText()
    assert abs(_fraction(window) - 0.6) < 0.01

    browser = view.browser
    top_block = doc.findBlock(browser.cursorForPosition(QPoint(0, 0)).position())
    window.resize(1000, 850)  # a narrower column: Qt wraps it again, in steps
    qtbot.waitUntil(lambda: not view.pacer.running, timeout=20000)
    assert doc.lastBlock().layout().lineCount() > 0
    assert browser.viewport().updatesEnabled()  # shown again once its words were there
    # The same paragraph is at the top: the reader keeps their words, not a fraction.
    now = doc.findBlock(browser.cursorForPosition(QPoint(0, 0)).position())
    assert abs(now.blockNumber() - top_block.blockNumber()) <= 1
    qtbot.waitUntil(lambda: abs(_fraction(window) - 0.6) < 0.02, timeout=5000)
    assert doc.findBlock(browser.cursorForPosition(QPoint(0, 0)).position()) == now


def test_a_theme_change_builds_a_long_article_again_and_keeps_the_place(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    window = _opened_at(qtbot, make_window, library, tmp_path, 0.3)
    view = window.article_view
    idle(qtbot, window)
    before = view.browser.document()
    window.appearance.set_theme(Theme.DARK)
    # A long one is built on a worker: the old document stays until the new one is ready.
    qtbot.waitUntil(lambda: view.browser.document() is not before, timeout=20000)
    qtbot.waitUntil(lambda: not view.pacer.running, timeout=20000)
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(view.browser.document().characterCount() // 2)
    assert cursor.charFormat().foreground().color() == QColor(DARK.text)
    qtbot.waitUntil(lambda: abs(_fraction(window) - 0.3) < 0.02, timeout=5000)


def test_the_wheel_scrolls_the_article_over_the_margins_beside_the_column(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "mid", "A long read", WORDS, paragraphs=30)
    article_id = library.save(str(path), base_url="https://news.example/mid").article_id
    window = make_window()
    window.resize(1400, 850)
    window.window_actions.focus_mode.trigger()  # the widest pane: wide margins
    view = window.article_view
    with qtbot.waitSignal(view.articleShown, timeout=20000):
        window.select_article(article_id)
    browser = view.browser
    left = browser.viewportMargins().left()
    assert left > 100  # the column is centred by the margins
    assert browser.viewport().width() == browser.text_width()
    point = QPointF(left / 2, browser.height() / 2)  # beside the column, not on it
    assert not browser.viewport().geometry().contains(point.toPoint())
    event = QWheelEvent(
        point,
        QPointF(browser.mapToGlobal(point.toPoint())),
        QPoint(0, -120),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(browser, event)
    assert browser.verticalScrollBar().value() > 0


def test_another_article_chosen_while_a_long_one_wraps_again_is_shown(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    window = _opened_at(qtbot, make_window, library, tmp_path, 0.5)
    view = window.article_view
    path = write_page(tmp_path, "next", "The next story", "Short.", paragraphs=3)
    other = library.save(str(path), base_url="https://news.example/next").article_id
    window.resize(1000, 850)  # the long one goes to its top, hidden, while it wraps again
    assert not view.browser.viewport().updatesEnabled()
    with qtbot.waitSignal(view.articleShown, timeout=20000):
        view.open_article(other)
    assert view.browser.viewport().updatesEnabled()
    assert "The next story" in view.browser.toPlainText()
