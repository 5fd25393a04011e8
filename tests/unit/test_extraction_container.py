"""Extraction rules of the container pass: where Reader's choice of the story's container
was wider than readability-lxml's own (the page's layout around the story), judged by
structure.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

import lxml.html

from reader.extraction import Extracted, extract
from reader.extraction.columns import remove_side_columns
from reader.extraction.core import parse
from reader.extraction.text import element_text

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


HEADLINES = (
    "Ferry timetable changes from next Monday morning",
    "Council approves the new cycle lanes plan at last",
    "Night buses return to the old town routes in June",
    "Fish market moves to the north quay for the summer",
)


def links_column() -> str:
    # Linked headlines in groups under headings, each a one-item list in its own row.
    groups = []
    for heading, headlines in (("More city news", HEADLINES[:2]), ("Highlights", HEADLINES[2:])):
        links = "".join(
            f"<tr><td><ul><li><a href='/n/{len(h)}'>{h}</a></li></ul></td></tr>" for h in headlines
        )
        groups.append(f"<table><tr><td><b>{heading}</b></td></tr>{links}</table>")
    return "".join(groups)


def container_row(table_attrs: str, cells: str) -> lxml.html.HtmlElement:
    """The row readability chose as the story's container on a table layout."""
    doc = parse(
        f"<!DOCTYPE html><html><body><table {table_attrs}><tr>{cells}</tr></table></body></html>"
    )
    row: lxml.html.HtmlElement = doc.xpath("//body/table/tbody/tr")[0]
    return row


def test_a_column_of_links_beside_the_story_in_a_layout_row_goes() -> None:
    # The row holding the story's cell also holds a column of linked headlines beside it.
    story = "".join(f"<p>{para(n)}</p>" for n in range(1, 7))
    row = container_row("class='maintable'", f"<td>{story}</td><td>{links_column()}</td>")
    remove_side_columns(row)
    text = element_text(row)
    assert all(para(n) in text for n in range(1, 7))
    assert "More city news" not in text and not any(h in text for h in HEADLINES)


def test_a_data_table_keeps_its_column_of_links() -> None:
    # In a table of data (it has a summary) a column of links is data, and stays.
    story = "".join(f"<p>{para(n)}</p>" for n in range(1, 7))
    row = container_row(
        "summary='Works and the stories about them'",
        f"<td>{story}</td><td>{links_column()}</td>",
    )
    remove_side_columns(row)
    assert all(h in element_text(row) for h in HEADLINES)
