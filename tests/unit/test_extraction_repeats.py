"""The header said again in the body (a drop-capped standfirst, a byline line) is removed."""

from __future__ import annotations

from reader.extraction import Extracted, extract

URL = "https://news.example.org/transport/2024/05/12/trains.html"
TITLE = "Night trains return to the northern line this summer"
STANDFIRST = "While the timetable is not final, the first sleeper will run in July."


def para(n: int) -> str:
    return (
        f"Paragraph {n}: the operator has refurbished twelve carriages and hired new crews, "
        f"and says tickets will go on sale in the spring for the first departures, {n}."
    )


def page(top: str, head: str = "") -> str:
    rest = "".join(f"<p>{para(n)}</p>" for n in range(1, 6))
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title>{head}</head><body><article>"
        f"<h1>{TITLE}</h1><div class='article-body'>{top}{rest}</div></article></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_a_drop_cap_is_part_of_its_word() -> None:
    top = f"<p><span class='dropcap'>W</span>{STANDFIRST[1:]}</p>"
    result = run(page(top, f"<meta name='description' content='{STANDFIRST}'>"))
    assert result.text.startswith(STANDFIRST)
    assert STANDFIRST[:40] in result.html  # the header can tell the standfirst is there


def test_a_standfirst_said_again_with_a_drop_cap_appears_once() -> None:
    top = f"<p class='standfirst'>{STANDFIRST}</p><p><span>W</span>{STANDFIRST[1:]}</p>"
    result = run(page(top))
    assert result.text.count("timetable is not final") == 1


def test_a_byline_line_under_the_header_byline_goes() -> None:
    head = "<meta name='author' content='Ana Ruiz'>"
    top = "<p>By ANA RUIZ, Transport Correspondent · 12 May 2024</p>"
    result = run(page(top, head))
    assert result.byline == "Ana Ruiz"
    assert "Transport Correspondent" not in result.text
    assert result.text.startswith(para(1))


def test_a_sentence_that_starts_with_the_name_stays() -> None:
    head = "<meta name='author' content='Ana Ruiz'>"
    top = "<p>Ana Ruiz rode the last night train in 2009 and says the route was always full.</p>"
    assert "rode the last night train" in run(page(top, head)).text
