"""The app as the first of two processes on one library (run by test_single_instance).

``python tests/ui/single_app.py LIBRARY ARTICLE_ID`` runs ``reader --library LIBRARY``
(the real command) and watches its window: once it shows the article ARTICLE_ID (asked
for by another ``reader`` process), it prints ``opened ARTICLE_ID in 1 window`` and
closes the window, which ends the app.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader import cli
from reader.ui.main_window import MainWindow


def main() -> int:
    folder, target = sys.argv[1], int(sys.argv[2])
    app = QApplication(sys.argv[:1])

    def watch() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].article_view.article_id == target:
            print(f"opened {target} in {len(windows)} window", flush=True)
            windows[0].close()
            return
        QTimer.singleShot(20, watch)

    QTimer.singleShot(20, watch)
    return cli.main(["--library", folder])


if __name__ == "__main__":
    sys.exit(main())
