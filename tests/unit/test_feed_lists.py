"""A feed's own list (ArticleFilter.feed_id) in pages, counts and search; teasers marked
partial in the list's summaries and in ``reader list --json``."""

from __future__ import annotations

import json

import pytest
from feedsite import add_stories, rss, story_page
from localsite import LocalSite

from reader.cli import main
from reader.library import Library
from reader.models import ArticleFilter

TEASER = (
    "<!DOCTYPE html><html><head><title>The meters</title></head><body><article>"
    "<h1>The meters</h1><p>A private fund now controls every parking meter in the city, "
    "after a sale that council members say they learned about only when the new signs "
    "went up. All...</p></article></body></html>"
)


def _two_feeds(library: Library, site: LocalSite) -> tuple[int, int]:
    harbour = site.add("/h.xml", rss(add_stories(site, "/h", 2)), "application/rss+xml")
    items = [
        {
            "title": f"Hill {i}",
            "link": site.add(f"/hill/{i}", story_page(f"Hill {i}", "The hill walkers met at dawn")),
        }
        for i in range(3)
    ]
    hills = site.add("/hills.xml", rss(items, title="Hill News"), "application/rss+xml")
    return library.feeds.add(harbour).feed.id, library.feeds.add(hills).feed.id


def test_a_feeds_list_holds_only_its_stories(library: Library, site: LocalSite) -> None:
    site.add("/mine", story_page("Saved by hand"))
    library.save(site.url("/mine"))
    harbour, hills = _two_feeds(library, site)

    page = library.page(ArticleFilter(feed_id=hills)).items

    assert sorted(a.title for a in page) == ["Hill 0", "Hill 1", "Hill 2"]
    assert library.count(ArticleFilter(feed_id=harbour)) == 2
    assert library.count(ArticleFilter(feed_id=hills, unread=True, archived=False)) == 3
    assert library.count(ArticleFilter(feed_id=hills + 100)) == 0
    assert library.count() == 6


def test_a_feeds_list_follows_read_state_and_deletes(library: Library, site: LocalSite) -> None:
    _, hills = _two_feeds(library, site)
    first = library.page(ArticleFilter(feed_id=hills)).items[0]

    library.set_read([first.id])
    library.trash([library.page(ArticleFilter(feed_id=hills)).items[1].id])

    assert library.count(ArticleFilter(feed_id=hills, unread=True)) == 1
    assert library.count(ArticleFilter(feed_id=hills)) == 2


def test_search_within_a_feed(library: Library, site: LocalSite) -> None:
    harbour, hills = _two_feeds(library, site)

    in_hills = library.search("walkers", ArticleFilter(feed_id=hills))
    in_harbour = library.search("residents", ArticleFilter(feed_id=harbour, unread=True))

    assert sorted(h.article.title for h in in_hills) == ["Hill 0", "Hill 1", "Hill 2"]
    assert library.search("harbour", ArticleFilter(feed_id=hills)) == []
    assert sorted(h.article.title for h in in_harbour) == ["Story number 0", "Story number 1"]


def test_a_teaser_is_partial_in_the_list_and_in_list_json(
    library: Library, site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("/teaser", TEASER)
    site.add("/whole", story_page("A whole story"))
    library.save(site.url("/teaser"))
    library.save(site.url("/whole"))

    by_title = {a.title: a.partial for a in library.page().items}
    assert by_title == {"The meters": True, "A whole story": False}

    assert main(["--library", str(library.folder), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["title"]: r["partial"] for r in rows} == by_title
