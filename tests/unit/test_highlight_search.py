"""Search covers highlight quotes, highlight notes and article notes; is:highlighted and
has:note filter; the index follows every change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from localsite import LocalSite
from test_highlight_refresh import PARAGRAPHS, _page

from reader.library import Library
from reader.models import SNIPPET_END, SNIPPET_START, ArticleFilter, NewHighlight
from reader.search_query import parse_search
from reader.storage import DB_FILENAME
from reader.storage.migrations import MIGRATIONS


def _ids(library: Library, query: str) -> set[int]:
    return {h.article.id for h in library.search(query)}


def test_a_word_only_in_a_note_finds_the_article_and_the_index_follows(
    library: Library, site: LocalSite
) -> None:
    first = library.save(site.add("/a", _page(PARAGRAPHS))).article_id
    second = library.save(site.add("/b", _page(PARAGRAPHS[:3]))).article_id
    assert _ids(library, "zeppelin") == set()

    h = library.add_highlight(first, "fishing families", note="ask about the zeppelin hangar")
    hits = library.search("zeppelin")
    assert [x.article.id for x in hits] == [first]
    assert f"{SNIPPET_START}zeppelin{SNIPPET_END}" in hits[0].snippet

    library.set_note(second, "Compare with the Rotterdam flood barrier")
    assert _ids(library, "rotterdam") == {second}
    assert _ids(library, "harbour") == {first, second}  # text matches still rank

    library.update_highlight(h.id, note="nothing about airships")
    assert _ids(library, "zeppelin") == set()
    assert _ids(library, "airships") == {first}
    library.delete_highlight(h.id)
    assert _ids(library, "airships") == set()
    library.set_note(second, None)
    assert _ids(library, "rotterdam") == set()


def test_imported_quotes_are_searchable_before_the_article_is_fetched(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add("/a", _page(PARAGRAPHS))).article_id
    library.add_highlights(article_id, [NewHighlight(quote="a line about marmalade")])
    assert _ids(library, "marmalade") == {article_id}
    library.delete([article_id])
    assert _ids(library, "marmalade") == set()
    report, _ = library.check()
    assert report.ok


def test_is_highlighted_and_has_note_filter_lists_and_searches(
    library: Library, site: LocalSite
) -> None:
    plain = library.save(site.add("/a", _page(PARAGRAPHS))).article_id
    marked = library.save(site.add("/b", _page(PARAGRAPHS[1:]))).article_id
    noted = library.save(site.add("/c", _page(PARAGRAPHS[2:]))).article_id
    annotated = library.save(site.add("/d", _page(PARAGRAPHS[3:]))).article_id
    library.add_highlight(marked, "fishing families")
    library.set_note(noted, "for the newsletter")
    library.add_highlight(annotated, "second public meeting", note="go to it")

    assert parse_search("wall is:highlighted has:note") == (
        "wall",
        ArticleFilter(highlighted=True, has_note=True),
    )
    assert _ids(library, "is:highlighted") == {marked, annotated}
    assert _ids(library, "has:note") == {noted, annotated}
    assert _ids(library, "commission is:highlighted") == {marked, annotated}
    assert _ids(library, "commission has:note") == {noted, annotated}
    assert _ids(library, "commission") == {plain, marked, noted, annotated}
    assert library.count(ArticleFilter(highlighted=False)) == 2
    assert library.count(ArticleFilter(has_note=True, highlighted=True)) == 1


def test_a_library_of_schema_9_gets_its_highlights_and_notes_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_FILENAME)
    for script in MIGRATIONS[:9]:
        conn.executescript(script)
    conn.executescript(
        "INSERT INTO articles (id, given_url, url_key, title, saved_at, updated_at, "
        "sort_published, status, note) VALUES (1, 'https://a.example/', 'a.example/', 'A', "
        "'2024-01-01', '2024-01-01', '2024-01-01', 'saved', 'about lighthouses');"
        "INSERT INTO highlights (article_id, quote, note, created_at) "
        "VALUES (1, 'the keeper climbed', 'brave', '2024-01-02');"
        "PRAGMA user_version = 9;"
    )
    conn.close()
    with Library.open(folder) as library:
        assert _ids(library, "lighthouses") == {1}
        assert _ids(library, "keeper") == {1}
        assert _ids(library, "brave") == {1}


def test_check_finds_a_damaged_annotation_index_and_repair_rebuilds_it(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add("/a", _page(PARAGRAPHS))).article_id
    library.set_note(article_id, "about lighthouses")
    assert library.check()[0].ok
    conn = sqlite3.connect(library.storage.path)
    conn.execute("DELETE FROM annotation_fts")
    conn.commit()
    conn.close()
    report, rebuilt = library.check(repair=True)
    assert "highlights and notes holds 0 articles, not 1" in report.index
    assert rebuilt == 1 and library.check()[0].ok
    assert _ids(library, "lighthouses") == {article_id}
