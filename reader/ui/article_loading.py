"""Loading an article for the reading pane, on a worker: the article, its photos' sizes
(from their headers, nothing decoded), its document parsed once and built for the pane's
column (reader/ui/reading_document.py).  Any thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextDocument

from reader.library import Library
from reader.models import Article, Status
from reader.ui.article_html import PreparedDocument, image_sources, prepare_document
from reader.ui.photos import Photo, stored_photo
from reader.ui.reading_browser import Column
from reader.ui.reading_document import build

MAX_IMAGE_WIDTH = 1600  # pixels decoded per image, whatever the screen


@dataclass(frozen=True, slots=True)
class Shown:
    """A document built for the pane's column, and what it was built from."""

    doc: QTextDocument
    html: str
    sizes: dict[str, tuple[int, int]]  # each photo's size in the column
    text_width: int  # the column's width it was built for


def build_shown(source: PreparedDocument, images: dict[str, Photo], column: Column) -> Shown:
    """The document of ``source`` for ``column`` (any thread: see reading_document)."""
    sizes = column.sizes(images)
    doc = build(source.pieces(sizes), column.css)
    return Shown(doc, source.html(sizes), sizes, column.text_width)


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    article: Article
    images: dict[str, Photo]
    document: PreparedDocument | None  # parsed on the worker (None: not saved yet)
    shown: Shown | None = None  # built on the worker, for the column it was asked for


def load_article(
    library: Library, article_id: int, max_width: int, column: Column | None = None
) -> LoadedArticle:
    """Read an article and its photos, with their sizes from their headers (a worker),
    and build its document for ``column`` when given.

    Decodes nothing: the pane decodes each photo at the size it shows it, when it is
    needed, and lays it out at the size stored with it.  A photo is never shown wider
    than ``max_width`` pixels.
    """
    article = library.get(article_id)
    images: dict[str, Photo] = {}
    for src in image_sources(article.html):
        record = library.image_for_src(article_id, src)
        if record is None:
            continue
        photo = stored_photo(record.data, record.width, record.height, max_width)
        if photo is not None:
            images[src] = photo
    document = prepare_document(article) if article.status is Status.SAVED else None
    shown = build_shown(document, images, column) if document and column else None
    return LoadedArticle(article, images, document, shown)


#: A document up to this many characters of HTML is built on the GUI thread when it
#: must be built again (a theme, a text size, a new column for its photos): about 25 ms.
BUILD_HERE_CHARS = 100_000
