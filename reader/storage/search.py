"""Search (a Storage part): what a person types as a safe FTS5 MATCH expression, and
ranked full-text search with snippets over the library.

Same contract as ``Storage``: any method may raise ``StorageError``; thread-safe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from reader.models import (
    SNIPPET_END,
    SNIPPET_START,
    ArticleFilter,
    ArticleSummary,
    SearchHit,
    Status,
)
from reader.storage.base import StoreBase
from reader.storage.database import snapshot, translate_errors
from reader.storage.lists import FEW_IDS
from reader.storage.tables import TagRow

#: Articles ranked by bm25 per search at most (the newest matches); see ``search``.
SEARCH_CANDIDATES = 1000
_BM25 = "bm25(article_fts, 10.0, 3.0, 2.0, 1.0)"

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def build_match(text: str, prefix_last: bool = False, phrases_as_words: bool = False) -> str | None:
    """An FTS5 query ANDing every word and "quoted phrase" in ``text``; None if empty.

    Every term is quoted, so punctuation and FTS5 operators in the input (``o'brien``,
    ``(python OR``, ``NEAR``) are searched as text and never raise a syntax error.  A
    word ending in ``*`` (or the last word, with ``prefix_last``) matches as a prefix.
    With ``phrases_as_words`` a phrase becomes its longest word (for ranking).
    """
    terms: list[str] = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words and phrases_as_words:
                # The longest word: usually the rarest, so the cheapest to rank by.
                terms.append('"' + max(reversed(words), key=len) + '"')
            elif words:
                terms.append('"' + " ".join(words) + '"')
            continue
        star = word.endswith("*")
        for i, part in enumerate(words := _WORD.findall(word)):
            is_last = i == len(words) - 1
            suffix = "*" if is_last and star else ""
            terms.append(f'"{part}"{suffix}')
    if not terms:
        return None
    if prefix_last and not terms[-1].endswith("*") and not text.rstrip().endswith('"'):
        terms[-1] += "*"
    return " ".join(terms)


class SearchStore(StoreBase):
    """Storage's search part; uses the lists part (``_filter``, ``_tag_size``) and the
    articles part (``_summaries_of``) through ``self``."""

    _filter: Callable[..., tuple[list[str], list[Any]] | None]
    _tag_size: Callable[[int], int]
    _summaries_of: Callable[[Sequence[int]], list[ArticleSummary]]

    @translate_errors
    @snapshot
    def search(
        self,
        text: str,
        flt: ArticleFilter = ArticleFilter(),  # noqa: B008
        limit: int = 50,
    ) -> list[SearchHit]:
        """The best ``limit`` matches by bm25 (title weighs most), with snippets.

        Ranking every match of a common word costs a bm25 score per match (tens of
        thousands at 100,000 articles); so the ``SEARCH_CANDIDATES`` most recently saved
        matches are ranked, which for most queries is every match.  A phrase is ranked
        by its longest word (bm25 of a phrase first counts the phrase in every article
        holding all its words, which costs as much as ranking them all), among the
        articles holding the phrase.  An article whose highlights or notes hold the
        words is found too (``annotation_fts``), its snippet then from them when its
        text has none.  Snippets are made for the rows returned only.
        """
        match = build_match(text)
        if match is None:
            return []
        few = self._few_ids(flt)
        if few is not None:
            # A narrow filter: FTS5 walks its matches and keeps the listed ids, which
            # costs far less than looking up the article row of every match.
            if not few:
                return []
            source = "article_fts"
            where = "+article_fts.rowid IN (SELECT value FROM json_each(?))"
            params: list[Any] = [json.dumps(few)]
        elif flt == ArticleFilter(tag=flt.tag):
            # No filter but the trash (and perhaps a large tag): no article row to read
            # per match; the trash is a short list from its partial index.
            source = "article_fts"
            where = (
                "+article_fts.rowid NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)"
            )
            params = []
            if flt.tag:
                tag = TagRow.get_or_none(TagRow.name == flt.tag)
                if tag is None:
                    return []
                where += (
                    " AND EXISTS (SELECT 1 FROM article_tags x "
                    "WHERE x.article_id = article_fts.rowid AND x.tag_id = ?)"
                )
                params.append(int(tag.id))
        else:
            found = self._filter(flt)
            if found is None:
                return []
            source = "article_fts JOIN articles ON articles.id = article_fts.rowid"
            where, params = " AND ".join(found[0]), found[1]
        ranked = self._ranked(text, match, source, where, params, limit)
        # What the person marked or wrote finds the article too (annotation_fts).
        marked = self._annotations_ranked(match, flt, limit)
        if marked:
            scores = dict(ranked)
            for i, score in marked.items():
                scores[i] = min(scores.get(i, 0.0), score)
            ranked = sorted(scores.items(), key=lambda r: (r[1], -r[0]))[:limit]
        if not ranked:
            return []
        ids = [int(r[0]) for r in ranked]
        snippets = self._snippets(match, ids)
        missing = [i for i in ids if i in marked and not snippets.get(i)]
        if missing:
            snippets.update(self._snippets(match, missing, "annotation_fts"))
        summaries = {s.id: s for s in self._summaries_of(ids)}
        return [
            SearchHit(summaries[i], snippets.get(i, ""), float(score))
            for i, score in ranked
            if i in summaries
        ]

    def _ranked(
        self, text: str, match: str, source: str, where: str, params: list[Any], limit: int
    ) -> list[tuple[int, float]]:
        """The best ``limit`` (id, bm25) of article_fts for ``match`` (see ``search``)."""
        cap = max(SEARCH_CANDIDATES, limit)
        words = build_match(text, phrases_as_words=True) or match
        if words == match:
            sql = (
                "SELECT id, score FROM (SELECT article_fts.rowid AS id, "
                f"{_BM25} AS score FROM {source} "
                f"WHERE article_fts MATCH ? AND {where} "
                "ORDER BY article_fts.rowid DESC LIMIT ?) ORDER BY score, id DESC LIMIT ?"
            )
            rows = self._sql(sql, [match, *params, cap, limit])
            return [(int(i), float(score)) for i, score in rows]
        else:
            sql = (
                f"SELECT article_fts.rowid FROM {source} "
                f"WHERE article_fts MATCH ? AND {where} ORDER BY article_fts.rowid DESC LIMIT ?"
            )
            holding = {int(r[0]) for r in self._sql(sql, [match, *params, cap])}
            if not holding:
                return []
            # Scores for the newest rows holding the words, down to the oldest match
            # kept; a match beyond that window (a rare phrase of common words) ranks
            # after the scored ones, newest first.
            sql = (
                f"SELECT article_fts.rowid, {_BM25} FROM {source} "
                f"WHERE article_fts MATCH ? AND article_fts.rowid >= ? AND {where} "
                "ORDER BY article_fts.rowid DESC LIMIT ?"
            )
            scored = dict(self._sql(sql, [words, min(holding), *params, cap]).fetchall())
            ranked = sorted(((i, scored.get(i, 0.0)) for i in holding), key=lambda r: (r[1], -r[0]))
            return ranked[:limit]

    def _annotations_ranked(self, match: str, flt: ArticleFilter, limit: int) -> dict[int, float]:
        """Articles whose highlights or notes match, with their bm25 (a match in the
        person's own words counts twice, so it ranks high).  The table holds only the
        articles with highlights or a note: a join with every filter is cheap."""
        found = self._filter(flt)
        if found is None:
            return {}
        conds, params = found
        sql = (
            "SELECT annotation_fts.rowid, 2 * bm25(annotation_fts, 1.0, 2.0) AS score "
            "FROM annotation_fts JOIN articles ON articles.id = annotation_fts.rowid "
            f"WHERE annotation_fts MATCH ? AND {' AND '.join(conds)} ORDER BY score LIMIT ?"
        )
        return {int(i): float(score) for i, score in self._sql(sql, [match, *params, limit])}

    def _few_ids(self, flt: ArticleFilter) -> list[int] | None:
        """The ids a narrow filter lets through (favourites, a small tag, the failed...);
        None when the filter is broad (none, unread, archived, a large tag) or lets
        through more than ``FEW_IDS``: checking rows along the walk is then cheaper."""
        narrow = (
            flt.favourite
            or flt.highlighted
            or flt.has_note
            or flt.tag
            or flt.site
            or flt.article_ids is not None
            or flt.feed_id is not None
            or (flt.status is not None and flt.status is not Status.SAVED)
        )
        if not narrow:
            return None
        others = flt.favourite or flt.highlighted or flt.has_note or flt.site
        only_tag_narrows = not (
            others or flt.article_ids is not None or flt.feed_id is not None
        ) and (flt.status is None or flt.status is Status.SAVED)
        if only_tag_narrows:
            tag = TagRow.get_or_none(TagRow.name == flt.tag)
            if tag is not None and self._tag_size(int(tag.id)) > FEW_IDS:
                return None
        found = self._filter(flt, counting=True)
        if found is None:
            return []
        conds, params = found
        sql = f"SELECT articles.id FROM articles WHERE {' AND '.join(conds)} LIMIT ?"
        ids = [int(r[0]) for r in self._sql(sql, [*params, FEW_IDS + 1])]
        return None if len(ids) > FEW_IDS else ids

    def _snippets(self, match: str, ids: list[int], table: str = "article_fts") -> dict[int, str]:
        snippet = f"snippet({table}, -1, ?, ?, '…', 16)"
        # '+rowid' keeps FTS5 from running the whole query once per id (an IN list on
        # rowid is offered to it as one lookup per value); the range bounds the walk.
        # Walking the matches in between costs about 0.25 us each; a lookup per id
        # (MATCH and rowid = ?) costs 0.2 ms, so the walk wins up to 40,000 matches.
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT rowid, {snippet} FROM {table} "
            f"WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})"
        )
        params = [SNIPPET_START, SNIPPET_END, match, min(ids), max(ids), *ids]
        return {int(r[0]): str(r[1] or "") for r in self._sql(sql, params)}
