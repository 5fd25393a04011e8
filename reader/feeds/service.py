"""Feeds: the use cases of subscriptions (``Library.feeds``), for the command line and the app.

Contract: like ``Library``, every method is synchronous, thread-safe and Qt-free; the
slow ones (``add``, ``update``, ``import_opml``) do network work and belong on a worker
thread in the app.  Failures a person can meet are ``ReaderError``s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.errors import ReaderError, StorageError, UsageError
from reader.feeds.models import DEFAULT_INTERVAL, MIN_INTERVAL, Feed, NewSubscription
from reader.feeds.updating import FeedUpdater, UpdateResult
from reader.urls import url_key

if TYPE_CHECKING:
    from reader.library import Library


@dataclass(frozen=True, slots=True)
class Subscribed:
    feed: Feed
    first: UpdateResult  # the first update, made with the discovery response


@dataclass(frozen=True, slots=True)
class Removed:
    feed_id: int
    removed: int  # articles deleted with the feed
    kept: int  # articles kept (touched by the person, or --keep-articles)


@dataclass(frozen=True, slots=True)
class Imported:
    added: tuple[Feed, ...]
    existed: tuple[str, ...]  # addresses followed already
    failed: tuple[tuple[str, ReaderError], ...]
    skipped: tuple[str, ...]  # outlines that are not http(s) feeds


def _check_retention(keep: int | None, days: int | None) -> None:
    if keep is not None and keep < 1:
        raise UsageError("--keep needs a number of at least 1")
    if days is not None and days < 1:
        raise UsageError("--days needs a number of at least 1")


class Feeds:
    """Subscriptions of one library.  See the module docstring for the contract."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.storage = library.storage

    def updater(self) -> FeedUpdater:
        return FeedUpdater(self.library)

    def all(self) -> list[Feed]:
        return self.storage.feeds()

    def get(self, feed_id: int) -> Feed:
        return self.storage.get_feed(feed_id)

    def find(self, address: str) -> tuple[str, str]:
        """The (feed address, title) that ``add`` would subscribe to, subscribing to
        nothing: for the app's "Subscribe to this site's feed?".  NotAFeedError if none."""
        from reader.feeds.discovery import discover
        from reader.library import normalise_input

        found = discover(self.library.fetcher, normalise_input(address))
        return found.url, found.feed.title

    def add(
        self,
        address: str,
        tags: Sequence[str] = (),
        *,
        keep: int | None = None,
        days: int | None = None,
        save: bool = True,
        interval: int = DEFAULT_INTERVAL,
        title: str = "",
    ) -> Subscribed:
        """Subscribe to a feed, or to the feed a site's page names; saves its items now
        (with ``save=False`` they are only marked as seen: later ones are saved)."""
        from reader.feeds.discovery import discover
        from reader.library import normalise_input
        from reader.storage import normalise_tag

        _check_retention(keep, days)
        if interval < MIN_INTERVAL:
            raise UsageError(f"feeds update at most every {MIN_INTERVAL} minutes")
        address = normalise_input(address)
        existing = self.storage.feed_by_key(url_key(address))
        if existing is not None:
            raise UsageError(f"already subscribed to {address[:200]} (feed {existing.id})")
        found = discover(self.library.fetcher, address)
        clean_tags = tuple(dict.fromkeys(t for t in map(normalise_tag, tags) if t))
        sub = NewSubscription(
            url=found.url,
            title=title or found.feed.title[:300],
            site_url=found.feed.site_url,
            tags=clean_tags,
            keep=keep,
            days=days,
            interval=interval,
        )
        feed_id = self.storage.add_feed(sub, url_key(found.url))
        feed = self.storage.get_feed(feed_id)
        first = self.updater().first_update(feed, found.response, found.feed, save)
        return Subscribed(self.storage.get_feed(feed_id), first)

    def update(
        self,
        ids: Sequence[int] | None = None,
        *,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[UpdateResult]:
        """Update the feeds that are due (or exactly the given ones); see FeedUpdater."""
        return self.updater().update(ids, cancelled=cancelled)

    def remove(self, feed_id: int, keep_articles: bool = False) -> Removed:
        """Unsubscribe; the feed's articles go too unless ``keep_articles``, except the
        ones the person touched and the ones that were in the library before."""
        every = self.storage.feed_articles(feed_id, untouched_only=False)
        doomed = [] if keep_articles else self.storage.feed_articles(feed_id, untouched_only=True)
        self.storage.remove_feed(feed_id, doomed)
        return Removed(feed_id, len(doomed), len(every) - len(doomed))

    def set(
        self,
        feed_id: int,
        *,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        paused: bool | None = None,
        keep: int | None = None,
        days: int | None = None,
        interval: int | None = None,
    ) -> Feed:
        """Rename, retag, pause or resume a feed, or change its retention or interval."""
        from reader.storage import normalise_tag

        fields: dict[str, object] = {}
        if title is not None:
            if not title.strip():
                raise UsageError("a feed needs a title")
            fields["title"] = " ".join(title.split())[:300]
        if tags is not None:
            fields["tags"] = tuple(dict.fromkeys(t for t in map(normalise_tag, tags) if t))
        if paused is not None:
            fields["paused"] = paused
            if not paused:
                fields["next_check"] = None
        _check_retention(keep, days)
        if keep is not None:
            fields["keep"] = keep
        if days is not None:
            fields["days"] = days
        if interval is not None:
            if interval < MIN_INTERVAL:
                raise UsageError(f"feeds update at most every {MIN_INTERVAL} minutes")
            fields["interval"] = interval
        self.storage.update_feed(feed_id, **fields)
        return self.storage.get_feed(feed_id)

    def import_opml(
        self,
        data: bytes,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> Imported:
        """Subscribe to every feed of an OPML list (folders become tags).  Items are not
        saved now: each feed is due, and the next update saves its stories."""
        from reader.feeds.opml import read_opml

        listing = read_opml(data)
        added: list[Feed] = []
        existed: list[str] = []
        failed: list[tuple[str, ReaderError]] = []
        total = len(listing.feeds)
        for i, item in enumerate(listing.feeds):
            if progress is not None:
                progress(i, total)
            if self.storage.feed_by_key(url_key(item.url)) is not None:
                existed.append(item.url)
                continue
            sub = NewSubscription(url=item.url, title=item.title, tags=item.tags)
            try:
                added.append(self.storage.get_feed(self.storage.add_feed(sub, url_key(item.url))))
            except StorageError:
                raise
            except ReaderError as exc:
                failed.append((item.url, exc))
        if progress is not None:
            progress(total, total)
        return Imported(tuple(added), tuple(existed), tuple(failed), listing.skipped)

    def export_opml(self) -> bytes:
        from reader.feeds.opml import write_opml

        return write_opml(self.all())
