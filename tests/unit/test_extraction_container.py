"""Extraction rules of the container pass: where Reader's choice of the story's container
was wider than readability-lxml's own (the page's layout around the story), judged by
structure.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

from reader.extraction import Extracted, extract

URL = "https://news.example.org/2024/05/12/harbour-bridge.html"
TITLE = "Harbour bridge to close for three weeks of repairs this summer"
ABOUT = (
    "The Harbour Gazette is published every morning by the Harbour Press Company in the old town."
)


def para(n: int) -> str:
    return (
        f"Paragraph {n}: engineers found that the bearings under the eastern span had worn "
        f"faster than expected, and the city council agreed to bring the works forward, {n}."
    )


def page(body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>"
        f"<div id='wrap'>{body}<div class='about'><p>{ABOUT}</p></div></div></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_wrappers_of_the_story_alone_do_not_widen_it_to_the_layout() -> None:
    # The story's own wrappers (each with a line of its own) score nearly as well as its
    # paragraphs' container because they hold the same text: they are not other parts of
    # the story, and the block beside them (the publisher's note) is not taken with them.
    two = "".join(f"<p>{para(n)}</p>" for n in (1, 2))
    result = run(
        page(
            "<div class='main-content'><p>Transport, city news and the harbour.</p>"
            "<div class='entry-content'><p>Published on the twelfth of May, 2024.</p>"
            "<div class='post'><p>By the city desk, with agencies.</p>"
            f"<div class='post-body'>{two}</div></div></div></div>"
        )
    )
    assert para(1) in result.text and para(2) in result.text
    assert "Harbour Press Company" not in result.text


def test_blocks_inside_the_story_do_not_widen_it_to_the_layout() -> None:
    # Three sections inside the story's container score nearly as well as it does; they
    # are in it already, so its parent (with the publisher's note) is not the story.
    parts = "".join(
        f"<div class='text'><p>{para(2 * n)}</p><p>{para(2 * n + 1)}</p></div>" for n in range(1, 4)
    )
    result = run(page(f"<div class='story'><p>The works begin on Monday.</p>{parts}</div>"))
    assert all(para(n) in result.text for n in range(2, 8))
    assert "Harbour Press Company" not in result.text
