"""Omnivore: the export zip (``metadata_*_to_*.json``, ``content/{slug}.html`` with the
readable article, ``highlights/{slug}.md``), or one metadata JSON file on its own."""

from __future__ import annotations

import re
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
)
from reader.models import ImportedItem, NewHighlight

_METADATA = re.compile(r"(^|/)metadata_[^/]*\.json$")
_QUOTE = re.compile(r"^>\s?", re.MULTILINE)


def is_omnivore_zip(names: list[str]) -> bool:
    return any(_METADATA.search(n) for n in names)


def looks_like_omnivore(entry: dict[str, Any]) -> bool:
    return "url" in entry and bool({"savedAt", "readingProgress", "slug"} & entry.keys())


def parse(source: Source) -> ParsedFile:
    out = ParsedFile("omnivore")
    if not source.is_zip:
        _entries(load_json(source.text(), source.path.name), source.path.name, out, None, None)
        return out
    archive = source.zip()
    names = archive.names()
    files = sorted(n for n in names if _METADATA.search(n))
    if not files:
        raise ImportFileError(f"{source.path.name} is not an Omnivore export: no metadata_*.json")
    content = {_slug(n, "content/", ".html"): n for n in names if _slug(n, "content/", ".html")}
    marks = {_slug(n, "highlights/", ".md"): n for n in names if _slug(n, "highlights/", ".md")}

    def read_content(slug: str) -> str | None:
        return archive.text(content[slug]) if slug in content else None

    def read_marks(slug: str) -> str | None:
        return archive.text(marks[slug]) if slug in marks else None

    for name in files:
        data = load_json(archive.text(name), name)
        _entries(data, name, out, read_content, read_marks, prefix=f"{name} ")
    return out


def _slug(name: str, folder: str, suffix: str) -> str:
    i = name.find(folder)
    if i < 0 or not name.endswith(suffix) or (i and name[i - 1] != "/"):
        return ""
    return name[i + len(folder) : -len(suffix)]


Reads = Callable[[str], str | None] | None


def _entries(
    data: Any, name: str, out: ParsedFile, content: Reads, marks: Reads, prefix: str = ""
) -> None:
    for n, entry in dict_entries(entries(data, name, "Omnivore")):
        where = f"{prefix}entry {n}"
        url = text_of(entry or {}, "url", "originalArticleUrl")
        if entry is None or not url:
            out.problems.append(RowProblem(where, "has no url"))
            continue
        try:
            item = _item(entry, url, n, content, marks)
        except (ValueError, TypeError, OverflowError) as exc:
            out.problems.append(RowProblem(where, str(exc), url))
            continue
        out.items.append(item)


def _item(entry: dict[str, Any], url: str, n: int, content: Reads, marks: Reads) -> ImportedItem:
    slug = text_of(entry, "slug")
    try:
        saved_at = any_time(entry.get("savedAt"))
        state_at = any_time(entry.get("updatedAt"))
    except ValueError:
        raise ValueError("savedAt or updatedAt is not a time") from None
    progress = entry.get("readingProgress") or 0
    if not isinstance(progress, int | float):
        raise ValueError("readingProgress is not a number")
    archived = str(entry.get("state") or "").lower() == "archived"
    html = content(slug) if slug and content is not None else None
    highlights = parse_highlights(marks(slug)) if slug and marks is not None else ()
    return ImportedItem(
        url=url,
        title=text_of(entry, "title"),
        saved_at=saved_at,
        state_at=state_at,
        tags=tag_names(entry.get("labels")),
        archived=archived,
        is_read=archived or progress >= 100,
        read_position=min(1.0, max(0.0, float(progress) / 100)),
        highlights=highlights,
        html=_page(entry, html) if html and html.strip() else None,
        line=n,
    )


def parse_highlights(text: str | None) -> tuple[NewHighlight, ...]:
    """``> quote`` blocks (a quote may span several ``>`` lines), each followed by what
    belongs to it until the next quote: ``#label`` lines and the note, kept as the
    highlight's note word for word."""
    if not text or not text.strip():
        return ()
    found: list[tuple[list[str], list[str]]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        block = block.strip()
        if not block:
            continue
        if block.startswith(">"):
            found.append(([" ".join(_QUOTE.sub("", block).split())], []))
        elif found:
            found[-1][1].append(block)
        # Text before the first quote (a heading) belongs to no highlight.
    return tuple(
        NewHighlight(quote=" ".join(q).strip(), note="\n\n".join(rest) or None)
        for q, rest in found
        if " ".join(q).strip()
    )


def _page(entry: dict[str, Any], html: str) -> str:
    published = entry.get("publishedAt")
    return document(
        html,
        title=text_of(entry, "title"),
        author=text_of(entry, "author"),
        published=published if isinstance(published, str) else "",
        description=text_of(entry, "description"),
        image=text_of(entry, "thumbnail"),
    )
