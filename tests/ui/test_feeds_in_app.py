"""Feeds in the window, over a real window and library and a local HTTP server serving
a feed and its pages: the sidebar's Feeds section, subscribing from the link field,
renaming, tagging, pausing, removing, OPML, and updates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MakeWindow
from feedsite import add_stories, rss
from localsite import LocalSite
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from uihelpers import idle

from reader.errors import FeedError, NotAFeedError, UnsafeFeedError
from reader.library import Library
from reader.models import TagCount
from reader.ui.error_messages import describe
from reader.ui.feed_commands import may_be_feed_or_site
from reader.ui.main_window import MainWindow
from reader.ui.sidebar import Entry, SidebarModel, View

RSS = "application/rss+xml"
# The "Subscribe?" question and a feed's menu are real popups; the offscreen platform
# cannot size, raise or grab for them.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing)"
)


def _feeds(window: MainWindow) -> list[Entry]:
    return window.sidebar_model.feed_entries()


def _titles(window: MainWindow) -> list[str]:
    model = window.list_model
    return sorted(model.summary(r).title for r in range(model.rowCount()))


def _feed_row(window: MainWindow, feed_id: int) -> int:
    row = window.sidebar_model.row_of_feed(feed_id)
    assert row is not None
    return row


def _choose_feed(qtbot: QtBot, window: MainWindow, feed_id: int) -> None:
    with qtbot.waitSignal(window.list_model.pageLoaded):
        index = window.sidebar_model.index(_feed_row(window, feed_id), 0)
        window.navigation.sidebar.setCurrentIndex(index)


def _type_link(qtbot: QtBot, window: MainWindow, address: str) -> None:
    window.add_field.setText(address)
    window.save_commands.save_from_field()


def test_the_sidebar_lists_feeds_with_unread_counts_and_shows_a_feeds_stories(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    harbour = library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 3)), RSS)).feed
    hills = library.feeds.add(
        site.add("/hills.xml", rss(add_stories(site, "/hill", 1), title="Hill News"), RSS)
    ).feed
    library.set_read([library.page().items[0].id])  # the newest: a Hill News story
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 2)

    counts = {e.label: e.count for e in _feeds(window)}
    assert counts == {"Harbour News": 3, "Hill News": 0}
    assert window.sidebar_model.data(window.sidebar_model.index(len(View) + 1, 0)) == "Feeds"

    _choose_feed(qtbot, window, harbour.id)
    assert _titles(window) == ["Story number 0", "Story number 1", "Story number 2"]
    assert window.list_title.text() == "Harbour News"
    qtbot.waitUntil(lambda: window.list_count.text() == "3 articles")
    _choose_feed(qtbot, window, hills.id)
    assert _titles(window) == ["Story number 0"]
    assert window.settings.last_list == f"feed:{hills.id}"


def test_a_library_without_feeds_has_no_feeds_section(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.navigation.counts is not None)
    labels = [
        window.sidebar_model.data(window.sidebar_model.index(r, 0))
        for r in range(window.sidebar_model.rowCount())
    ]
    assert "Feeds" not in labels and "Tags" in labels


def test_pasting_a_feeds_address_asks_then_subscribes(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    url = site.add("/feed.xml", rss(add_stories(site, "/news", 2)), RSS)
    window = make_window()

    _type_link(qtbot, window, url)
    qtbot.waitUntil(lambda: window.feeds.question is not None)
    box = window.feeds.question
    assert box is not None and box.text() == "Subscribe to this site's feed?"
    assert [b.text() for b in box.buttons()].count("Save This Page") == 0  # it is a feed
    assert window.add_field.text() == ""
    assert window.statusBar().currentMessage() == ""  # "Looking for a feed…" is over
    with qtbot.waitSignal(window.feeds.subscribed, timeout=20000):
        next(b for b in box.buttons() if b.text() == "Subscribe").click()

    feed = library.feeds.all()[0]
    qtbot.waitUntil(lambda: window.navigation.feed == feed.id)
    qtbot.waitUntil(lambda: _titles(window) == ["Story number 0", "Story number 1"])
    qtbot.waitUntil(lambda: [(e.label, e.count) for e in _feeds(window)] == [("Harbour News", 2)])


def test_a_sites_home_offers_its_feed_or_the_page(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    site.add("/rss/all.xml", rss(add_stories(site, "/n", 1)), RSS)
    home = site.add(
        "/",
        '<html><head><title>The Harbour Times</title><link rel="alternate" '
        'type="application/rss+xml" href="/rss/all.xml"></head><body><article>'
        + "<p>Welcome to the harbour paper, read about the ferries and the tides.</p>" * 8
        + "</article></body></html>",
    )
    window = make_window()

    _type_link(qtbot, window, home)
    qtbot.waitUntil(lambda: window.feeds.question is not None)
    box = window.feeds.question
    assert box is not None and site.url("/rss/all.xml") in box.informativeText()
    with qtbot.waitSignal(window.saves.finished, timeout=20000):
        next(b for b in box.buttons() if b.text() == "Save This Page").click()

    assert library.feeds.all() == []
    assert [a.given_url for a in library.page().items] == [home]


def test_a_followed_feed_is_shown_not_offered_again(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    url = site.add("/feed.xml", rss(add_stories(site, "/news", 1)), RSS)
    feed = library.feeds.add(url).feed
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)

    with qtbot.waitSignal(window.list_model.pageLoaded, timeout=20000):
        _type_link(qtbot, window, url)

    assert window.feeds.question is None and window.navigation.feed == feed.id
    assert window.statusBar().currentMessage() == "You already follow Harbour News"


def test_an_address_with_no_feed_is_saved_as_a_page(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    home = site.add(
        "/",
        "<html><head><title>No feed here</title></head><body><article>"
        + "<p>A plain home page with enough words to be kept as an article here.</p>" * 8
        + "</article></body></html>",
    )
    window = make_window()

    with qtbot.waitSignal(window.saves.finished, timeout=20000):
        _type_link(qtbot, window, home)

    assert window.feeds.question is None and library.feeds.all() == []
    assert [a.title for a in library.page().items] == ["No feed here"]


def test_an_articles_address_is_saved_without_asking() -> None:
    assert not may_be_feed_or_site("https://news.example/2024/05/ferry-vote.html")
    assert may_be_feed_or_site("https://news.example/")
    assert may_be_feed_or_site("https://news.example")
    assert may_be_feed_or_site("https://news.example/blog/")
    assert not may_be_feed_or_site("https://news.example/ferry-vote-tonight")
    assert not may_be_feed_or_site("https://news.example/story.html")
    assert may_be_feed_or_site("https://news.example/feed.xml")
    assert may_be_feed_or_site("https://news.example/blog/feed/")
    assert not may_be_feed_or_site("file:///etc/feed.xml")
    assert not may_be_feed_or_site("two words")


def test_rename_tag_pause_and_remove_a_feed(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    feed = library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 2)), RSS)).feed
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)
    _choose_feed(qtbot, window, feed.id)

    window.feeds.set_feed(feed.id, title="The Harbour")
    qtbot.waitUntil(lambda: _feeds(window)[0].label == "The Harbour")
    qtbot.waitUntil(lambda: window.list_title.text() == "The Harbour")
    window.feeds.set_feed(feed.id, tags=["local", "Boats"])
    window.feeds.set_feed(feed.id, paused=True)
    qtbot.waitUntil(lambda: _feeds(window)[0].state == "paused")
    assert library.feeds.get(feed.id).tags == ("local", "Boats")
    window.feeds.set_feed(feed.id, paused=False)
    qtbot.waitUntil(lambda: _feeds(window)[0].state == "")

    window.feeds.remove_feed(feed.id, keep_articles=True)
    qtbot.waitUntil(lambda: _feeds(window) == [])
    assert window.navigation.view is View.ALL  # its list is gone: back to All
    assert library.feeds.all() == [] and library.count() == 2


def test_removing_a_feed_takes_its_untouched_stories(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    feed = library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 2)), RSS)).feed
    starred = library.page().items[0].id
    library.set_favourite([starred])
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)

    window.feeds.remove_feed(feed.id, keep_articles=False)

    qtbot.waitUntil(lambda: _feeds(window) == [])
    qtbot.waitUntil(lambda: [s.id for s in library.page().items] == [starred])


def test_opml_export_and_import(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite, tmp_path: Path
) -> None:
    library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 1)), RSS), ["local"])
    window = make_window()
    out = tmp_path / "feeds.opml"

    window.feeds.export_file(out)
    qtbot.waitUntil(out.exists)
    idle(qtbot, window)
    assert site.url("/h.xml") in out.read_text("utf-8")

    other = site.add("/o.xml", rss(add_stories(site, "/o", 2), title="Other News"), RSS)
    listing = tmp_path / "in.opml"
    listing.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="Sea">'
        f'<outline type="rss" text="Other News" xmlUrl="{other}"/>'
        f'<outline type="rss" text="Again" xmlUrl="{site.url("/h.xml")}"/>'
        "</outline></body></opml>",
        "utf-8",
    )
    with qtbot.waitSignal(window.feeds.updated, timeout=20000):  # the update that follows
        window.feeds.import_file(listing)

    assert sorted(f.title for f in library.feeds.all()) == ["Harbour News", "Other News"]
    qtbot.waitUntil(lambda: {e.label: e.count for e in _feeds(window)}.get("Other News") == 2)
    assert next(f for f in library.feeds.all() if f.title == "Other News").tags == ("Sea",)


def test_a_broken_opml_file_says_so_in_one_line(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    bad = tmp_path / "bad.opml"
    bad.write_text("this is no opml <<<", "utf-8")
    with qtbot.waitSignal(window.feeds.failed) as blocker:
        window.feeds.import_file(bad)
    idle(qtbot, window)
    assert "\n" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage() == describe(blocker.args[0]).one_line()


def test_update_now_saves_new_stories_and_skips_feeds_not_due(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    items = add_stories(site, "/h", 1)
    feed = library.feeds.add(site.add("/h.xml", rss(items), RSS)).feed
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)
    _choose_feed(qtbot, window, feed.id)

    # Not due yet (just added): Update Now asks the library, which fetches nothing.
    before = site.log.count("/h.xml")
    with qtbot.waitSignal(window.feeds.updated, timeout=20000):
        window.feeds.update_now.trigger()
    assert site.log.count("/h.xml") == before
    assert window.statusBar().currentMessage() == "No feed was due"

    # Resumed feeds are due at once: the new story arrives in the feed's list.
    site.add("/h.xml", rss(add_stories(site, "/h", 1, start=1) + items), RSS)
    library.feeds.set(feed.id, paused=True)
    library.feeds.set(feed.id, paused=False)
    with qtbot.waitSignal(window.feeds.updated, timeout=20000):
        window.feeds.update_now.trigger()
    assert window.statusBar().currentMessage() == "Feeds updated: 1 new story"
    qtbot.waitUntil(lambda: _titles(window) == ["Story number 0", "Story number 1"])
    qtbot.waitUntil(lambda: _feeds(window)[0].count == 2)


def test_the_window_updates_feeds_on_a_timer(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    items = add_stories(site, "/h", 1)
    feed = library.feeds.add(site.add("/h.xml", rss(items), RSS)).feed
    window = make_window()
    qtbot.waitUntil(lambda: window.feeds.timer.isActive())
    assert window.feeds.timer.interval() <= 10 * 60 * 1000

    site.add("/h.xml", rss(add_stories(site, "/h", 1, start=1) + items), RSS)
    library.feeds.set(feed.id, paused=True)
    library.feeds.set(feed.id, paused=False)  # due now
    with qtbot.waitSignal(window.feeds.updated, timeout=20000):
        window.feeds.timer.setInterval(50)  # the few minutes, shortened
    window.feeds.timer.stop()
    assert library.count() == 2
    qtbot.waitUntil(lambda: [e.count for e in _feeds(window)] == [2])


@pytest.mark.parametrize(
    ("exc", "headline"),
    [
        (NotAFeedError("x"), "No feed was found at that address"),
        (UnsafeFeedError("x"), "The feed tried something Reader does not allow"),
        (FeedError("x"), "The feed could not be read"),
    ],
)
def test_feed_errors_have_headlines(exc: FeedError, headline: str) -> None:
    assert describe(exc).headline == headline


def test_a_feeds_menu_pauses_and_resumes_it(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    feed = library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 1)), RSS)).feed
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)
    sidebar = window.navigation.sidebar
    at = sidebar.visualRect(window.sidebar_model.index(_feed_row(window, feed.id), 0)).center()

    sidebar.customContextMenuRequested.emit(at)
    assert window.navigation.feed == feed.id  # the row under the menu is chosen
    menu = window.feeds.context_menu
    assert menu is not None and window.feeds.pause in menu.actions()
    assert window.feeds.pause.text() == "&Pause Updates"
    menu.close()
    window.feeds.pause.trigger()
    qtbot.waitUntil(lambda: _feeds(window)[0].state == "paused")
    assert library.feeds.get(feed.id).paused

    sidebar.customContextMenuRequested.emit(at)
    assert window.feeds.pause.text() == "&Resume Updates"
    assert window.feeds.context_menu is not None
    window.feeds.context_menu.close()
    window.feeds.pause.trigger()
    qtbot.waitUntil(lambda: _feeds(window)[0].state == "")
    assert not library.feeds.get(feed.id).paused


def test_a_feed_whose_update_failed_says_so_in_the_sidebar(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    url = site.add("/h.xml", rss(add_stories(site, "/h", 1)), RSS)
    feed = library.feeds.add(url).feed
    site.add("/h.xml", "down for maintenance", "text/plain", status=503)
    library.feeds.set(feed.id, paused=True)
    library.feeds.set(feed.id, paused=False)  # due now
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)

    with qtbot.waitSignal(window.feeds.updated, timeout=20000):
        window.feeds.update_now.trigger()

    assert window.statusBar().currentMessage().endswith("1 feed could not be updated")
    qtbot.waitUntil(lambda: _feeds(window)[0].state == "error")
    index = window.sidebar_model.index(_feed_row(window, feed.id), 0)
    assert window.sidebar_model.data(index, Qt.ItemDataRole.ToolTipRole) == (
        "The last update failed"
    )


def test_the_sidebar_model_keeps_its_sections_in_order(
    qtmodeltester: ModelTester, library: Library, site: LocalSite
) -> None:
    library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 1)), RSS))
    library.feeds.add(site.add("/o.xml", rss([], title="Other News"), RSS))
    feeds = library.feeds.all()
    sidebar = SidebarModel()
    sidebar.set_tags([TagCount("politics", 2)])

    def labels() -> list[str]:
        return [sidebar.data(sidebar.index(r, 0)) for r in range(sidebar.rowCount())]

    sidebar.set_feeds(feeds)
    qtmodeltester.check(sidebar)
    views = labels()[: len(View) + 1]  # the views and Highlights
    assert views[-1] == "Highlights"
    assert labels()[len(View) + 1 :] == ["Feeds", "Harbour News", "Other News", "Tags", "politics"]
    sidebar.set_tags([TagCount("politics", 1), TagCount("world", 1)])
    sidebar.set_feeds(feeds[:1])
    assert labels() == [*views, "Feeds", "Harbour News", "Tags", "politics", "world"]
    assert sidebar.row_of_feed(feeds[0].id) == len(View) + 2
    sidebar.set_feeds([])
    assert labels() == [*views, "Tags", "politics", "world"]
    assert sidebar.row_of_tag("world") == len(View) + 3
    qtmodeltester.check(sidebar)


def test_a_feed_removed_elsewhere_leaves_for_all_articles(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    feed = library.feeds.add(site.add("/h.xml", rss(add_stories(site, "/h", 1)), RSS)).feed
    window = make_window()
    qtbot.waitUntil(lambda: len(_feeds(window)) == 1)
    _choose_feed(qtbot, window, feed.id)

    def remove() -> None:  # on a connection of its own, as `reader feed remove` would
        try:
            library.feeds.remove(feed.id, keep_articles=True)
        finally:
            library.release_thread()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(remove).result()

    qtbot.waitUntil(lambda: _feeds(window) == [], timeout=5000)
    qtbot.waitUntil(lambda: window.navigation.view is View.ALL)
    assert window.list_title.text() == "All articles"
    assert window.settings.last_list == "view:all"
