"""Closing the app: quick with saves in flight, which resume next start; workers tidy."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import DATA, NEWS_PATH, LocalSite
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.models import ArticleFilter, Status
from reader.ui.app import close_window
from reader.ui.workers import Lane, TaskRunner

pytestmark = pytest.mark.gui
QUIT = Path(__file__).with_name("quit_mid_save.py")


def test_every_task_releases_its_worker_threads_connection(qtbot: QtBot) -> None:
    released: list[tuple[str, int]] = []
    ran: list[tuple[str, int]] = []

    def release() -> None:
        released.append((threading.current_thread().name, threading.get_ident()))

    runner = TaskRunner(release_thread=release)
    for lane in Lane:
        for _ in range(2):
            runner.submit(
                lambda _p: ran.append((threading.current_thread().name, threading.get_ident())),
                lane=lane,
            )
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert runner.shutdown(1000)
    assert len(ran) == 6
    assert sorted(released) == sorted(ran)  # on the worker itself, after every task
    assert threading.get_ident() not in {ident for _, ident in ran}


def test_quitting_mid_save_is_quick_and_the_save_resumes_at_the_next_start(
    qtbot: QtBot, make_window: MakeWindow, library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    site.add_news_story()  # its photos
    page = (DATA / "pages" / "news-article.html").read_text("utf-8").replace("{HOST}", site.host)
    first = threading.Event()
    answered: list[int] = []

    def slow_the_first_time(handler: BaseHTTPRequestHandler, _site: LocalSite) -> None:
        if not first.is_set():
            first.set()
            marker.write_text("the request arrived")
            site.stopping.wait(120)  # this site takes its time: until the test ends
            return
        answered.append(1)
        body = page.encode("utf-8")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    url = site.handle(NEWS_PATH + "slow", slow_the_first_time)
    app_ini, marker = str(tmp_path / "app.ini"), tmp_path / "arrived"
    proc = subprocess.run(
        [sys.executable, str(QUIT), str(library_dir), app_ini, url, str(marker)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The app is gone while the site still holds its request: it did not wait for it.
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "quit with a save in flight"
    assert first.is_set() and answered == []

    library = Library.open(library_dir)
    try:
        pending = library.page(ArticleFilter(status=Status.PENDING)).items
        assert [a.given_url for a in pending] == [url]  # kept, not failed
        window = make_window(library)  # the next start finishes it
        qtbot.waitUntil(lambda: library.get(pending[0].id).status is Status.SAVED, timeout=20000)
        qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=10000)
        assert answered == [1]
        window.close()
        close_window(window)
    finally:
        library.close()
