"""The library-wide highlights list (the Highlights view): newest first, by keyset."""

from __future__ import annotations

import pytest
from localsite import LocalSite
from test_highlight_refresh import PARAGRAPHS, _page

from reader.errors import UsageError
from reader.library import Library
from reader.models import NewHighlight


def test_pages_walk_every_highlight_newest_first_filtered_by_colour_and_tag(
    library: Library, site: LocalSite
) -> None:
    first = library.save(site.add("/a", _page(PARAGRAPHS)), ["harbour"]).article_id
    second = library.save(site.add("/b", _page(PARAGRAPHS[::-1]))).article_id
    colours = ["yellow", "green", "blue"]
    for i in range(12):
        library.add_highlights(
            first if i % 2 else second,
            [
                NewHighlight(
                    quote=f"quote {i}",
                    color=colours[i % 3],
                    created_at=f"2024-01-01T00:00:{i // 2:02d}Z",  # pairs share a time
                )
            ],
        )
    seen = []
    cursor = None
    while True:
        page = library.highlight_page(cursor=cursor, limit=5)
        seen.extend(page.items)
        if page.cursor is None:
            break
        cursor = page.cursor
    assert [e.highlight.quote for e in seen] == [f"quote {i}" for i in reversed(range(12))]
    assert {e.article.id: e.article.title for e in seen} == {
        first: "Sea wall to be rebuilt",
        second: "Sea wall to be rebuilt",
    }
    assert next(e for e in seen if e.article.id == first).article.tags == ("harbour",)

    green = library.highlight_page(color="green").items
    assert [e.highlight.quote for e in green] == ["quote 10", "quote 7", "quote 4", "quote 1"]
    tagged = library.highlight_page(tag="harbour").items
    assert {e.article.id for e in tagged} == {first} and len(tagged) == 6
    assert library.highlight_page(tag="no such tag").items == ()
    with pytest.raises(UsageError, match="colour"):
        library.highlight_page(color="mauve")

    library.trash([first])
    assert {e.article.id for e in library.highlight_page().items} == {second}
