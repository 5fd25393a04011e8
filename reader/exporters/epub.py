"""EPUB 3 (EbookLib): one book for the selection, a chapter per article.

Each chapter opens with a heading block (title, byline, site, date, the original
address, tags, the person's note), holds the article's photos from the library with
their captions, marks highlights with ``<mark>`` and gives each highlight note as an
EPUB footnote.  The book has a table of contents (nav and NCX), a cover (the first
article's lead photo), a language and an identifier; it passes epubcheck.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from ebooklib import epub

from reader import __version__
from reader.errors import UsageError
from reader.exporters.content import Note, extension, prepare, valid_lang
from reader.exporters.page import CSS, end_notes, heading
from reader.models import ArticleRecord, ImageRecord, Status
from reader.output_files import atomic_file


def _lang(value: str | None) -> str:
    return valid_lang(value) or "en"


def write_epub(records: Iterable[ArticleRecord], dest: Path, title: str | None = None) -> int:
    """Write the saved articles of ``records`` as one book to ``dest``; returns how many."""
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid4()}")
    style = epub.EpubItem(
        uid="style", file_name="style/reader.css", media_type="text/css", content=CSS
    )
    book.add_item(style)
    chapters: list[epub.EpubHtml] = []
    first: ArticleRecord | None = None
    cover_set = False
    for record in records:
        article = record.article
        if article.status is not Status.SAVED:
            continue
        first = first or record
        number = len(chapters) + 1
        images = {im.key: im for im in record.images}
        used: dict[str, str] = {}
        prepared = prepare(article, _namer(number, images, used), note_ref=_note_ref)
        for key, name in used.items():
            im = images[key]
            uid = "img-" + Path(name).stem
            book.add_item(
                epub.EpubImage(uid=uid, file_name=name, media_type=im.mime, content=im.data)
            )
        lead = images.get(article.lead_image or "")
        if not cover_set and lead is not None:
            book.set_cover(f"images/cover.{extension(lead.mime)}", lead.data)
            cover_set = True
        chapter = epub.EpubHtml(
            uid=f"article-{number}",
            title=article.title or article.url or article.given_url,
            file_name=f"article-{number:04d}.xhtml",
            lang=_lang(article.lang),
        )
        chapter.content = (
            "<html><body><article>"
            + heading(article)
            + prepared.html
            + end_notes(prepared, epub=True)
            + "</article></body></html>"
        )
        chapter.add_item(style)
        book.add_item(chapter)
        chapters.append(chapter)
    if first is None:
        raise UsageError("nothing to put in a book: no saved article in the selection")
    one = len(chapters) == 1
    book.set_title(title or (first.article.title if one else f"Reader: {len(chapters)} articles"))
    book.set_language(_lang(first.article.lang))
    book.add_author((first.article.byline if one else None) or "Reader")
    book.add_metadata("DC", "publisher", f"Reader {__version__}")
    book.add_metadata("DC", "date", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if one and first.article.url:
        book.add_metadata("DC", "source", first.article.url)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = (["cover"] if cover_set else []) + ["nav", *chapters]
    with atomic_file(dest) as tmp:
        writer = epub.EpubWriter(str(tmp), book, {})
        writer.process()
        writer.write()
    return len(chapters)


def _namer(
    number: int, images: dict[str, ImageRecord], used: dict[str, str]
) -> Callable[[str], str | None]:
    """The book's name of each photo of chapter ``number`` (recorded in ``used``)."""

    def image_src(key: str) -> str | None:
        if key not in images:
            return None
        name = f"images/{number:04d}-{len(used) + 1}.{extension(images[key].mime)}"
        return used.setdefault(key, name)

    return image_src


def _note_ref(note: Note) -> str:
    return (
        f'<a class="noteref" epub:type="noteref" href="#{note.anchor}" '
        f'id="ref-{note.anchor}">{note.number}</a>'
    )
