"""Extraction rules of the precision pass: clutter kept inside the story container on real
news pages (dated teaser lists, runs of linked headlines at the end, copyright and share
lines at the edges, readers' comments signed line by line), judged by structure.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

from story_pages import TITLE, news_page, para, run, story

HEADLINES = (
    "Ferry timetable changes from next Monday morning",
    "Council approves the new cycle lanes plan at last",
    "Night buses return to the old town routes in June",
    "Fish market moves to the north quay for the summer",
    "Lighthouse open to visitors again after ten years",
    "School holidays bring road works to the ring road",
    "Tram line study finds support in the eastern wards",
    "Harbour festival returns with a bigger boat parade",
    "New library opens its doors in the old customs hall",
    "Port authority elects its first woman as president",
    "Rail strike called off after a late night agreement",
    "Bridge toll to stay the same for another two years",
)


def test_a_dated_list_of_linked_headlines_at_the_end_goes() -> None:
    # Each line is a date and a linked headline: more than 200 characters are not
    # linked in all, but only a date's worth per link.
    items = "".join(
        f"<li>January {n + 10}, 2024 - <a href='/n/{n}'>{h}</a></li>"
        for n, h in enumerate(HEADLINES)
    )
    result = run(news_page(story() + f"<ul>{items}</ul>"))
    assert para(6) in result.text
    assert HEADLINES[0] not in result.text
    assert HEADLINES[-1] not in result.text


def test_a_run_of_linked_headlines_with_their_sources_at_the_end_goes() -> None:
    # One paragraph a teaser: a linked headline, then its source and time unlinked.
    teasers = "".join(
        f"<p><a href='/n/{n}'>{h}</a> Gazette wire | Wed, May {n + 1} 2024, 07:{n + 10} GMT</p>"
        for n, h in enumerate(HEADLINES[:5])
    )
    result = run(news_page(story() + "<h3>Latest news</h3>" + teasers))
    assert para(6) in result.text
    assert "Latest news" not in result.text
    assert not any(h in result.text for h in HEADLINES[:5])


def test_a_roundup_of_linked_titles_each_with_a_sentence_stays() -> None:
    entries = "".join(
        f"<p><a href='/n/{n}'>{h}</a> Our reporter asks what it means for the harbour.</p>"
        for n, h in enumerate(HEADLINES[:5])
    )
    result = run(news_page(story() + entries))
    assert all(h in result.text for h in HEADLINES[:5])


def test_copyright_and_share_lines_at_the_end_go() -> None:
    body = story() + (
        "<p>Share this story</p><p>Print this article</p>"
        "<p>© 2024 The Harbour Gazette. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed.</p>"
    )
    result = run(news_page(body))
    assert para(6) in result.text
    assert "Share this story" not in result.text
    assert "Print this article" not in result.text
    assert "rights reserved" not in result.text


def test_a_sentence_that_only_mentions_copyright_stays() -> None:
    line = "The works are not covered by the copyright of the original engineers, she said."
    result = run(news_page(story() + f"<p>{line}</p>"))
    assert line in result.text


def test_date_byline_and_share_lines_above_the_first_paragraph_go() -> None:
    head = (
        "<p>Posted: Thu, 9 May 2024 07:15 GMT</p><p>By MARA OSTEN, Transport reporter</p>"
        "<p>Share</p>"
    )
    result = run(news_page(head + story()))
    assert para(1) in result.text
    assert "07:15" not in result.text
    assert "MARA OSTEN" not in result.text
    assert "Share" not in result.text


def test_a_headline_or_a_sentence_with_a_date_above_the_story_stays() -> None:
    head = "<h2>Works start on May 20, 2024</h2><p>He said on May 3 that it would close.</p>"
    result = run(news_page(head + story()))
    assert "Works start on May 20, 2024" in result.text
    assert "He said on May 3 that it would close." in result.text


def test_short_lines_and_a_date_under_a_share_line_go_with_it() -> None:
    body = story() + "<p>Comments (0) Send to a friend</p><p>January 14, 2024, 6:40 PM</p>"
    result = run(news_page(body + "<p>Leave a Reply</p>"))
    assert para(6) in result.text
    assert "Send to a friend" not in result.text
    assert "6:40 PM" not in result.text
    assert "Leave a Reply" not in result.text


def test_the_story_s_last_sentence_and_date_stay_whatever_their_words() -> None:
    body = story() + "<p>He declined to comment.</p><p>First published May 12, 2024</p>"
    result = run(news_page(body))
    assert "He declined to comment." in result.text
    assert "First published May 12, 2024" in result.text


def card(n: int, headline: str) -> str:
    return (
        f"<div class='card'><article><div><p>{n + 1}h</p>"
        f"<div><img src='https://news.example.org/t/{n}.jpg' alt=''></div>"
        f"<div>{headline}. The works go on.</div></div><a href='/n/{n}'>View</a></article></div>"
    )


def test_same_shaped_teaser_cards_at_the_end_go_with_their_heading() -> None:
    cards = "".join(card(n, h) for n, h in enumerate(HEADLINES[:4]))
    result = run(news_page(story() + f"<aside>{cards}</aside><p><b>Around the web</b></p>"))
    assert para(6) in result.text
    assert not any(h in result.text for h in HEADLINES[:4])
    assert "Around the web" not in result.text


def test_a_gallery_of_photos_at_the_end_is_not_taken_for_cards() -> None:
    figures = "".join(
        f"<figure><a href='/p/{n}'><img src='https://news.example.org/p/{n}.jpg' alt=''></a>"
        f"<figcaption><p>Photo {n}: the eastern span at dawn.</p><p><a href='/c'>Credit</a>"
        f"</p></figcaption></figure>"
        for n in range(4)
    )
    result = run(news_page(story() + figures))
    assert all(f"Photo {n}: the eastern span" in result.text for n in range(4))


READERS = ("Ida Marsh", "Tom Keel", "Rosa Vane", "Olaf Birch")


def test_a_thread_of_dated_comments_with_the_same_action_link_goes() -> None:
    comments = "".join(
        f"<p>I cross that bridge every morning and the delays are already bad, {name}. "
        f"Posted by {name} on May {10 + n}, 2024 5:{10 + n} PM "
        f"<a href='/report/{n}'>Report this comment</a></p>"
        for n, name in enumerate(READERS)
    )
    form = "<p>Your name: *</p><p>Your email address: *</p>"
    result = run(news_page(story() + "<p>Have your say</p>" + comments + form))
    assert para(6) in result.text
    assert not any(name in result.text for name in READERS)
    assert "Have your say" not in result.text


def test_entries_each_with_the_same_link_but_no_dates_stay() -> None:
    entries = "".join(
        f"<p>{h}: our reporter asks what it means for the harbour and the ferries "
        f"that use it. <a href='/n/{n}'>See the map</a></p>"
        for n, h in enumerate(HEADLINES[:4])
    )
    result = run(news_page(story() + entries))
    assert all(h in result.text for h in HEADLINES[:4])


def test_a_run_of_comment_signatures_at_the_end_goes() -> None:
    signatures = "".join(
        f"<p>Posted by: {name} | May 14, 2024 07:{10 + n} PM</p>" for n, name in enumerate(READERS)
    )
    result = run(news_page(story() + signatures + "<h3>Post a Comment</h3>"))
    assert para(6) in result.text
    assert not any(name in result.text for name in READERS)


def test_a_page_whose_best_scored_block_is_a_label_is_read_from_its_main_region() -> None:
    # A classed label outscores a story told in a table cell with line breaks only.
    text = "<br><br>".join(para(n) for n in range(1, 9))
    html = (
        f"<html><head><title>{TITLE}</title></head><body><table><tr>"
        "<td><div class='article-content'><p>Breaking news from the harbour</p></div></td>"
        f"<td>{text}</td></tr></table></body></html>"
    )
    result = run(html)
    assert para(1) in result.text
    assert para(8) in result.text


def test_a_toolbar_above_the_story_goes_but_a_line_using_one_tool_word_stays() -> None:
    head = "<p>Share prices fall as the bridge closes</p><p>E-mail this story | Print version</p>"
    result = run(news_page(head + story()))
    assert "Share prices fall as the bridge closes" in result.text
    assert "Print version" not in result.text


def test_dated_teasers_each_with_a_line_of_summary_at_the_end_go() -> None:
    teasers = "".join(
        f"<p><a href='/n/{n}'>{h}</a> - {n + 3} May, 2024 Our reporter was there.</p>"
        for n, h in enumerate(HEADLINES[:4])
    )
    result = run(news_page(story() + teasers))
    assert para(6) in result.text
    assert not any(h in result.text for h in HEADLINES[:4])
