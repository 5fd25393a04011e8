"""Claims on pending saves, so two processes draining one library never save one article
twice (a Storage part; the policy of when a claim is stale is in ``reader.save_claims``).

A claim is a row of ``save_claims`` (one per article at most).  ``take_claim`` is one
INSERT ... ON CONFLICT DO UPDATE: it inserts a claim where there is none, or replaces the
one the caller saw and judged stale, and only while the article is as the drain found
it; SQLite runs it atomically, so of two processes claiming at once exactly one wins.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee as pw

from reader.models import Claimant, ClaimHolder, QueuedArticle, Status
from reader.storage.base import StoreBase
from reader.storage.clock import now_iso
from reader.storage.database import translate_errors, write
from reader.storage.tables import ArticleRow, SaveClaimRow

_CHUNK = 400  # ids per IN (...) list: well under SQLite's variable limit


class ClaimStore(StoreBase):
    """Storage's claims part."""

    @translate_errors
    def queued_articles(self, ids: Sequence[int]) -> dict[int, QueuedArticle]:
        """What a drain starts from: each article's address, status and last change (ids
        not in the library are left out)."""
        out: dict[int, QueuedArticle] = {}
        for chunk in pw.chunked(list(ids), _CHUNK):
            query = ArticleRow.select(
                ArticleRow.id, ArticleRow.given_url, ArticleRow.status, ArticleRow.updated_at
            ).where(ArticleRow.id.in_(chunk))
            for r in query:
                out[int(r.id)] = QueuedArticle(
                    int(r.id), str(r.given_url), Status(r.status), str(r.updated_at)
                )
        return out

    @translate_errors
    def claim_holder(self, article_id: int) -> ClaimHolder | None:
        row = SaveClaimRow.get_or_none(SaveClaimRow.article == article_id)
        if row is None:
            return None
        return ClaimHolder(str(row.owner), str(row.machine), int(row.pid), str(row.claimed_at))

    @translate_errors
    def take_claim(
        self, article: QueuedArticle, claimant: Claimant, replacing: str | None = None
    ) -> bool:
        """Claim ``article``'s save for ``claimant``: True if it won.  False when another
        claim is there (other than the one of token ``replacing``, judged stale by the
        caller), or when the article was saved, failed or deleted since it was listed."""
        unchanged = (ArticleRow.id == article.id) & (ArticleRow.status == article.status.value)
        if article.status is not Status.PENDING:
            unchanged &= ArticleRow.updated_at == article.updated_at
        source = ArticleRow.select(
            ArticleRow.id,
            pw.Value(claimant.token),
            pw.Value(claimant.machine),
            pw.Value(claimant.pid),
            pw.Value(now_iso()),
        ).where(unchanged)
        fields = [
            SaveClaimRow.article,
            SaveClaimRow.owner,
            SaveClaimRow.machine,
            SaveClaimRow.pid,
            SaveClaimRow.claimed_at,
        ]
        query = SaveClaimRow.insert_from(source, fields).on_conflict(
            conflict_target=[SaveClaimRow.article],
            preserve=fields[1:],
            # An owner is never empty: with nothing to replace, an existing claim stays.
            where=(SaveClaimRow.owner == (replacing or "")),
        )
        with write(self.db):
            cursor = self.db.execute(query)  # type: ignore[no-untyped-call]
            return int(cursor.rowcount) == 1

    @translate_errors
    def release_claims(self, claimant: Claimant, ids: Sequence[int] | None = None) -> int:
        """Give back ``claimant``'s claims on ``ids`` (default: all of its claims)."""
        mine = SaveClaimRow.owner == claimant.token
        with write(self.db):
            if ids is None:
                return int(SaveClaimRow.delete().where(mine).execute())
            removed = 0
            for chunk in pw.chunked(list(ids), _CHUNK):
                chosen = mine & SaveClaimRow.article.in_(chunk)
                removed += SaveClaimRow.delete().where(chosen).execute()
            return removed
