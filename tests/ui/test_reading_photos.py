"""The reading pane's photos: laid out at their final size first, decoded at that size."""

from __future__ import annotations

import re

from conftest import MakeWindow
from localsite import LocalSite
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.photos import PhotoCache, decode, stored_photo


def _jpeg(width: int, height: int) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0x5577AA)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(buffer.data().data())


def test_decode_straight_to_the_size_shown(qtbot: QtBot) -> None:
    photo = stored_photo(_jpeg(1600, 1067), 1600, 1067, 1600)
    assert photo is not None
    size = photo.size_within(680)
    assert (size.width(), size.height()) == (680, 453)
    image = decode(photo.data, size)
    assert image.size() == size
    assert abs(QImage(image).pixelColor(300, 200).blue() - 0xAA) < 8
    assert decode(b"not an image", QSize(10, 10)).isNull()
    assert stored_photo(b"x", 0, 0, 1600) is None


def test_photo_cache_is_bounded_least_recently_used_first(qtbot: QtBot) -> None:
    one = QImage(100, 100, QImage.Format.Format_RGB32)
    cache = PhotoCache(max_bytes=2 * one.sizeInBytes())
    cache.put((1, "a", 100, 100), QImage(one))
    cache.put((1, "b", 100, 100), QImage(one))
    assert cache.get((1, "a", 100, 100)) is not None  # "b" is now the least recent
    cache.put((1, "c", 100, 100), QImage(one))
    assert (1, "b", 100, 100) not in cache
    assert (1, "a", 100, 100) in cache and (1, "c", 100, 100) in cache
    assert cache.bytes == 2 * one.sizeInBytes()


def test_photos_have_their_size_before_decoding_and_all_get_decoded(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    site.log.clear()
    window = make_window()
    view = window.article_view
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.open_article(article_id)
    browser = view.browser
    assert len(browser.images) == 2
    # (Laid out again, sizes included, if the window got its size after the article.)
    qtbot.waitUntil(lambda: view._last_width == browser.text_width(), timeout=5000)
    qtbot.waitUntil(lambda: not view._relayout_timer.isActive(), timeout=5000)
    sizes = browser.image_sizes()
    for src, (width, height) in sizes.items():
        tag = re.search(rf'<img src="{re.escape(src)}"[^>]*>', view._html)
        assert tag is not None and f'width="{width}" height="{height}"' in tag.group(0)
        assert width <= browser.text_width()
    window.grab()  # paints the photos on screen; the background decodes the rest
    keys = [browser.cache_key(src, browser.image_size(src)) for src in browser.images]  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: all(key in browser.cache for key in keys), timeout=10000)
    assert site.log == []


def test_a_stale_background_decode_is_dropped(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    first = library.save(site.add_news_story()).article_id
    window = make_window()
    view = window.article_view
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.open_article(first)
    view.browser.cache.clear()
    view.photos.prefetch()
    job = view.photos.job
    view.show_message("Elsewhere")  # another page before the photos arrive
    assert job is None or job.cancelled
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert len(view.browser.cache) == 0


def test_a_portrait_photo_is_never_taller_than_the_pane(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    from localsite import photo

    site.add("/img/tower.jpg", photo(900, 2400, seed=5), "image/jpeg")
    words = " ".join(["The tower stands over the old harbour and its quiet streets."] * 6)
    body = "".join(f"<p>{words} Part {i}.</p>" for i in range(6))
    url = site.add(
        "/news/tower/",
        f"<!doctype html><html><head><title>The tall tower</title></head><body><article>"
        f"<h1>The tall tower</h1><p>{words}</p>"
        f'<figure><img src="/img/tower.jpg" width="900" height="2400">'
        f"<figcaption>The tower at dusk.</figcaption></figure>{body}</article></body></html>",
    )
    article_id = library.save(url).article_id
    window = make_window()
    view = window.article_view
    with qtbot.waitSignal(view.articleShown, timeout=10000):
        window.open_article(article_id)
    browser = view.browser
    qtbot.waitUntil(lambda: not view._relayout_timer.isActive(), timeout=5000)
    ((width, height),) = browser.image_sizes().values()
    assert height <= browser.viewport().height()
    assert abs(width / height - 900 / 2400) < 0.01  # its shape kept
    tag = re.search(r"<img [^>]*>", view._html)
    assert tag is not None and f'height="{height}"' in tag.group(0)
    # A shorter window: laid out again, still whole on the screen.
    window.resize(1200, 600)
    qtbot.waitUntil(
        lambda: next(iter(browser.image_sizes().values()))[1] <= browser.viewport().height(),
        timeout=5000,
    )
    qtbot.waitUntil(
        lambda: f'height="{next(iter(browser.image_sizes().values()))[1]}"' in view._html,
        timeout=5000,
    )
