"""Clutter judged by structure: comments, link lists at the story's edges, linked furniture.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

import lxml.html

from reader.extraction import Extracted, extract
from reader.extraction.clutter import remove_link_blocks, remove_linked_edges

URL = "https://blog.example.net/2024/06/01/open-thread.html"
TITLE = "The river festival returns with boats, music and a night market"


def para(n: int) -> str:
    return (
        f"Paragraph {n}: the festival committee says this year's programme is the largest "
        f"yet, with rowing races in the morning and lanterns on the water at night, {n}."
    )


def page(body: str, after: str = "", title: str = TITLE) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<div id='main'><article><h1>{title}</h1><div class='entry-content'>{body}</div>"
        f"</article>{after}</div></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def story(first: int = 1, last: int = 6) -> str:
    return "".join(f"<p>{para(n)}</p>" for n in range(first, last + 1))


def comment(n: int) -> str:
    return (
        f"<li class='comment' id='comment-{n}'><div class='comment-author'>Reader {n}</div>"
        f"<time datetime='2024-06-0{n % 9 + 1}'>June {n % 9 + 1}</time><p>I went last year "
        f"and the lanterns were lovely, but the queues for the ferry were long and the food "
        f"stalls ran out early. Hoping they fix that this time round, says reader {n}.</p></li>"
    )


def test_comments_are_never_the_story_even_when_longer() -> None:
    thread = (
        "<section id='comments'><h2>42 comments</h2><ol class='comment-list'>"
        + "".join(comment(n) for n in range(1, 25))
        + "</ol></section>"
    )
    result = run(page(story(1, 2), after=thread))
    assert para(1) in result.text and para(2) in result.text
    assert "Hoping they fix that" not in result.text


def test_schema_org_comments_are_dropped() -> None:
    thread = "".join(
        f"<div itemscope itemtype='https://schema.org/Comment'><p>{para(n)} (a reply)</p></div>"
        for n in range(10, 20)
    )
    result = run(page(story() + thread))
    assert "(a reply)" not in result.text
    assert para(6) in result.text


def links(prefix: str, n: int = 5) -> str:
    return "".join(
        f"<li><a href='/2024/05/{prefix}-{i}.html'>{prefix.title()} story number {i} of the week"
        "</a></li>"
        for i in range(1, n + 1)
    )


def test_a_list_of_linked_headlines_after_the_story_goes() -> None:
    related = f"<h3>You may find these interesting</h3><ul>{links('other')}</ul>"
    result = run(page(story() + related))
    assert "Other story number" not in result.text
    assert "You may find these interesting" not in result.text
    assert para(6) in result.text


def test_a_list_of_linked_headlines_before_the_story_goes() -> None:
    result = run(page(f"<ul class='list'>{links('top')}</ul>" + story()))
    assert "Top story number" not in result.text
    assert para(1) in result.text


def test_a_list_of_links_inside_the_story_stays() -> None:
    # A list between paragraphs of prose is part of the story (a reading list, sources).
    result = run(page(story(1, 3) + f"<ul>{links('source')}</ul>" + story(4, 6)))
    assert "Source story number 3 of the week" in result.text


def test_short_linked_lines_at_the_edges_go() -> None:
    top = "<p><a href='/save'>Save</a> | <a href='/write'>Write to Editor</a></p>"
    bottom = "<p><a href='/news'>More &gt;&gt;</a></p>"
    result = run(page(top + story() + bottom))
    assert "Write to Editor" not in result.text
    assert "More >>" not in result.text
    assert result.text.startswith(para(1))


def test_a_data_table_of_links_stays() -> None:
    table = (
        "<table><thead><tr><th>Race</th><th>Winner</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td><a href='/r/{i}'>Race {i}</a></td><td><a href='/c/{i}'>Club {i}</a></td></tr>"
            for i in range(1, 6)
        )
        + "</tbody></table>"
    )
    result = run(page(story() + table))
    assert "Club 4" in result.text


def test_a_story_that_is_all_links_is_not_emptied() -> None:
    article = lxml.html.fragment_fromstring(f"<div><ul>{links('only')}</ul></div>")
    remove_link_blocks(article)
    remove_linked_edges(article)
    assert "Only story number 5" in article.text_content()
