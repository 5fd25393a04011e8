"""Importing the same export file twice never duplicates its highlights, even when the
first import's quotes were rewritten to the article's own words when they were placed."""

from __future__ import annotations

import json
from pathlib import Path

from reader.importers.run import import_files
from reader.library import Library
from reader.models import ImportedItem, NewHighlight, Status
from reader.urls import url_key

TEXT = (
    "<p>The river rose three metres in a night, and the towns along it woke to water in "
    "their streets.</p><p>By noon the army had come with boats, and by evening the water "
    "had begun, slowly, to fall.</p><p>The mayor said the town’s wall had held.</p>"
)
#: Quotes as an export holds them: the words across a line break, a typo (placed by the
#: fuzzy match, so the stored quote becomes the article's words), straight quotes for
#: curly ones, and one quote that is nowhere in the text.
QUOTES = [
    "The river rose three\nmetres in a night",
    "By noon the army had come with bots",
    "the town's wall had held",
    "words that are not in the article at all",
]


def _export(folder: Path) -> Path:
    path = folder / "wallabag.json"
    entry = {
        "is_archived": 0,
        "is_starred": 0,
        "tags": [],
        "id": 1,
        "title": "Rivers and their towns",
        "url": "http://news.invalid/river",
        "content": TEXT,
        "created_at": "2016-09-08T11:55:58+0200",
        "annotations": [
            {"text": f"note {n}", "quote": q, "created_at": "2016-09-08T12:00:00+0200"}
            for n, q in enumerate(QUOTES)
        ],
    }
    path.write_text(json.dumps([entry]), "utf-8")
    return path


def test_a_second_import_of_the_same_file_adds_no_highlight(
    library: Library, tmp_path: Path
) -> None:
    path = _export(tmp_path)
    first = import_files(library, [path], fetch=False)
    assert first.imported == 1
    found = library.storage.find_by_key(url_key("http://news.invalid/river"))
    assert found is not None
    article = library.get(found.id)
    assert article.status is Status.SAVED
    placed = {h.note: h for h in article.highlights}
    assert len(placed) == 4
    # Placing rewrote the quotes to the article's own words (else this test tests nothing).
    assert placed["note 0"].quote == "The river rose three metres in a night"
    assert placed["note 1"].quote == "By noon the army had come with boats"
    assert placed["note 2"].anchored and placed["note 2"].quote != QUOTES[2]
    assert not placed["note 3"].anchored

    for _ in range(2):
        again = import_files(library, [path], fetch=False)
        assert again.existing == 1
        after = library.highlights(found.id)
        assert sorted((h.quote, h.note) for h in after) == sorted(
            (h.quote, h.note) for h in article.highlights
        )


def test_a_quote_new_to_the_article_is_still_added_on_a_second_import(
    library: Library, tmp_path: Path
) -> None:
    path = _export(tmp_path)
    import_files(library, [path], fetch=False)
    found = library.storage.find_by_key(url_key("http://news.invalid/river"))
    assert found is not None
    before = len(library.highlights(found.id))
    item = ImportedItem(
        url="http://news.invalid/river",
        highlights=(
            NewHighlight(quote="By noon the army had come with bots"),  # the same as before
            NewHighlight(quote="the water had begun, slowly, to fall"),  # new
            NewHighlight(quote="the water had begun, slowly, to fall"),  # its twin
        ),
    )
    library.record_imports([item])
    quotes = [h.quote for h in library.highlights(found.id)]
    assert len(quotes) == before + 1
    assert quotes.count("the water had begun, slowly, to fall") == 1
