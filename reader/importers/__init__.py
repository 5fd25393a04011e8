"""Importers of other services' export files: one module per format, file in, items out.

``read_export(path, format=None)`` detects the format from the file's content (never
its name) unless one is given, and returns a ``ParsedFile``: every item, and every bad
row with its line.  A problem with the file as a whole raises ``ImportFileError``.
Recording the items and fetching their pages is ``reader.importers.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.errors import ImportFileError, UsageError
from reader.importers import bookmarks, instapaper, omnivore, pocket, services
from reader.importers.base import ImportLimits, ParsedFile, RowProblem, Source, open_source

__all__ = [
    "FORMATS",
    "ImportLimits",
    "ParsedFile",
    "RowProblem",
    "detect",
    "detect_file",
    "read_export",
]

FORMATS: dict[str, Callable[[Source], ParsedFile]] = {
    "pocket": pocket.parse,
    "pocket-html": pocket.parse_html,
    "instapaper": instapaper.parse,
    "omnivore": omnivore.parse,
    "wallabag": services.parse_wallabag,
    "readeck": services.parse_readeck,
    "karakeep": services.parse_karakeep,
    "linkwarden": services.parse_linkwarden,
    "bookmarks": bookmarks.parse_bookmarks,
    "urls": bookmarks.parse_urls,
}


def read_export(
    path: Path, format: str | None = None, limits: ImportLimits | None = None
) -> ParsedFile:
    if format is not None and format not in FORMATS:
        raise UsageError(f"no format {format!r}; choose one of {', '.join(FORMATS)}")
    source = open_source(path, limits)
    chosen = format or detect(source)
    if chosen in ("pocket", "omnivore") and not source.is_zip and source.data[:2] == b"PK":
        raise ImportFileError(f"{path.name} is not a readable zip (truncated or damaged)")
    return FORMATS[chosen](source)


def detect_file(path: Path, limits: ImportLimits | None = None) -> str:
    """The format of the export file at ``path`` (what the app shows before an import);
    raises ImportFileError as ``read_export`` would.  ``"archive"``: a Reader archive,
    which ``reader.importers.run.import_files`` restores."""
    from reader.exporters.archive import is_archive

    if is_archive(path):
        return "archive"
    return detect(open_source(path, limits))


def detect(source: Source) -> str:
    """The format of an export file, judged by its content."""
    name = source.path.name
    if source.is_zip:
        names = source.zip().names()
        if pocket.is_pocket_zip(names):
            return "pocket"
        if omnivore.is_omnivore_zip(names):
            return "omnivore"
        raise ImportFileError(f"{name} is a zip of no export Reader knows (Pocket or Omnivore)")
    if source.data[:2] == b"PK":
        raise ImportFileError(f"{name} is not a readable zip (truncated or damaged)")
    text = source.text().lstrip()
    if bookmarks.looks_like_bookmarks(text):
        return "bookmarks"
    if text[:1] in "[{":
        return _detect_json(source, text)
    first = text.split("\n", 1)[0]
    if instapaper.looks_like_instapaper(first):
        return "instapaper"
    low = {c.strip().strip('"').lower() for c in first.split(",")}
    if "url" in low and ("time_added" in low or "status" in low):
        return "pocket"
    if text[:1] == "<" and pocket.looks_like_pocket_html(text):
        return "pocket-html"
    if bookmarks.looks_like_url_list(text):
        return "urls"
    raise ImportFileError(f"{name} is in no format Reader knows; name one with --format")


def _detect_json(source: Source, text: str) -> str:
    from reader.importers.base import load_json

    data: Any = load_json(text, source.path.name)
    if services.looks_like_karakeep(data):
        return "karakeep"
    if services.looks_like_linkwarden(data):
        return "linkwarden"
    if isinstance(data, dict) and isinstance(data.get("bookmarks"), list):
        data = data["bookmarks"]
    sample = [e for e in data[:50] if isinstance(e, dict)] if isinstance(data, list) else []
    for entry in sample:
        if services.looks_like_wallabag(entry):
            return "wallabag"
        if omnivore.looks_like_omnivore(entry):
            return "omnivore"
        if services.looks_like_readeck(entry):
            return "readeck"
    raise ImportFileError(
        f"{source.path.name} is JSON of a shape Reader does not know; name one with --format"
    )
