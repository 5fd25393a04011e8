"""One decode path for every image, off the GUI thread (issue 9's freeze)."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from PIL import Image
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.photos import decode, decode_square
from reader.ui.workers import Lane, Priority, TaskRunner

pytestmark = pytest.mark.gui
STORM = Path(__file__).with_name("decode_storm.py")


def _encoded(fmt: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    colour = (200, 40, 40, 128) if mode == "RGBA" else (200, 40, 40)
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


def test_decoding_on_many_threads_at_once_never_freezes() -> None:
    # The reduced freeze: GUI thread and three workers decoding together (see the
    # script).  Qt's readers hung here; it runs apart so a hang fails instead of hanging.
    proc = subprocess.run(
        [sys.executable, str(STORM), "60"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "decoded 240"


def test_decode_and_crop_keep_colour_shape_and_transparency() -> None:
    photo = decode(_encoded("JPEG", (1200, 800)), QSize(300, 200))
    assert (photo.width(), photo.height()) == (300, 200)
    assert abs(photo.pixelColor(150, 100).red() - 200) < 10
    png = decode(_encoded("PNG", (64, 64), "RGBA"), QSize(32, 32))
    assert png.hasAlphaChannel() and abs(png.pixelColor(5, 5).alpha() - 128) < 3
    thumb = decode_square(_encoded("JPEG", (900, 300)), 96)
    assert (thumb.width(), thumb.height()) == (96, 96)
    assert decode(b"\xff\xd8 not a jpeg", QSize(10, 10)).isNull()
    assert decode_square(b"", 10).isNull()


def test_every_image_decodes_in_one_lane_one_at_a_time(qtbot: QtBot) -> None:
    runner = TaskRunner()
    threads: list[int] = []
    running = [0]
    overlap: list[int] = []
    lock = threading.Lock()

    def work(_: object) -> None:
        with lock:
            running[0] += 1
            overlap.append(running[0])
        decode_square(_encoded("JPEG", (400, 400)), 64)
        with lock:
            running[0] -= 1
            threads.append(threading.get_ident())

    for priority in (Priority.BACKGROUND, Priority.LIST, Priority.SCREEN) * 3:
        runner.submit(work, lane=Lane.IMAGE, priority=priority)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert len(threads) == 9 and len(set(threads)) == 1
    assert max(overlap) == 1
    assert runner.shutdown(1000)


def test_painting_a_photo_not_yet_decoded_shows_its_place_and_never_decodes_there(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    window = make_window()
    view = window.article_view
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.open_article(article_id)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    browser = view.browser
    browser.cache.clear()
    src = next(iter(browser.images))
    size = browser.image_size(src)
    assert size is not None
    key = browser.cache_key(src, size)
    kind = QTextDocument.ResourceType.ImageResource.value
    # What the document paints at once: a placeholder; the photo is queued, not decoded.
    first = browser.loadResource(kind, QUrl(src))
    assert isinstance(first, QImage) and first.size() == QSize(1, 1)
    assert key not in browser.cache
    qtbot.waitUntil(lambda: key in browser.cache, timeout=10000)
    shown = browser.document().resource(kind, QUrl(src))
    assert isinstance(shown, QImage) and shown.size() == size
