"""Render the import, export and backup views to PNG files (see scripts/screenshots.py).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_transfers.py --out screenshots/

Over the same demo library: the import's question (the format detected), its progress
in the status bar, its report with a failure and "Retry Failed", the pane's Retry of that
failure while another Reader is saving it, the Export dialog, the
message that says where an export went, and the question before a restore.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from screenshots import SIZE, DemoSite, build_library, idle, settle, shoot, wait_until

from reader.save_claims import new_claimant
from reader.ui.app import build_window, close_window
from reader.ui.export_dialog import ExportChoice
from reader.ui.settings import Theme

TITLES = [
    "Why the tide tables were wrong all summer",
    "A bakery that opens at four, for the night shift",
    "Ferries, fog and the long way round",
    "The last lamplighter of the old quarter",
    "Notes from a winter allotment",
]
BODY = "<p>The story goes on in plain sentences, long enough to be an article worth keeping.</p>"


def _grab(widget: QWidget | None, path: Path) -> None:
    assert widget is not None
    settle(200)
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reader")
    tmp = Path(tempfile.mkdtemp(prefix="reader-shots-"))
    site = DemoSite()
    try:
        library, ids = build_library(tmp / "library", site)
        rows = ["title,url,time_added,tags,status"]
        for i, title in enumerate(TITLES):
            path = f"/imported/{i}/"
            if i != 3:  # the lamplighter's page is gone: a failure for the report
                html = f"<html><head><title>{title}</title></head><body><article>"
                site.routes[path] = ((html + f"<h1>{title}</h1>" + BODY * 10).encode(), "text/html")
            if i == 4:
                site.slow.add(path)  # held back, so that the progress can be seen
            status = "archive" if i == 1 else "unread"
            rows.append(f'"{title}",http://{site.host}{path},{1_700_000_000 + i * 86400},'
                        f"coast|Küste,{status}")  # fmt: skip
        export_file = tmp / "pocket-export.csv"
        export_file.write_text("\n".join(rows) + "\n", "utf-8")

        settings = QSettings(str(tmp / "demo.ini"), QSettings.Format.IniFormat)
        settings.setValue("reading/theme", Theme.LIGHT.value)
        window = build_window(library, settings)
        window.resize(*SIZE)
        window.show()
        wait_until(lambda: window.list_model.rowCount() >= 5)
        idle(window)
        imports, exports = window.transfers.imports, window.transfers.exports

        before = window.list_model.rowCount()
        imports.ask(export_file)
        wait_until(lambda: imports.confirm is not None and imports.confirm.isVisible())
        _grab(imports.confirm, out / "import-confirm.png")
        assert imports.confirm is not None
        next(b for b in imports.confirm.buttons() if b.text() == "Import").click()
        wait_until(lambda: "fetching" in window.transfers.progress.text)
        wait_until(lambda: window.list_model.rowCount() >= before + 4)  # one is archived
        shoot(window, out / "import-progress.png", wait=False)
        site.release.set()
        wait_until(lambda: imports.report is not None and imports.report.isVisible())
        _grab(imports.report, out / "import-report.png")
        assert imports.report is not None
        (failed_id,) = imports.report.retry_ids
        imports.report.close()
        idle(window)

        # The pane's Retry while another Reader is saving that article: left to it.
        other = new_claimant()
        library.claim_save(library.queued([failed_id])[failed_id], other)
        window.select_article(failed_id)
        idle(window)
        items = len(window.saves_panel.items)
        window.article_view.message.primary.click()
        wait_until(
            lambda: (
                len(window.saves_panel.items) > items
                and window.saves_panel.items[-1].state == "failed"
            )
        )
        idle(window)
        shoot(window, out / "retry-busy.png")
        library.release_saves(other)

        window.select_article(ids["night-train"])
        idle(window)
        window.transfers.show_export()
        assert exports.dialog is not None
        exports.dialog.set_format("epub")
        _grab(exports.dialog, out / "export-dialog.png")
        exports.dialog.close()

        dest = tmp / "exports" / "Night train.epub"
        dest.parent.mkdir()
        exports.export(ExportChoice((ids["night-train"],), None, "epub", dest))
        wait_until(lambda: exports.done_box is not None and exports.done_box.isVisible())
        _grab(exports.done_box, out / "export-done.png")
        assert exports.done_box is not None
        exports.done_box.close()

        backup = tmp / "exports" / "Reader backup.sqlite3"
        exports.backup(backup)
        wait_until(lambda: backup.exists() and not window.runner.busy)
        exports.ask_restore(backup)
        _grab(exports.done_box, out / "restore-confirm.png")
        assert exports.done_box is not None
        exports.done_box.close()
        window.close()
        close_window(window)
        library.close()
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
