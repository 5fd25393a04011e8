"""The ``reader`` command opens the window on the library; ``reader open ID`` on an article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from uihelpers import write_page

from reader import cli
from reader.library import Library
from reader.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_reader_open_shows_the_article_and_exits_cleanly(
    qapp: QApplication, library_dir: Path, tmp_path: Path
) -> None:
    with Library.open(library_dir) as library:
        path = write_page(tmp_path, "one", "Opened from the command line", "Command words.")
        article_id = library.save(str(path), base_url="https://news.example/cli").article_id
    seen: list[str] = []
    poll = QTimer()
    poll.setInterval(20)
    ticks = 0

    def check() -> None:
        nonlocal ticks
        ticks += 1
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[0] if windows else None
        if window is not None and window.article_view.article_id == article_id:
            if not window.runner.busy:
                seen.append(window.article_view.browser.toPlainText())
                window.close()
        elif ticks > 1000 and window is not None:  # a safety net, never a time limit
            window.close()

    poll.timeout.connect(check)
    poll.start()
    status = cli.main(["--library", str(library_dir), "open", str(article_id)])
    poll.stop()
    assert status == 0
    assert seen and "Opened from the command line" in seen[0]
