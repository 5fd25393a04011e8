"""Pocket: the 2025 export (a zip of ``part_NNNNNN.csv`` plus ``annotations/*.json``, or
one bare CSV part) and the older ``ril_export.html``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from reader.errors import ImportFileError
from reader.importers.base import (
    ParsedFile,
    RowProblem,
    SafeZip,
    Source,
    any_time,
    csv_rows,
    dict_entries,
    load_json,
    text_of,
)
from reader.models import ImportedItem, NewHighlight

_PART = re.compile(r"(^|/)part_\d+\.csv$")
_ANNOTATIONS = re.compile(r"(^|/)annotations/[^/]*\.json$")
REQUIRED = ("url",)


def is_pocket_zip(names: list[str]) -> bool:
    return any(_PART.search(n) for n in names)


def parse(source: Source) -> ParsedFile:
    out = ParsedFile("pocket")
    if not source.is_zip:
        _parse_csv(source.text(), source.path.name, out)
        return out
    archive = source.zip()
    parts = sorted(n for n in archive.names() if _PART.search(n))
    if not parts:
        raise ImportFileError(f"{source.path.name} is not a Pocket export: no part_*.csv in it")
    for name in parts:
        _parse_csv(archive.text(name), name, out, prefix=f"{name} " if len(parts) > 1 else "")
    _add_annotations(archive, out)
    return out


def _columns(header: list[str], name: str) -> dict[str, int]:
    columns = {h.strip().lower(): i for i, h in enumerate(header)}
    if "url" not in columns:
        raise ImportFileError(f"{name} is not a Pocket export: it has no url column")
    return columns


def _parse_csv(text: str, name: str, out: ParsedFile, prefix: str = "") -> None:
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        raise ImportFileError(f"{name} is not a Pocket export: it has no header row") from None
    col = _columns(header, name)
    for line, row in csv_rows(rows, lambda: rows.line_num, out, prefix):
        item = _row(row, col, f"{prefix}line {line}", line, out)
        if item is not None:
            out.items.append(item)


def _cell(row: list[str], col: dict[str, int], name: str) -> str:
    i = col.get(name)
    return row[i].strip() if i is not None and i < len(row) else ""


def _row(
    row: list[str], col: dict[str, int], where: str, line: int, out: ParsedFile
) -> ImportedItem | None:
    url = _cell(row, col, "url")
    if len(row) != len(col):
        out.problems.append(
            RowProblem(where, f"has {len(row)} fields, the header {len(col)}", url or None)
        )
        return None
    if not url:
        out.problems.append(RowProblem(where, "has no url"))
        return None
    try:
        saved_at = any_time(_cell(row, col, "time_added"))
    except (ValueError, OverflowError):
        out.problems.append(RowProblem(where, "time_added is not a time", url))
        return None
    status = _cell(row, col, "status").lower()
    tags = tuple(t.strip() for t in _cell(row, col, "tags").split("|") if t.strip())
    return ImportedItem(
        url=url,
        title=_cell(row, col, "title"),
        saved_at=saved_at,
        tags=tags,
        archived=status == "archive",
        is_read=status == "archive",
        favourite=_cell(row, col, "favorite") in ("1", "true"),
        line=line,
    )


def _add_annotations(archive: SafeZip, out: ParsedFile) -> None:
    """Highlights from ``annotations/part_*.json``, onto the rows of their URLs (or as
    items of their own for URLs not among the rows)."""
    by_url = {item.url: n for n, item in enumerate(out.items)}
    for name in sorted(n for n in archive.names() if _ANNOTATIONS.search(n)):
        data = load_json(archive.text(name), name)
        if not isinstance(data, list):
            raise ImportFileError(f"{name} is not a Pocket annotations file (not a list)")
        for n, entry in dict_entries(data):
            url = text_of(entry or {}, "url")
            marks = (entry or {}).get("highlights")
            if entry is None or not url or not isinstance(marks, list):
                out.problems.append(RowProblem(f"{name} entry {n}", "not a url with highlights"))
                continue
            try:
                highlights = tuple(_highlights(marks))
            except ValueError as exc:
                out.problems.append(RowProblem(f"{name} entry {n}", str(exc), url))
                continue
            if url in by_url:
                i = by_url[url]
                old = out.items[i]
                out.items[i] = _with_highlights(old, old.highlights + highlights)
            else:
                by_url[url] = len(out.items)
                out.items.append(
                    ImportedItem(url=url, title=text_of(entry, "title"), highlights=highlights)
                )


def _highlights(marks: list[object]) -> Iterator[NewHighlight]:
    for mark in marks:
        if not isinstance(mark, dict) or not text_of(mark, "quote"):
            raise ValueError("a highlight has no quote")
        try:
            created = any_time(mark.get("created_at"))
        except (ValueError, OverflowError):
            raise ValueError("a highlight's created_at is not a time") from None
        yield NewHighlight(quote=text_of(mark, "quote"), created_at=created)


def _with_highlights(item: ImportedItem, highlights: tuple[NewHighlight, ...]) -> ImportedItem:
    from dataclasses import replace

    return replace(item, highlights=highlights)


# --- ril_export.html ---------------------------------------------------------------


def looks_like_pocket_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<h1>unread</h1>" in head.replace(" ", "") or "pocket export" in head


class _PocketHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.in_h1 = False
        self.link: dict[str, str | None] | None = None
        self.link_line = 0
        self.text: list[str] = []
        self.found: list[tuple[int, dict[str, str | None], str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self.in_h1, self.text = True, []
        elif tag == "a":
            self.link, self.link_line, self.text = dict(attrs), self.getpos()[0], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.in_h1:
            self.in_h1, self.section = False, "".join(self.text).strip().lower()
        elif tag == "a" and self.link is not None:
            self.found.append((self.link_line, self.link, "".join(self.text).strip(), self.section))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.in_h1 or self.link is not None:
            self.text.append(data)


def parse_html(source: Source) -> ParsedFile:
    out = ParsedFile("pocket-html")
    parser = _PocketHTML()
    parser.feed(source.text())
    parser.close()
    if not parser.found and not looks_like_pocket_html(source.text()):
        raise ImportFileError(f"{source.path.name} is not a Pocket ril_export.html")
    for line, attrs, title, section in parser.found:
        url = (attrs.get("href") or "").strip()
        where = f"line {line}"
        if not url:
            out.problems.append(RowProblem(where, "a link without an address"))
            continue
        try:
            saved_at = any_time(attrs.get("time_added"))
        except (ValueError, OverflowError):
            out.problems.append(RowProblem(where, "time_added is not a time", url))
            continue
        archived = "archive" in section or section.startswith("read")
        tags = tuple(t.strip() for t in (attrs.get("tags") or "").split(",") if t.strip())
        out.items.append(
            ImportedItem(
                url=url,
                title=title if title != url else "",
                saved_at=saved_at,
                tags=tags,
                archived=archived,
                is_read=archived,
                line=line,
            )
        )
    return out
