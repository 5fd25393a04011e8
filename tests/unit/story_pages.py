"""A news page of our own making for the extraction rules' tests: a headline over a story
of numbered paragraphs, with whatever a test puts around it."""

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


def run(html: str, url: str = URL) -> Extracted:
    return extract(html, url)
