"""The app quitting while a save waits on a slow site (run by test_closing as a process).

``python tests/ui/quit_mid_save.py LIBRARY SETTINGS URL MARKER``: opens the window on
the library, saves URL, and once the site has the request (it writes the file MARKER),
closes the window the way the app does and exits.  Prints ``quit with a save in flight`` when the save was still
running at the end (the test's site never answers before this process is gone).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.library import Library
from reader.ui.app import build_window, close_window


def main() -> int:
    folder, settings_file, url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    marker = Path(sys.argv[4])
    app = QApplication(sys.argv[:1])
    library = Library.open(folder)
    window = build_window(library, QSettings(settings_file, QSettings.Format.IniFormat))
    window.show()
    window.save_targets([url])

    def quit_when_fetching() -> None:
        if marker.exists():
            window.close()
            app.quit()
        else:
            QTimer.singleShot(20, quit_when_fetching)

    QTimer.singleShot(20, quit_when_fetching)
    app.exec()
    close_window(window)
    in_flight = window.runner.saving
    library.close()
    print("quit with a save in flight" if in_flight else "quit with nothing running")
    return 0


if __name__ == "__main__":
    sys.exit(main())
