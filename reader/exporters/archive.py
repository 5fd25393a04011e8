"""Reader's archive: a zip that holds a library's articles losslessly, and its reader.

Layout (see docs/archive-format.md)::

    manifest.json                     format name and version, Reader version, date, counts
    articles/<id>/article.json        every field, tags, states, highlights, notes, photos
    articles/<id>/content.html        the stored HTML (photos as reader://image/KEY)
    articles/<id>/images/<KEY>.<ext>  the photos, as stored
    articles/<id>/thumbnail.jpg       the list thumbnail, when there is one

``restore_archive`` reads it back into a library through the same checks as any other
door: the HTML is sanitised again and every photo decoded and verified; an article whose
address is already in the library is left as it is, so running it twice adds nothing.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.errors import ArchiveError, ImageError
from reader.exporters.content import extension
from reader.models import HIGHLIGHT_COLORS, Article, ArticleRecord, Highlight, ImageRecord, Status
from reader.output_files import atomic_file

if TYPE_CHECKING:
    from reader.library import Library

FORMAT = "reader-archive"
VERSION = 1
#: Caps on what one entry may unpack to (a zip bomb stops at the cap, not in memory).
MAX_JSON = 64 * 1024 * 1024
MAX_HTML = 32 * 1024 * 1024
MAX_IMAGE = 64 * 1024 * 1024
BATCH = 100

_ARTICLE_FIELDS = (
    "id", "given_url", "url", "canonical_url", "title", "excerpt", "byline", "site_name",
    "published", "lang", "lead_image", "text", "word_count", "reading_minutes", "saved_at",
    "updated_at", "error", "is_read", "archived", "favourite", "read_position", "note",
)  # fmt: skip
_HIGHLIGHT_FIELDS = (
    "quote", "prefix", "suffix", "start", "end", "color", "note", "created_at", "anchored",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    restored: int  # articles added to the library
    existed: int  # articles whose address was already there (left as they were)
    images_dropped: int  # photos that failed verification (their articles kept)


def article_json(record: ArticleRecord) -> dict[str, Any]:
    a = record.article
    data: dict[str, Any] = {name: getattr(a, name) for name in _ARTICLE_FIELDS}
    data |= {
        "status": a.status.value,
        "url_key": record.url_key,
        "canonical_key": record.canonical_key,
        "tags": list(a.tags),
        "notes": list(a.notes),
        "partial": a.partial,
        "highlights": [{n: getattr(h, n) for n in _HIGHLIGHT_FIELDS} for h in a.highlights],
        "images": [
            {
                "key": im.key,
                "file": f"images/{im.key}.{extension(im.mime)}",
                "original_url": im.original_url,
                "mime": im.mime,
                "width": im.width,
                "height": im.height,
            }
            for im in record.images
        ],
        "thumbnail": "thumbnail.jpg" if record.thumbnail is not None else None,
    }
    return data


def write_archive(records: Iterable[ArticleRecord], dest: Path) -> int:
    """Write every article of ``records`` (saved, pending or failed) to the zip ``dest``."""
    folders: list[str] = []
    images = highlights = 0
    with atomic_file(dest) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for record in records:
            folder = f"articles/{record.article.id}/"
            zf.writestr(folder + "article.json", json.dumps(article_json(record), indent=1))
            zf.writestr(folder + "content.html", record.article.html)
            for im in record.images:
                name = f"{folder}images/{im.key}.{extension(im.mime)}"
                zf.writestr(name, im.data, compress_type=zipfile.ZIP_STORED)
            if record.thumbnail is not None:
                zf.writestr(folder + "thumbnail.jpg", record.thumbnail, zipfile.ZIP_STORED)
            folders.append(folder)
            images += len(record.images)
            highlights += len(record.article.highlights)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "reader_version": __version__,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "counts": {"articles": len(folders), "images": images, "highlights": highlights},
            "articles": folders,
        }
        zf.writestr("manifest.json", json.dumps(manifest, indent=1))
    return len(folders)


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a zip whose manifest names this format (for import detection)."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = json.loads(_read(zf, "manifest.json", MAX_JSON))
    except (OSError, zipfile.BadZipFile, ArchiveError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT


def restore_archive(
    library: Library, path: Path, progress: Callable[[int, int], None] | None = None
) -> RestoreSummary:
    """Bring the articles of the archive ``path`` into ``library``, every field as it was.

    Raises ArchiveError for a file that is not a sound archive of a version this Reader
    reads.  Articles are stored in batches of ``BATCH``, each in one transaction.
    """
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(f"no file {path}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path} is not a zip archive ({exc})") from None
    with zf:
        folders = _manifest(zf, path)
        restored = existed = dropped = 0
        batch: list[ArticleRecord] = []
        for done, (record, lost) in enumerate(_records(zf, folders), 1):
            batch.append(record)
            dropped += lost
            if len(batch) == BATCH or done == len(folders):
                ids = library.restore_records(batch)
                restored += sum(1 for i in ids if i is not None)
                existed += sum(1 for i in ids if i is None)
                batch = []
            if progress:
                progress(done, len(folders))
    return RestoreSummary(restored, existed, dropped)


def _manifest(zf: zipfile.ZipFile, path: Path) -> list[str]:
    data = _json(zf, "manifest.json")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"{path} is not a Reader archive (no Reader manifest.json)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ArchiveError(
            f"{path} is an archive of version {version}; this Reader reads version {VERSION} "
            "and older: update Reader"
        )
    folders = data.get("articles")
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise ArchiveError(f"{path}: manifest.json has no list of articles")
    return folders


def _read(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    try:
        with zf.open(name) as f:
            data = f.read(cap + 1)
    except KeyError:
        raise ArchiveError(f"the archive has no {name}") from None
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ArchiveError(f"the archive's {name} is damaged ({exc})") from None
    if len(data) > cap:
        raise ArchiveError(f"the archive's {name} is larger than {cap // 2**20} MB")
    return data


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    try:
        return json.loads(_read(zf, name, MAX_JSON))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ArchiveError(f"the archive's {name} is not valid JSON ({exc})") from None


def _records(zf: zipfile.ZipFile, folders: list[str]) -> Iterator[tuple[ArticleRecord, int]]:
    for folder in folders:
        try:
            yield _record(zf, folder)
        except ArchiveError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise ArchiveError(f"the archive's {folder}article.json is not valid ({exc})") from None


def _record(zf: zipfile.ZipFile, folder: str) -> tuple[ArticleRecord, int]:
    from reader.images import process_image
    from reader.sanitizer import sanitize_html

    data = _json(zf, folder + "article.json")
    if not isinstance(data, dict):
        raise TypeError("not an object")
    html = _read(zf, folder + "content.html", MAX_HTML).decode("utf-8")
    images: list[ImageRecord] = []
    lost = 0
    for meta in data["images"]:
        raw = _read(zf, folder + _inside(meta["file"]), MAX_IMAGE)
        try:
            checked, _ = process_image(raw, thumbnail=False)
        except ImageError:
            lost += 1
            continue
        images.append(
            ImageRecord(
                key=_text(meta["key"]),
                original_url=_text(meta["original_url"]),
                mime=checked.mime,
                width=checked.width,
                height=checked.height,
                data=checked.data,
            )
        )
    thumbnail = None
    if data.get("thumbnail"):
        try:
            thumb_raw = _read(zf, folder + _inside(data["thumbnail"]), MAX_IMAGE)
            thumbnail = process_image(thumb_raw, thumbnail=False)[0].data
        except ImageError:
            thumbnail = None
    fields = {name: data[name] for name in _ARTICLE_FIELDS}
    article = Article(
        **fields,
        html=sanitize_html(html, library_images=True),
        status=Status(data["status"]),
        tags=tuple(_text(t) for t in data["tags"]),
        notes=tuple(_text(n) for n in data["notes"]),
        partial=data.get("partial", False) is True,  # absent in archives before it existed
        image_count=len(images),
        highlights=tuple(
            Highlight(id=0, article_id=0, **{n: h[n] for n in _HIGHLIGHT_FIELDS})
            for h in data["highlights"]
        ),
    )
    _check_types(article)
    # The keys the library finds an article by, under today's rules (an archive from an
    # older Reader may carry keys made under other ones); a never-saved article has none.
    from reader.identity import identity_key
    from reader.urls import url_key

    canonical_key = None
    if data["canonical_key"] is not None:
        canonical_key = identity_key(article.given_url, article.url, article.canonical_url)
    record = ArticleRecord(
        article=article,
        url_key=url_key(article.given_url),
        canonical_key=canonical_key,
        images=tuple(images),
        thumbnail=thumbnail,
    )
    return record, lost


def _inside(name: object) -> str:
    """A file name inside the article's folder: no way out of it."""
    text = _text(name)
    if text.startswith("/") or ".." in text.split("/") or "\\" in text:
        raise ValueError(f"the file name {text!r} leaves its folder")
    return text


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a string")
    return value


_OPTIONAL_TEXT = (
    "url", "canonical_url", "excerpt", "byline", "site_name", "published", "lang",
    "lead_image", "error", "note",
)  # fmt: skip


def _check_types(a: Article) -> None:
    """Every value of the right type and range, so what is stored is what Reader stores."""
    for name in ("given_url", "title", "text", "saved_at", "updated_at"):
        _text(getattr(a, name))
    for name in _OPTIONAL_TEXT:
        _optional_text(getattr(a, name), name)
    for name in ("word_count", "reading_minutes", "id"):
        _whole(getattr(a, name), name)
    for name in ("is_read", "archived", "favourite"):
        _bool(getattr(a, name), name)
    position = a.read_position
    if isinstance(position, bool) or not isinstance(position, int | float):
        raise TypeError("read_position is not a number")
    if not 0 <= position <= 1:
        raise ValueError("read_position is not between 0 and 1")
    for h in a.highlights:
        for name in ("quote", "prefix", "suffix", "created_at"):
            _text(getattr(h, name))
        _optional_text(h.note, "a highlight's note")
        _bool(h.anchored, "a highlight's anchored")
        for value in (h.start, h.end):
            if value is not None:
                _whole(value, "a highlight's start or end")
        if h.color not in HIGHLIGHT_COLORS:
            raise ValueError(f"no highlight colour {h.color!r}")


def _optional_text(value: object, name: str) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} is not a string")


def _whole(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**62:
        raise TypeError(f"{name} is not a whole number of the right size")


def _bool(value: object, name: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} is not true or false")
