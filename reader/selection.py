"""Which articles an export, a backup of a tag or a search takes (``Library.selection``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.errors import NotFoundError
from reader.models import ArticleFilter

if TYPE_CHECKING:
    from reader.library import Library


def select(
    library: Library, ids: Sequence[int] = (), tag: str | None = None, query: str | None = None
) -> list[int]:
    """The ``ids`` given (each must exist), else the articles with ``tag``, else those
    matching ``query`` (best first), else every article; newest first.  The trash is
    never part of it."""
    if ids:
        missing = [i for i in ids if not library.storage.exists(i)]
        if missing:
            raise NotFoundError(f"no article {', '.join(map(str, missing))}")
        return list(dict.fromkeys(ids))
    if query is not None:
        hits = library.search(query, ArticleFilter(tag=tag), limit=max(1, library.count()))
        return [h.article.id for h in hits]
    found: list[int] = []
    cursor = None
    while True:
        page = library.page(ArticleFilter(tag=tag), cursor=cursor, limit=1000)
        found.extend(s.id for s in page.items)
        if page.cursor is None:
            return found
        cursor = page.cursor
