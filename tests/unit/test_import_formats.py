"""Importing every format end to end: fixture exports of our own making, a real library,
a real local server for the pages; every field kept, and a second import adds nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from import_files import make_exports
from localsite import LocalSite, photo
from test_import_queue import article_page

from reader.importers.run import ImportSummary, ItemOutcome, import_files
from reader.library import Library
from reader.models import Article, ArticleFilter, Status
from reader.urls import url_key

PATHS = [f"/{p}/{n}" for p in "prihklbu" for n in range(1, 8)] + ["/o/3", "/w/2"]


@pytest.fixture
def served(site: LocalSite) -> LocalSite:
    for n, path in enumerate(PATHS):
        site.add(path, article_page(n))
    site.add("/img/photo.jpg", photo(800, 500, seed=4), "image/jpeg")
    return site


@pytest.fixture
def exports(tmp_path: Path, served: LocalSite) -> dict[str, Path]:
    return make_exports(tmp_path / "exports", served.host)


def run(library: Library, path: Path, **kw: object) -> tuple[ImportSummary, list[ItemOutcome]]:
    seen: list[ItemOutcome] = []
    summary = import_files(library, [path], on_item=seen.append, **kw)  # type: ignore[arg-type]
    return summary, seen


def by_url(library: Library, url: str) -> Article:
    found = library.storage.find_by_key(url_key(url))
    assert found is not None, url
    return library.get(found.id)


def test_pocket_zip_keeps_every_field_and_reports_bad_rows(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    summary, seen = run(library, exports["pocket"], tags=["from-pocket"])
    assert (summary.imported, summary.existing, summary.failed) == (3, 0, 4)
    assert summary.formats == {str(exports["pocket"]): "pocket"}
    failed = sorted(o.message for o in seen if o.status == "failed" and o.error == "bad_row")
    assert failed == [
        "line 5: has 2 fields, the header 5",
        "line 6: has no url",
        "line 7: time_added is not a time",
    ]
    # A page that cannot be fetched fails like any save and is kept, with its title.
    (gone,) = [o for o in seen if o.error == "http_error"]
    assert gone.url == served.url("/gone/1") and gone.id is not None and not gone.ok
    kept = library.get(gone.id)
    assert kept.status is Status.FAILED and kept.title == "A page that is gone"
    assert kept.tags == ("from-pocket", "kept") and kept.saved_at.startswith("2014-05-13")

    one = by_url(library, served.url("/p/1"))
    # The file's title was shown until the page came; then the page's own.
    assert one.status is Status.SAVED and one.title == "Story 0"
    assert one.saved_at == "2023-11-14T22:13:20.000000Z"
    assert set(one.tags) == {"Straßenbahn", "city hall", "from-pocket"}
    assert not one.archived and not one.is_read
    assert [h.quote for h in one.highlights] == [
        "the council met on Tuesday",
        "to meet again next month",
    ]
    assert one.highlights[0].created_at == "2023-11-14T22:21:40.000000Z"
    two = by_url(library, served.url("/p/2"))
    assert two.archived and two.is_read and two.saved_at.startswith("2020-09-13")
    three = by_url(library, served.url("/p/3"))
    assert set(three.tags) == {"Grüße aus Köln", "from-pocket"}
    # The list is the person's history: oldest saved last.
    page = library.page(ArticleFilter())
    assert [a.given_url.split("/")[-1].split("?")[0] for a in page.items] == ["1", "2", "3", "1"]

    again, seen2 = run(library, exports["pocket"], tags=["from-pocket"])
    assert (again.imported, again.existing) == (0, 3)
    assert sorted(o.status for o in seen2) == ["existing"] * 3 + ["failed"] * 4
    assert library.count() == 4 and len(library.highlights(one.id)) == 2
    # Saved pages are not fetched again; the failed one is tried again.
    assert served.log.count("/p/1") == 1 and served.log.count("/gone/1") == 2


def test_both_pocket_csv_layouts_and_the_html_export(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    summary, _ = run(library, exports["pocket-csv"], fetch=False)
    assert (summary.imported, summary.failed) == (2, 0)
    old = by_url(library, served.url("/p/6"))
    assert old.status is Status.PENDING and old.title == "Old layout story"
    assert set(old.tags) == {"layout", "old"} and old.archived
    assert by_url(library, served.url("/p/7")).title == "Commas, in, title"
    assert served.log == []

    summary, _ = run(library, exports["pocket-html"], fetch=False)
    assert summary.imported == 3
    unread = by_url(library, served.url("/r/1"))
    assert set(unread.tags) == {"news", "Zürich"} and not unread.archived
    assert unread.saved_at == "2011-03-13T07:06:40.000000Z"
    assert by_url(library, served.url("/r/3")).archived
    assert by_url(library, served.url("/r/2")).title == ""


def test_instapaper_both_layouts(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    old, _ = run(library, exports["instapaper-old"], fetch=False)
    new, seen = run(library, exports["instapaper-new"], fetch=False)
    assert (old.imported, new.imported, new.failed) == (4, 2, 1)
    assert [o.message for o in seen if not o.ok] == ["line 4: Tags is not a JSON list of names"]
    archived = by_url(library, served.url("/i/2"))
    assert archived.archived and archived.is_read
    assert [h.quote for h in archived.highlights] == ["the council met on Tuesday"]
    assert not archived.highlights[0].anchored and archived.highlights[0].start is None
    assert by_url(library, served.url("/i/3")).favourite
    assert set(by_url(library, served.url("/i/4")).tags) == {"Long reads"}
    five = by_url(library, served.url("/i/5"))
    assert set(five.tags) == {"politics", "Über"} and five.saved_at.startswith("2022-04-15T05:20")
    assert five.title == "Five, with tags"


def test_omnivore_zip_is_saved_from_its_content_with_highlights(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    summary, seen = run(library, exports["omnivore"])
    assert (summary.imported, summary.failed) == (3, 1)
    meets = by_url(library, served.url("/o/1"))
    assert meets.status is Status.SAVED and meets.title == "The council meets"
    assert "Residents who came to speak" in meets.text and "alert" not in meets.html
    # The reachable photo is in the library; the missing one dropped with a note.
    assert meets.image_count == 1 and "reader://image/" in meets.html
    assert any("gone.jpg" in n for n in meets.notes)
    assert set(meets.tags) == {"city", "Köln"} and meets.read_position == pytest.approx(0.4)
    assert meets.saved_at == "2022-03-01T10:00:00.000000Z"
    # What the export knows of the article is kept through the page's metadata.
    assert meets.byline == "A. Writer" and (meets.published or "").startswith("2022-02-28")
    assert meets.excerpt == "d"
    marks = [(h.quote, h.note) for h in meets.highlights]
    assert marks == [
        ("The council met on Tuesday", "#budget #meetings\n\nWorth quoting in the newsletter."),
        ("three minutes each, and many used all of them", None),
        ("The mayor closed the meeting at ten", "A note without a label."),
    ]
    finished = by_url(library, served.url("/o/2"))
    assert finished.archived and finished.is_read and finished.read_position == 1.0
    # Content from the file: those pages were never requested; the third one was.
    assert "/o/1" not in served.log and "/o/2" not in served.log and "/o/3" in served.log
    assert by_url(library, served.url("/o/3")).title == "Story 56"
    assert [o.message for o in seen if not o.ok] == [
        "metadata_0_to_3.json entry 4: savedAt or updatedAt is not a time"
    ]


def test_wallabag_content_offline_with_annotations(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    summary, _ = run(library, exports["wallabag"], fetch=False)
    assert (summary.imported, summary.failed) == (2, 1)
    river = by_url(library, served.url("/w/1"))
    assert river.status is Status.SAVED and river.title == "Rivers and their towns"
    assert "the army had come with boats" in river.text
    assert river.archived and river.is_read and not river.favourite
    assert river.saved_at == "2016-09-08T09:55:58.000000Z"
    assert river.byline == "A. Reporter" and river.lang == "en"
    assert (river.published or "").startswith("2016-09-0")
    assert set(river.tags) == {"wallabag", "Ökologie"}
    assert any("not fetched" in n for n in river.notes) and river.image_count == 0
    ((quote, note),) = [(h.quote, h.note) for h in river.highlights]
    assert quote == "The river rose three metres in a night" and note == "my note on the river"
    starred = by_url(library, served.url("/w/2"))
    assert starred.status is Status.PENDING and starred.favourite
    assert served.log == []  # --no-fetch: nothing at all went out


def test_readeck_karakeep_linkwarden_bookmarks_and_urls(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    outcomes = {kind: run(library, exports[kind], fetch=False)[1] for kind in
                ("readeck", "karakeep", "linkwarden", "bookmarks", "urls")}  # fmt: skip
    failed = [(o.error, o.message) for o in outcomes["bookmarks"] if not o.ok]
    assert failed == [
        ("bad_row", "line 21: ADD_DATE is not a time"),
        ("unsafe_scheme", "line 19: only http and https URLs can be saved, not javascript:"),
    ]
    deck = by_url(library, served.url("/k/1"))
    assert deck.archived and deck.favourite and deck.is_read and set(deck.tags) == {"deck", "Ähre"}
    assert by_url(library, served.url("/k/2")).read_position == pytest.approx(0.35)
    keep = by_url(library, served.url("/h/1"))
    assert (
        keep.favourite and keep.note == "read this first" and set(keep.tags) == {"keep", "Mañana"}
    )
    assert by_url(library, served.url("/h/2")).archived
    warden = by_url(library, served.url("/l/1"))
    assert set(warden.tags) == {"Research", "warden"} and warden.favourite
    assert warden.note == "why I kept it" and warden.saved_at.startswith("2023-08-01T10:00")
    nested = by_url(library, served.url("/b/1"))
    assert set(nested.tags) == {"Café", "News", "daily"} and nested.title == "Nested news"
    assert set(by_url(library, served.url("/b/2")).tags) == {"Local", "News"}
    assert not by_url(library, served.url("/b/3")).tags
    assert by_url(library, served.url("/u/2")).status is Status.PENDING
    assert library.count() == 2 + 2 + 2 + 3 + 2
    assert not [a for a in library.page().items if a.given_url.startswith("javascript")]


def test_urls_list_failures_and_merge_keeps_the_newer_state(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    summary, seen = run(library, exports["urls"])
    assert (summary.imported, summary.failed) == (2, 2)
    bad = {o.error: o.message for o in seen if not o.ok}
    assert bad["bad_row"] == "line 5: is not one URL"
    assert bad["unsafe_scheme"].startswith("line 6: only http and https")
    # An item already saved merges: tags added, the file's older state not taken.
    saved = by_url(library, served.url("/u/1"))
    library.set_favourite([saved.id])
    path = Path(str(exports["urls"]) + ".csv")
    path.write_text(
        f"title,url,time_added,tags,status\nA,{served.url('/u/1')},1000000000,merged,archive\n"
    )
    again, seen = run(library, path)
    assert again.existing == 1 and seen[0].status == "existing" and seen[0].id == saved.id
    merged = library.get(saved.id)
    assert set(merged.tags) == {"merged"} and merged.favourite and not merged.archived
    assert merged.saved_at == "2001-09-09T01:46:40.000000Z"  # the original time is kept
    assert served.log.count("/u/1") == 1


def test_the_whole_file_is_recorded_before_anything_is_fetched(
    library: Library, exports: dict[str, Path], served: LocalSite
) -> None:
    counts: list[int] = []

    def progress(stage: str, done: int, total: int, failed: int) -> None:
        if stage == "fetch" and done == 0:
            counts.append(library.count(ArticleFilter(status=Status.PENDING)))

    run(library, exports["bookmarks"], progress=progress)
    assert counts == [3]
    assert all(re.match(r"/b/\d", p) for p in served.log)


def test_twins_in_one_file_become_one_article_and_a_newer_state_is_taken(
    library: Library, served: LocalSite, tmp_path: Path
) -> None:
    twins = tmp_path / "twins.csv"
    twins.write_text(
        "title,url,time_added,tags,status\n"
        f"First,{served.url('/p/1')},1500000000,one,unread\n"
        f"Again,{served.url('/p/1')}?utm_campaign=x&fbclid=y,1400000000,two,unread\n"
    )
    summary, seen = run(library, twins)
    assert (summary.imported, summary.existing) == (1, 1) and library.count() == 1
    assert seen[0].id == seen[1].id and served.log.count("/p/1") == 1
    article = library.get(seen[0].id)
    assert set(article.tags) == {"one", "two"}
    assert article.saved_at == "2014-05-13T16:53:20.000000Z"  # the earlier of the two

    later = tmp_path / "later.json"
    entry = {"url": served.url("/p/1"), "title": "First", "is_archived": 1, "is_starred": 1,
             "content": "", "created_at": "2017-01-01T00:00:00+0000",
             "updated_at": "2099-01-01T00:00:00+0000", "tags": []}  # fmt: skip
    later.write_text(json.dumps([entry]))
    summary, _ = run(library, later)
    assert summary.existing == 1
    merged = library.get(article.id)
    assert merged.archived and merged.favourite and merged.is_read


def test_columns_are_found_by_name_in_any_order(library: Library, tmp_path: Path) -> None:
    shuffled = tmp_path / "part_000000.csv"
    shuffled.write_text(
        "status,tags,url,title,time_added\n"
        'archive,a b|Größe,https://example.com/x,"Title, with comma",1700000000\n'
    )
    summary, _ = run(library, shuffled, fetch=False)
    assert summary.imported == 1
    (item,) = library.page().items
    assert item.title == "Title, with comma" and item.archived
    assert set(item.tags) == {"a b", "Größe"} and item.saved_at.startswith("2023-11-14")
    shuffled.write_text("title,link,time\nx,https://example.com/y,1\n")
    summary, seen = run(library, shuffled, format="pocket")  # type: ignore[arg-type]
    assert summary.failed == 1 and "no url column" in seen[0].message


def test_content_in_a_file_meets_the_same_checks_as_a_fetched_page(
    library: Library, site: LocalSite, tmp_path: Path
) -> None:
    """A hostile article in an export: scripts, handlers and script links are removed by
    the sanitiser, and a photo of an internet page on this computer is never asked for."""
    site.add("/spy.jpg", photo(400, 300, seed=9), "image/jpeg")
    hostile = (
        "<p>The first paragraph of a perfectly ordinary story, long enough to be kept, "
        "about the weather and the trains, which were late again.</p>"
        f'<img src="{site.url("/spy.jpg")}" onerror="steal()">'
        '<p onclick="steal()">A second paragraph, with <a href="javascript:steal()">a link</a>'
        ' and <iframe src="https://evil.example/"></iframe> an iframe.</p>'
        '<img src="file:///etc/passwd"><script>steal()</script>'
    )
    export = tmp_path / "hostile.json"
    entry = {"url": "http://93.184.216.34/story", "title": "Ordinary", "is_archived": 0,
             "is_starred": 0, "content": hostile, "created_at": "2020-01-01T00:00:00+0000"}  # fmt: skip
    export.write_text(json.dumps([entry]))

    summary, seen = run(library, export)

    assert summary.imported == 1, seen
    article = library.get(seen[0].id or 0)
    assert article.status is Status.SAVED and "late again" in article.text
    for bad in ("steal", "<script", "<iframe", "onerror", "onclick", "javascript:", "file:"):
        assert bad not in article.html
    assert site.log == [] and article.image_count == 0
    assert any("spy.jpg" in n and "this computer" in n for n in article.notes), article.notes
