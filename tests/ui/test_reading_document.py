"""The reading pane's document built in pieces is the document one setHtml builds, and
the pacer lays a long one out to its end (reader/ui/reading_document.py)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.models import Article, Status
from reader.ui.article_html import prepare_document, stylesheet
from reader.ui.reading_document import LayoutPacer, build
from reader.ui.themes import DARK, Typography

TYPE = Typography("serif", 18, 155, 680)
CSS = stylesheet(DARK, TYPE)


def _body() -> str:
    """A story with every shape a saved page has, in bare wrappers and out of them."""
    blocks = []
    for i in range(40):
        blocks.append(f"<p>Paragraph {i} with <a href='https://x.example/{i}'>a link</a>, ")
        blocks[-1] += "<em>emphasis</em> and <strong>bold</strong> words. 中文的句子。</p>"
        shape = i % 8
        if shape == 1:
            blocks.append(f"<h2>Heading {i}</h2>")
        elif shape == 2:
            blocks.append("<ul><li>one</li><li>two <b>bold</b></li></ul>")
        elif shape == 3:
            blocks.append(
                f'<figure><img src="reader://image/{i}" alt="Photo {i}">'
                f"<figcaption>Caption {i}, Photographer</figcaption></figure>"
            )
        elif shape == 4:
            blocks.append("<table><tr><td>Cell a</td><td>Cell b</td></tr></table>")
        elif shape == 5:
            blocks.append("<blockquote><p>A quote</p><p>in two</p></blockquote><p></p>")
        elif shape == 6:
            blocks.append("<pre>code  line\n  second</pre><ol><li>first</li></ol>")
        elif shape == 7:
            blocks.append('<div><section><p>Inside two wrappers</p><p lang="fr">Là</p>')
            blocks.append("</section></div><h3>Small heading</h3>")
    half = len(blocks) // 2
    return "".join(blocks[:half]) + "<div><article>" + "".join(blocks[half:]) + "</article></div>"


def _article() -> Article:
    body = _body()
    return Article(
        id=1,
        given_url="https://news.example/story",
        url="https://news.example/story",
        canonical_url=None,
        title="A story in pieces",
        excerpt="What the story is about.",
        byline="A. Writer",
        site_name="News",
        published="2024-05-12T09:00:00Z",
        lang="en",
        lead_image=None,
        html=body,
        text="",
        word_count=900,
        reading_minutes=4,
        saved_at="2024-05-13T09:00:00.000000Z",
        updated_at="2024-05-13T09:00:00.000000Z",
        status=Status.SAVED,
        error=None,
        is_read=False,
        archived=False,
        favourite=False,
        read_position=0.0,
        tags=("news",),
    )


def _blocks(doc: QTextDocument) -> list[tuple[object, ...]]:
    seen = []
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        runs = [
            (r.start, r.length, r.format.font().pixelSize(), r.format.foreground().color().name())
            for r in block.textFormats()
        ]
        seen.append(
            (
                block.text(),
                fmt.topMargin(),
                fmt.bottomMargin(),
                int(fmt.alignment()),
                fmt.lineHeight(),
                fmt.leftMargin(),
                block.textList() is not None,
                bool(block.charFormat().fontItalic()),
                tuple(runs),
            )
        )
        block = block.next()
    return seen


def test_a_document_built_in_pieces_is_the_one_setHtml_builds(qapp: QApplication) -> None:
    prepared = prepare_document(_article())
    sizes = {f"reader://image/{i}": (300, 200) for i in range(40)}
    pieces = prepared.pieces(sizes, size=300)
    assert len(pieces) > 15  # cut in many places, inside wrappers too
    assert any(p.containers for p in pieces)
    whole = QTextDocument()
    whole.setDefaultStyleSheet(CSS)
    whole.setDocumentMargin(0)
    whole.setHtml(prepared.html(sizes))
    built = build(pieces, CSS)
    assert _blocks(built) == _blocks(whole)
    assert built.toPlainText() == whole.toPlainText()
    for doc in (whole, built):
        doc.setTextWidth(680)
    # (the built one has the pane's margins above and below the column)
    assert built.size().height() == whole.size().height() + 36 + 64
    assert built.size().width() == whole.size().width()


def test_a_document_built_on_a_worker_belongs_to_the_gui_thread(
    qapp: QApplication, qtbot: QtBot
) -> None:
    class Relay(QObject):
        built = Signal(object)

    relay = Relay()
    prepared = prepare_document(_article())
    thread = threading.Thread(target=lambda: relay.built.emit(build(prepared.pieces(), CSS)))
    with qtbot.waitSignal(relay.built) as blocker:
        thread.start()
    thread.join()
    doc = blocker.args[0]
    assert isinstance(doc, QTextDocument)
    assert doc.thread() is qapp.thread()
    assert "Paragraph 39" in doc.toPlainText()


def test_the_pacer_lays_a_long_document_out_to_its_end(qapp: QApplication, qtbot: QtBot) -> None:
    paragraph = "<p>" + "Words of a long article, as a news site writes them. " * 12 + "</p>"
    doc = build([prepare_document(_article()).pieces()[0]._replace(html=paragraph * 400)], CSS)
    assert doc.characterCount() > 200_000
    doc.setTextWidth(600)
    pacer = LayoutPacer()
    with qtbot.waitSignal(pacer.finished, timeout=10_000):
        pacer.start(doc)
    assert not pacer.running
    last = doc.lastBlock()
    assert last.layout().lineCount() > 0  # the last paragraph has its lines
    bottom = doc.documentLayout().blockBoundingRect(last).bottom()
    assert bottom > 100 * 400  # every paragraph is laid out below the one before
