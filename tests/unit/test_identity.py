"""Identity: when two saves are one article, and what address is stored and shown.

A canonical URL merges saves only on the page's own site and only for the same story;
tracking parameters never reach the stored address; when the identity rules change, a
library's keys are recomputed when it opens, so a later release never makes twins.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from localsite import LocalSite

from reader.library import Library
from reader.urls import registrable_domain, same_site


def story_page(title: str, canonical: str | None, words: str) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{words} Paragraph {i} of the story goes on. </p>" for i in range(8))
    return (
        f"<html><head><title>{title}</title>{link}</head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )


def test_another_sites_canonical_never_swallows_a_new_story(
    library: Library, site: LocalSite
) -> None:
    first = site.add("/world/talks", story_page("Talks resume in Doha", None, "Doha talks."))
    old = library.save(first)
    # Another host (localhost is not 127.0.0.1) whose page claims the old story as its
    # canonical: a syndicated copy, or a careless template.  It is a new article.
    port = site.host.rsplit(":", 1)[1]
    site.add("/local/fair", story_page("County fair opens", first, "Prize pumpkins."))
    other = library.save(f"http://localhost:{port}/local/fair")
    assert not other.existed and other.article_id != old.article_id
    assert library.get(other.article_id).title == "County fair opens"
    assert library.count() == 2
    assert library.get(other.article_id).canonical_url == first  # shown, not trusted


def test_a_same_site_canonical_merges_only_the_same_story(
    library: Library, site: LocalSite
) -> None:
    main = site.add("/news/story", story_page("Bridge to close in May", None, "Bridge works."))
    old = library.save(main)
    copy = site.add("/amp/story", story_page("Bridge to close in May", main, "Bridge works."))
    assert library.save(copy).article_id == old.article_id  # the same story: one article
    wrong = site.add("/news/other", story_page("Mayor resigns", main, "The mayor left."))
    new = library.save(wrong)
    assert not new.existed and new.article_id != old.article_id
    assert library.count() == 2


def test_tracking_parameters_never_reach_the_stored_address(
    library: Library, site: LocalSite
) -> None:
    page = story_page("Harbour reopens", None, "Ferries run.")
    site.add("/harbour", page)
    typed = site.url("/harbour?utm_source=newsletter&id=7&fbclid=abc")
    article = library.get(library.save(typed).article_id)
    assert article.given_url == typed
    assert article.url == site.url("/harbour?id=7")
    assert library.save(site.url("/harbour?id=7")).existed


def test_changed_identity_rules_recompute_the_keys_of_old_articles(
    library_dir: Path, site: LocalSite
) -> None:
    site.add("/harbour", story_page("Harbour reopens", None, "Ferries run."))
    with Library.open(library_dir) as lib:
        article_id = lib.save(site.url("/harbour?utm_source=x")).article_id
    # As an older release would have left it: keys that kept a parameter now known as
    # tracking, the address uncleaned, and the rules it used recorded.
    conn = sqlite3.connect(library_dir / "library.sqlite3")
    with conn:
        conn.execute(
            "UPDATE articles SET url_key = ?, canonical_key = ?, url = ? WHERE id = ?",
            ("old-key?utm_source=x", "old-key?utm_source=x", site.url("/harbour?utm_source=x"),
             article_id),
        )  # fmt: skip
        conn.execute("UPDATE library_meta SET value = 'older-rules'")
    conn.close()
    with Library.open(library_dir) as lib:
        assert lib.get(article_id).url == site.url("/harbour")
        again = lib.save(site.url("/harbour"))
        assert again.existed and again.article_id == article_id
        assert lib.count() == 1


def test_sites_by_the_public_suffix_list() -> None:
    assert registrable_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert same_site("https://www.example.com/a", "https://m.example.com/b")
    assert not same_site("https://alice.github.io/a", "https://bob.github.io/a")
    assert not same_site("http://127.0.0.1:80/a", "http://localhost/a")
