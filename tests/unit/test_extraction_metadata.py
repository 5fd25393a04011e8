"""Metadata rules of the second extraction round, each on a small page of our own making."""

from __future__ import annotations

import pytest

from reader.extraction import Extracted, extract

URL = "https://news.example.org/world/2024/07/31/story.html"
STORY = "".join(
    f"<p>Paragraph {n}: the harbour board met on Monday to weigh the cost of dredging the "
    f"channel, and the members argued about tides, ferries and the fishing fleet, {n}.</p>"
    for n in range(1, 7)
)


def page(head: str = "", title: str = "Harbour board weighs the cost of dredging") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1><div class='story-body'>{STORY}</div></article>"
        "</body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_og_image_size_type_and_alt_are_not_image_addresses() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.example.org/photos/harbour.jpg'>"
        "<meta property='og:image:width' content='1200'>"
        "<meta property='og:image:height' content='630'>"
        "<meta property='og:image:type' content='image/jpeg'>"
        "<meta property='og:image:alt' content='Prince Andrew, at the harbour'>"
    )
    result = run(page(head))
    assert result.lead_image == "https://cdn.example.org/photos/harbour.jpg"
    assert result.image_urls == ("https://cdn.example.org/photos/harbour.jpg",)


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        ("og:image:url", "https://cdn.example.org/a.jpg"),
        ("og:image:secure_url", "https://cdn.example.org/a.jpg"),
        ("twitter:image", "https://cdn.example.org/a.jpg"),
    ],
)
def test_lead_image_names_that_count(prop: str, value: str) -> None:
    attr = "name" if prop.startswith("twitter") else "property"
    assert run(page(f"<meta {attr}='{prop}' content='{value}'>")).lead_image == value


@pytest.mark.parametrize(
    "value",
    ["1200", "image/jpeg", "Prince Andrew, at the harbour", "javascript:alert(1)", "data:x"],
)
def test_lead_image_that_is_not_an_http_url_is_never_kept(value: str) -> None:
    head = f"<meta property='og:image:width' content='{value}'>" + (
        f"<meta name='twitter:image' content='{value}'>"
    )
    result = run(page(head))
    assert result.lead_image is None
    assert result.image_urls == ()


def test_json_ld_image_counts_as_lead_image() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": '
        '"Harbour board weighs the cost of dredging", "image": '
        '{"@type": "ImageObject", "url": "https://cdn.example.org/ld.jpg", '
        '"width": 1200}}</script>'
    )
    assert run(page(head)).lead_image == "https://cdn.example.org/ld.jpg"


def test_property_names_are_read_whole_and_beat_meta_names() -> None:
    head = (
        "<meta name='DC.creator' content='Name Author'>"
        "<meta property='dc:creator' content='Property Author'>"
        "<meta property='og:article:author' content='Ignored Because DC Wins'>"
        "<meta property='og:title:extra' content='Not a title'>"
    )
    result = run(page(head))
    assert result.byline == "Property Author"
    assert result.title == "Harbour board weighs the cost of dredging"


def test_og_article_author_is_the_byline() -> None:
    assert run(page("<meta property='og:article:author' content='Mary Shaw'>")).byline == (
        "Mary Shaw"
    )


def test_date_published_in_any_json_ld_node_is_the_date() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@context": "https://schema.org", '
        '"@type": "ClaimReview", "claimReviewed": "Dredging doubles the tides", '
        '"datePublished": "2024-05-12", "author": {"@type": "Organization", '
        '"name": "Fact Desk"}}</script>'
    )
    assert run(page(head)).published == "2024-05-12"


def test_date_of_an_article_nested_in_another_node_is_found() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type": "WebSite", "about": '
        '{"@type": "Thing", "subjectOf": {"@type": "CreativeWork", '
        '"datePublished": "2024-05-13T08:00:00Z"}}}</script>'
    )
    assert run(page(head)).published == "2024-05-13T08:00:00Z"


@pytest.mark.parametrize(
    ("title", "site", "want"),
    [
        (
            "Harbour board weighs dredging - Coast News",
            "Coast News",
            "Harbour board weighs dredging",
        ),
        (
            "Harbour board weighs dredging | COAST NEWS",
            "Coast News",
            "Harbour board weighs dredging",
        ),
        # The host's name counts as the site's name too.
        ("Harbour board weighs dredging – Example", None, "Harbour board weighs dredging"),
        # A suffix that is not the site's name is part of the headline.
        ("Harbour board weighs dredging - and the cost", "Coast News", None),
    ],
)
def test_site_name_suffix_leaves_the_title(title: str, site: str | None, want: str | None) -> None:
    head = f"<meta property='og:title' content='{title}'>"
    if site:
        head += f"<meta property='og:site_name' content='{site}'>"
    assert run(page(head, title=title)).title == (want or title)


def test_byline_inside_a_header_row_that_wraps_the_article_is_found() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Harbour board weighs the cost of dredging</title>"
        "</head><body><div class='row site_header'><article><h1>Harbour board weighs the cost"
        " of dredging</h1><span class='author_byline'>By <a rel='author' href='/a/mo'>Mo Tran"
        f"</a></span><div class='story-body'>{STORY}</div></article></div></body></html>"
    )
    result = run(html)
    assert result.byline == "Mo Tran"
    assert "By Mo Tran" not in result.text


def test_byline_in_a_page_header_outside_the_article_is_not_the_byline() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Harbour board weighs the cost of dredging</title>"
        "</head><body><div class='site-header'><span class='author'>Editor's picks</span>"
        "<a href='/'>Home</a></div><article><h1>Harbour board weighs the cost of dredging</h1>"
        f"<div class='story-body'>{STORY}</div></article></body></html>"
    )
    assert run(html).byline is None


@pytest.mark.parametrize(
    ("head", "body", "want"),
    [
        ("<meta name='PUBDATE' content='Tuesday, January  8, 2008'>", "", "2008-01-08"),
        ("<meta name='publishdate' content='2008-1-08 8:04'>", "", "2008-01-08T08:04:00"),
        (
            "",
            "<abbr class='published' itemprop='datePublished' title='2012-08-09T05:53:00-04:00'>"
            "5:53 AM</abbr>",
            "2012-08-09T05:53:00-04:00",
        ),
    ],
)
def test_dates_in_other_markup(head: str, body: str, want: str) -> None:
    html = page(head).replace("<div class='story-body'>", f"<div class='story-body'>{body}")
    assert run(html).published == want
