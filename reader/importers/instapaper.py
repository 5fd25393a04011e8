"""Instapaper CSV: ``URL,Title,Selection,Folder`` and the newer ``...,Timestamp,Tags``.

Folder ``Unread``, ``Archive`` (archived and read), ``Starred`` (favourite) or a folder of
the person's own (a tag); ``Selection`` is a highlight; ``Tags`` is a JSON array.
"""

from __future__ import annotations

import csv
import io
import json

from reader.errors import ImportFileError
from reader.importers.base import ParsedFile, RowProblem, Source, any_time, csv_rows
from reader.models import ImportedItem, NewHighlight


def looks_like_instapaper(first_line: str) -> bool:
    names = {c.strip().strip('"').lower() for c in first_line.split(",")}
    return {"url", "title", "selection", "folder"} <= names


def parse(source: Source) -> ParsedFile:
    out = ParsedFile("instapaper")
    rows = csv.reader(io.StringIO(source.text(), newline=""))
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        raise ImportFileError(f"{source.path.name} has no header row") from None
    col = {h.strip().lower(): i for i, h in enumerate(header)}
    if "url" not in col:
        raise ImportFileError(f"{source.path.name} is not an Instapaper export: no URL column")
    for line, row in csv_rows(rows, lambda: rows.line_num, out):
        item = _row(row, col, line, out)
        if item is not None:
            out.items.append(item)
    return out


def _row(row: list[str], col: dict[str, int], line: int, out: ParsedFile) -> ImportedItem | None:
    def cell(name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    where, url = f"line {line}", cell("url")
    if len(row) != len(col):
        out.problems.append(
            RowProblem(where, f"has {len(row)} fields, the header {len(col)}", url or None)
        )
        return None
    if not url:
        out.problems.append(RowProblem(where, "has no URL"))
        return None
    try:
        saved_at = any_time(cell("timestamp"))
    except (ValueError, OverflowError):
        out.problems.append(RowProblem(where, "Timestamp is not a time", url))
        return None
    tags: list[str] = []
    raw_tags = cell("tags")
    if raw_tags:
        try:
            parsed = json.loads(raw_tags)
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, list) or not all(isinstance(t, str) for t in parsed):
            out.problems.append(RowProblem(where, "Tags is not a JSON list of names", url))
            return None
        tags.extend(t.strip() for t in parsed if t.strip())
    folder = cell("folder")
    low = folder.lower()
    if folder and low not in ("unread", "archive", "starred"):
        tags.append(folder)
    selection = cell("selection")
    return ImportedItem(
        url=url,
        title=cell("title"),
        saved_at=saved_at,
        tags=tuple(tags),
        archived=low == "archive",
        is_read=low == "archive",
        favourite=low == "starred",
        highlights=(NewHighlight(quote=selection, created_at=saved_at),) if selection else (),
        line=line,
    )
