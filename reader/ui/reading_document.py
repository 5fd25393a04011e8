"""The reading pane's QTextDocument: built off the GUI thread, laid out in small steps.

Two things made a 1 MB article stall the window (bench/gui_stall.py):

- Qt parses HTML in one call, and PySide holds Python's lock (the GIL) for the whole of
  it: 90-110 ms for 1 MB, during which the GUI thread cannot run any Python, even with the
  parse on a worker.  So ``build`` takes the document in pieces
  (``PreparedDocument.pieces``): the first with ``setHtml``, each next one appended with
  ``insertHtml``, about 5 ms each, and the lock goes back to the GUI thread in between.
  Pieces start just before a plain paragraph, where appending gives the very document one
  ``setHtml`` gives (tests/ui/test_reading_document.py compares them block by block).
- Qt lays a document out lazily, but in steps that double up to 200,000 characters
  (30-50 ms each here).  ``LayoutPacer`` asks for the layout a little further every turn
  of the event loop, so that it is done in steps of ``STEP_CHARS`` and finishes sooner;
  ``follow(doc, until)`` says when it has passed the reader's place after a new width
  (the pane waits at the top meanwhile: Qt would lay out everything above that place at
  once to paint it).

``build`` runs on any thread and hands the document to the GUI thread; the pacer is GUI
thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from reader.ui.article_html import Piece

TOP_MARGIN = 36  # pixels above the header, below the pane's top
BOTTOM_MARGIN = 64
#: Characters laid out per turn of the event loop (5-10 ms here; 10,000 left Qt's own
#: steps more to do: 40 ms stalls while resizing against 32 ms, bench/gui_stall.py).
STEP_CHARS = 30_000
#: A document this short is laid out at once (under about 20 ms).
AT_ONCE_CHARS = 100_000


def _new_document(css: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultStyleSheet(css)
    doc.setDocumentMargin(0)
    return doc


def _first_block_formats(
    css: str, containers: str, cache: dict[str, tuple[QTextBlockFormat, QTextCharFormat]]
) -> tuple[QTextBlockFormat, QTextCharFormat]:
    """What ``setHtml`` gives a plain paragraph inside ``containers`` (opening tags):
    ``insertHtml`` keeps the block it starts in, so a piece's first paragraph gets its
    formats from here."""
    if containers not in cache:
        probe = _new_document(css)
        probe.setHtml(f"<html><body>{containers}<p>x</p></body></html>")
        block = probe.begin()
        cache[containers] = (block.blockFormat(), block.charFormat())
    return cache[containers]


def build(pieces: Sequence[Piece], css: str) -> QTextDocument:
    """The document of ``pieces`` (from ``PreparedDocument.pieces``) with ``css``.

    Any thread.  The document is not laid out (it has no page size yet) and belongs to
    the GUI thread when this returns.
    """
    doc = _new_document(css)
    doc.setHtml(pieces[0].html if pieces else "")
    if len(pieces) > 1:
        cursor = QTextCursor(doc)
        formats: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {}
        for piece in pieces[1:]:
            block_format, char_format = _first_block_formats(css, piece.containers, formats)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock(block_format, char_format)
            cursor.insertHtml(piece.html)
    frame = doc.rootFrame()
    fmt = frame.frameFormat()
    fmt.setTopMargin(TOP_MARGIN)
    fmt.setBottomMargin(BOTTOM_MARGIN)
    frame.setFrameFormat(fmt)
    app = QCoreApplication.instance()
    if app is not None and doc.thread() is not app.thread():
        doc.moveToThread(app.thread())
    return doc


class LayoutPacer(QObject):
    """Lays a document out to its end in steps of ``STEP_CHARS``, one per turn of the
    event loop.  GUI thread only.

    Signals:
        finished(): the document given to ``start`` (or ``follow``) is laid out to its end.
        reached(): the layout ``follow`` was asked to wait for reached its ``until``.
    """

    finished = Signal()
    reached = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: QTextDocument | None = None
        self._position = 0
        self._until: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, doc: QTextDocument) -> None:
        """Lay ``doc`` out from its beginning (a short one at once)."""
        self._doc = doc
        self._position = 0
        if doc.characterCount() <= AT_ONCE_CHARS:
            self._timer.stop()
            doc.documentLayout().documentSize()
            self.finished.emit()
        else:
            self._timer.start()

    def follow(self, doc: QTextDocument, until: int | None = None) -> None:
        """Qt is about to lay ``doc`` out again (a new width): help it along in steps
        (a short one is left to Qt, which does it in a few milliseconds); ``reached``
        once the layout passes the character position ``until``."""
        if doc.characterCount() > AT_ONCE_CHARS:
            self._doc = doc
            self._position = 0
            self._until = until
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._doc = None
        self._until = None

    @Slot()
    def _step(self) -> None:
        doc = self._doc
        if doc is None:
            self._timer.stop()
            return
        self._position += STEP_CHARS
        last = doc.characterCount() - 1
        # Asking where a block is lays the document out up to it (and no further).
        doc.documentLayout().blockBoundingRect(doc.findBlock(min(self._position, last)))
        if self._until is not None and (self._position >= self._until or self._position >= last):
            self._until = None
            self.reached.emit()
        if self._position >= last:
            self._timer.stop()
            self._doc = None
            self.finished.emit()
