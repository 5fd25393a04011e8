"""Exports: one module per format, records in, files out (see ``export``).

Every format writes under a temporary name and renames at the end (reader.output_files):
a failed or interrupted export leaves no partial file under the name asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import UsageError
from reader.models import ArticleRecord

if TYPE_CHECKING:
    from reader.library import Library

Writer = Callable[[Iterable[ArticleRecord], Path], int]
Progress = Callable[[int, int], None]

#: format -> (what it makes, the suffix of a file it writes or "" for a folder)
FORMATS: dict[str, tuple[str, str]] = {
    "epub": ("one EPUB 3 book", ".epub"),
    "markdown": ("a folder of Markdown files with their photos", ""),
    "html": ("a folder of self-contained HTML files, or one .html file", ""),
    "archive": ("a lossless Reader archive (zip)", ".zip"),
    "bookmarks": ("Netscape bookmarks (HTML)", ".html"),
    "csv": ("Pocket-shaped CSV", ".csv"),
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    articles: int  # articles written (EPUB, Markdown and HTML take saved ones only)


def _writer(fmt: str, dest: Path) -> Writer:
    if fmt == "epub":
        from reader.exporters.epub import write_epub

        return write_epub
    if fmt == "markdown":
        from reader.exporters.markdown import write_markdown

        return write_markdown
    if fmt == "html":
        from reader.exporters import html

        return (
            html.write_html_file
            if dest.suffix.lower() in (".html", ".htm")
            else (html.write_html_folder)
        )
    if fmt == "archive":
        from reader.exporters.archive import write_archive

        return write_archive
    if fmt == "bookmarks":
        from reader.exporters.bookmarks import write_bookmarks

        return write_bookmarks
    if fmt == "csv":
        from reader.exporters.bookmarks import write_pocket_csv

        return write_pocket_csv
    raise UsageError(f"no export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export(
    library: Library,
    ids: Sequence[int],
    fmt: str,
    dest: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the articles ``ids`` (e.g. ``Library.selection()``) as ``fmt`` to ``dest``."""
    writer = _writer(fmt, dest)
    if not ids:
        raise UsageError("nothing to export: the selection is empty")

    def records() -> Iterator[ArticleRecord]:
        for done, article_id in enumerate(ids, 1):
            yield library.article_record(article_id)
            if progress:
                progress(done, len(ids))

    count = writer(records(), dest.expanduser())
    return ExportResult(dest.expanduser(), fmt, count)
