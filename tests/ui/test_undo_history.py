"""Edit > Undo (Ctrl+Z) undoes the newest undoable action: a highlight removed or
articles deleted, in the order they were done."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeWindow
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import idle, saved_pages

from reader.library import Library

pytestmark = pytest.mark.gui


def test_ctrl_z_undoes_a_highlight_removal_then_the_delete_before_it(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    mark = library.add_highlight(ids[0], "Lighthouse keeper 0", color="blue", note="kept")
    window = make_window()
    undo = window.window_actions.undo
    assert not undo.isEnabled()

    # Delete one article...
    window.select_article(ids[2])
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "delete"):
        window.window_actions.delete.trigger()
    assert window.list_model.row_of(ids[2]) is None
    assert undo.isEnabled() and undo.text() == "&Undo Delete"

    # ...then remove a highlight of another.
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(ids[0])
    idle(qtbot, window)
    pane = window.highlights.pane
    assert [m.highlight.id for m in pane.marks] == [mark.id]
    with qtbot.waitSignal(pane.removed, timeout=10000):
        pane.remove(mark.id)
    assert library.highlights(ids[0]) == ()
    assert undo.text() == "&Undo Remove Highlight"

    # Ctrl+Z: the highlight comes back first, whole, and is drawn again.
    window.list_view.setFocus()
    with qtbot.waitSignal(pane.stored, timeout=10000):
        qtbot.keyClick(window.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (back,) = library.highlights(ids[0])
    assert (back.id, back.quote, back.color, back.note) == (mark.id, mark.quote, "blue", "kept")
    assert [m.highlight.id for m in pane.marks] == [mark.id]
    assert window.list_model.row_of(ids[2]) is None  # the delete is not undone yet
    assert undo.text() == "&Undo Delete"

    # Ctrl+Z again: the deleted article is back in the list.
    with qtbot.waitSignal(window.list_model.pageLoaded, timeout=10000):
        qtbot.keyClick(window.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.list_model.row_of(ids[2]) is not None
    assert not undo.isEnabled() and undo.text() == "&Undo"
    assert len(library.highlights(ids[0])) == 1  # nothing undone twice


def test_undoing_a_highlight_removal_works_when_the_pane_shows_something_else(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 2)
    mark = library.add_highlight(ids[0], "Lighthouse keeper 0")
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.select_article(ids[0])
    idle(qtbot, window)
    pane = window.highlights.pane
    with qtbot.waitSignal(pane.removed, timeout=10000):
        pane.remove(mark.id)
    window.list_view.clearSelection()
    window.article_view.clear()
    idle(qtbot, window)
    assert pane.article_id is None
    with qtbot.waitSignal(pane.stored, timeout=10000):
        window.window_actions.undo.trigger()
    assert [h.id for h in library.highlights(ids[0])] == [mark.id]
