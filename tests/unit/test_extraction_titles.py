"""Titles taken from a page's tab title: the headline the page shows, without the names of
the site and the section around it.  Pages of our own making, with the structure of the
news pages of the 2000s (no og:title; "Headline - Section - Paper" in ``<title>``)."""

from __future__ import annotations

import pytest

from reader.extraction import extract

URL = "https://www.valleyherald.example/news/local/2008/01/bridge.html"
HEADLINE = "Council votes to rebuild the old river bridge"
STORY = "".join(
    f"<p>Paragraph {n}: the council agreed on Tuesday night to rebuild the bridge, which has "
    f"carried traffic across the river since 1921 and was closed last spring, {n}.</p>"
    for n in range(1, 7)
)


def page(tab: str, heading: str = f"<h1>{HEADLINE}</h1>", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{tab}</title>{head}</head><body>"
        "<div id='masthead'><h1 class='logo'>Herald</h1></div>"
        f"<div id='story'>{heading}{STORY}</div></body></html>"
    )


@pytest.mark.parametrize(
    "tab",
    [
        f"{HEADLINE} - Local News - The Valley Herald",
        f"{HEADLINE} | Top Stories",
        f"The Valley Herald | 01/19/2008 | {HEADLINE}",
        f"Herald : Local : {HEADLINE}",
    ],
)
def test_the_headline_the_page_shows_loses_the_names_around_it(tab: str) -> None:
    assert extract(page(tab), URL).title == HEADLINE


def test_a_short_heading_such_as_a_logo_is_not_taken_for_the_headline() -> None:
    # "Herald" is an <h1> on the page and one side of the tab title, but the shorter one.
    tab = "Council votes to rebuild the old river bridge, and what it will cost - Herald"
    html = page(tab, heading="<h2>News</h2>")
    assert extract(html, URL).title.startswith("Council votes to rebuild the old river bridge")
    assert extract(html, URL).title != "Herald"


def test_a_title_the_site_publishes_for_sharing_is_left_as_it_is() -> None:
    shared = f"{HEADLINE} | Opinion"
    head = f"<meta property='og:title' content='{shared}'>"
    assert extract(page(f"{HEADLINE} | Opinion | Herald", head=head), URL).title == shared


def test_without_a_matching_heading_the_tab_title_loses_only_its_last_part() -> None:
    tab = "Council votes to rebuild the old river bridge - Weekly Briefing"
    html = page(tab, heading="<h2>Council votes to rebuild the bridge</h2>")
    assert extract(html, URL).title == "Council votes to rebuild the old river bridge"


@pytest.mark.parametrize("site", ["ValleyHerald.com", "valley-herald.co.uk", "www.herald.example"])
def test_a_title_ending_with_the_sites_address_loses_it(site: str) -> None:
    head = f"<meta property='og:title' content='{HEADLINE} - {site}'>"
    assert extract(page(f"{HEADLINE} - {site}", heading="", head=head), URL).title == HEADLINE


def test_a_headline_ending_in_a_number_with_a_point_keeps_it() -> None:
    title = "Council votes to rebuild the old river bridge - Phase 2.5"
    head = f"<meta property='og:title' content='{title}'>"
    assert extract(page(title, heading="", head=head), URL).title == title
