"""Reads of several queries see one snapshot: a refresh committed meanwhile never shows
as half the old article and half the new one."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.models import NewArticle
from reader.storage import Storage

ROUNDS = 300


def _version(n: int) -> NewArticle:
    word = f"version{n}"
    return NewArticle(
        url="https://example.com/story",
        canonical_url=None,
        url_key="example.com/story",
        title=word,
        excerpt=None,
        byline=None,
        site_name=None,
        published=None,
        lang="en",
        lead_image=None,
        html=f"<p>{word}</p>",
        text=word,
        word_count=1,
        reading_minutes=1,
    )


def test_an_article_is_read_whole_while_it_is_being_refreshed(tmp_path: Path) -> None:
    # One Storage; each thread has its own connection, as the app's workers do.
    store = Storage(tmp_path / "lib")
    writer_store = reader_store = store
    article_id = writer_store.add_pending("https://example.com/story", "example.com/story")
    writer_store.complete_save(article_id, _version(0))
    done = threading.Event()

    def refresh() -> None:
        try:
            for n in range(1, ROUNDS):
                writer_store.complete_save(article_id, _version(n))
        finally:
            writer_store.release_thread()
            done.set()

    thread = threading.Thread(target=refresh)
    thread.start()
    mixed = []
    reads = 0
    while not done.is_set() or reads == 0:
        article = reader_store.get(article_id)
        reads += 1
        if article.text != article.title:
            mixed.append((article.title, article.text))
    thread.join()
    store.close()
    assert reads > 0
    assert mixed == []
