"""Extraction rules of the third pass: text repeated elsewhere on the page, links with
"unlikely" classes inside sentences, a story split into same-class sections, repeated
paragraphs in different sections, and titles with their non-ASCII spaces.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

import lxml.html
from story_pages import TITLE, para, run, story

from reader.extraction.elsewhere import page_text, remove_repeated_elsewhere

NAV = (
    "<nav><ul><li><a href='/news'>News</a></li><li><a href='/city'>City</a></li>"
    "<li><a href='/transport'>Transport and roads</a></li></ul></nav>"
)
SIDEBAR = (
    "<aside class='rail'><h3>Most read</h3><ul>"
    "<li><a href='/a'>Ferry timetable changes from next Monday</a></li>"
    "<li><a href='/b'>Council approves the new cycle lanes plan</a></li>"
    "<li><a href='/c'>Night buses return to the old town routes</a></li></ul></aside>"
)
FOOTER = "<footer><p>Copyright 2024 The Harbour Gazette, all rights reserved.</p></footer>"


def news_page(body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{NAV}"
        f"<div id='main'><article><h1>{TITLE}</h1><div class='story-body'>{body}</div>"
        f"</article>{SIDEBAR}</div>{FOOTER}</body></html>"
    )


PUBLISHER = "The Harbour Gazette is published by Harbour Media Group in Port Ellis."
SECTION = "Transport and roads news from the harbour, the old town and the new bridge districts"


def test_lines_at_the_end_that_the_footer_also_shows_go() -> None:
    html = news_page(story() + f"<p>{PUBLISHER}</p>").replace(
        FOOTER, f"<footer><p>{PUBLISHER}</p></footer>"
    )
    result = run(html)
    assert para(1) in result.text and para(6) in result.text
    assert PUBLISHER not in result.text


def test_a_linked_section_line_at_the_start_repeated_in_the_menu_goes() -> None:
    html = news_page(f"<p><a href='/transport'>{SECTION}</a></p>" + story()).replace(
        NAV, f"<nav><a href='/transport'>{SECTION}</a></nav>"
    )
    result = run(html)
    assert SECTION not in result.text
    assert para(1) in result.text


def test_story_lines_said_once_on_the_page_stay() -> None:
    body = story() + "<p>Works begin on 3 June and end on 24 June.</p>"
    result = run(news_page(body))
    assert "Works begin on 3 June and end on 24 June." in result.text


def test_a_line_inside_the_story_stays_even_when_repeated_elsewhere() -> None:
    # Only the story's edges are peeled: between paragraphs a repeated line is the story's.
    body = story(1, 3) + "<p>Ferry timetable changes from next Monday</p>" + story(4, 6)
    result = run(news_page(body))
    assert "Ferry timetable changes from next Monday" in result.text


def test_a_plain_standfirst_at_the_start_stays_even_when_teased_elsewhere() -> None:
    standfirst = "The city will close the bridge for three weeks while bearings are replaced."
    teaser = f"<aside class='rail'><p>{standfirst}</p></aside>"
    html = news_page(f"<p>{standfirst}</p>" + story()).replace(FOOTER, teaser + FOOTER)
    result = run(html)
    assert standfirst in result.text


def test_a_page_holding_its_story_twice_is_left_alone() -> None:
    root = lxml.html.fromstring(
        "<html><body><div id='story'>" + story(1, 3) + "</div>"
        "<div id='print-copy'>" + story(1, 3) + "</div></body></html>"
    )
    page = page_text(root)
    article = lxml.html.fromstring("<div>" + story(1, 3) + "</div>")
    remove_repeated_elsewhere(article, page)
    assert len(article.findall("p")) == 3


def test_scripts_do_not_count_as_text_elsewhere() -> None:
    line = "Ferry timetable changes from next Monday"
    root = lxml.html.fromstring(
        f"<html><body><div>{story(1, 3)}<p>{line}</p></div>"
        f"<script>var teaser = '{line} and more words here';</script></body></html>"
    )
    page = page_text(root)
    article = lxml.html.fromstring(f"<div>{story(1, 3)}<p>{line}</p></div>")
    remove_repeated_elsewhere(article, page)
    assert line in article.text_content()


def test_words_in_links_with_unlikely_classes_stay_in_their_sentence() -> None:
    # Annotated texts wrap words in links classed "popup" (notes that open on click).
    words = (
        "I am a <a href='javascript:void(0)' class='popup'>rather elderly</a> man, and the "
        "nature of my <a href='javascript:void(0)' class='popup'>avocations</a> for the last "
        "thirty years has brought me into contact with an interesting set of men."
    )
    body = f"<p>{words}</p>" + story()
    result = run(news_page(body))
    assert "I am a rather elderly man, and the nature of my avocations" in result.text


def test_a_block_with_an_unlikely_class_still_goes() -> None:
    body = (
        story() + "<div class='sidebar-extra'><p>" + ("Subscribe to our paper. " * 3) + "</p></div>"
    )
    result = run(news_page(body))
    assert "Subscribe to our paper" not in result.text


def sections_page(parts: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{NAV}"
        f"<div class='layout'><div class='sections'>{parts}</div></div>{FOOTER}</body></html>"
    )


def test_a_short_part_of_the_same_class_as_the_story_joins_it() -> None:
    coda = "The bridge reopens on 24 June."
    parts = (
        f"<div class='part'>{story(1, 5)}</div><div class='ad-slot'></div>"
        f"<div class='part'><p>{coda}</p></div>"
    )
    result = run(sections_page(parts))
    assert para(1) in result.text and coda in result.text


def test_a_part_wrapped_in_lone_divs_joins_the_story() -> None:
    parts = (
        f"<div class='part'>{story(1, 6)}</div>"
        f"<section class='more'><div><div class='inner'>{story(7, 8)}</div></div></section>"
    )
    result = run(sections_page(parts))
    assert para(1) in result.text and para(8) in result.text


def test_a_title_keeps_its_no_break_and_ideographic_spaces() -> None:
    french = "Écrans\u00a0: «\u00a0Six\u00a0jours\u00a0», la série de la semaine"
    japanese = "欲張りなイヌ\u3000＜福娘童話集\u3000きょうの童話＞"
    for title, head in (
        (french, f"<meta property='og:title' content='{french}'>"),
        (japanese, f"<title>\n  {japanese}\n</title>"),
    ):
        html = (
            f"<!DOCTYPE html><html><head>{head}</head><body><article>{story()}</article>"
            "</body></html>"
        )
        assert run(html).title == title


def test_a_title_has_runs_of_html_spaces_made_one() -> None:
    head = "<title>\n   Harbour bridge   to close\tfor repairs this summer\n</title>"
    html = (
        f"<!DOCTYPE html><html><head>{head}</head><body><article>{story()}</article></body></html>"
    )
    assert run(html).title == "Harbour bridge to close for repairs this summer"


def test_a_standfirst_said_twice_in_a_row_goes_once() -> None:
    standfirst = "The bridge closes for three weeks while its bearings are replaced."
    body = f"<p>{standfirst}</p><figure><img src='/b.jpg' alt=''></figure><p>{standfirst}</p>"
    result = run(news_page(body + story()))
    assert result.text.count(standfirst) == 1


def test_the_same_paragraph_in_two_sections_stays_twice() -> None:
    # A template page: each section repeats its sample paragraph under its own heading.
    sample = "Sample text: the quick brown fox jumps over the lazy dog beside the harbour."
    body = f"<p>{sample}</p><h2>With a photo</h2><p>{sample}</p>" + story()
    result = run(news_page(body))
    assert result.text.count(sample) == 2


def test_blocks_classed_related_or_with_a_navigation_role_are_not_the_story() -> None:
    related = (
        "<div class='jp-relatedposts'><p>Stack of survey results published last spring, "
        "summarising answers from thousands of readers across the region and beyond.</p>"
        "<p>March 17, 2016</p></div>"
    )
    menu = "<div role='navigation'><p>Sections of the paper, from the city desk to sport.</p></div>"
    result = run(news_page(story() + related + menu))
    assert para(6) in result.text
    assert "survey results" not in result.text
    assert "Sections of the paper" not in result.text


def test_a_layout_table_classed_like_a_sidebar_keeps_its_story() -> None:
    rows = "".join(f"<p>{para(n)}</p>" for n in range(1, 7))
    html = (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body><table><tr>"
        f"<td class='social-col'>{rows}</td></tr></table></body></html>"
    )
    result = run(html)
    assert para(1) in result.text and para(6) in result.text


def test_a_linked_section_heading_inside_the_story_stays() -> None:
    body = (
        story(1, 4)
        + "<h3><a href='https://wiki.example.org/Bearings'>Bearing replacement</a></h3>"
        + story(5, 8)
    )
    result = run(news_page(body))
    assert "Bearing replacement" in result.text


def test_a_linked_headline_in_a_teaser_card_at_the_end_goes() -> None:
    card = (
        "<div class='card'><h3><a href='/other-story'>Ferry fares to rise in autumn</a></h3>"
        "<img src='/thumb.jpg' alt=''><p>Operators blame fuel costs.</p></div>"
    )
    result = run(news_page(story() + card))
    assert "Ferry fares to rise in autumn" not in result.text


def test_a_short_story_among_long_teasers_is_not_traded_for_the_whole_page() -> None:
    # Readability keeps a short story, far shorter than the page's prose; it holds the
    # page's longest paragraph, so the page is not read again as a whole (menus and all).
    lead = (
        "Two embassies in the capital were cleared this afternoon after staff found a "
        "package that police later said was harmless; streets nearby were closed for two "
        "hours while officers searched the buildings and the surrounding gardens, and "
        "traffic was diverted around the old town until the early evening rush had passed."
    )
    teasers = "".join(
        f"<div class='teaser'><p>Teaser {n}: a council meeting, a new bus route and a "
        f"farmer's barn feature in this week's local round-up of stories, {n}.</p></div>"
        for n in range(12)
    )
    menu = (
        "<ul class='nav-links'>"
        + "".join(f"<li><a href='/s{n}'>Section number {n}</a></li>" for n in range(20))
        + "</ul>"
    )
    html = (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{menu}"
        f"<div class='story'><p>{lead}</p></div><div class='sidebar'>{teasers}</div>"
        "</body></html>"
    )
    result = run(html)
    assert lead in result.text
    assert "Teaser 3:" not in result.text


def test_the_last_paragraph_after_an_unclosed_font_is_kept() -> None:
    # Old table layouts: paragraphs opened inside <font> and never closed.  A browser's
    # parse moves the last one out of the font, wrapping its words in a new <font>.
    body = "".join(f"{para(n)}<p>" for n in range(1, 6)) + para(6)
    html = (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body><table><tr><td>"
        f"<font face='Arial'>{body}</font></td></tr></table></body></html>"
    )
    result = run(html)
    assert para(1) in result.text and para(6) in result.text


def test_the_lead_paragraphs_beside_the_best_block_are_kept() -> None:
    # The story's first paragraphs sit in its body; the rest hides in a "read more" box.
    lead = "".join(f"<p>{para(n)}</p>" for n in (1, 2))
    rest = "".join(f"<p>{para(n)}</p>" for n in range(3, 10))
    body = (
        f"<div class='story-body'>{lead}<div id='more'><div class='more-link'>"
        f"<a href='#more-content'>Read more</a></div><div id='more-content'>{rest}</div>"
        "</div></div>"
    )
    html = (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{NAV}"
        f"<div id='page'>{body}</div>{FOOTER}</body></html>"
    )
    result = run(html)
    assert para(1) in result.text and para(9) in result.text


def test_the_pages_text_leaves_out_what_scripts_and_styles_hold_and_nothing_else() -> None:
    doc = lxml.html.document_fromstring(
        "<html><head><title>T</title></head><body><p>Ferry  times</p>"
        "<script>var hidden = 'code';</script>after the script "
        "<style>p { color: red }</style><noscript><img src='x.jpg'>fallback</noscript>"
        "<select><option>Choose a port</option></select>"
        "<noscript><p>Turn on scripts</p></noscript><p>End</p></body></html>"
    )
    assert page_text(doc) == "ferry timesafter the script turn on scriptsend"
    # The tree is as it was: the page's text is read, never changed.
    assert doc.find(".//script").text == "var hidden = 'code';"
    assert doc.find(".//noscript/img").tail == "fallback"
    assert doc.find(".//option").text == "Choose a port"
