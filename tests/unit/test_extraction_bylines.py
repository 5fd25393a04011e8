"""Byline rules of the fourth pass: authors wherever the markup names them, and cleaned.

Every page here is of our own making, built with the structure of pages seen in use
(WordPress-style ``@graph`` JSON-LD, "entry-header" blocks, "Autor:" lines, blog footers).
"""

from __future__ import annotations

import json

import pytest

from reader.extraction import Extracted, extract
from reader.extraction.bylines import tidy_byline

URL = "https://news.example.org/2024/05/12/harbour-bridge.html"
TITLE = "Harbour bridge to close for three weeks of repairs this summer"
STORY = "".join(
    f"<p>Paragraph {n}: engineers found that the bearings under the eastern span had worn "
    f"faster than expected, and the city council agreed to bring the works forward, {n}.</p>"
    for n in range(1, 7)
)


def page(head: str = "", header: str = "", body: str = STORY) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title>{head}</head><body>"
        f"<div id='main'>{header or f'<h1>{TITLE}</h1>'}<div class='story-body'>{body}</div>"
        "</div></body></html>"
    )


def ld(data: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_a_person_referenced_by_id_in_a_graph_is_the_byline() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://news.example.org/#site", "name": "Gazette"},
            {
                "@type": "WebPage",
                "@id": URL + "#page",
                "author": {"@id": "https://news.example.org/#/person/1"},
            },
            {"@type": ["Person"], "@id": "https://news.example.org/#/person/1", "name": "Ana Ruiz"},
        ],
    }
    assert run(page(ld(graph))).byline == "Ana Ruiz"


def test_json_ld_authors_in_any_node_and_arrays_are_joined() -> None:
    data = {
        "@type": "ItemPage",
        "mainEntity": {
            "@type": "ClaimReview",
            "author": [
                {"@type": "Person", "givenName": "Mo", "familyName": "Tran"},
                {"@type": "Person", "name": "Li Wei"},
                "https://news.example.org/staff/li-wei",
            ],
        },
    }
    assert run(page(ld(data))).byline == "Mo Tran, Li Wei"


@pytest.mark.parametrize(
    ("author", "want"),
    [("The Gazette", None), ("Gazette", None), ("Wire Press Agency", "Wire Press Agency")],
)
def test_an_organisation_author_that_is_the_site_itself_is_no_byline(
    author: str, want: str | None
) -> None:
    data = {
        "@type": "ItemPage",
        "mainEntity": {"@type": "Thing", "author": {"@type": "Organization", "name": author}},
    }
    head = ld(data) + "<meta property='og:site_name' content='The Gazette'>"
    assert run(page(head)).byline == want


@pytest.mark.parametrize(
    "meta",
    [
        "<meta name='sailthru.author' content='Ana Ruiz'>",
        "<meta itemprop='author' content='Ana Ruiz'>",
        "<meta name='byl' content='By Ana Ruiz'>",
    ],
)
def test_less_common_author_meta_names_give_the_byline(meta: str) -> None:
    assert run(page(meta)).byline == "Ana Ruiz"


def test_an_author_link_in_the_entry_header_that_holds_the_headline_is_the_byline() -> None:
    header = (
        f"<header class='entry-header'><h1 class='entry-title'>{TITLE}</h1>"
        "<div class='entry-meta'>Posted on May 12, 2024 by <span class='author vcard'>"
        "<a rel='author' href='/author/ana'>Ana Ruiz</a></span></div></header>"
    )
    result = run(page(header=header))
    assert result.byline == "Ana Ruiz"


def test_a_header_meta_line_just_after_the_headline_is_the_story_header() -> None:
    header = (
        f"<header><h1>{TITLE}</h1><p id='node-header-meta-7' class='meta'>Posted May 12 by "
        "<a rel='author' href='/author/ana'>Ana Ruiz</a></p></header>"
    )
    assert run(page(header=header)).byline == "Ana Ruiz"


def test_an_author_class_alone_in_a_header_holding_the_headline_is_not_taken() -> None:
    # Only markup that says "author" outright (rel, itemprop) is trusted inside furniture.
    header = (
        f"<div class='banner-header'><h1>{TITLE}</h1>"
        "<span class='author'>Editor's picks</span></div>"
    )
    assert run(page(header=header)).byline is None


def test_an_author_box_in_comments_after_the_headline_is_not_the_byline() -> None:
    header = (
        f"<h1>{TITLE}</h1><div class='comment'><a rel='author' href='/u/9'>Reader Nine</a></div>"
    )
    assert run(page(header=header)).byline is None


def test_a_labelled_author_line_under_the_headline_is_the_byline_and_leaves_the_body() -> None:
    header = (
        f"<div class='title'><h1>{TITLE}</h1></div><div class='metabox'><span></span>"
        "<span>Autor: Ivana Horvat </span><span>17:37 06.08.2024</span></div>"
    )
    result = run(page(header=header))
    assert result.byline == "Ivana Horvat"
    assert "Autor:" not in result.text


def test_a_menu_under_the_headline_is_not_a_byline() -> None:
    header = f"<h1>{TITLE}</h1><div class='nav'>About Books Data Speaking</div>"
    assert run(page(header=header)).byline is None


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("Ray Chesterton January 18, 2008 12:00am", "Ray Chesterton"),
        ("The Associated Press Published: January 9, 2008", "The Associated Press"),
        ("Edwin Kee on 11/12/2012 10:52 PST", "Edwin Kee"),
        ("Monday, November 12, 2012, by Matt Kang", "Matt Kang"),
        ("Posted by Scott Zane, Product Manager", "Scott Zane"),
        ("Chris Foster, Los Angeles Times Staff Writer December 29, 2007", "Chris Foster"),
        ("Andrew Down | Reuters – 1 hour 9 minutes ago", "Andrew Down"),
        ("Al Yell - Editor", "Al Yell"),
        ("Tracy Glen/tglen@paper.example.com", "Tracy Glen"),
        ("Anna Bres View Profile RSS", "Anna Bres"),
        ("This post was written by Nigel Subscribe To Our Feed", "Nigel"),
        ("View all posts by Ronnie Burt →", "Ronnie Burt"),
        ("Author:Roslyn Ash", "Roslyn Ash"),
        ("Piše: Marin Deš", "Marin Deš"),
        ("AL ALEXANDER<BR>The Patriot Ledger", "AL ALEXANDER"),
        ("Jeff Lane AP Sports Writer Dec. 31, 2007 11:14 AM", "Jeff Lane"),
        ("Tom Jay PA SportsTicker Contributing Writer", "Tom Jay"),
        ("michelle shep national security reporter", "michelle shep"),
        ("Ann Writer", "Ann Writer"),
        ("16th Jan 2008, 09:28am by Damien Marr.", "Damien Marr"),
        ("Sammy Davis Jr.", "Sammy Davis Jr."),
        ("Pocket Media Ltd.", "Pocket Media Ltd."),
        ("STAFF PHOTO BY KATHY ANDERSEN", None),
        ("Staff Writers", None),
        ("Our Foreign Staff", "Our Foreign Staff"),
        ("Li Zhou, Ella Nilsen", "Li Zhou, Ella Nilsen"),
        ("Parker Hall", "Parker Hall"),
        ("Theresa May", "Theresa May"),
        ("AFP", "AFP"),
        ("2 days ago", None),
        ("November 18, 2007", None),
        ("Jan 16 2008 2:48 PM EST", None),
        ("Last Updated: January 7, 2025", None),
        ("View Comments", None),
        ("View Profile Email Twitter RSS", None),
        ("on 12:30 " * 40, None),  # no byline is that long; and cleaning it stays quick
    ],
)
def test_a_byline_keeps_only_the_names(raw: str, want: str | None) -> None:
    assert tidy_byline(raw) == want


def test_the_headline_is_the_h1_most_like_the_title_among_several() -> None:
    # The site's name in an <h1> of its own, and a <title> run into the site's name.
    head_title = f"{TITLE}Ana Ruiz on bridges"
    header = (
        "<h1 class='site'>Ana Ruiz</h1>"
        f"<header class='entry-header'><h1>{TITLE}</h1><span class='by-author'>by "
        "<a rel='author' href='/author/ana'>Ana Ruiz</a></span></header>"
    )
    html = page(header=header).replace(f"<title>{TITLE}</title>", f"<title>{head_title}</title>")
    assert run(html).byline == "Ana Ruiz"


def test_a_photographer_in_json_ld_is_not_the_byline() -> None:
    data = {
        "@type": "WebPage",
        "image": {"@type": "ImageObject", "creator": {"@type": "Person", "name": "Photo Taker"}},
    }
    assert run(page(ld(data))).byline is None
    data["author"] = {"@type": "Person", "name": "Ana Ruiz"}
    assert run(page(ld(data))).byline == "Ana Ruiz"


def test_the_main_article_nodes_organisation_author_that_is_the_site_is_no_byline() -> None:
    data = {
        "@type": "NewsArticle",
        "author": {"@type": "NewsMediaOrganization", "name": "The Gazette"},
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Gazette"},
    }
    assert run(page(ld(data))).byline is None
    header = f"<h1>{TITLE}</h1><p class='byline'>By Ana Ruiz</p>"
    assert run(page(ld(data), header=header)).byline == "Ana Ruiz"
    data["author"] = {"@type": "Person", "name": "The Gazette"}  # a person's name stays
    assert run(page(ld(data))).byline == "The Gazette"


@pytest.mark.parametrize(
    ("line", "want"),
    [("NEW YORK --", None), ("By Scott Gar, Associate NFL Editor --", "Scott Gar")],
)
def test_a_dateline_is_a_byline_only_when_it_says_by(line: str, want: str | None) -> None:
    body = f"<p><b class='Dateline'>{line}</b></p>{STORY}"
    assert run(page(body=body)).byline == want


def test_a_user_name_in_the_markup_gives_way_to_the_name_the_page_shows() -> None:
    # A wiki-style page: JSON-LD names the account, the header shows the writer's name.
    header = (
        f"<h1>{TITLE}</h1><div class='author-info'><a href='/u/harbour77' "
        "class='author-name'>Mirela Kovač</a></div>"
    )
    html = page(ld({"@type": "NewsArticle", "headline": TITLE, "author": "harbour77"}), header)
    assert run(html).byline == "Mirela Kovač"


def test_a_user_name_stays_when_the_page_shows_no_other_name() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": TITLE, "author": "harbour77"}))
    assert run(html).byline == "harbour77"


def test_an_author_that_is_the_sites_own_host_name_is_no_byline() -> None:
    # A hosted blog: the author given is the blog's own name in its address.
    head = "<link rel='canonical' href='https://harbourworks.blogs.example.net/post/1'>" + ld(
        {"@type": "BlogPosting", "headline": TITLE, "author": "harbourworks"}
    )
    assert run(page(head)).byline is None
    # A person's name that merely spells the host stays ("Ana Ruiz" on anaruiz.example).
    head = "<link rel='canonical' href='https://anaruiz.example/post/1'>" + ld(
        {"@type": "BlogPosting", "headline": TITLE, "author": "Ana Ruiz"}
    )
    assert run(page(head)).byline == "Ana Ruiz"
