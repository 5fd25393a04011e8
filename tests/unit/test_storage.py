"""Storage over a real SQLite file: schema versioning, FTS sync, keyset pages, tags."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reader.errors import NotFoundError, StorageError
from reader.models import ArticleFilter, NewArticle, SortKey, Status
from reader.storage import DB_FILENAME, Storage
from reader.storage.migrations import APPLICATION_ID, SCHEMA_VERSION


def _new(title: str, text: str, key: str, published: str | None = None) -> NewArticle:
    return NewArticle(
        url=f"https://example.com/{key}",
        canonical_url=None,
        url_key=f"example.com/{key}",
        title=title,
        excerpt=None,
        byline="Jane Roe",
        site_name="Example News",
        published=published,
        lang="en",
        lead_image=None,
        html=f"<p>{text}</p>",
        text=text,
        word_count=len(text.split()),
        reading_minutes=1,
    )


def _saved(store: Storage, title: str, text: str, key: str, **kw: str) -> int:
    article_id = store.add_pending(f"https://example.com/{key}", f"example.com/{key}")
    store.complete_save(article_id, _new(title, text, key, **kw))
    return article_id


@pytest.fixture
def store(tmp_path: Path) -> Storage:
    s = Storage(tmp_path / "lib")
    yield s
    s.close()


def test_new_library_is_stamped_and_versioned(store: Storage) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopening_keeps_articles(tmp_path: Path) -> None:
    s = Storage(tmp_path / "lib")
    article_id = _saved(s, "Harbour reopens", "The harbour reopened on Monday.", "a")
    s.close()
    s2 = Storage(tmp_path / "lib")
    assert s2.get(article_id).title == "Harbour reopens"
    s2.close()


def test_a_library_from_a_newer_reader_is_refused(tmp_path: Path) -> None:
    Storage(tmp_path / "lib").close()
    conn = sqlite3.connect(tmp_path / "lib" / DB_FILENAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StorageError, match="newer Reader"):
        Storage(tmp_path / "lib")


def test_a_file_that_is_not_a_library_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StorageError, match="not a Reader library or is damaged"):
        Storage(folder)


def test_full_text_index_follows_saves_retitles_and_deletes(store: Storage) -> None:
    a = _saved(store, "Ferry strike ends", "Ferries sail again after the strike.", "a")
    b = _saved(store, "Council budget", "The council approved the budget.", "b")
    assert [h.article.id for h in store.search("ferries")] == [a]
    # Re-saving replaces the body in the index.
    store.complete_save(a, _new("Ferry strike ends", "Buses replace the boats today.", "a"))
    assert store.search("ferries") == []
    assert [h.article.id for h in store.search("buses")] == [a]
    store.delete([b])
    assert store.search("council") == []
    assert store.integrity_check() == "ok"


def test_search_ranks_title_matches_first_and_marks_snippets(store: Storage) -> None:
    body = _saved(store, "Weather", "A storm is coming, says the storm office. " * 3, "body")
    title = _saved(store, "Storm warning for the coast", "Winds will be strong.", "title")
    hits = store.search("storm")
    assert hits[0].article.id == title
    assert {h.article.id for h in hits} == {title, body}
    body_hit = next(h for h in hits if h.article.id == body)
    assert "\x02storm\x03" in body_hit.snippet


@pytest.mark.parametrize(
    "query", ["o'brien", "(python OR", 'say "hello', "NEAR(", "a*b*", "-x", ")"]
)
def test_search_never_raises_on_odd_input(store: Storage, query: str) -> None:
    _saved(store, "O'Brien wins", "Mr O'Brien won the seat.", "a")
    hits = store.search(query)
    if query == "o'brien":
        assert len(hits) == 1
    else:
        assert isinstance(hits, list)


def test_keyset_pages_cover_every_article_once_in_order(store: Storage) -> None:
    ids = [_saved(store, f"Story {i}", f"text {i}", f"s{i}") for i in range(450)]
    seen: list[int] = []
    cursor = None
    while True:
        page = store.page(cursor=cursor, limit=200)
        seen.extend(a.id for a in page.items)
        if page.cursor is None:
            break
        cursor = page.cursor
    assert seen == sorted(ids, reverse=True)
    assert store.count() == 450


def test_sort_by_published_puts_undated_by_saved_time(store: Storage) -> None:
    old = _saved(store, "Old", "x", "old", published="2001-01-01")
    new = _saved(store, "New", "y", "new", published="2030-01-01")
    undated = _saved(store, "Undated", "z", "undated")
    order = [a.id for a in store.page(sort=SortKey.PUBLISHED).items]
    assert order == [new, undated, old]


def test_filters_and_counts(store: Storage) -> None:
    a = _saved(store, "A", "alpha", "a")
    b = _saved(store, "B", "beta", "b")
    pending = store.add_pending("https://example.com/p", "example.com/p")
    store.set_status(pending, Status.FAILED, "http_error: HTTP 500")
    store.set_flags([a], is_read=True, favourite=True)
    store.set_flags([b], archived=True)
    store.add_tags([a, b], ["World", "news"])
    assert store.count(ArticleFilter(unread=True)) == 2  # b and the failed one
    assert store.count(ArticleFilter(favourite=True)) == 1
    assert store.count(ArticleFilter(archived=True)) == 1
    assert store.count(ArticleFilter(status=Status.FAILED)) == 1
    assert store.count(ArticleFilter(tag="world")) == 2
    assert store.unfinished_ids() == [pending]
    assert store.get(pending).error == "http_error: HTTP 500"


def test_tags_rename_merge_and_delete(store: Storage) -> None:
    a = _saved(store, "A", "alpha", "a")
    b = _saved(store, "B", "beta", "b")
    store.add_tags([a], ["politics"])
    store.add_tags([b], ["Politics ", "elections"])  # same tag, other case and spaces
    assert [(t.name, t.count) for t in store.tag_counts()] == [("elections", 1), ("politics", 2)]
    store.rename_tag("elections", "politics")  # merge
    assert [(t.name, t.count) for t in store.tag_counts()] == [("politics", 2)]
    store.rename_tag("politics", "Politics & Power")
    assert store.get(a).tags == ("Politics & Power",)
    store.remove_tags([a, b], ["politics & power"])
    assert store.tag_counts() == []
    with pytest.raises(NotFoundError):
        store.delete_tag("nothing")


def test_trash_hides_and_restore_brings_back(store: Storage) -> None:
    a = _saved(store, "A", "findme", "a")
    store.trash([a])
    assert store.count() == 0
    assert store.search("findme") == []
    store.trash([a], trashed=False)
    assert store.count() == 1
    store.trash([a])
    assert store.purge_trash() == 1
    with pytest.raises(NotFoundError):
        store.get(a)


def test_deleting_an_article_deletes_its_images_and_tags(store: Storage) -> None:
    from reader.models import ImageRecord

    article_id = store.add_pending("https://example.com/x", "example.com/x")
    new = _new("With photo", "text", "x")
    image = ImageRecord("k1", "https://example.com/p.jpg", "image/jpeg", 10, 10, b"jpegdata")
    store.complete_save(article_id, replace(new, images=(image,)), ["t"])
    assert store.image(article_id, "k1") is not None
    store.delete([article_id])
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT COUNT(*) FROM images").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM article_tags").fetchone()[0] == 0
    conn.close()
