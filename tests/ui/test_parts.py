"""Smaller parts of the app: tag editing, dropped links, figures, error text, snippets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from pytestqt.qtbot import QtBot

from reader.errors import HTTPStatusError
from reader.library import Library
from reader.ui.article_delegate import split_snippet
from reader.ui.article_html import drop_leading_byline, image_sources, qt_body
from reader.ui.error_messages import describe, describe_stored
from reader.ui.formatting import short_date
from reader.ui.saving import targets_from_mime, targets_from_text
from reader.ui.tag_editor import TagDialog, split_tags

pytestmark = pytest.mark.gui


# The completion popup asks the platform to raise it and grab the keyboard, which the
# offscreen platform of the tests cannot do (and says so); nothing of ours is wrong.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_tag_dialog_adds_with_completion_and_removes_chips(qtbot: QtBot) -> None:
    dialog = TagDialog(2, ["world"], ["politics", "world", "weather"], None)
    qtbot.addWidget(dialog)
    editor, field = dialog.editor, dialog.field
    assert [c.name for c in editor.chips] == ["world"]
    qtbot.keyClicks(field, "pol")
    completer = field._completer
    assert completer.completionPrefix() == "pol"
    assert completer.completionCount() == 1
    model = completer.completionModel()
    assert model.data(model.index(0, 0)) == "politics"
    completer.activated.emit("politics")
    assert field.text() == ""
    assert [c.name for c in editor.chips] == ["world", "politics"]
    qtbot.keyClicks(field, "big  cat,")  # a comma finishes a tag too
    qtbot.keyClicks(field, "World")  # a tag it has already: no twin
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.tags() == ["world", "politics", "big cat"]
    qtbot.mouseClick(editor.chips[0], Qt.MouseButton.LeftButton)  # a chip's ✕ removes it
    assert dialog.tags() == ["politics", "big cat"]
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # in the empty field: the last chip goes
    assert dialog.tags() == ["politics"]
    qtbot.keyClicks(field, "typed")  # what is still in the field counts
    assert dialog.tags() == ["politics", "typed"]
    field.clear()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter with nothing typed: done
    completer.popup().hide()


def test_split_tags_trims_and_dedupes() -> None:
    assert split_tags(" a ,b,, a , big  cat ") == ["a", "b", "big cat"]


def test_targets_from_text_and_drops(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text("<p>x</p>")
    text = f"https://a.example/1\nhttps://a.example/1  example.org/news file://{page}"
    assert targets_from_text(text) == ["https://a.example/1", "example.org/news", str(page)]
    mime = QMimeData()
    mime.setUrls([QUrl("https://b.example/x"), QUrl.fromLocalFile(str(page)),
                  QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))])  # fmt: skip
    assert targets_from_mime(mime) == ["https://b.example/x", str(page)]
    words = QMimeData()
    words.setText("read this: https://c.example/story and that")
    assert targets_from_mime(words) == ["https://c.example/story"]


def test_figures_become_photos_with_captions_under_them() -> None:
    body = (
        '<div><figure>\n  <img src="reader://image/abc" width="1600" alt="A &amp; B">\n'
        "  <figcaption>The caption <span>(Photo)</span></figcaption>\n</figure>"
        '<p>Text with <img src="reader://image/def"> inline.</p></div>'
    )
    out = qt_body(body)
    assert '<p class="image" align="center"><img src="reader://image/abc" alt="A &amp; B">' in out
    assert '<p class="caption">The caption <span>(Photo)</span></p>' in out
    assert "width=" not in out
    assert out.index("image/abc") < out.index("The caption")
    assert image_sources(body) == ["reader://image/abc", "reader://image/def"]


def test_a_byline_repeated_in_the_body_is_dropped() -> None:
    body = '<div><article><p>By <a href="/x">Ann Lee</a></p><p>Story.</p></article></div>'
    assert drop_leading_byline(body, "Ann Lee") == "<div><article><p>Story.</p></article></div>"
    assert drop_leading_byline("<p>Ann went home.</p>", "Ann") == "<p>Ann went home.</p>"


def test_errors_read_as_sentences() -> None:
    msg = describe(HTTPStatusError(404, "the server answered HTTP 404 Not Found"))
    assert msg.headline == "The site refused the page"
    assert msg.detail == "The server answered HTTP 404 Not Found"
    stored = describe_stored("timeout: example.org took more than 30 s")
    assert stored.headline == "The site took too long to answer"
    assert describe_stored(None).headline == "The page could not be saved"


def test_snippet_marks_become_highlight_spans() -> None:
    text, spans = split_snippet("…the\n \x02river\x03 ran \x02red\x03")
    assert text == "…the river ran red"
    assert [text[s : s + n] for s, n in spans] == ["river", "red"]


def test_short_dates() -> None:
    today = date(2026, 11, 24)
    assert short_date("2026-11-24T09:00:00", today) == "Today"
    assert short_date("2026-11-23T09:00:00", today) == "Yesterday"
    assert short_date("2026-03-05", today) == "5 Mar"
    assert short_date("2024-07-31T16:31:00-07:00", today) == "31 Jul 2024"
    assert short_date("not a date", today) == ""


def test_reading_pane_serves_library_images_only(qtbot: QtBot) -> None:
    from PySide6.QtCore import QBuffer, QIODevice, QSize
    from PySide6.QtGui import QImage, QTextDocument

    from reader.ui.photos import decode, stored_photo
    from reader.ui.reading_browser import ReadingBrowser

    browser = ReadingBrowser()
    qtbot.addWidget(browser)
    image = QImage(4000, 100, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    photo = stored_photo(bytes(buffer.data().data()), 4000, 100, 1600)
    assert photo is not None and (photo.width, photo.height) == (1600, 40)
    browser.set_images(1, {"reader://image/k1": photo})
    kind = QTextDocument.ResourceType.ImageResource.value
    src = "reader://image/k1"
    waiting = browser.loadResource(kind, QUrl(src))
    assert isinstance(waiting, QImage) and waiting.size() == QSize(1, 1)  # its place, for now
    size = browser.image_size(src)
    assert size is not None
    browser.show_decoded(src, browser.cache_key(src, size), decode(photo.data, size))
    served = browser.loadResource(kind, QUrl(src))
    assert isinstance(served, QImage)
    assert served.width() == browser.image_width()  # scaled to the column
    assert served.pixel(5, 5) == QImage(image).pixel(5, 5)
    for url in ("http://127.0.0.1:1/x.jpg", "file:///etc/passwd", "reader://image/other"):
        assert browser.loadResource(kind, QUrl(url)) is None
    style = QTextDocument.ResourceType.StyleSheetResource.value
    assert browser.loadResource(style, QUrl("http://example.org/site.css")) is None


def test_thumbnail_cache_is_bounded(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    from uihelpers import saved_pages

    from reader.ui.thumbnails import ThumbnailCache
    from reader.ui.workers import TaskRunner

    ids = saved_pages(library, tmp_path, 5)
    runner = TaskRunner(release_thread=library.release_thread)
    cache = ThumbnailCache(library, runner, capacity=3)
    for article_id in ids:
        with qtbot.waitSignal(cache.ready):
            assert cache.get(article_id) is None  # loads in the background
    assert len(cache) == 3
    runner.shutdown()


def test_a_body_parsed_once_takes_each_images_size_when_rendered() -> None:
    from reader.ui.article_html import prepare_body

    body = (
        '<figure><img src="reader://image/a" alt="A"><figcaption>Cap</figcaption></figure>'
        '<p>Inline <img src="reader://image/b"> image.</p>'
    )
    prepared = prepare_body(body)
    assert [src for _, src in prepared.slots] == ["reader://image/a", "reader://image/b"]
    plain = prepared.html({})
    assert "width=" not in plain and plain.count("<img ") == 2
    sized = prepared.html({"reader://image/b": (20, 10)})
    assert '<img src="reader://image/b" alt="" width="20" height="10">' in sized
    assert '<img src="reader://image/a" alt="A">' in sized
    assert prepared.html({}) == plain  # rendering never changes the prepared parts
