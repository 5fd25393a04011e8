"""Updating feeds politely: conditional GET, Retry-After, redirects, 410, backoff, retention.

``FeedUpdater.update`` checks feeds (at most ``per_host`` requests at once to one host),
records each new item as a pending article in the library before anything else is
fetched, then has them saved by the shared save queue (``reader.save_queue``: the
pipeline of ``reader add``, bounded concurrency, 2 per host), and applies each
feed's retention.  An item whose page cannot be fetched is kept from the feed's own
content (marked partial in its notes).  Synchronous and Qt-free: the app runs it on a
worker thread.  Every failure of one feed is reported on that feed's ``UpdateResult``
(and stored on the feed); only StorageError and bugs escape.
"""

from __future__ import annotations

import email.utils
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.errors import FeedError, HTTPStatusError, ReaderError, StorageError
from reader.feeds.models import MAX_BACKOFF_SECONDS, Feed, FeedEntry, ParsedFeed
from reader.models import NewArticle
from reader.urls import url_key

if TYPE_CHECKING:
    from reader.fetcher import Response
    from reader.library import Library

log = logging.getLogger(__name__)

#: New items recorded per feed and update; the rest wait for the next update.
MAX_NEW_PER_UPDATE = 100
#: The longest Retry-After honoured (a server cannot switch a feed off for good).
MAX_RETRY_AFTER = 7 * 24 * 3600
DEFAULT_WORKERS = 4
DEFAULT_PER_HOST = 2


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """One feed's update, as ``reader feed update --json`` prints it."""

    id: int
    url: str
    ok: bool
    status: int | None = None  # HTTP status of the feed's request; None if none came
    new: int = 0  # items seen for the first time
    saved: int = 0  # of those, saved offline (partial ones included)
    failed: int = 0  # of those, neither the page nor the feed's own content could be kept
    partial: int = 0  # saved from the feed's own content: the page could not be fetched
    removed: int = 0  # by retention
    error: str | None = None  # category
    message: str | None = None


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), MAX_RETRY_AFTER))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - now).total_seconds(), MAX_RETRY_AFTER))


def backoff_seconds(interval_minutes: int, failures: int) -> float:
    """The wait after ``failures`` failures in a row: the interval, doubled each time."""
    return float(min(interval_minutes * 60 * 2 ** min(failures, 20), MAX_BACKOFF_SECONDS))


class FeedUpdater:
    """Checks feeds and saves their new items.  Thread-safe; see the module docstring."""

    def __init__(
        self,
        library: Library,
        *,
        workers: int = DEFAULT_WORKERS,
        per_host: int = DEFAULT_PER_HOST,
        max_new: int = MAX_NEW_PER_UPDATE,
    ) -> None:
        self.library = library
        self.storage = library.storage
        self.workers = workers
        self.per_host = per_host
        self.max_new = max_new
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}

    # --- the round ---------------------------------------------------------------

    def update(
        self,
        ids: Sequence[int] | None = None,
        *,
        save: bool = True,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[UpdateResult]:
        """Update the given feeds (None: the ones due), save new items, apply retention."""
        now = datetime.now(UTC)
        if ids is None:
            feed_ids = self.storage.due_feeds(_stamp(now))
        else:
            feed_ids = [self.storage.get_feed(i).id for i in ids]  # NotFoundError first
        if not feed_ids:
            return []

        def check(feed_id: int) -> tuple[UpdateResult, list[int]]:
            try:
                if cancelled is not None and cancelled():
                    feed = self.storage.get_feed(feed_id)
                    return UpdateResult(feed.id, feed.url, False, error="cancelled"), []
                return self._check(self.storage.get_feed(feed_id), save)
            finally:
                self.library.release_thread()

        with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(feed_ids)))) as pool:
            checked = list(pool.map(check, feed_ids))
        return self._save_and_trim(checked, cancelled)

    def first_update(
        self, feed: Feed, response: Response, parsed: ParsedFeed, save: bool
    ) -> UpdateResult:
        """Treat a subscription's discovery response as its first update."""
        result, new_ids = self._take(feed, response, parsed, save)
        return self._save_and_trim([(result, new_ids)], None)[0]

    def _save_and_trim(
        self, checked: list[tuple[UpdateResult, list[int]]], cancelled: Callable[[], bool] | None
    ) -> list[UpdateResult]:
        all_new = [i for _, new_ids in checked for i in new_ids]
        outcomes = self._save(all_new, cancelled) if all_new else {}
        results = []
        for result, new_ids in checked:
            saved = failed = partial = 0
            for article_id in new_ids:
                outcome = outcomes.get(article_id)
                if outcome is None:
                    saved += 1
                elif outcome == "partial":
                    saved += 1
                    partial += 1
                elif outcome == "failed":
                    failed += 1
            removed = self._retain(result.id) if result.ok else 0
            results.append(
                replace(result, saved=saved, failed=failed, partial=partial, removed=removed)
            )
        return results

    # --- one feed ----------------------------------------------------------------

    def _host_slot(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or url).lower()
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.Semaphore(self.per_host)
            return slot

    def _check(self, feed: Feed, save: bool) -> tuple[UpdateResult, list[int]]:
        from reader.feeds.parsing import parse_feed

        now = datetime.now(UTC)
        try:
            with self._host_slot(feed.url):
                response = self.library.fetcher.fetch_feed(
                    feed.url, etag=feed.etag, last_modified=feed.last_modified
                )
            if response.status == 304:
                self._succeeded(feed, response, now, found_new=False)
                return UpdateResult(feed.id, feed.url, True, 304), []
            parsed = self._parse(parse_feed, response)
        except StorageError:
            raise
        except ReaderError as exc:
            return self._failed(feed, exc, now), []
        return self._take(feed, response, parsed, save)

    @staticmethod
    def _parse(parse: Callable[..., ParsedFeed], response: Response) -> ParsedFeed:
        """Parse a response; a parser's own crash fails this feed, not the whole round."""
        try:
            return parse(response.body, response.url, response.content_type, response.charset)
        except ReaderError:
            raise
        except Exception as exc:  # a bug in a parser: logged with its traceback, shown
            log.exception("the feed parser failed on %s", response.url)
            raise FeedError(f"the feed parser failed ({type(exc).__name__}: {exc})") from exc

    def _take(
        self, feed: Feed, response: Response, parsed: ParsedFeed, save: bool
    ) -> tuple[UpdateResult, list[int]]:
        """Record a fetched feed's new items; returns the pending articles to save."""
        now = datetime.now(UTC)
        entries = [e for e in parsed.entries if self._allowed(feed, e)]
        known = self.storage.known_item_keys(feed.id, [e.key for e in entries])
        fresh = [e for e in entries if e.key not in known][: self.max_new]
        records = self.storage.record_items(
            feed.id, [(e, url_key(e.link)) for e in fresh], feed.tags, save=save
        )
        feed = self._succeeded(feed, response, now, found_new=bool(records), parsed=parsed)
        pending = [r.article_id for r in records if r.article_id is not None and not r.adopted]
        result = UpdateResult(feed.id, feed.url, True, response.status, new=len(records))
        return result, pending

    def _allowed(self, feed: Feed, entry: FeedEntry) -> bool:
        """A feed on the internet may not send Reader to this computer or its network."""
        fetcher = self.library.fetcher
        feed_host = urlsplit(feed.url).hostname or ""
        if fetcher.is_local_host(feed_host):
            return True
        return not fetcher.is_local_host(urlsplit(entry.link).hostname or "")

    def _succeeded(
        self,
        feed: Feed,
        response: Response,
        now: datetime,
        *,
        found_new: bool,
        parsed: ParsedFeed | None = None,
    ) -> Feed:
        fields: dict[str, object] = {
            "last_checked": _stamp(now),
            "next_check": _stamp(now + timedelta(minutes=feed.interval)),
            "failures": 0,
            "last_status": response.status,
            "last_error": None,
            "paused": False if feed.last_status == 410 else feed.paused,
        }
        if "etag" in response.headers or response.status != 304:
            fields["etag"] = response.headers.get("etag")
        if "last-modified" in response.headers or response.status != 304:
            fields["last_modified"] = response.headers.get("last-modified")
        if found_new:
            fields["last_updated"] = _stamp(now)
        if parsed is not None:
            if parsed.title and not feed.title:
                fields["title"] = parsed.title[:300]
            if parsed.site_url and not feed.site_url:
                fields["site_url"] = parsed.site_url
        moved = response.permanent_url
        if moved and moved != feed.url:
            key = url_key(moved)
            other = self.storage.feed_by_key(key)
            if other is None or other.id == feed.id:
                fields["url"], fields["url_key"] = moved, key
                log.info("feed %s moved permanently to %s", feed.id, moved)
        self.storage.update_feed(feed.id, **fields)
        return self.storage.get_feed(feed.id)

    def _failed(self, feed: Feed, exc: ReaderError, now: datetime) -> UpdateResult:
        status = exc.status if isinstance(exc, HTTPStatusError) else None
        failures = feed.failures + 1
        wait = backoff_seconds(feed.interval, failures)
        message = str(exc)
        fields: dict[str, object] = {
            "last_checked": _stamp(now),
            "failures": failures,
            "last_status": status,
        }
        if status == 410:
            fields["paused"] = True
            message = "the feed is gone (HTTP 410): it is paused; update it by id to try again"
        elif isinstance(exc, HTTPStatusError) and status in (429, 503):
            asked = retry_after_seconds(exc.retry_after, now)
            if asked is not None:
                wait = max(asked, 60.0)
                message += f"; asked to wait {int(wait)} s"
        fields["next_check"] = _stamp(now + timedelta(seconds=wait))
        fields["last_error"] = f"{exc.category}: {message}"
        self.storage.update_feed(feed.id, **fields)
        return UpdateResult(feed.id, feed.url, False, status, error=exc.category, message=message)

    # --- saving and retention ----------------------------------------------------

    def _save(self, ids: list[int], cancelled: Callable[[], bool] | None) -> dict[int, str]:
        """Save pending articles through the shared save queue (bounded concurrency, at
        most ``per_host`` saves to one host).  Outcome per id: absent (saved),
        "partial", "failed", "left" (not attempted: cancelled; they stay pending)."""
        from reader.save_queue import SaveQueue

        errors: dict[int, ReaderError] = {}

        def on_result(article_id: int, outcome: object) -> None:
            if isinstance(outcome, ReaderError):
                errors[article_id] = outcome

        queue = SaveQueue(self.library, workers=self.workers, per_host=self.per_host)
        report = queue.drain(ids, on_result=on_result, cancelled=cancelled)
        outcomes = dict.fromkeys(report.left, "left")
        for article_id, exc in errors.items():
            outcomes[article_id] = self._keep_feed_content(article_id, exc)
        done = [i for i in ids if outcomes.get(i) in (None, "partial")]
        self.storage.forget_feed_content(done)
        return outcomes

    def _keep_feed_content(self, article_id: int, exc: ReaderError) -> str:
        """Store the feed's own text of an item whose page could not be saved."""
        from reader.extraction.text import html_to_text
        from reader.sanitizer import rewrite_images
        from reader.text_measures import count_words, reading_minutes

        content = self.storage.feed_content(article_id)
        if content is None or not content[0].strip():
            return "failed"
        html, title, published = content
        html = rewrite_images(html, lambda _src: None)  # photos of the web stay there
        text = html_to_text(html)
        if not text.strip():
            return "failed"
        article = self.storage.get(article_id)
        words = count_words(text)
        note = (
            f"partial: the page could not be saved ({exc.one_line()}); this is the feed's own text"
        )
        new = NewArticle(
            url=article.given_url,
            canonical_url=None,
            url_key=url_key(article.given_url),
            title=title or article.title,
            excerpt=text[:240],
            byline=article.byline,
            site_name=None,
            published=published,
            lang=None,
            lead_image=None,
            html=html,
            text=text,
            word_count=words,
            reading_minutes=reading_minutes(words),
            notes=(note,),
        )
        self.storage.complete_save(article_id, new)
        return "partial"

    def _retain(self, feed_id: int) -> int:
        feed = self.storage.get_feed(feed_id)
        doomed = self.storage.retention_candidates(feed.id, feed.keep, feed.days)
        return self.storage.delete(doomed) if doomed else 0
