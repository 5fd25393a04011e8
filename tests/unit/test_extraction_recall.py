"""Extraction rules of the recall pass (story text Reader used to lose) and of clutter kept
on Chinese pages (headlines said again, page-turn links, copyright footers), judged by
structure and position at the story's edges.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

from reader.extraction import Extracted, extract

URL = "https://news.example.org/2024/05/12/harbour-bridge.html"
TITLE = "Harbour bridge to close for three weeks of repairs this summer"


def para(n: int) -> str:
    return (
        f"Paragraph {n}: engineers found that the bearings under the eastern span had worn "
        f"faster than expected, and the city council agreed to bring the works forward, {n}."
    )


def story(first: int = 1, last: int = 6) -> str:
    return "".join(f"<p>{para(n)}</p>" for n in range(first, last + 1))


def news_page(body: str, title: str = TITLE) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<div id='main'><article><h1>{title}</h1><div class='story-body'>{body}</div>"
        f"</article></div></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_a_photo_credit_line_right_under_its_photo_stays() -> None:
    # The photo sits in a paragraph of its own, its credit in the next one: the credit
    # belongs to a photo of the story, so it is not a stray label.
    body = (
        story(1, 3) + "<p><a href='https://img.example.org/span.jpg'><img "
        "src='https://img.example.org/span-thumb.jpg' alt='span'></a></p>"
        "<p>Photo Credit: Harbour Works Agency</p>" + story(4, 6)
    )
    result = run(news_page(body))
    assert "Photo Credit: Harbour Works Agency" in result.text
    assert result.image_urls == ("https://img.example.org/span-thumb.jpg",)


def test_a_photo_credit_line_without_its_photo_still_goes() -> None:
    body = story(1, 3) + "<p>Photo credit: Harbour Works Agency</p>" + story(4, 6)
    assert "Harbour Works Agency" not in run(news_page(body)).text
