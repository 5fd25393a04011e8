"""Highlights survive a refresh of a changed page; imported quotes anchor when saved."""

from __future__ import annotations

import pytest
from localsite import LocalSite

from reader.errors import UsageError
from reader.library import Library
from reader.models import ImportedItem, NewHighlight

PARAGRAPHS = [
    "The harbour commission voted on Thursday night to rebuild the old sea wall, "
    "ending a dispute that had divided the town for more than a decade.",
    "Engineers told the meeting that the wall, built in 1923, could fail in the next "
    "great storm, and that the cost of waiting would fall on the fishing families.",
    "Several residents spoke against the plan, saying the new design would block the "
    "view from the promenade that draws summer visitors to the town.",
    "The commission chair promised a second public meeting before any contract is "
    "signed, and said the work would not start before the autumn.",
    "Funding will come from a national resilience grant and from the harbour's own "
    "reserves, which have grown since the fish market was modernised.",
]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        "<!doctype html><html><head><title>Sea wall to be rebuilt</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Sea wall to be rebuilt</h1>{body}</article>"
        "<footer>Copyright The Harbour Gazette</footer></body></html>"
    )


def test_refresh_re_anchors_every_highlight_or_lists_it_as_not_found(
    library: Library, site: LocalSite
) -> None:
    url = site.add("/news/sea-wall", _page(PARAGRAPHS))
    article_id = library.save(url).article_id
    moved = library.add_highlight(article_id, "the new design would block the view")
    changed = library.add_highlight(
        article_id, "could fail in the next great storm", note="ask the engineers", color="pink"
    )
    removed = library.add_highlight(article_id, "a national resilience grant")
    before = {h.id: h for h in library.highlights(article_id)}

    new_paragraphs = [
        "An update: the commission published its minutes on Friday morning.",
        *PARAGRAPHS[:4],
    ]
    new_paragraphs[2] = new_paragraphs[2].replace("next great storm", "next severe storm")
    site.add("/news/sea-wall", _page(new_paragraphs))
    library.save(url, refresh=True)

    article = library.get(article_id)
    after = {h.id: h for h in article.highlights}
    assert set(after) == set(before), "no highlight is lost"
    for h in after.values():
        if h.anchored:
            assert h.start is not None and h.end is not None
            assert article.text[h.start : h.end] == h.quote

    m = after[moved.id]
    assert m.anchored and m.quote == "the new design would block the view"
    assert m.start is not None and before[moved.id].start is not None
    assert m.start > before[moved.id].start  # a paragraph came before it
    c = after[changed.id]
    assert c.anchored and c.quote == "could fail in the next severe storm"
    assert (c.note, c.color) == ("ask the engineers", "pink")
    r = after[removed.id]
    assert not r.anchored and r.start is None and r.quote == "a national resilience grant"


def test_imported_quotes_are_anchored_when_their_article_is_saved(
    library: Library, site: LocalSite
) -> None:
    url = site.add("/news/sea-wall", _page(PARAGRAPHS))
    item = ImportedItem(
        url=url,
        highlights=(
            NewHighlight(quote="rebuild the old sea wall, ending a dispute", note="finally"),
            NewHighlight(quote="a quote the page never had in it at all"),
        ),
    )
    (recorded,) = library.record_imports([item])
    assert all(not h.anchored for h in library.highlights(recorded.article_id))
    library.retry(recorded.article_id)
    article = library.get(recorded.article_id)
    placed, missing = article.highlights
    assert placed.anchored and placed.start is not None and placed.end is not None
    assert article.text[placed.start : placed.end] == placed.quote
    assert placed.prefix.endswith("voted on Thursday night to ") and placed.note == "finally"
    assert not missing.anchored and missing.quote == "a quote the page never had in it at all"

    # Quotes imported into an article that is saved already are anchored at once.
    again = ImportedItem(url=url, highlights=(NewHighlight(quote="the fishing families"),))
    (merged,) = library.record_imports([again])
    assert merged.existed and merged.article_id == recorded.article_id
    late = [h for h in library.highlights(merged.article_id) if h.quote == "the fishing families"]
    assert len(late) == 1 and late[0].anchored


def test_add_highlight_says_when_the_quote_is_not_in_the_text(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add("/news/sea-wall", _page(PARAGRAPHS))).article_id
    with pytest.raises(UsageError, match="does not contain 'the moon landing'"):
        library.add_highlight(article_id, "the moon landing")
    with pytest.raises(UsageError, match="colour"):
        library.add_highlight(article_id, "sea wall", color="mauve")
    text = library.get(article_id).text
    second = text.index("the town", text.index("the town") + 1)
    with pytest.raises(UsageError, match="no 'the town' at 3"):
        library.add_highlight(article_id, "the town", start=3)
    h = library.add_highlight(article_id, "the town", start=second)
    assert (h.start, h.end, h.anchored) == (second, second + 8, True)
    assert library.highlights(article_id) == (h,)


def test_update_delete_and_undo_keep_the_highlight_whole(library: Library, site: LocalSite) -> None:
    article_id = library.save(site.add("/news/sea-wall", _page(PARAGRAPHS))).article_id
    h = library.add_highlight(article_id, "sea wall", note="first")
    h2 = library.update_highlight(h.id, color="green", note="  changed ")
    assert (h2.color, h2.note, h2.quote) == ("green", "changed", "sea wall")
    assert library.update_highlight(h.id, note="").note is None
    gone = library.delete_highlight(h.id)
    assert library.highlights(article_id) == ()
    back = library.restore_highlight(gone)
    assert back == gone and back.id == h.id


def test_the_text_around_a_selection_picks_which_occurrence_is_highlighted(
    library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add("/news/sea-wall", _page(PARAGRAPHS))).article_id
    text = library.get(article_id).text
    first = text.index("the town")
    second = text.index("the town", first + 1)
    h = library.add_highlight(
        article_id, "the town", before="from the promenade that draws summer visitors to "
    )
    assert h.start == second
    assert library.add_highlight(article_id, "the town").start == first
