"""Library: the one facade of Reader's use cases (save, read, search, tag, read state).

Contract: every method is synchronous and thread-safe, so the GUI runs the slow ones
(``save``, ``retry``, ``extract``, ``search``) on worker threads; none touches Qt.
Every failure a person can meet is a ``reader.errors.ReaderError``; anything else is
a bug.  A URL given to ``save`` is recorded before anything can fail, and a save is
stored in one transaction: whole, or not at all (then the URL stays as failed, with
its error, ready for ``retry``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import NotFoundError, UsageError
from reader.identity import IDENTITY_STAMP, rekeyed
from reader.inputs import check_address as check_address
from reader.inputs import looks_like_path as looks_like_path
from reader.inputs import normalise_input as normalise_input
from reader.models import (
    Article,
    ArticleFilter,
    ArticleRecord,
    ArticleSummary,
    CheckReport,
    Claimant,
    Highlight,
    HighlightPage,
    ImageRecord,
    ImportedItem,
    NewHighlight,
    Page,
    QueuedArticle,
    RecordedImport,
    SearchHit,
    SortKey,
    Status,
    TagCount,
)
from reader.saving import LIBRARY_IMAGE_PREFIX, Progress, Saver
from reader.saving import SaveLimits as SaveLimits
from reader.saving import SaveResult as SaveResult
from reader.search_query import parse_search
from reader.settings import read_limits
from reader.storage import Storage
from reader.urls import IDENTITY_RULES, url_key

if TYPE_CHECKING:
    from reader.backup import BackupInfo

    # Imported where used: extraction, HTTP and Pillow cost half a second of start-up,
    # and the app needs none of them to show the library.
    from reader.extraction import Extracted
    from reader.feeds.service import Feeds
    from reader.fetcher import Fetcher, FetchLimits
    from reader.images import ImageLimits


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
        self.saver = Saver(
            storage, lambda: self.fetcher, lambda: self.image_limits, self.save_limits
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
        if storage.meta(IDENTITY_STAMP) != IDENTITY_RULES:
            storage.rekey(IDENTITY_STAMP, IDENTITY_RULES, rekeyed)
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
    def feeds(self) -> Feeds:
        """Subscriptions: add, list, update, remove, OPML (see reader.feeds.service)."""
        from reader.feeds.service import Feeds

        return Feeds(self)

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
        self.saver.close(wait=not saving)
        if self._fetcher is not None and not saving:
            self._fetcher.close()
        self.storage.close()

    @property
    def saving(self) -> bool:
        """Whether a save is running in this process (any thread)."""
        return self.saver.busy

    def release_thread(self) -> None:
        """Close the calling thread's database connection; worker threads call it when done.

        Each thread gets its own SQLite connection on first use; giving it back when the
        thread is done keeps their number down (``close`` closes any left anyway).
        """
        self.storage.release_thread()

    def data_version(self) -> int:
        """A number that changes when another connection (another process, or another
        thread here) has committed a change; compare values from one thread only."""
        return self.storage.data_version()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- saving (reader.saving) --------------------------------------------------

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
        return self.saver.save(target, tags, base_url=base_url, refresh=refresh, progress=progress)

    def retry(
        self,
        article_id: int,
        progress: Progress | None = None,
        *,
        offline: bool = False,
        claimed: bool = False,
    ) -> SaveResult:
        """Fetch a pending or failed article again (or refresh a saved one), checked as
        ``save``; ``offline``: from an import's content only; ``claimed``: by the queue."""
        return self.saver.retry(article_id, progress, offline=offline, claimed=claimed)

    def extract(self, target: str, base_url: str | None = None) -> Extracted:
        """Extraction only: nothing is saved.  ``target`` is a URL or a local file."""
        return self.saver.extract(target, base_url)

    def unfinished(self) -> list[int]:
        """Ids of pending and failed articles (what ``retry`` with no ids takes)."""
        return self.storage.unfinished_ids()

    # --- the save queue and imports (reader.save_queue, reader.importers) ----------

    def pending(self) -> list[int]:
        """Ids of pending articles, oldest first (what the save queue drains)."""
        return self.storage.pending_ids()

    def given_urls(self, ids: Sequence[int]) -> dict[int, str]:
        return self.storage.given_urls(ids)

    def queued(self, ids: Sequence[int]) -> dict[int, QueuedArticle]:
        """Each article as a drain starts from it (ids not in the library left out)."""
        return self.storage.queued_articles(ids)

    def claim_save(self, article: QueuedArticle, claimant: Claimant) -> bool:
        """Claim an article's save across processes (reader.save_claims): False if not."""
        from reader.save_claims import claim

        return claim(self.storage, article, claimant, self.save_limits.save_timeout)

    def release_saves(self, claimant: Claimant, ids: Sequence[int] | None = None) -> None:
        """Give back ``claimant``'s claims on ``ids`` (default: all of them)."""
        self.storage.release_claims(claimant, ids)

    def with_import_content(self, ids: Sequence[int]) -> list[int]:
        """Those of ``ids`` that can be saved from an export file's content, offline."""
        return self.storage.with_import_content(ids)

    def record_imports(
        self, items: Sequence[ImportedItem], tags: Sequence[str] = ()
    ) -> list[RecordedImport]:
        """Record items of an export file as pending articles, in one transaction (each
        whole); items already in the library (by URL key) merge into them.  URLs must
        have passed ``reader.fetcher.check_url``; the save queue fetches them later.
        Quotes merged into an article already saved are anchored in its text now; one
        placed where a highlight of it is (an export imported again) is not added."""
        from reader.highlights import locate_span

        keys = [url_key(i.url) for i in items]
        recorded = self.storage.record_imports(items, keys, tags, locate=locate_span)
        for r, item in zip(recorded, items, strict=True):
            if r.existed and r.status is Status.SAVED and item.highlights:
                self.reanchor_highlights(r.article_id)
        return recorded

    # --- reading ---------------------------------------------------------------

    def get(self, article_id: int) -> Article:
        return self.storage.get(article_id)

    def summary(self, article_id: int) -> ArticleSummary:
        """What a list shows of one article; NotFoundError if it is not there."""
        return self.storage.summary(article_id)

    def page(
        self,
        flt: ArticleFilter | None = None,
        sort: SortKey = SortKey.SAVED,
        cursor: tuple[str | int, int] | None = None,
        limit: int = 200,
    ) -> Page:
        return self.storage.page(flt or ArticleFilter(), sort, cursor, limit)

    def count(self, flt: ArticleFilter | None = None) -> int:
        return self.storage.count(flt or ArticleFilter())

    def search(
        self, query: str, flt: ArticleFilter | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """Ranked full-text search of the articles and of their highlights and notes;
        ``tag:``, ``site:``, ``is:`` (``is:highlighted``) and ``has:note`` filters in
        the query (see reader.search_query)."""
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
            feed_id=base.feed_id,
            highlighted=parsed.highlighted if parsed.highlighted is not None else base.highlighted,
            has_note=parsed.has_note if parsed.has_note is not None else base.has_note,
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

    # --- upkeep ----------------------------------------------------------------

    def check(self, repair: bool = False) -> tuple[CheckReport, int | None]:
        """Check the file and the full-text index; with ``repair``, rebuild the index
        when it is wrong.  Returns the report (of before the repair) and, when the index
        was rebuilt, how many articles it holds now."""
        report = self.storage.check()
        rebuilt = self.storage.rebuild_index() if repair and report.index != "ok" else None
        return report, rebuilt

    # --- highlights and notes --------------------------------------------------

    def highlights(self, article_id: int) -> tuple[Highlight, ...]:
        """An article's highlights in reading order (quotes not placed in the text last)."""
        return self.storage.highlights(article_id)

    def add_highlights(self, article_id: int, items: Sequence[NewHighlight]) -> list[int]:
        from reader.highlights import check_color

        for h in items:
            check_color(h.color)
            if not h.quote.strip():
                raise UsageError("a highlight needs some text")
        return self.storage.add_highlights(article_id, items)

    def add_highlight(
        self,
        article_id: int,
        quote: str,
        note: str | None = None,
        color: str = "yellow",
        *,
        start: int | None = None,
        before: str = "",
        after: str = "",
    ) -> Highlight:
        """Highlight ``quote`` in the article's text: at ``start`` when given, else where
        the text around it is most like ``before``/``after`` (see highlights.new_highlight);
        UsageError when the quote is not in the text."""
        from reader.highlights import new_highlight

        article = self.storage.get(article_id)
        item = new_highlight(article, quote, note, color, start=start, before=before, after=after)
        (hid,) = self.add_highlights(article_id, [item])
        return self.storage.get_highlight(hid)

    def update_highlight(
        self,
        highlight_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        clear_note: bool = False,
    ) -> Highlight:
        """Change a highlight's colour or note (a blank note clears it); returns it."""
        from reader.highlights import check_color

        check_color(color)
        if note is not None and not note.strip():
            note, clear_note = None, True
        self.storage.update_highlight(
            highlight_id, color=color, note=note.strip() if note else None, clear_note=clear_note
        )
        return self.storage.get_highlight(highlight_id)

    def delete_highlight(self, highlight_id: int) -> Highlight:
        """Delete a highlight; returns it for ``restore_highlight`` (undo)."""
        return self.storage.delete_highlight(highlight_id)

    def restore_highlight(self, gone: Highlight) -> Highlight:
        """Undo ``delete_highlight``: the highlight back, under its old id if free."""
        return self.storage.get_highlight(self.storage.restore_highlight(gone))

    def reanchor_highlights(self, article_id: int) -> int:
        """Place the article's highlights in its current text again (saving does it
        after every save); returns how many moved or were lost."""
        from reader.highlights import reanchor

        return self.storage.reanchor_highlights(article_id, reanchor)

    def highlight_page(
        self,
        color: str | None = None,
        tag: str | None = None,
        cursor: tuple[str, int] | None = None,
        limit: int = 200,
    ) -> HighlightPage:
        """Every highlight with its article, newest first (the Highlights view), by
        keyset; filter by colour and tag.  Articles in the trash are left out."""
        from reader.highlights import check_color

        check_color(color)
        return self.storage.highlight_page(color, tag, cursor, limit)

    def highlight_count(self, color: str | None = None, tag: str | None = None) -> int:
        """How many highlights the Highlights view lists with these filters."""
        return self.storage.highlight_count(color, tag)

    def set_note(self, article_id: int, note: str | None) -> None:
        """The note on a whole article (None or blank: no note)."""
        self.storage.set_note(article_id, note)

    # --- export, archive and backup --------------------------------------------

    def selection(
        self, ids: Sequence[int] = (), tag: str | None = None, query: str | None = None
    ) -> list[int]:
        """What an export takes: ``ids``, else ``tag``, else ``query`` (reader.selection)."""
        from reader.selection import select

        return select(self, ids, tag, query)

    def article_record(self, article_id: int) -> ArticleRecord:
        """An article with its photos, thumbnail and keys, read in one snapshot."""
        return self.storage.article_record(article_id)

    def restore_records(self, records: Sequence[ArticleRecord]) -> list[int | None]:
        """Store whole articles as they were (an archive's); None for an address already
        in the library.  One transaction."""
        return self.storage.restore_records(records)

    def backup(self, dest: Path) -> BackupInfo:
        """A checked, consistent copy of the library in ``dest``, safe while it is in use."""
        from reader.backup import make_backup

        return make_backup(self.storage, dest)

    def backup_if_due(self) -> BackupInfo | None:
        """The automatic backup (reader.toml ``[backup]``: daily, the last 7, in
        ``backups/``), if one is due; the app calls it when it starts."""
        from reader.backup import backup_if_due

        return backup_if_due(self.storage)
