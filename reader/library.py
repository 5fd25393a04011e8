"""Library: the one facade of Reader's use cases (save, read, search, tag, read state).

Contract: every method is synchronous and thread-safe, so the GUI runs the slow ones
(``save``, ``retry``, ``extract``, ``search``) on worker threads; none touches Qt.
Every failure a person can meet is a ``reader.errors.ReaderError``; anything else is
a bug.  A URL given to ``save`` is recorded before anything can fail, and a save is
stored in one transaction: whole, or not at all (then the URL stays as failed, with
its error, ready for ``retry``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import (
    SAVE_ERROR_CATEGORIES,
    FetchTimeoutError,
    HTTPStatusError,
    ImageError,
    InvalidURLError,
    NoContentError,
    NotFoundError,
    ReaderError,
    SaveError,
    TooLargeError,
    UsageError,
)
from reader.models import (
    HIGHLIGHT_COLORS,
    Article,
    ArticleFilter,
    Highlight,
    ImageRecord,
    NewArticle,
    NewHighlight,
    Page,
    SearchHit,
    SortKey,
    Status,
    TagCount,
)
from reader.settings import read_limits
from reader.storage import Storage
from reader.urls import url_key

if TYPE_CHECKING:
    # Imported where used: extraction, HTTP and Pillow cost half a second of start-up,
    # and the app needs none of them to show the library.
    from reader.extraction import Extracted
    from reader.fetcher import Fetcher, FetchLimits
    from reader.images import ImageLimits, PixelBudget, StoredImage

#: Where stored HTML points for a library image: ``reader://image/<key>``
#: (the same value as reader.sanitizer.LIBRARY_IMAGE_PREFIX).
LIBRARY_IMAGE_PREFIX = "reader://image/"

log = logging.getLogger(__name__)

#: Progress callback: (stage, done, total), e.g. ("images", 2, 5).
Progress = Callable[[str, int, int], None]

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)")


@dataclass(frozen=True, slots=True)
class SaveLimits:
    """Per-article limits; see docs/security.md."""

    max_images: int = 60
    max_total_pixels: int = 200_000_000  # summed over an article's images, as sent
    save_timeout: float = 180.0  # fetching the page and all its images
    image_workers: int = 4


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: int
    title: str
    existed: bool = False  # the URL was already in the library; nothing was fetched
    notes: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds


@dataclass(frozen=True, slots=True)
class _Source:
    """What to save: a URL, or a local file standing for ``given_url``."""

    given_url: str
    file: Path | None = None


def count_words(text: str) -> int:
    # CJK scripts have no spaces: count their characters as roughly two per word.
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def normalise_input(target: str) -> str:
    """What a person typed, as a URL: ``example.com/x`` becomes ``https://example.com/x``."""
    target = target.strip()
    host = target.split("/")[0]
    if "://" not in target and ":" not in host and _BARE_HOST.match(target):
        return "https://" + target
    return target


def parse_search(query: str) -> tuple[str, ArticleFilter]:
    """Split ``tag:x site:y is:unread|read|favourite|archived`` filters from the words."""
    words: list[str] = []
    tag = site = None
    unread = favourite = archived = None
    for token in re.findall(r'"[^"]*"?|\S+', query):
        name, sep, value = token.partition(":")
        low = name.lower()
        if sep and value and low == "tag":
            tag = value.strip('"')
        elif sep and value and low == "site":
            site = value.strip('"')
        elif sep and low == "is" and value.lower() in ("unread", "read"):
            unread = value.lower() == "unread"
        elif sep and low == "is" and value.lower() in ("favourite", "favorite", "fav", "starred"):
            favourite = True
        elif sep and low == "is" and value.lower() == "archived":
            archived = True
        else:
            words.append(token)
    flt = ArticleFilter(tag=tag, site=site, unread=unread, favourite=favourite, archived=archived)
    return " ".join(words), flt


class Library:
    """The facade the command line and the GUI talk to.  See the module docstring."""

    def __init__(
        self,
        storage: Storage,
        fetcher: Fetcher | None = None,
        *,
        fetch_limits: FetchLimits | None = None,
        image_limits: ImageLimits | None = None,
        save_limits: SaveLimits | None = None,
    ) -> None:
        self.storage = storage
        self._fetcher = fetcher
        self._fetch_limits = fetch_limits
        self._image_limits = image_limits
        self.save_limits = save_limits or SaveLimits()
        self._init_lock = threading.Lock()
        self._lock = threading.Lock()
        self._saving: dict[str, threading.Event] = {}
        self._image_pool = ThreadPoolExecutor(
            max_workers=self.save_limits.image_workers, thread_name_prefix="reader-image"
        )

    @classmethod
    def open(
        cls,
        folder: Path | str,
        *,
        fetch_limits: FetchLimits | None = None,
        image_limits: ImageLimits | None = None,
        save_limits: SaveLimits | None = None,
    ) -> Library:
        """Open the library in ``folder``; limits not given come from its ``reader.toml``."""
        configured = read_limits(Path(folder))
        storage = Storage(Path(folder))
        return cls(
            storage,
            fetch_limits=fetch_limits or configured.get("fetch"),
            image_limits=image_limits or configured.get("images"),
            save_limits=save_limits or configured.get("save"),
        )

    @property
    def fetcher(self) -> Fetcher:
        """The shared HTTP client, made on first use (one pooled client for every save)."""
        if self._fetcher is None:
            with self._init_lock:
                if self._fetcher is None:
                    from reader.fetcher import Fetcher

                    self._fetcher = Fetcher(self._fetch_limits)
        return self._fetcher

    @property
    def image_limits(self) -> ImageLimits:
        if self._image_limits is None:
            from reader.images import ImageLimits

            self._image_limits = ImageLimits()
        return self._image_limits

    @property
    def folder(self) -> Path:
        return self.storage.folder

    def close(self) -> None:
        """Close the fetcher once no save (and no photo download) uses it any more.

        With saves still running (an app quitting mid-save), the fetcher is left to them
        and to the end of the process: closing it under them would fail them, while
        left alone they stay pending and resume at the next start.
        """
        saving = self.saving
        self._image_pool.shutdown(wait=not saving, cancel_futures=True)
        if self._fetcher is not None and not saving:
            self._fetcher.close()
        self.storage.close()

    @property
    def saving(self) -> bool:
        """Whether a save is running in this process (any thread)."""
        with self._lock:
            return bool(self._saving)

    def release_thread(self) -> None:
        """Close the calling thread's database connection; worker threads call it when done.

        Each thread gets its own SQLite connection on first use; closing it from the
        thread that opened it is the only clean way to let it go.
        """
        self.storage.close()

    def data_version(self) -> int:
        """A number that changes when another connection (another process, or another
        thread here) has committed a change; compare values from one thread only."""
        return self.storage.data_version()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- saving ----------------------------------------------------------------

    def save(
        self,
        target: str,
        tags: Sequence[str] = (),
        *,
        base_url: str | None = None,
        refresh: bool = False,
        progress: Progress | None = None,
    ) -> SaveResult:
        """Save a URL (or a local HTML file, with ``base_url`` as its address).

        Returns the existing article instead of a twin when the URL (or, after fetching,
        its canonical URL) is already saved, unless ``refresh``.  Raises SaveError.
        """
        source = self._source(target, base_url)
        key = url_key(source.given_url)
        with self._in_flight(key) as first:
            existing = self.storage.find_by_key(key)
            if existing is not None and existing.status is Status.SAVED and not refresh:
                if tags:
                    self.storage.add_tags([existing.id], tags)
                return SaveResult(existing.id, existing.title, existed=True)
            if not first and existing is not None:
                # The same address was being saved by another thread, and failed: say so
                # rather than fetching it twice at once.
                if tags:
                    self.storage.add_tags([existing.id], tags)
                return self._outcome_of(existing.id)
            if existing is not None:
                article_id = existing.id
                self.storage.set_status(article_id, Status.PENDING)
            else:
                article_id = self.storage.add_pending(source.given_url, key)
            if tags:
                self.storage.add_tags([article_id], tags)
            return self._save_into(article_id, source, tags, refresh, progress)

    @contextmanager
    def _in_flight(self, key: str) -> Iterator[bool]:
        """Serialise saves of one address in this process; yields True for the first."""
        with self._lock:
            event = self._saving.get(key)
            if event is None:
                self._saving[key] = threading.Event()
        if event is not None:
            event.wait()
            yield False
            return
        try:
            yield True
        finally:
            with self._lock:
                self._saving.pop(key).set()

    def _outcome_of(self, article_id: int) -> SaveResult:
        article = self.storage.get(article_id)
        if article.status is Status.SAVED:
            return SaveResult(article.id, article.title, existed=True)
        category, _, message = (article.error or "save_failed: the save failed").partition(": ")
        error_type = SAVE_ERROR_CATEGORIES.get(category, SaveError)
        if error_type is HTTPStatusError:
            raise HTTPStatusError(0, message)
        raise error_type(message)

    def retry(self, article_id: int, progress: Progress | None = None) -> SaveResult:
        """Fetch a pending or failed article again (or refresh a saved one)."""
        article = self.storage.get(article_id)
        source = _Source(article.given_url)
        if article.given_url.startswith("file://"):
            source = _Source(article.given_url, _file_from_uri(article.given_url))
        self.storage.set_status(article_id, Status.PENDING)
        return self._save_into(article_id, source, (), True, progress)

    def unfinished(self) -> list[int]:
        """Ids of pending and failed articles (what ``retry`` with no ids takes)."""
        return self.storage.unfinished_ids()

    def _source(self, target: str, base_url: str | None) -> _Source:
        from reader.fetcher import check_url

        target = target.strip()
        if "://" not in target and target and Path(target).expanduser().is_file():
            path = Path(target).expanduser().resolve()
            if base_url:
                return _Source(check_url(normalise_input(base_url)), path)
            return _Source(path.as_uri(), path)
        return _Source(normalise_input(target))

    def _save_into(
        self,
        article_id: int,
        source: _Source,
        tags: Sequence[str],
        refresh: bool,
        progress: Progress | None,
    ) -> SaveResult:
        try:
            new, timings = self._build(source, progress)
            other = self.storage.find_by_key(new.url_key)
            is_twin = other is not None and other.id != article_id
            if other is not None and is_twin and other.status is Status.SAVED and not refresh:
                # The canonical URL is saved already: keep that one, drop this twin.
                self.storage.add_tags([other.id], tags)
                self.storage.delete([article_id])
                return SaveResult(other.id, other.title, existed=True, timings=timings)
            t0 = time.perf_counter()
            if progress:
                progress("store", 0, 1)
            self.storage.complete_save(article_id, new, tags)
            timings["store"] = time.perf_counter() - t0
        except SaveError as exc:
            self.storage.set_status(article_id, Status.FAILED, exc.one_line())
            raise
        except ReaderError:
            raise
        except Exception as exc:
            log.exception("unexpected error while saving %s", source.given_url)
            self.storage.set_status(
                article_id, Status.FAILED, f"internal_error: {type(exc).__name__}: {exc}"
            )
            raise
        return SaveResult(article_id, new.title, notes=new.notes, timings=timings)

    def _build(
        self, source: _Source, progress: Progress | None
    ) -> tuple[NewArticle, dict[str, float]]:
        from reader.extraction import extract
        from reader.fetcher import decode_html

        timings: dict[str, float] = {}
        deadline = time.monotonic() + self.save_limits.save_timeout
        t0 = time.perf_counter()
        if progress:
            progress("fetch", 0, 1)
        if source.file is not None:
            html, page_url = self._read_file(source), source.given_url
            base = page_url if not page_url.startswith("file://") else ""
        else:
            response = self.fetcher.fetch_page(source.given_url)
            html, page_url = decode_html(response.body, response.charset), response.url
            base = page_url
        timings["fetch"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if progress:
            progress("extract", 0, 1)
        extracted = extract(html, base)
        if not extracted.text.strip() and not extracted.image_urls:
            raise NoContentError("the page has no readable text")
        timings["extract"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        images, thumbnail, lead_key, body_html, notes = self._images(
            extracted, page_url, deadline, progress
        )
        timings["images"] = time.perf_counter() - t0

        text = extracted.text
        if body_html != extracted.html and any(n.startswith("image dropped") for n in notes):
            # A dropped photo takes its caption with it: the text must not keep it.
            from reader.extraction.text import html_to_text

            text = html_to_text(body_html)
        words = count_words(text)
        canonical = extracted.canonical_url
        identity = canonical or (page_url if not page_url.startswith("file://") else None)
        new = NewArticle(
            url=page_url,
            canonical_url=canonical,
            url_key=url_key(identity) if identity else url_key(source.given_url),
            title=extracted.title,
            excerpt=extracted.excerpt or _first_sentences(text),
            byline=extracted.byline,
            site_name=extracted.site_name,
            published=extracted.published,
            lang=extracted.lang,
            lead_image=lead_key,
            html=body_html,
            text=text,
            word_count=words,
            reading_minutes=reading_minutes(words),
            images=tuple(images),
            thumbnail=thumbnail,
            notes=tuple(notes),
        )
        return new, timings

    def _read_file(self, source: _Source) -> str:
        from reader.fetcher import decode_html

        assert source.file is not None
        limit = self.fetcher.limits.max_page_bytes
        try:
            size = source.file.stat().st_size
            if size > limit:
                raise TooLargeError(f"{source.file.name} is larger than the page size limit")
            data = source.file.read_bytes()
        except OSError as exc:
            raise SaveError(f"cannot read {source.file}: {exc.strerror}") from None
        return decode_html(data)

    def _images(
        self, extracted: Extracted, page_url: str, deadline: float, progress: Progress | None
    ) -> tuple[list[ImageRecord], bytes | None, str | None, str, list[str]]:
        from reader.images import PixelBudget
        from reader.sanitizer import rewrite_images

        limits = self.save_limits
        urls = list(extracted.image_urls)
        notes: list[str] = []
        if len(urls) > limits.max_images:
            notes.append(
                f"{len(urls) - limits.max_images} images over the limit of "
                f"{limits.max_images} were left out"
            )
            urls = urls[: limits.max_images]
        lead = extracted.lead_image
        wanted = urls + ([lead] if lead and lead not in urls else [])
        referer = page_url if page_url.startswith("http") else None
        budget = PixelBudget(limits.max_total_pixels)  # taken before decoding
        futures = [
            self._image_pool.submit(self._one_image, u, referer, deadline, budget) for u in wanted
        ]
        done: dict[str, StoredImage] = {}
        for i, (url, future) in enumerate(zip(wanted, futures, strict=True)):
            if progress:
                progress("images", i, len(wanted))
            try:
                remaining = max(0.1, deadline - time.monotonic())
                photo = future.result(timeout=remaining)
            except (ImageError, SaveError) as exc:
                notes.append(f"image dropped: {_short(url)}: {exc}")
                continue
            except TimeoutError:
                future.cancel()
                notes.append(f"image dropped: {_short(url)}: took too long")
                continue
            done[url] = photo
        if progress:
            progress("images", len(wanted), len(wanted))

        records: list[ImageRecord] = []
        mapping: dict[str, str | None] = {}
        for url in urls:
            if url not in done:
                mapping[url] = None
                continue
            key = image_key(url)
            photo = done[url]
            records.append(ImageRecord(key, url, photo.mime, photo.width, photo.height, photo.data))
            mapping[url] = LIBRARY_IMAGE_PREFIX + key
        html = rewrite_images(extracted.html, lambda src: mapping.get(src))
        lead_key = image_key(lead) if lead and lead in done and lead in urls else None
        thumbnail = self._thumbnail(done.get(lead or "") or next(iter(done.values()), None))
        if lead_key is None and records:
            lead_key = records[0].key
        return records, thumbnail, lead_key, html, notes

    def _one_image(
        self, url: str, referer: str | None, deadline: float, budget: PixelBudget
    ) -> StoredImage:
        from reader.images import process_image

        if time.monotonic() > deadline:
            raise FetchTimeoutError("the save took too long")
        response = self.fetcher.fetch_image(url, referer=referer)
        photo, _ = process_image(response.body, self.image_limits, budget, thumbnail=False)
        return photo

    def _thumbnail(self, photo: StoredImage | None) -> bytes | None:
        """The list thumbnail, made from the one photo that needs it (the lead)."""
        from reader.images import make_thumbnail

        if photo is None:
            return None
        try:
            return make_thumbnail(photo.data, self.image_limits).data
        except ImageError:
            return None

    def extract(self, target: str, base_url: str | None = None) -> Extracted:
        """Extraction only: nothing is saved.  ``target`` is a URL or a local file."""
        from reader.extraction import extract
        from reader.fetcher import decode_html

        source = self._source(target, base_url)
        if source.file is not None:
            html = self._read_file(source)
            base = source.given_url if not source.given_url.startswith("file://") else ""
        else:
            response = self.fetcher.fetch_page(source.given_url)
            html, base = decode_html(response.body, response.charset), response.url
        return extract(html, base)

    # --- reading ---------------------------------------------------------------

    def get(self, article_id: int) -> Article:
        return self.storage.get(article_id)

    def page(
        self,
        flt: ArticleFilter | None = None,
        sort: SortKey = SortKey.SAVED,
        cursor: tuple[str, int] | None = None,
        limit: int = 200,
    ) -> Page:
        return self.storage.page(flt or ArticleFilter(), sort, cursor, limit)

    def count(self, flt: ArticleFilter | None = None) -> int:
        return self.storage.count(flt or ArticleFilter())

    def search(
        self, query: str, flt: ArticleFilter | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """Ranked full-text search; ``tag:``, ``site:`` and ``is:`` filters in the query."""
        words, parsed = parse_search(query)
        base = flt or ArticleFilter()
        merged = ArticleFilter(
            status=base.status,
            tag=parsed.tag or base.tag,
            site=parsed.site or base.site,
            unread=parsed.unread if parsed.unread is not None else base.unread,
            archived=parsed.archived if parsed.archived is not None else base.archived,
            favourite=parsed.favourite if parsed.favourite is not None else base.favourite,
            article_ids=base.article_ids,
        )
        if not words.strip():
            page = self.storage.page(merged, limit=limit)
            return [SearchHit(a, a.excerpt or "", 0.0) for a in page.items]
        return self.storage.search(words, merged, limit)

    def image(self, article_id: int, key: str) -> ImageRecord | None:
        return self.storage.image(article_id, key)

    def image_for_src(self, article_id: int, src: str) -> ImageRecord | None:
        """The stored image an article's HTML points at (``reader://image/KEY``)."""
        if not src.startswith(LIBRARY_IMAGE_PREFIX):
            return None
        return self.storage.image(article_id, src[len(LIBRARY_IMAGE_PREFIX) :])

    def thumbnail(self, article_id: int) -> bytes | None:
        return self.storage.thumbnail(article_id)

    # --- state -----------------------------------------------------------------

    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        self.storage.set_flags(ids, is_read=read)

    def set_archived(self, ids: Iterable[int], archived: bool = True) -> None:
        self.storage.set_flags(ids, archived=archived)

    def set_favourite(self, ids: Iterable[int], favourite: bool = True) -> None:
        self.storage.set_flags(ids, favourite=favourite)

    def set_read_position(self, article_id: int, position: float) -> None:
        self.storage.set_read_position(article_id, position)

    def delete(self, ids: Iterable[int]) -> int:
        """Delete for good (the command line)."""
        id_list = list(ids)
        missing = [i for i in id_list if not self.storage.exists(i)]
        if missing:
            raise NotFoundError(f"no article {', '.join(map(str, missing))}")
        return self.storage.delete(id_list)

    def trash(self, ids: Iterable[int]) -> int:
        """Hide articles so that ``restore`` can undo it; ``purge_trash`` deletes them."""
        return self.storage.trash(ids, True)

    def restore(self, ids: Iterable[int]) -> int:
        return self.storage.trash(ids, False)

    def purge_trash(self) -> int:
        return self.storage.purge_trash()

    # --- tags ------------------------------------------------------------------

    def tags(self) -> list[TagCount]:
        return self.storage.tag_counts()

    def add_tags(self, ids: Sequence[int], names: Iterable[str]) -> None:
        for i in ids:
            if not self.storage.exists(i):
                raise NotFoundError(f"no article {i}")
        self.storage.add_tags(ids, names)

    def remove_tags(self, ids: Sequence[int], names: Iterable[str]) -> None:
        self.storage.remove_tags(ids, names)

    def rename_tag(self, old: str, new: str) -> None:
        if not new.strip():
            raise UsageError("a tag needs a name")
        self.storage.rename_tag(old, new)

    def delete_tag(self, name: str) -> None:
        self.storage.delete_tag(name)

    # --- highlights and notes --------------------------------------------------

    def highlights(self, article_id: int) -> tuple[Highlight, ...]:
        """An article's highlights in reading order (quotes not placed in the text last)."""
        return self.storage.highlights(article_id)

    def add_highlights(self, article_id: int, items: Sequence[NewHighlight]) -> list[int]:
        for h in items:
            if h.color not in HIGHLIGHT_COLORS:
                raise UsageError(
                    f"no colour {h.color!r}; choose one of {', '.join(HIGHLIGHT_COLORS)}"
                )
            if not h.quote.strip():
                raise UsageError("a highlight needs some text")
        return self.storage.add_highlights(article_id, items)

    def delete_highlight(self, highlight_id: int) -> Highlight:
        return self.storage.delete_highlight(highlight_id)

    def set_note(self, article_id: int, note: str | None) -> None:
        """The note on a whole article (None or blank: no note)."""
        self.storage.set_note(article_id, note)


def image_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."


def _first_sentences(text: str, limit: int = 240) -> str | None:
    para = next((p.strip() for p in text.split("\n") if p.strip()), "")
    if not para:
        return None
    if len(para) <= limit:
        return para
    cut = para[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _file_from_uri(uri: str) -> Path:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(uri).path))
    if not path.is_file():
        raise InvalidURLError(f"the file {path} is no longer there")
    return path
