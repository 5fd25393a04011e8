"""The reading pane's photos, decoded off the GUI thread: the ones painted first jump the
image lane's queue; the others are decoded in the background, the nearest first, into
the browser's bounded cache, each replacing its placeholder in place.  GUI thread only
(the decoding itself runs on the task runner's image lane)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from reader.errors import ReaderError
from reader.ui.photos import CacheKey, Photo, decode
from reader.ui.reading_browser import ReadingBrowser
from reader.ui.workers import Lane, Priority, Progress, TaskRunner

log = logging.getLogger(__name__)


class Prefetch:
    """The background decodes of one document.  Owned by the GUI thread; a worker only
    reads ``cancelled`` (set when the document goes: another article, a new size), to
    skip the photos still queued."""

    def __init__(self) -> None:
        self.cancelled = False


class PanePhotos:
    """Decodes what ``browser`` shows; ``generation()`` tells the document shown (a
    decode for an older one is dropped).  GUI thread only."""

    def __init__(
        self, browser: ReadingBrowser, runner: TaskRunner, generation: Callable[[], int]
    ) -> None:
        self.browser = browser
        self.runner = runner
        self._generation = generation
        self.job: Prefetch | None = None  # the background decodes of the document shown
        self._decoding: set[CacheKey] = set()  # asked for by the screen, not back yet
        browser.wanted = self._decode_for_screen

    @property
    def pending(self) -> bool:
        """Whether a photo the screen asked for is still being decoded."""
        return bool(self._decoding)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancelled = True
            self.job = None

    def prefetch(self) -> None:
        """Decode the photos that are not on screen in the background, the nearest first
        (the document must be laid out: it asks where each photo is)."""
        self.stop()
        browser = self.browser
        if not browser.images:
            return
        top = browser.verticalScrollBar().value()
        bottom = top + browser.viewport().height()
        pending: list[tuple[float, CacheKey, Photo, QSize]] = []
        seen: set[CacheKey] = set()
        for src, y0, y1 in browser.image_positions():
            size = browser.image_size(src)
            if size is None:
                continue
            key = browser.cache_key(src, size)
            if key in seen or key in browser.cache or (y1 >= top and y0 <= bottom):
                continue  # decoded already, or on screen (painted, so decoded, right now)
            seen.add(key)
            distance = top - y1 if y1 < top else y0 - bottom
            pending.append((distance, key, browser.images[src], size))
        pending.sort(key=lambda p: p[0])
        # No more than half the cache, so that prefetching never evicts its own work.
        budget = browser.cache.max_bytes // 2
        chosen: list[tuple[CacheKey, Photo, QSize]] = []
        for _, key, photo, size in pending:
            budget -= size.width() * size.height() * 4
            if budget < 0:
                break
            chosen.append((key, photo, size))
        if chosen:
            self.job = job = Prefetch()
            for key, photo, size in chosen:  # behind what the screen asks for
                self._queue(key, photo, size, Priority.BACKGROUND, job)

    def _decode_for_screen(self, src: str, key: CacheKey, size: QSize) -> None:
        if key in self._decoding:
            return
        photo = self.browser.images.get(src)
        if photo is not None:
            self._decoding.add(key)
            self._queue(key, photo, size, Priority.SCREEN, None)

    def _queue(
        self, key: CacheKey, photo: Photo, size: QSize, priority: Priority, job: Prefetch | None
    ) -> None:
        generation = self._generation()
        src = key[1]

        def work(_: Progress) -> QImage | None:
            if job is not None and job.cancelled:
                return None  # the document went while this waited in the queue
            return decode(photo.data, size)

        def done(image: QImage | None) -> None:
            self._decoding.discard(key)
            if image is None or generation != self._generation():
                return  # another article or another size by now: drop it
            if job is not None and (job is not self.job or image.isNull()):
                return  # (a broken one is dealt with when it is painted)
            if key not in self.browser.cache:
                self.browser.show_decoded(src, key, image)

        def failed(exc: ReaderError) -> None:
            self._decoding.discard(key)
            log.warning("decoding a photo failed: %s", exc)

        self.runner.submit(
            work, done, failed, name="decode photo", lane=Lane.IMAGE, priority=priority
        )
