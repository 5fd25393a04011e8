"""Subscribing and updating end to end: a real local server that logs requests, a real library."""

from __future__ import annotations

import pytest
from feedsite import ConditionalFeed, add_stories, rss, story_page
from localsite import LocalSite

from reader.errors import NotAFeedError, UsageError
from reader.feeds.updating import backoff_seconds, retry_after_seconds
from reader.library import Library
from reader.models import ArticleFilter, NewHighlight, Status


def _articles(library: Library) -> list[str]:
    return sorted(s.given_url for s in library.page(limit=1000).items)


def test_subscribing_saves_each_story_whole_and_tags_it(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 3)
    url = site.add("/feed.xml", rss(items), "application/rss+xml")

    done = library.feeds.add(url, ["harbour"])

    assert done.feed.title == "Harbour News" and done.feed.url == url
    assert (done.first.ok, done.first.new, done.first.saved, done.first.failed) == (True, 3, 3, 0)
    page = library.page(ArticleFilter(tag="harbour")).items
    assert {a.title for a in page} == {"Story number 0", "Story number 1", "Story number 2"}
    assert all(a.status is Status.SAVED and a.word_count > 100 for a in page)
    assert library.feeds.get(done.feed.id).unread == 3


def test_a_sites_page_leads_to_its_feed(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 1)
    site.add("/rss/all.xml", rss(items), "application/rss+xml")
    home = site.add(
        "/",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/all.xml">'
        "</head><body><p>Welcome</p></body></html>",
    )

    done = library.feeds.add(home)

    assert done.feed.url == site.url("/rss/all.xml")
    assert done.first.saved == 1


def test_a_page_without_a_link_is_tried_on_common_paths(library: Library, site: LocalSite) -> None:
    site.add("/atom.xml", rss(add_stories(site, "/n", 1)), "application/xml")
    home = site.add("/", "<html><body><p>Welcome, no feed link here</p></body></html>")

    done = library.feeds.add(home, save=False)

    assert done.feed.url == site.url("/atom.xml")
    assert "/feed" in site.log and "/rss" in site.log  # tried first, 404


def test_a_page_with_no_feed_at_all_is_not_a_feed(library: Library, site: LocalSite) -> None:
    home = site.add("/", "<html><body><p>Welcome</p></body></html>")

    with pytest.raises(NotAFeedError):
        library.feeds.add(home)
    assert library.feeds.all() == []


def test_subscribing_twice_is_refused(library: Library, site: LocalSite) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    library.feeds.add(url)

    with pytest.raises(UsageError, match="already subscribed"):
        library.feeds.add(url + "?utm_source=x")


def test_no_save_marks_the_current_stories_seen(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 2)
    url = site.add("/feed.xml", rss(items), "application/rss+xml")

    done = library.feeds.add(url, save=False)
    site.add(
        "/feed.xml", rss(add_stories(site, "/news", 1, start=2) + items), "application/rss+xml"
    )
    (result,) = library.feeds.update([done.feed.id])

    assert done.first.new == 2 and done.first.saved == 0
    assert (result.new, result.saved) == (1, 1)
    assert _articles(library) == [site.url("/news/story-2")]


def test_conditional_get_sends_the_validators_and_a_304_fetches_nothing_more(
    library: Library, site: LocalSite
) -> None:
    feed = ConditionalFeed(rss(add_stories(site, "/news", 2)).encode())
    url = site.handle("/feed.xml", feed)
    done = library.feeds.add(url)
    site.log.clear()

    (result,) = library.feeds.update([done.feed.id])

    assert result.ok and result.status == 304 and result.new == 0
    assert site.log == ["/feed.xml"]  # no page fetched
    first, second = feed.requests
    assert "if-none-match" not in first
    assert second["if-none-match"] == '"v1"'
    assert second["if-modified-since"] == "Tue, 01 Dec 2026 08:00:00 GMT"
    stored = library.feeds.get(done.feed.id)
    assert stored.etag == '"v1"' and stored.last_status == 304 and stored.failures == 0


def test_only_due_feeds_are_updated(library: Library, site: LocalSite) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    library.feeds.add(url)
    site.log.clear()

    assert library.feeds.update() == []  # checked a moment ago: due in an hour
    assert site.log == []


def test_new_means_new_guid_then_link_and_tracking_parameters(
    library: Library, site: LocalSite
) -> None:
    site.add("/a", story_page("Alpha"))
    site.add("/b", story_page("Beta"))
    first = [
        {"title": "Alpha", "link": site.url("/a"), "guid": "alpha"},
        {"title": "Beta", "link": site.url("/b?utm_source=rss")},
    ]
    url = site.add("/feed.xml", rss(first), "application/rss+xml")
    done = library.feeds.add(url)
    again = [
        {"title": "Alpha, updated", "link": site.url("/a?fbclid=1"), "guid": "alpha"},
        {"title": "Beta", "link": site.url("/b?utm_source=rss&utm_medium=x")},
        {"title": "Beta twin", "link": site.url("/b"), "guid": "alpha"},  # duplicate guid
    ]
    site.add("/feed.xml", rss(again), "application/rss+xml")
    site.log.clear()

    (result,) = library.feeds.update([done.feed.id])

    assert done.first.new == 2 and result.new == 0
    assert not [p for p in site.log if p != "/feed.xml"]
    assert library.count() == 2


def test_a_story_saved_by_hand_is_tagged_not_saved_twice(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 2)
    by_hand = library.save(items[0]["link"] + "?utm_campaign=mail")
    url = site.add("/feed.xml", rss(items), "application/rss+xml")
    site.log.clear()

    done = library.feeds.add(url, ["harbour"])

    assert done.first.new == 2 and done.first.saved == 1
    assert library.count() == 2
    assert library.get(by_hand.article_id).tags == ("harbour",)
    assert site.log == ["/feed.xml", "/news/story-0"]  # story 1 was in the library


def test_the_feeds_own_text_is_kept_when_the_page_cannot_be_fetched(
    library: Library, site: LocalSite
) -> None:
    items = [
        {
            "title": "Gone page",
            "link": site.url("/missing"),
            "description": "<p>The feed's own words about the <b>ferry</b>.</p>"
            '<img src="http://127.0.0.1:1/pixel.gif">',
        },
        {"title": "Empty", "link": site.url("/missing-too")},
    ]
    url = site.add("/feed.xml", rss(items), "application/rss+xml")

    done = library.feeds.add(url)

    assert (done.first.saved, done.first.partial, done.first.failed) == (1, 1, 1)
    page = {a.title: a for a in library.page(limit=10).items}
    kept = library.get(page["Gone page"].id)
    assert kept.status is Status.SAVED
    assert "ferry" in kept.text and "<img" not in kept.html
    assert kept.notes and kept.notes[0].startswith("partial: the page could not be saved")
    assert "http_error" in kept.notes[0]
    assert page["Empty"].status is Status.FAILED


def test_permanent_redirect_updates_the_address_temporary_does_not(
    library: Library, site: LocalSite
) -> None:
    site.add("/new.xml", rss([]), "application/rss+xml")
    site.add("/tmp.xml", rss([]), "application/rss+xml")
    old = site.add("/old.xml", rss([]), "application/rss+xml")
    done = library.feeds.add(old)
    site.redirect("/old.xml", "/new.xml", status=301)

    library.feeds.update([done.feed.id])
    moved = library.feeds.get(done.feed.id)
    site.redirect("/new.xml", "/tmp.xml", status=302)
    library.feeds.update([done.feed.id])

    assert moved.url == site.url("/new.xml")
    assert library.feeds.get(done.feed.id).url == site.url("/new.xml")


def test_308_updates_the_address(library: Library, site: LocalSite) -> None:
    site.add("/new.xml", rss([]), "application/rss+xml")
    old = site.add("/old.xml", rss([]), "application/rss+xml")
    done = library.feeds.add(old)
    site.redirect("/old.xml", "/new.xml", status=308)

    library.feeds.update([done.feed.id])

    assert library.feeds.get(done.feed.id).url == site.url("/new.xml")


def test_410_gone_pauses_the_feed_and_says_so(library: Library, site: LocalSite) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    done = library.feeds.add(url)
    site.add("/feed.xml", "gone", "text/plain", status=410)

    (result,) = library.feeds.update([done.feed.id])
    feed = library.feeds.get(done.feed.id)

    assert not result.ok and result.status == 410 and "paused" in (result.message or "")
    assert feed.paused and feed.last_error is not None and "410" in feed.last_error
    library.storage.update_feed(feed.id, next_check=None)
    assert library.feeds.update() == []  # paused feeds are not due


def test_429_with_retry_after_is_respected(library: Library, site: LocalSite) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    done = library.feeds.add(url)
    site.add("/feed.xml", "slow down", "text/plain", status=429, headers={"Retry-After": "7200"})

    (result,) = library.feeds.update([done.feed.id])
    feed = library.feeds.get(done.feed.id)

    assert not result.ok and result.status == 429 and result.error == "http_error"
    assert feed.next_check is not None and feed.last_checked is not None
    assert _seconds_between(feed.last_checked, feed.next_check) == pytest.approx(7200, abs=5)


def test_repeated_failures_back_off_doubling_up_to_a_day(library: Library, site: LocalSite) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    done = library.feeds.add(url)
    site.add("/feed.xml", "broken", "text/plain", status=500)

    waits = []
    for _ in range(3):
        library.feeds.update([done.feed.id])
        feed = library.feeds.get(done.feed.id)
        assert feed.last_checked and feed.next_check
        waits.append(round(_seconds_between(feed.last_checked, feed.next_check)))

    assert waits == [7200, 14400, 28800]
    assert feed.failures == 3 and feed.last_error and feed.last_error.startswith("http_error")
    assert backoff_seconds(60, 10) == 86400
    site.add("/feed.xml", rss([]), "application/rss+xml")
    library.feeds.update([done.feed.id])
    assert library.feeds.get(done.feed.id).failures == 0


def test_retry_after_as_a_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("Tue, 01 Dec 2026 10:30:00 GMT", now) == 1800
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("99999999", now) == 7 * 24 * 3600
    assert retry_after_seconds("soon", now) is None


def test_retention_keeps_what_the_person_touched(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 8)  # story 7 first: the newest
    for item in items:
        n = int(item["title"].rsplit(" ", 1)[1])
        item["pubDate"] = f"Tue, {10 + n:02d} Nov 2026 08:00:00 GMT"
    by_hand = library.save(site.url("/news/story-0"))  # saved by hand before subscribing
    url = site.add("/feed.xml", rss(items), "application/rss+xml")
    done = library.feeds.add(url, ["harbour"])
    ids = {a.title: a.id for a in library.page(limit=50).items}
    library.set_read([ids["Story number 1"]])
    library.set_favourite([ids["Story number 2"]])
    library.add_tags([ids["Story number 3"]], ["keep-me"])
    library.add_highlights(ids["Story number 4"], [NewHighlight(quote="harbour")])
    library.set_read_position(ids["Story number 5"], 0.3)

    library.feeds.set(done.feed.id, keep=1)
    (result,) = library.feeds.update([done.feed.id])

    remaining = {a.title for a in library.page(limit=50).items}
    assert result.removed == 1  # story 6: untouched, and not the newest
    assert remaining == {f"Story number {i}" for i in (0, 1, 2, 3, 4, 5, 7)}
    assert library.get(by_hand.article_id).status is Status.SAVED
    # Stories removed are remembered: the next update does not bring them back.
    library.storage.update_feed(done.feed.id, etag=None, last_modified=None)
    (again,) = library.feeds.update([done.feed.id])
    assert again.new == 0


def test_retention_by_days(library: Library, site: LocalSite) -> None:
    items = add_stories(site, "/news", 2)
    items[0]["pubDate"] = "Mon, 30 Nov 2026 08:00:00 GMT"
    items[1]["pubDate"] = "Mon, 02 Mar 2026 08:00:00 GMT"
    url = site.add("/feed.xml", rss(items), "application/rss+xml")

    done = library.feeds.add(url, days=30)

    assert done.first.removed == 1
    assert [a.title for a in library.page().items] == ["Story number 1"]


def test_remove_deletes_untouched_stories_unless_asked_to_keep(
    library: Library, site: LocalSite
) -> None:
    items = add_stories(site, "/news", 3)
    url = site.add("/feed.xml", rss(items), "application/rss+xml")
    done = library.feeds.add(url)
    read_one = library.page().items[0].id
    library.set_read([read_one])

    gone = library.feeds.remove(done.feed.id)

    assert (gone.removed, gone.kept) == (2, 1)
    assert [a.id for a in library.page().items] == [read_one]
    assert library.feeds.all() == []
    again = library.feeds.add(url)
    kept = library.feeds.remove(again.feed.id, keep_articles=True)
    assert kept.removed == 0 and library.count() == 3


def test_items_beyond_the_bound_wait_for_the_next_update(library: Library, site: LocalSite) -> None:
    items = [{"title": f"T{i}", "link": site.url(f"/x/{i}")} for i in range(150)]
    url = site.add("/feed.xml", rss(items), "application/rss+xml")
    done = library.feeds.add(url, save=False)

    (result,) = library.feeds.update([done.feed.id])

    assert done.first.new == 100 and result.new == 50


def test_update_of_an_unknown_feed_is_not_found(library: Library) -> None:
    from reader.errors import NotFoundError

    with pytest.raises(NotFoundError):
        library.feeds.update([42])


def _seconds_between(a: str, b: str) -> float:
    from datetime import datetime

    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def test_a_feed_on_the_internet_may_not_send_reader_to_the_local_network(
    library: Library, site: LocalSite
) -> None:
    from reader.feeds.models import NewSubscription
    from reader.feeds.parsing import parse_feed
    from reader.fetcher import Response
    from reader.urls import url_key

    site.add("/admin", story_page("Router admin"))
    body = rss(
        [
            {"title": "Router", "link": site.url("/admin")},
            {"title": "Outside", "link": "http://news.invalid/story"},
        ]
    ).encode()
    feed_url = "http://news.invalid/feed.xml"  # .invalid never resolves: not local
    feed_id = library.storage.add_feed(NewSubscription(url=feed_url), url_key(feed_url))
    response = Response(feed_url, 200, "application/rss+xml", "utf-8", body)
    parsed = parse_feed(body, feed_url, "application/rss+xml")

    result = library.feeds.updater().first_update(
        library.feeds.get(feed_id), response, parsed, save=True
    )

    assert result.new == 1  # only the story on the internet
    assert "/admin" not in site.log
    assert [a.given_url for a in library.page().items] == ["http://news.invalid/story"]


def test_find_names_the_feed_without_subscribing(library: Library, site: LocalSite) -> None:
    site.add("/rss.xml", rss([]), "application/rss+xml")
    home = site.add("/", '<html><head><link rel="alternate" type="application/rss+xml" '
                    'href="/rss.xml"></head><body><p>Hi</p></body></html>')  # fmt: skip

    assert library.feeds.find(home) == (site.url("/rss.xml"), "Harbour News")
    assert library.feeds.all() == []


def test_the_feeds_text_is_forgotten_once_the_story_is_saved(
    library: Library, site: LocalSite
) -> None:
    items = add_stories(site, "/news", 1)
    items.append({"title": "Gone", "link": site.url("/gone"), "description": "<p>Text</p>"})
    url = site.add("/feed.xml", rss(items), "application/rss+xml")
    site.add("/gone", "no such page", "text/plain", status=404)

    done = library.feeds.add(url)

    assert (done.first.saved, done.first.partial, done.first.failed) == (2, 1, 0)
    assert all(library.storage.feed_content(a.id) is None for a in library.page().items)
    assert all(r.article_id is not None for r in library.storage.feed_items(done.feed.id))


def test_at_most_two_feed_requests_at_once_to_one_host(library: Library, site: LocalSite) -> None:
    import threading

    from reader.feeds.models import NewSubscription
    from reader.urls import url_key

    body = rss([]).encode()
    cond = threading.Condition()
    active = {"now": 0, "most": 0}

    def feed(h: object, s: LocalSite) -> None:
        with cond:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
            cond.notify_all()
            # Hold the request until a third one arrives (it should not) or a moment passes.
            cond.wait_for(lambda: active["now"] > 2, timeout=0.3)
        with cond:
            active["now"] -= 1
        h.send_response(200)  # type: ignore[attr-defined]
        h.send_header("Content-Type", "application/rss+xml")  # type: ignore[attr-defined]
        h.send_header("Content-Length", str(len(body)))  # type: ignore[attr-defined]
        h.end_headers()  # type: ignore[attr-defined]
        h.wfile.write(body)  # type: ignore[attr-defined]

    for n in range(5):
        url = site.handle(f"/f{n}.xml", feed)  # type: ignore[arg-type]
        library.storage.add_feed(NewSubscription(url=url), url_key(url))

    results = library.feeds.update()

    assert len(results) == 5 and all(r.ok for r in results)
    assert active["most"] == 2
