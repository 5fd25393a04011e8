"""JSON exports of read-it-later services: Wallabag (with content and annotations),
Readeck, Karakeep and Linkwarden (bookmarks with their tags, state and dates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.errors import ImportFileError
from reader.importers.base import (
    ParsedFile,
    RowProblem,
    Source,
    any_time,
    dict_entries,
    document,
    entries,
    load_json,
    tag_names,
    text_of,
    truthy,
)
from reader.models import ImportedItem, NewHighlight

Entry = dict[str, Any]


def _each(
    items: list[Any], out: ParsedFile, build: Callable[[Entry, int], ImportedItem | None]
) -> None:
    for n, entry in dict_entries(items):
        where = f"entry {n}"
        if entry is None:
            out.problems.append(RowProblem(where, "is not an object"))
            continue
        try:
            item = build(entry, n)
        except (ValueError, TypeError, OverflowError) as exc:
            out.problems.append(RowProblem(where, str(exc), text_of(entry, "url") or None))
            continue
        if item is None:
            out.problems.append(RowProblem(where, "has no url"))
            continue
        out.items.append(item)


def _time(entry: Entry, *keys: str) -> str | None:
    for key in keys:
        try:
            value = any_time(entry.get(key))
        except ValueError:
            raise ValueError(f"{key} is not a time") from None
        if value is not None:
            return value
    return None


# --- Wallabag ----------------------------------------------------------------------


def looks_like_wallabag(entry: Entry) -> bool:
    return (
        "url" in entry and "is_archived" in entry and ("is_starred" in entry or "content" in entry)
    )


def parse_wallabag(source: Source) -> ParsedFile:
    out = ParsedFile("wallabag")
    data = load_json(source.text(), source.path.name)
    _each(entries(data, source.path.name, "Wallabag"), out, _wallabag)
    return out


def _wallabag(entry: Entry, n: int) -> ImportedItem | None:
    url = text_of(entry, "url", "given_url")
    if not url:
        return None
    saved_at = _time(entry, "created_at")
    marks = entry.get("annotations") or []
    if not isinstance(marks, list):
        raise ValueError("annotations is not a list")
    highlights = []
    for mark in marks:
        if not isinstance(mark, dict) or not text_of(mark, "quote"):
            raise ValueError("an annotation has no quote")
        highlights.append(
            NewHighlight(
                quote=text_of(mark, "quote"),
                note=text_of(mark, "text") or None,
                created_at=_time(mark, "created_at"),
            )
        )
    archived = truthy(entry.get("is_archived"))
    content = entry.get("content")
    page = None
    if isinstance(content, str) and content.strip():
        by = entry.get("published_by")
        authors = [a for a in by if isinstance(a, str)] if isinstance(by, list) else []
        page = document(
            content,
            title=text_of(entry, "title"),
            author=", ".join(authors) or (by if isinstance(by, str) else ""),
            published=text_of(entry, "published_at"),
            lang=text_of(entry, "language"),
            image=text_of(entry, "preview_picture"),
        )
    return ImportedItem(
        url=url,
        title=text_of(entry, "title"),
        saved_at=saved_at,
        state_at=_time(entry, "updated_at", "archived_at"),
        tags=tag_names(entry.get("tags")),
        archived=archived,
        is_read=archived,
        favourite=truthy(entry.get("is_starred")),
        highlights=tuple(highlights),
        html=page,
        line=n,
    )


# --- Readeck -----------------------------------------------------------------------


def looks_like_readeck(entry: Entry) -> bool:
    return "url" in entry and bool({"is_marked", "read_progress", "href"} & entry.keys())


def parse_readeck(source: Source) -> ParsedFile:
    out = ParsedFile("readeck")
    data = load_json(source.text(), source.path.name)
    if isinstance(data, dict) and isinstance(data.get("bookmarks"), list):
        data = data["bookmarks"]
    _each(entries(data, source.path.name, "Readeck"), out, _readeck)
    return out


def _readeck(entry: Entry, n: int) -> ImportedItem | None:
    url = text_of(entry, "url")
    if not url:
        return None
    progress = entry.get("read_progress") or 0
    if not isinstance(progress, int | float):
        raise ValueError("read_progress is not a number")
    archived = truthy(entry.get("is_archived"))
    return ImportedItem(
        url=url,
        title=text_of(entry, "title"),
        saved_at=_time(entry, "created"),
        state_at=_time(entry, "updated"),
        tags=tag_names(entry.get("labels")),
        archived=archived,
        is_read=progress >= 100,
        favourite=truthy(entry.get("is_marked")),
        read_position=min(1.0, max(0.0, float(progress) / 100)),
        line=n,
    )


# --- Karakeep (formerly Hoarder) ---------------------------------------------------


def looks_like_karakeep(data: Any) -> bool:
    books = data.get("bookmarks") if isinstance(data, dict) else None
    return isinstance(books, list) and any(
        isinstance(b, dict) and isinstance(b.get("content"), dict) for b in books[:50]
    )


def parse_karakeep(source: Source) -> ParsedFile:
    out = ParsedFile("karakeep")
    data = load_json(source.text(), source.path.name)
    if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list):
        raise ImportFileError(
            f"{source.path.name} is not a Karakeep export: expected {{'bookmarks': [...]}}"
        )
    for n, entry in dict_entries(data["bookmarks"]):
        content = (entry or {}).get("content")
        # Notes and uploaded files have no address: nothing to save, and not an error.
        if isinstance(content, dict) and content.get("type") not in (None, "link"):
            continue
        where = f"entry {n}"
        if entry is None or not isinstance(content, dict) or not text_of(content, "url"):
            out.problems.append(RowProblem(where, "has no url"))
            continue
        try:
            saved_at = _time(entry, "createdAt")
        except ValueError as exc:
            out.problems.append(RowProblem(where, str(exc), text_of(content, "url")))
            continue
        out.items.append(
            ImportedItem(
                url=text_of(content, "url"),
                title=text_of(entry, "title") or text_of(content, "title"),
                saved_at=saved_at,
                tags=tag_names(entry.get("tags")),
                archived=truthy(entry.get("archived")),
                favourite=truthy(entry.get("favourited")),
                note=text_of(entry, "note") or None,
                line=n,
            )
        )
    return out


# --- Linkwarden --------------------------------------------------------------------


def looks_like_linkwarden(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("collections"), list)


def parse_linkwarden(source: Source) -> ParsedFile:
    """A Linkwarden backup: each collection's name becomes a tag of its links."""
    out = ParsedFile("linkwarden")
    data = load_json(source.text(), source.path.name)
    if not looks_like_linkwarden(data):
        raise ImportFileError(
            f"{source.path.name} is not a Linkwarden backup: expected {{'collections': [...]}}"
        )
    n = 0
    for collection in data["collections"]:
        if not isinstance(collection, dict) or not isinstance(collection.get("links"), list):
            raise ImportFileError(f"{source.path.name}: a collection without a list of links")
        folder = text_of(collection, "name")
        for link in collection["links"]:
            n += 1
            where = f"entry {n}"
            if not isinstance(link, dict) or not text_of(link, "url"):
                out.problems.append(RowProblem(where, "has no url"))
                continue
            try:
                saved_at = _time(link, "createdAt")
                tags = tag_names(link.get("tags"))
            except ValueError as exc:
                out.problems.append(RowProblem(where, str(exc), text_of(link, "url")))
                continue
            out.items.append(
                ImportedItem(
                    url=text_of(link, "url"),
                    title=text_of(link, "name"),
                    saved_at=saved_at,
                    state_at=_time(link, "updatedAt"),
                    tags=(*tags, folder) if folder else tags,
                    favourite=bool(link.get("pinnedBy")),
                    note=text_of(link, "description") or None,
                    line=n,
                )
            )
    return out
