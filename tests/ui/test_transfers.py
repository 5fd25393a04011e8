"""Import, export and backups in the window (issues 12 and 14), over a real window,
library and local HTTP server."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot
from uihelpers import idle, saved_pages, write_page

from reader.importers.run import import_files
from reader.library import Library
from reader.models import Status
from reader.settings import read_limits
from reader.storage import check_library_file
from reader.ui.export_dialog import ExportDialog
from reader.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

PAGE = (
    "<!doctype html><html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
    + "<p>The harbour wall held through the night and the town woke to calm water.</p>" * 8
    + "</article></body></html>"
)


def _button(box: QMessageBox, text: str) -> None:
    for b in box.buttons():
        if b.text() == text:
            b.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def _urls_file(tmp_path: Path, site: LocalSite) -> tuple[Path, str]:
    for n in (1, 2):
        site.add(f"/story/{n}", PAGE.format(t=f"Harbour story {n}"))
    missing = site.url("/story/3")  # not there yet: a 404
    path = tmp_path / "links.txt"
    path.write_text(f"# my links\n{site.url('/story/1')}\n{site.url('/story/2')}\n{missing}\n")
    return path, missing


def test_import_shows_the_format_then_the_report_and_retries_the_failed(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    path, missing = _urls_file(tmp_path, site)
    window = make_window()
    imports = window.transfers.imports
    with qtbot.waitSignal(imports.detected) as detected:
        imports.ask(path)
    assert detected.args == [str(path), "urls"]
    box = imports.confirm
    assert box is not None and box.isVisible()
    assert "a list of addresses" in box.informativeText() and "links.txt" in box.text()
    with qtbot.waitSignal(imports.finished, timeout=30000):
        _button(box, "Import")
    report = imports.report
    assert report is not None and report.isVisible()
    assert report.headline.text() == "Imported 2 · already there 0 · failed 1"
    assert report.table.topLevelItemCount() == 1
    row = report.table.topLevelItem(0)
    assert row is not None and row.text(0) == missing and "404" in row.text(1)
    assert report.retry_button.isEnabled()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3)
    assert window.transfers.progress.text == ""  # the progress is gone at the end

    site.add("/story/3", PAGE.format(t="Harbour story 3"))  # the site is back
    report.retry_button.click()
    qtbot.waitUntil(lambda: "Retried: 1 saved" in report.note.text(), timeout=30000)
    assert report.table.topLevelItemCount() == 0
    assert report.headline.text() == "Imported 3 · already there 0 · failed 0"
    assert sorted(library.get(i).status.value for i in library.selection()) == ["saved"] * 3
    idle(qtbot, window)


def test_a_file_of_no_known_format_says_so_in_one_line(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    path = tmp_path / "photo.bin"
    path.write_bytes(bytes(range(256)) * 4)
    window = make_window()
    with qtbot.waitSignal(window.transfers.imports.failed) as failed:
        window.transfers.imports.ask(path)
    assert failed.args[0].category == "bad_file"
    line = window.statusBar().currentMessage()
    assert line.startswith("That file cannot be imported.") and "photo.bin" in line.lower()
    assert window.transfers.imports.confirm is None


def _drop(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    assert event.isAccepted()


def test_dropping_an_export_file_asks_then_imports(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    path, _ = _urls_file(tmp_path, site)
    window = make_window()
    imports = window.transfers.imports
    with qtbot.waitSignal(imports.detected):
        _drop(window, path)
    assert imports.confirm is not None
    with qtbot.waitSignal(imports.finished, timeout=30000) as finished:
        _button(imports.confirm, "Import")
    assert finished.args[0].summary.imported == 2
    assert library.count() == 3
    idle(qtbot, window)


def test_saves_left_pending_by_an_import_resume_at_start(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    path, _ = _urls_file(tmp_path, site)
    site.add("/story/3", PAGE.format(t="Harbour story 3"))
    summary = import_files(library, [path], fetch=False)  # as a killed import leaves it
    assert summary.imported == 3 and len(library.pending()) == 3
    window = make_window()
    qtbot.waitUntil(lambda: not library.pending(), timeout=30000)
    assert {library.get(i).status for i in library.selection()} == {Status.SAVED}
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3)


def test_export_dialog_a_tag_as_markdown_says_where_it_went(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    library.add_tags(ids[:2], ["harbour"])
    window = make_window()
    with qtbot.waitSignal(window.countsLoaded):
        window.refresh_counts()
    window.transfers.show_export()
    dialog = window.transfers.exports.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert not dialog.scope_selected.isEnabled()  # nothing selected
    dialog.scope_tag.setChecked(True)
    dialog.tag_combo.setCurrentText("harbour")
    dialog.set_format("markdown")
    dest = tmp_path / "out" / "Harbour notes"
    dest.parent.mkdir()
    dialog.dest_field.setText(str(dest))
    exports = window.transfers.exports
    with qtbot.waitSignal(exports.exported, timeout=30000) as exported:
        dialog.export_button.click()
    assert exported.args[0].articles == 2
    assert sorted(p.suffix for p in dest.iterdir()) == [".md", ".md"]
    box = exports.done_box
    assert box is not None and box.isVisible()
    assert box.text() == "Exported 2 articles as Markdown." and box.informativeText() == str(dest)
    assert str(dest) in window.statusBar().currentMessage()


def test_article_export_as_html_writes_one_self_contained_page(
    qtbot: QtBot,
    make_window: MakeWindow,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = saved_pages(library, tmp_path, 2)
    window = make_window()
    assert window.select_article(ids[0])
    idle(qtbot, window)
    dest = tmp_path / "story.html"
    asked: list[str] = []

    def save_name(_parent: object, caption: str, suggested: str, *_: object) -> tuple[str, str]:
        asked.append(suggested)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)  # the system's dialog
    assert window.window_actions.export_html.isEnabled()
    with qtbot.waitSignal(window.transfers.exports.exported, timeout=30000):
        window.window_actions.export_html.trigger()
    assert asked and asked[0].endswith("Story number 0.html")
    html = dest.read_text("utf-8")
    assert "Story number 0" in html and "Story number 1" not in html
    assert 'src="http' not in html and "<link" not in html


def test_back_up_now_then_restore_brings_the_articles_back(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    window = make_window()
    exports = window.transfers.exports
    dest = tmp_path / "mine.sqlite3"
    with qtbot.waitSignal(exports.backedUp, timeout=30000) as backed:
        exports.backup(dest)
    assert backed.args[0].articles == 3
    assert check_library_file(dest).articles == 3
    assert exports.done_box is not None and str(dest) in exports.done_box.informativeText()

    _reader(library.folder, "delete", *map(str, ids[:2]))  # regretted, at the command line
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=10000)
    exports.ask_restore(dest)
    box = exports.done_box
    assert box is not None and "mine.sqlite3" in box.text()
    with qtbot.waitSignal(exports.restored, timeout=30000) as restored:
        _button(box, "Restore")
    info = restored.args[0]
    assert info.articles == 3 and info.kept is not None and info.kept.exists()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3, timeout=10000)
    assert library.count() == 3
    idle(qtbot, window)


def test_a_damaged_backup_is_refused_and_the_library_stays(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 2)
    window = make_window()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4000)
    with qtbot.waitSignal(window.transfers.exports.failed) as failed:
        window.transfers.exports.restore(bad)
    assert failed.args[0].category == "backup_failed"
    assert window.statusBar().currentMessage()
    assert library.count() == 2


def test_the_automatic_backup_is_made_at_start(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 1)
    make_window()
    backups = list((library.folder / "backups").glob("auto-*.sqlite3"))
    assert len(backups) == 1 and check_library_file(backups[0]).articles == 1


def test_preferences_hold_the_backup_settings(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    window = make_window()
    window.window_actions.preferences.trigger()
    dialog = window.preferences
    keep = dialog.fields[("backup", "keep")]
    assert isinstance(keep, QSpinBox) and keep.value() == 7
    keep.setValue(3)
    with qtbot.waitSignal(dialog.limitsSaved):
        dialog.save_limits()
    backup = read_limits(library.folder)["backup"]
    assert backup.keep == 3 and backup.every_hours == 24.0


def test_importing_a_reader_archive_restores_it(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    # The archive comes from another library, made by `reader` in its own process (one
    # process, one library: the storage binds its tables to the last library opened).
    elsewhere, archive = tmp_path / "elsewhere", tmp_path / "from-elsewhere.zip"
    for i in range(2):
        page = write_page(tmp_path, f"p{i}", f"Archived story {i}", "Archived words.")
        _reader(elsewhere, "add", str(page), "--url", f"https://news.example/a{i}")
    _reader(elsewhere, "tag", "1", "--add", "kept")
    _reader(elsewhere, "export", "--format", "archive", "--to", str(archive))
    window = make_window()
    imports = window.transfers.imports
    with qtbot.waitSignal(imports.detected) as detected:
        imports.ask(archive)
    assert detected.args[1] == "archive"
    assert imports.confirm is not None and "Reader archive" in imports.confirm.informativeText()
    with qtbot.waitSignal(imports.finished, timeout=30000):
        _button(imports.confirm, "Import")
    assert imports.report is not None
    assert imports.report.headline.text() == "Imported 2 · already there 0 · failed 0"
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2)
    found = sorted((library.get(i).title, library.get(i).tags) for i in library.selection())
    assert found == [("Archived story 0", ("kept",)), ("Archived story 1", ())]


def _reader(folder: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(folder), *args],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_dropping_two_exports_a_page_and_a_photo(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    links, _ = _urls_file(tmp_path, site)
    more = tmp_path / "more.txt"
    more.write_text(site.url("/story/1") + "\n")  # already in the first: existing
    page = write_page(tmp_path, "dropped", "A dropped page", "Dropped words.")
    picture = tmp_path / "holiday.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    window = make_window()
    imports = window.transfers.imports
    with qtbot.waitSignal(window.saves.saved, timeout=20000) as saved:
        _drop(window, links, page, more, picture)
    assert library.get(saved.args[0]).title == "A dropped page"
    box = imports.confirm
    assert box is not None and box.text() == "Import these 2 files?"
    assert "links.txt: a list of addresses" in box.informativeText()
    assert "more.txt: a list of addresses" in box.informativeText()
    assert "holiday.png" in window.statusBar().currentMessage().lower()
    with qtbot.waitSignal(imports.finished, timeout=30000) as finished:
        _button(box, "Import")
    summary = finished.args[0].summary
    assert (summary.imported, summary.existing, summary.failed) == (2, 1, 1)
    idle(qtbot, window)


def test_a_running_import_stops_and_what_was_not_fetched_stays_pending(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    arrived: list[str] = []
    release = threading.Event()

    def held(request: BaseHTTPRequestHandler, _site: LocalSite) -> None:
        arrived.append(request.path)
        release.wait(timeout=20)  # the pages answer once the test has pressed Stop
        body = PAGE.format(t=f"Held story {request.path[-1]}").encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    urls = [site.handle(f"/held/{n}", held) for n in range(6)]
    path = tmp_path / "links.txt"
    path.write_text("\n".join(urls) + "\n")
    window = make_window()
    imports, progress = window.transfers.imports, window.transfers.progress
    imports.start([path])
    qtbot.waitUntil(lambda: len(arrived) == 2, timeout=20000)  # two at once to one host
    assert progress.stop_button.isVisible()
    progress.stop_button.click()
    assert "stopping" in progress.text and not progress.stop_button.isVisible()
    with qtbot.waitSignal(imports.finished, timeout=30000):
        release.set()
    report = imports.report
    assert report is not None and report.windowTitle() == "Import stopped"
    assert "Stopped: 4 recorded but not fetched yet" in report.note.text()
    statuses = sorted(library.get(i).status.value for i in library.selection())
    assert statuses == ["pending"] * 4 + ["saved"] * 2  # nothing lost, nothing fetched twice
    assert len(arrived) == 2
    assert progress.text == ""
