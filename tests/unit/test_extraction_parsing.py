"""Pages parsed as browsers parse them, on small malformed pages of our own making."""

from __future__ import annotations

from reader.extraction import Extracted, extract
from reader.extraction.parsing import parse_html5

URL = "https://news.example.org/city/2024/05/12/tram.html"
TITLE = "The new tram line opens to passengers on Sunday"


def para(n: int) -> str:
    return (
        f"Paragraph {n}: the tram line runs from the station to the hospital, and the "
        f"council expects nine thousand riders a day once the timetable settles, part {n}."
    )


def page(middle: str, head: str = "") -> str:
    before = "".join(f"<p>{para(n)}</p>" for n in range(1, 4))
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title>{head}</head><body>"
        f"<article><h1>{TITLE}</h1><div class='story-body'>{before}{middle}"
        "</div></article></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_text_after_an_unclosed_embed_is_kept() -> None:
    after = "".join(f"<p>{para(n)}</p>" for n in range(4, 7))
    result = run(page(f"<embed src='https://video.example.org/player.swf'>{after}"))
    for n in range(1, 7):
        assert para(n) in result.text


def test_text_after_a_form_of_bare_inputs_and_buttons_is_kept() -> None:
    form = (
        "<form action='/signup'><input type=email name=email><input type=submit value=Go>"
        "<button>Sign up</button>"
    )  # never closed, as on the page it stands for
    after = "".join(f"<p>{para(n)}</p>" for n in range(4, 7))
    result = run(page(form + after))
    for n in range(1, 7):
        assert para(n) in result.text
    assert "Sign up" not in result.text


def test_the_tree_follows_the_html5_rules() -> None:
    doc = parse_html5("<p>one<embed src=x><p>two<table><tr><td>cell</table>after")
    body = doc.find("body")
    assert body is not None
    assert [el.tag for el in body] == ["p", "p"]
    assert body[0].find("embed") is not None and len(body[0].find("embed")) == 0
    assert body[1].text_content() == "twocellafter"


def test_names_lxml_refuses_are_kept_or_dropped_quietly() -> None:
    doc = parse_html5('<p xml:lang=fr laws"=1 data-x=y>a<g:plusone size=s>b</g:plusone></p>')
    p = doc.find(".//p")
    assert p is not None
    assert p.get("data-x") == "y"
    assert p.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert p.text_content() == "ab"


def test_elements_html_does_not_know_keep_their_text() -> None:
    html = (
        f"<text id='crawl'><html><head><title>{TITLE}</title></head><body>"
        + "".join(f"<p>{para(n)}</p>" for n in range(1, 5))
        + "</body></html></text>"
    )
    result = run(html)
    for n in range(1, 5):
        assert para(n) in result.text


def test_a_title_left_open_does_not_swallow_the_page() -> None:
    html = page("").replace("</title>", '</titlevalue="true" -->')
    result = run(html)
    assert result.title.startswith("The new tram line")
    for n in range(1, 4):
        assert para(n) in result.text
