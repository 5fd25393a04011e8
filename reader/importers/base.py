"""What every importer shares: limits, reading a file or zip safely, rows, dates.

An importer is a function ``parse(source) -> ParsedFile``: it reads the whole file
before anything is recorded, raises ``ImportFileError`` for a problem with the file as a
whole (then nothing of it is imported) and lists a bad row as a ``RowProblem`` with its
line (or entry) number while the rest import.
"""

from __future__ import annotations

import csv
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from reader.errors import ImportFileError
from reader.models import ImportedItem


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Limits on export files; see docs/security.md.  Exports of tens of thousands of
    articles with their content stay far below them."""

    max_file_bytes: int = 512 * 1024 * 1024  # the file as given (zip or not)
    max_member_bytes: int = 256 * 1024 * 1024  # one member of a zip, unpacked
    max_unpacked_bytes: int = 1024 * 1024 * 1024  # all members of a zip, unpacked
    max_ratio: int = 200  # unpacked / packed, for members over ``ratio_floor``
    ratio_floor: int = 1024 * 1024
    max_members: int = 200_000


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One unusable row or entry: ``where`` is ``"line N"`` or ``"entry N"``."""

    where: str
    message: str
    url: str | None = None


@dataclass(slots=True)
class ParsedFile:
    """Everything read from one export file, before anything is recorded."""

    format: str
    items: list[ImportedItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Source:
    """An export file, checked for size, with its bytes (or its zip) at hand."""

    path: Path
    data: bytes
    limits: ImportLimits

    @property
    def is_zip(self) -> bool:
        return self.data[:4] in (b"PK\x03\x04", b"PK\x05\x06")

    def text(self) -> str:
        return decode_text(self.data, self.path.name)

    def zip(self) -> SafeZip:
        return SafeZip(self.path, self.limits)


def open_source(path: Path, limits: ImportLimits | None = None) -> Source:
    limits = limits or ImportLimits()
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFileError(f"{path.name} is not a file")
        if size > limits.max_file_bytes:
            raise ImportFileError(
                f"{path.name} is {size / 1e9:.1f} GB, larger than the import limit of "
                f"{limits.max_file_bytes // (1024 * 1024)} MB"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path.name}: {exc.strerror}") from None
    if not data.strip():
        raise ImportFileError(f"{path.name} is empty")
    return Source(path, data, limits)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM); failing that, Windows-1252 as older exports are."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(f"{name} is a binary file, not an export Reader knows")
    return text.lstrip("\ufeff")


class SafeZip:
    """A zip read with care: no member may leave the folder (``../``, absolute paths),
    none may unpack beyond the limits (declared sizes checked up front, actual sizes
    while reading), and a truncated or damaged zip is one clear ImportFileError."""

    def __init__(self, path: Path, limits: ImportLimits) -> None:
        self.name = path.name
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise ImportFileError(
                f"{path.name} is not a readable zip (truncated or damaged)"
            ) from None
        if len(infos) > limits.max_members:
            raise ImportFileError(f"{path.name} holds more than {limits.max_members} files")
        total = 0
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise ImportFileError(
                    f"{path.name} is unsafe: its member {name[:100]!r} points outside the zip"
                )
            self._check_size(info)
            total += info.file_size
            if info.is_dir():
                continue
            self._infos[name] = info
        if total > limits.max_unpacked_bytes:
            raise ImportFileError(
                f"{path.name} unpacks to {total / 1e9:.1f} GB, over the import limit (a zip bomb?)"
            )

    def _check_size(self, info: zipfile.ZipInfo) -> None:
        lim = self.limits
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > lim.max_member_bytes or (
            info.file_size > lim.ratio_floor and ratio > lim.max_ratio
        ):
            raise ImportFileError(
                f"{self.name} is unsafe: {info.filename[:100]} would unpack to "
                f"{info.file_size / 1e6:.0f} MB ({ratio:.0f} times its size; a zip bomb?)"
            )

    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str) -> bytes:
        info = self._infos[name]
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise ImportFileError(f"{self.name} is damaged: {name[:100]}: {exc}") from None
        if len(data) > info.file_size:
            raise ImportFileError(f"{self.name} is unsafe: {name[:100]} is larger than declared")
        return data

    def text(self, name: str) -> str:
        return decode_text(self.read(name), f"{self.name}/{name}")


# --- values --------------------------------------------------------------------


def iso(moment: datetime) -> str:
    """A time in the library's form (UTC, microseconds, ``Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_unix(value: Any) -> str:
    """Unix seconds (or milliseconds, for values past the year 5000) as a library time."""
    number = float(str(value).strip())
    if number > 1e11:
        number /= 1000
    if not 0 <= number < 4e10:
        raise ValueError(f"not a time: {value!r}")
    return iso(datetime.fromtimestamp(number, UTC))


def from_iso(value: Any) -> str:
    """An ISO 8601 time (``2016-09-08T11:55:58+0200``, ``...Z``) as a library time."""
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return iso(datetime.fromisoformat(text))


def any_time(value: Any) -> str | None:
    """A time given as Unix seconds or ISO 8601; None for none; ValueError if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or str(value).strip().lstrip("-").isdigit():
        return from_unix(value)
    return from_iso(value)


def document(
    body: str,
    *,
    title: str = "",
    author: str = "",
    published: str = "",
    description: str = "",
    lang: str = "",
    site_name: str = "",
    image: str = "",
) -> str:
    """An export's article (``body``) as a page whose meta tags carry what the export
    knows of it, so that the save pipeline's own extraction keeps it (byline, date,
    excerpt, language, lead photo), exactly as for a fetched page."""
    meta = [
        ("property", "og:title", title),
        ("name", "author", author),
        ("property", "article:published_time", published),
        ("property", "og:description", description),
        ("property", "og:site_name", site_name),
        ("property", "og:image", image),
    ]
    tags = "".join(
        f'<meta {attr}="{name}" content="{escape(value, quote=True)}">'
        for attr, name, value in meta
        if value
    )
    lang_attr = f' lang="{escape(lang, quote=True)}"' if lang else ""
    return (
        f'<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{tags}</head><body><article>{body}</article></body></html>"
    )


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y")
    return bool(value)


def tag_names(values: Any) -> tuple[str, ...]:
    """Tags given as names, or as objects with a ``name``, ``label`` or ``slug``."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise ValueError("tags are not a list")
    names: list[str] = []
    for v in values:
        if isinstance(v, dict):
            v = v.get("name") or v.get("label") or v.get("slug")
        if isinstance(v, str) and v.strip():
            names.append(v.strip())
    return tuple(names)


def load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{name} is not valid JSON (line {exc.lineno}: {exc.msg}); is it truncated?"
        ) from None


def entries(value: Any, name: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportFileError(f"{name} is not a {what} export: expected a list of entries")
    return value


def text_of(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def dict_entries(items: Iterable[Any]) -> Iterable[tuple[int, dict[str, Any] | None]]:
    """``(entry number from 1, the entry or None when it is not an object)``."""
    for n, entry in enumerate(items, 1):
        yield n, entry if isinstance(entry, dict) else None


def csv_rows(
    rows: Iterator[list[str]], line_of: Callable[[], int], out: ParsedFile, prefix: str = ""
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of a CSV reader after its header, with their line numbers; a
    row the csv module cannot read is reported in ``out.problems`` and skipped."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            out.problems.append(RowProblem(f"{prefix}line {line_of()}", f"unreadable: {exc}"))
            continue
        if any(cell.strip() for cell in row):
            yield line_of(), row
