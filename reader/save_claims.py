"""Claims on pending saves across processes: who claims, and when a claim is stale.

Before the save queue starts a save it claims the article in the library; of two
processes (the app resuming its saves, ``reader retry`` or ``reader import`` in a
terminal) draining one library at once, exactly one wins and the other leaves that
article to it.  A claim is given back when its save ends.  One left behind counts as
stale, and is taken over, once its process is no longer alive on this machine or once it
is older than ``STALE_AFTER`` (a crash elsewhere, a process id used again): nothing
stays stuck pending.

Thread-safe; ``claim`` may raise ``StorageError`` like any Storage call.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from reader.errors import SaveBusyError, StorageError
from reader.models import Claimant, ClaimHolder, QueuedArticle

if TYPE_CHECKING:
    from reader.storage import Storage

#: Far longer than one save may take (``SaveLimits.save_timeout``, 180 s by default);
#: with a longer save timeout configured, three times that.
STALE_AFTER = timedelta(minutes=10)

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # reader.storage.clock's
log = logging.getLogger(__name__)


def new_claimant() -> Claimant:
    """A claimant for one drain of this process."""
    return Claimant(uuid.uuid4().hex, socket.gethostname(), os.getpid())


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (True when that cannot be told)."""
    if os.name != "posix":
        # os.kill(pid, 0) would end the process on Windows: there the age decides.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def stale_after(save_timeout: float) -> timedelta:
    """How old a claim of a live process may grow before it counts as stale."""
    return max(STALE_AFTER, timedelta(seconds=3 * save_timeout))


def is_stale(
    holder: ClaimHolder,
    claimant: Claimant,
    now: datetime | None = None,
    after: timedelta = STALE_AFTER,
) -> bool:
    """Whether ``holder``'s claim may be taken over by ``claimant``."""
    if holder.owner == claimant.token:
        return False
    if holder.machine == claimant.machine and not process_alive(holder.pid):
        return True
    try:
        at = datetime.strptime(holder.claimed_at, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return True  # not a stamp of ours: nothing to honour
    return (now or datetime.now(UTC)) - at > after


def claim(
    storage: Storage, article: QueuedArticle, claimant: Claimant, save_timeout: float
) -> bool:
    """Claim ``article``'s save: True if ``claimant`` may save it now; False if another
    live drain has it, or it was saved, failed or deleted since the drain listed it."""
    if storage.take_claim(article, claimant):
        return True  # the usual case: nobody had it, one statement
    holder = storage.claim_holder(article.id)
    if holder is not None and not is_stale(holder, claimant, after=stale_after(save_timeout)):
        return False
    # Stale: replace that very claim (if a third drain replaced it first, it wins).
    # None: the article changed, or its claim was given back just now; try once more.
    return storage.take_claim(article, claimant, holder.owner if holder else None)


@contextmanager
def held(storage: Storage, article_id: int, save_timeout: float) -> Iterator[None]:
    """One save outside the save queue (``reader add --refresh``, the pane's Retry, a
    failed address added again) claims its article as a drain does, for as long as it
    runs.  Raises SaveBusyError, before anything changes, when another live Reader
    holds the claim: that save carries on, and this one would only fetch it twice."""
    claimant = new_claimant()
    found = storage.queued_articles([article_id]).get(article_id)
    if found is not None and not claim(storage, found, claimant, save_timeout):
        holder = storage.claim_holder(article_id)
        if holder is not None and holder.owner != claimant.token:
            error = SaveBusyError("another Reader is saving this article right now")
            error.article_id = article_id
            raise error
        # No holder: the article changed between the two reads (saved, deleted); the
        # save goes on and meets what it finds, as it would have without claims.
    try:
        yield
    finally:
        try:
            storage.release_claims(claimant, [article_id])
        except StorageError:
            # The save itself is stored; a claim left behind goes stale on its own.
            log.warning("could not release the claim on article %d", article_id)
