"""The import report's Retry Failed beside another Reader saving the same article: that
one is left to it and the report says so, not that it failed again (issue: claims); the
pane's own Retry too."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import idle

from reader.errors import ReaderError
from reader.library import Library
from reader.models import Status
from reader.save_claims import new_claimant
from reader.ui.sidebar import View

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

PAGE = (
    "<!doctype html><html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
    + "<p>The harbour wall held through the night and the town woke to calm water.</p>" * 8
    + "</article></body></html>"
)


def _import_button(box: QMessageBox) -> None:
    (button,) = [b for b in box.buttons() if b.text() == "Import"]
    button.click()


def test_retry_failed_leaves_to_another_reader_what_it_is_saving(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    site.add("/story/1", PAGE.format(t="Harbour story 1"))
    missing = site.url("/story/2")  # not there yet: a 404
    path = tmp_path / "links.txt"
    path.write_text(f"{site.url('/story/1')}\n{missing}\n")
    window = make_window()
    imports = window.transfers.imports
    with qtbot.waitSignal(imports.detected):
        imports.ask(path)
    assert imports.confirm is not None
    with qtbot.waitSignal(imports.finished, timeout=30000):
        _import_button(imports.confirm)
    report = imports.report
    assert (
        report is not None and report.headline.text() == "Imported 1 · already there 0 · failed 1"
    )
    (failed_id,) = report.retry_ids

    # The site is back, and another Reader (a drain of its own) is saving that one now.
    site.add("/story/2", PAGE.format(t="Harbour story 2"))
    other = new_claimant()
    assert library.claim_save(library.queued([failed_id])[failed_id], other)
    report.retry_button.click()
    qtbot.waitUntil(lambda: report.note.text().startswith("Retried:"), timeout=30000)
    assert report.note.text() == "Retried: 0 saved, 1 left to another Reader saving it."
    row = report.table.topLevelItem(0)
    assert row is not None and row.text(0) == missing
    assert row.toolTip(1) == "being saved by another Reader running at the same time"
    assert site.log.count("/story/2") == 1  # only the import's own try
    assert library.get(failed_id).status is Status.FAILED  # untouched here
    assert report.retry_button.isEnabled()

    library.release_saves(other)  # that Reader stopped without saving it
    report.retry_button.click()
    qtbot.waitUntil(lambda: "Retried: 1 saved" in report.note.text(), timeout=30000)
    assert report.table.topLevelItemCount() == 0
    assert library.get(failed_id).status is Status.SAVED
    idle(qtbot, window)


def test_the_panes_retry_leaves_to_another_reader_the_article_it_is_saving(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    url = site.url("/story/3")  # not there yet: a 404
    with suppress(ReaderError):
        library.save(url)
    (failed_id,) = library.unfinished()
    window = make_window()
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.show_view(View.FAILED)
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(failed_id)
    message = window.article_view.message
    assert message.primary.text() == "Retry"

    site.add("/story/3", PAGE.format(t="Harbour story 3"))
    other = new_claimant()  # another Reader is saving it right now
    assert library.claim_save(library.queued([failed_id])[failed_id], other)
    with qtbot.waitSignal(window.saves.failedSave, timeout=20000) as failed:
        message.primary.click()
    assert failed.args[1].category == "busy"
    item = window.saves_panel.items[-1]
    assert item.state == "failed"
    assert item.status.text() == (
        "Already being saved. Another Reader is saving this article right now"
    )
    # The pane does not say "Saving…" for ever: it shows the article as it stands.
    qtbot.waitUntil(lambda: message.primary.text() == "Retry", timeout=20000)
    assert site.log.count("/story/3") == 1  # only the first, failed, try
    assert library.get(failed_id).status is Status.FAILED

    library.release_saves(other)  # that Reader stopped without saving it
    with qtbot.waitSignal(window.saves.saved, timeout=20000):
        message.primary.click()
    assert library.get(failed_id).status is Status.SAVED
    idle(qtbot, window)
