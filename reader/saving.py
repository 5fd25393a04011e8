"""The save pipeline: record the address as pending, fetch, extract, sanitise, photos,
and store everything in one transaction.

Contract: ``Saver`` is thread-safe and synchronous (the GUI and the save queue run it on
worker threads); every failure a person can meet is a ``ReaderError``; an address given
to ``save`` is recorded before anything can fail, and a save is stored whole or not at
all (then the address stays as failed, with its error, ready for ``retry``).  The
Library facade owns one Saver; nothing else calls it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
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
    ReaderError,
    SaveError,
    TooLargeError,
    UsageError,
)
from reader.identity import identity_key, same_story
from reader.inputs import check_address, local_file
from reader.models import ImageRecord, NewArticle, Status
from reader.save_claims import held
from reader.storage import Storage
from reader.text_measures import count_words, first_sentences, reading_minutes
from reader.urls import clean_url, url_key

if TYPE_CHECKING:
    # Imported where used: extraction, HTTP and Pillow cost half a second of start-up,
    # and the app needs none of them to show the library.
    from reader.extraction import Extracted
    from reader.fetcher import Fetcher
    from reader.images import ImageLimits, PixelBudget, StoredImage

#: Where stored HTML points for a library image: ``reader://image/<key>``
#: (the same value as reader.sanitizer.LIBRARY_IMAGE_PREFIX).
LIBRARY_IMAGE_PREFIX = "reader://image/"

log = logging.getLogger(__name__)

#: Progress callback: (stage, done, total), e.g. ("images", 2, 5).
Progress = Callable[[str, int, int], None]


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
    html: str | None = None  # the page itself (an import's content): nothing is fetched
    title: str = ""  # the title known before saving (an import's), kept if none is found
    offline: bool = False  # fetch nothing at all: photos are dropped with a note


class Saver:
    """Saves articles into one library.  See the module docstring for the contract.

    ``fetcher`` and ``image_limits`` are asked for when first needed (the HTTP client
    and Pillow are made lazily: the app shows the library without them)."""

    def __init__(
        self,
        storage: Storage,
        fetcher: Callable[[], Fetcher],
        image_limits: Callable[[], ImageLimits],
        save_limits: SaveLimits,
    ) -> None:
        self.storage = storage
        self._get_fetcher = fetcher
        self._get_image_limits = image_limits
        self.save_limits = save_limits
        self._lock = threading.Lock()
        self._saving: dict[str, threading.Event] = {}
        self._image_pool = ThreadPoolExecutor(
            max_workers=save_limits.image_workers, thread_name_prefix="reader-image"
        )

    @property
    def fetcher(self) -> Fetcher:
        return self._get_fetcher()

    @property
    def image_limits(self) -> ImageLimits:
        return self._get_image_limits()

    @property
    def busy(self) -> bool:
        """Whether a save is running (any thread)."""
        with self._lock:
            return bool(self._saving)

    def close(self, wait: bool = False) -> None:
        """Cancel photo downloads not yet started; ``wait`` for those running."""
        self._image_pool.shutdown(wait=wait, cancel_futures=True)

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
            else:
                article_id = self.storage.add_pending(source.given_url, key)
            # Claimed as the save queue claims: another process's drain (or retry) does
            # not fetch it at the same time, nor this save an article a drain has.
            with held(self.storage, article_id, self.save_limits.save_timeout):
                if existing is not None:
                    self.storage.set_status(article_id, Status.PENDING)
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

    def retry(
        self,
        article_id: int,
        progress: Progress | None = None,
        *,
        offline: bool = False,
        claimed: bool = False,
    ) -> SaveResult:
        """Fetch a pending or failed article again (or refresh a saved one).

        The stored address passes exactly the checks of ``save``: a ``file:`` address
        (or anything else that is not http(s)) is refused, since a local file is read
        only when the person names its path to ``save``.  An imported article whose
        content came with the file is saved from that content (its photos fetched unless
        ``offline``); ``offline`` with no such content is a UsageError.  The save queue
        (reader.save_queue) calls this for every save, ``claimed`` (it claimed the article
        itself); any other caller's retry claims it here, and raises SaveBusyError when
        another Reader is saving it.
        """
        article = self.storage.get(article_id)
        try:
            check_address(article.given_url)
        except SaveError as exc:
            if article.status is not Status.SAVED:
                self.storage.set_status(article_id, Status.FAILED, exc.one_line())
            exc.article_id = article_id
            raise
        content = self.storage.import_content(article_id)
        source = _Source(article.given_url, title=article.title)
        if content is not None:
            source = _Source(article.given_url, html=content, title=article.title, offline=offline)
        elif offline:
            raise UsageError(f"article {article_id} cannot be saved without the network")
        with (
            nullcontext()
            if claimed
            else held(self.storage, article_id, self.save_limits.save_timeout)
        ):
            self.storage.set_status(article_id, Status.PENDING)
            return self._save_into(article_id, source, (), True, progress)

    def _source(self, target: str, base_url: str | None) -> _Source:
        """What ``target`` names: a local HTML file the person gave by its path, or a
        checked http(s) address.  Raises before anything is recorded when it is neither."""
        target = target.strip()
        file = local_file(target)
        if file is not None:
            if base_url:
                return _Source(check_address(base_url), file)
            return _Source(file.as_uri(), file)
        if base_url:
            raise InvalidURLError("--url gives the address of a local file; name the file")
        return _Source(check_address(target))

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
            is_twin = (
                other is not None
                and other.id != article_id
                and (same_story(other.title, new.title) or not other.title)
            )
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
            exc.article_id = article_id
            raise
        except ReaderError:
            raise
        except Exception as exc:
            log.exception("unexpected error while saving %s", source.given_url)
            self.storage.set_status(
                article_id, Status.FAILED, f"internal_error: {type(exc).__name__}: {exc}"
            )
            raise
        # The text may have changed (a refresh; an import's quotes waiting for it).
        self._place_highlights(article_id)
        return SaveResult(article_id, new.title, notes=new.notes, timings=timings)

    def _place_highlights(self, article_id: int) -> None:
        from reader.highlights import reanchor

        self.storage.reanchor_highlights(article_id, reanchor)

    def _build(
        self, source: _Source, progress: Progress | None
    ) -> tuple[NewArticle, dict[str, float]]:
        from reader.extraction import extract
        from reader.extraction.teaser import PARTIAL_NOTE
        from reader.fetcher import decode_html

        timings: dict[str, float] = {}
        deadline = time.monotonic() + self.save_limits.save_timeout
        t0 = time.perf_counter()
        if progress:
            progress("fetch", 0, 1)
        if source.html is not None:
            html, page_url = source.html, source.given_url
            base = page_url
        elif source.file is not None:
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
            extracted, page_url, deadline, progress, fetch=not source.offline
        )
        timings["images"] = time.perf_counter() - t0

        text = extracted.text
        if body_html != extracted.html and any(n.startswith("image dropped") for n in notes):
            # A dropped photo takes its caption with it: the text must not keep it.
            from reader.extraction.text import html_to_text

            text = html_to_text(body_html)
        words = count_words(text)
        page_url = clean_url(page_url)
        canonical = clean_url(extracted.canonical_url) if extracted.canonical_url else None
        new = NewArticle(
            url=page_url,
            canonical_url=canonical,
            url_key=identity_key(source.given_url, page_url, canonical),
            # An export file's title beats one guessed from its bare content.
            title=(source.html is not None and source.title) or extracted.title or source.title,
            excerpt=extracted.excerpt or first_sentences(text),
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
            notes=(PARTIAL_NOTE, *notes) if extracted.partial else tuple(notes),
            partial=extracted.partial,
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
        self,
        extracted: Extracted,
        page_url: str,
        deadline: float,
        progress: Progress | None,
        fetch: bool = True,
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
        if not fetch:
            notes.extend(f"image dropped: {_short(u)}: not fetched (saved offline)" for u in urls)
            wanted = []
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


def image_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."
