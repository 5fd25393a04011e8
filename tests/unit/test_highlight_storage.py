"""Highlights and article notes in a real library file: stored, read back, kept whole."""

from __future__ import annotations

import pytest
from localsite import LocalSite

from reader.errors import NotFoundError, UsageError
from reader.library import Library
from reader.models import NewHighlight


def test_highlights_are_stored_in_reading_order_with_unplaced_quotes_last(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    text = library.get(article_id).text
    later = text.index("Hamas")
    ids = library.add_highlights(
        article_id,
        [
            NewHighlight(quote="imported, not placed yet", created_at="2020-01-02T03:04:05Z"),
            NewHighlight(
                quote=text[later : later + 5],
                start=later,
                end=later + 5,
                anchored=True,
                color="green",
                note="who",
            ),
            NewHighlight(quote=text[0:4], start=0, end=4, anchored=True),
        ],
    )
    article = library.get(article_id)
    assert [h.id for h in article.highlights] == [ids[2], ids[1], ids[0]]
    placed = article.highlights[1]
    assert (placed.quote, placed.color, placed.note, placed.anchored) == (
        "Hamas",
        "green",
        "who",
        True,
    )
    assert article.highlights[2].created_at == "2020-01-02T03:04:05Z"
    assert article.highlights[2].start is None and not article.highlights[2].anchored

    gone = library.delete_highlight(ids[1])
    assert gone.quote == "Hamas"
    assert [h.id for h in library.highlights(article_id)] == [ids[2], ids[0]]


def test_article_note_is_set_and_cleared(library: Library, site: LocalSite) -> None:
    article_id = library.save(site.add_news_story()).article_id
    library.set_note(article_id, "  read again before the trip ")
    assert library.get(article_id).note == "read again before the trip"
    library.set_note(article_id, "   ")
    assert library.get(article_id).note is None


def test_bad_highlights_are_refused_and_nothing_is_stored(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    with pytest.raises(UsageError, match="colour"):
        library.add_highlights(article_id, [NewHighlight(quote="x", color="mauve")])
    with pytest.raises(NotFoundError):
        library.add_highlights(article_id + 99, [NewHighlight(quote="x")])
    assert library.highlights(article_id) == ()


def test_deleting_an_article_deletes_its_highlights(library: Library, site: LocalSite) -> None:
    article_id = library.save(site.add_news_story()).article_id
    (hid,) = library.add_highlights(article_id, [NewHighlight(quote="anything")])
    library.delete([article_id])
    with pytest.raises(NotFoundError):
        library.storage.get_highlight(hid)
