"""The fast list and search paths of Storage agree with what they stand for.

A small library from bench/make_library.py (the same generator as the 100,000-article
benchmark): every keyset walk of a filter visits exactly ``count`` rows once, newest
first; tag counts skip the trash; search hits all match, carry snippets, respect filters,
and the bounded ranking (``SEARCH_CANDIDATES``) still returns the best of what it ranks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import make_library  # noqa: E402

from reader.models import SNIPPET_END, SNIPPET_START, ArticleFilter, SortKey, Status  # noqa: E402  # noqa: E402
from reader.storage import Storage  # noqa: E402
from reader.storage import search as store_module  # noqa: E402

ARTICLES = 300


pytestmark = pytest.mark.slow  # builds a 300-article library first (a few seconds)


@pytest.fixture(scope="module")
def storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Storage]:
    folder = tmp_path_factory.mktemp("scale") / "library"
    make_library.build(ARTICLES, folder, seed=3, batch=100, workers=1)
    s = Storage(folder)
    try:
        yield s
    finally:
        s.close()


FILTERS = [
    ArticleFilter(),
    ArticleFilter(unread=True),
    ArticleFilter(unread=False, archived=True),
    ArticleFilter(favourite=True),
    ArticleFilter(tag="politics"),
    ArticleFilter(tag="politics", unread=True),
    ArticleFilter(status=Status.SAVED),
    ArticleFilter(status=Status.FAILED),
]


def test_the_builder_makes_what_it_says(storage: Storage) -> None:
    assert storage.count() == ARTICLES + 1 - len(range(250, ARTICLES + 1, 500))
    long_read = storage.find_by_key(make_library.url_key(make_library.LONG_READ_URL))
    assert long_read is not None
    article = storage.get(long_read.id)
    assert article.word_count >= make_library.LONG_READ_WORDS
    assert len(storage.images(long_read.id)) == make_library.LONG_READ_PHOTOS
    assert storage.integrity_check() == "ok"


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
@pytest.mark.parametrize("sort", list(SortKey))
def test_keyset_walk_visits_every_row_once_in_order(
    storage: Storage, flt: ArticleFilter, sort: SortKey
) -> None:
    seen: list[int] = []
    keys: list[tuple[str, int]] = []
    cursor = None
    while True:
        page = storage.page(flt, sort, cursor, limit=37)
        seen += [s.id for s in page.items]
        for s in page.items:
            article = storage.get(s.id)
            key = article.saved_at if sort is SortKey.SAVED else (s.published or s.saved_at)
            keys.append((key, s.id))
            if flt.tag:
                assert flt.tag in s.tags
            if flt.unread is not None:
                assert s.is_read is not flt.unread
        cursor = page.cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == storage.count(flt)
    if sort is SortKey.SAVED:
        assert keys == sorted(keys, reverse=True)


def test_tags_of_a_summary_match_the_article(storage: Storage) -> None:
    for s in storage.page(limit=50).items:
        assert s.tags == storage.get(s.id).tags


def test_tag_counts_skip_the_trash(storage: Storage) -> None:
    counts = {t.name: t.count for t in storage.tag_counts()}
    for name, n in counts.items():
        assert (
            n
            == storage.count(ArticleFilter(tag=name))
            == len(storage.page(ArticleFilter(tag=name), limit=10_000).items)
        )
    victim = storage.page(ArticleFilter(tag="politics"), limit=1).items[0]
    storage.trash([victim.id])
    try:
        assert storage.count(ArticleFilter(tag="politics")) == counts["politics"] - 1
        assert {t.name: t.count for t in storage.tag_counts()}["politics"] == counts["politics"] - 1
    finally:
        storage.trash([victim.id], trashed=False)


def test_an_unknown_tag_is_an_empty_list(storage: Storage) -> None:
    assert storage.count(ArticleFilter(tag="no such tag")) == 0
    assert storage.page(ArticleFilter(tag="no such tag")).items == ()
    assert storage.search("the", ArticleFilter(tag="no such tag")) == []


def _text(storage: Storage, article_id: int) -> str:
    article = storage.get(article_id)
    return f"{article.title} {article.text}".lower()


@pytest.mark.parametrize("query", ["city", "city police", '"prime minister"', "con*"])
def test_every_hit_matches_and_has_a_snippet(storage: Storage, query: str) -> None:
    hits = storage.search(query)
    assert hits
    assert len(hits) <= 50
    for hit in hits:
        text = _text(storage, hit.article.id)
        for word in query.strip('"*').split():
            assert word in text
        if query.startswith('"'):
            assert " ".join(query.strip('"').split()) in " ".join(text.split())
        assert SNIPPET_START in hit.snippet and SNIPPET_END in hit.snippet


def test_search_respects_filters(storage: Storage) -> None:
    hits = storage.search("city", ArticleFilter(tag="politics", unread=True))
    assert hits
    for hit in hits:
        assert "politics" in hit.article.tags and not hit.article.is_read


def test_hostile_queries_do_not_raise(storage: Storage) -> None:
    for query in ("o'brien", "(python OR", "NEAR(", '"', "*", "AND"):
        storage.search(query)


@pytest.mark.parametrize("query", ["city", '"prime minister"'])
def test_bounded_ranking_returns_the_best_it_ranked(
    storage: Storage, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = storage.search(query, limit=1000)
    monkeypatch.setattr(store_module, "SEARCH_CANDIDATES", 20)
    bounded = storage.search(query, limit=10)
    assert len(bounded) == 10
    ranks = [h.rank for h in bounded]
    assert ranks == sorted(ranks)
    newest = sorted((h.article.id for h in everything), reverse=True)[:20]
    assert {h.article.id for h in bounded} <= set(newest)


@pytest.mark.parametrize(
    "flt", [ArticleFilter(), ArticleFilter(tag="politics"), ArticleFilter(unread=True)], ids=repr
)
def test_search_leaves_out_the_trash(storage: Storage, flt: ArticleFilter) -> None:
    first = storage.search("city", flt)[0].article.id
    storage.trash([first])
    try:
        assert first not in {h.article.id for h in storage.search("city", flt, limit=1000)}
    finally:
        storage.trash([first], trashed=False)
    assert first in {h.article.id for h in storage.search("city", flt, limit=1000)}
