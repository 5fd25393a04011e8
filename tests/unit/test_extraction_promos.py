"""Promotions and remnants inside the story, judged by shape; pages of our own making."""

from __future__ import annotations

from reader.extraction import Extracted, extract

URL = "https://news.example.org/science/2024/09/09/bees.html"
TITLE = "City bees make more honey than their country cousins"


def para(n: int) -> str:
    return (
        f"Paragraph {n}: researchers weighed the hives on rooftops and farms every week for "
        f"two summers and found the urban colonies stored more honey by August, note {n}."
    )


def page(middle: str = "", end: str = "", start: str = "") -> str:
    first = "".join(f"<p>{para(n)}</p>" for n in range(1, 4))
    rest = "".join(f"<p>{para(n)}</p>" for n in range(4, 7))
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body><article>"
        f"<h1>{TITLE}</h1><div class='article-body'>{start}{first}{middle}{rest}{end}</div>"
        "</article></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_a_shouted_linked_app_promo_goes_even_mid_story() -> None:
    promo = "<p><a href='/app'><strong>CLICK HERE TO GET THE DAILY EXAMPLE APP</strong></a></p>"
    result = run(page(middle=promo))
    assert "CLICK HERE" not in result.text
    assert para(4) in result.text


def test_a_label_before_a_linked_headline_goes() -> None:
    teaser = (
        "<p>Related: <a href='/2024/08/wasps.html'>Why wasps are having a very good year</a></p>"
    )
    other = (
        "<p>Lire aussi : <a href='/a.html'>Les abeilles des villes et leurs jardins secrets</a></p>"
    )
    result = run(page(middle=teaser + other))
    assert "wasps" not in result.text and "Lire aussi" not in result.text


def test_a_label_before_a_linked_name_stays() -> None:
    credit = "<p>Photographer: <a href='/people/kim'>Kim Lee</a></p>"
    assert "Photographer: Kim Lee" in run(page(middle=credit)).text


def test_a_follow_line_whose_icons_left_gaps_goes() -> None:
    follow = (
        "<p>Follow the Science desk on <a href='https://img.example.org/i'></a>, "
        "<a href='https://tw.example.org/s'></a>, and <a href='https://yt.example.org/s'>"
        "YouTube</a></p>"
    )
    result = run(page(end=follow))
    assert "Follow the Science desk" not in result.text


def test_poll_remnants_go_but_a_percentage_in_a_sentence_stays() -> None:
    poll = "<ul><li>• 61% votes</li><li>• 39% votes</li></ul>"
    sentence = "<p>Urban hives were <strong>35% heavier</strong> by the end of August.</p>"
    result = run(page(middle=poll + sentence))
    assert "61% votes" not in result.text
    assert "35% heavier" in result.text


def test_a_sign_up_call_at_the_edge_goes() -> None:
    call = "<p>Sign up for our weekly science newsletter and never miss a story.</p>"
    result = run(page(end=call))
    assert "Sign up" not in result.text
    assert result.text.endswith(para(6))


def test_a_lone_more_heading_at_the_end_goes() -> None:
    result = run(page(end="<h3>More:</h3>"))
    assert not result.text.rstrip().endswith("More:")


def test_a_video_player_goes_with_its_title() -> None:
    player = (
        "<div class='video-player'><h3>Watch: the rooftop hives at dawn</h3>"
        "<video src='https://v.example.org/bees.mp4'></video><span>2:14</span></div>"
    )
    frame = (
        "<div><div class='clip-title'>Inside a hive</div>"
        "<iframe src='https://player.example.org/embed/77'></iframe></div>"
    )
    result = run(page(middle=player + frame))
    assert "rooftop hives at dawn" not in result.text
    assert "Inside a hive" not in result.text
    assert para(4) in result.text


def test_a_paragraph_beside_a_video_stays() -> None:
    block = (
        "<div class='video-container'><iframe src='https://player.example.org/embed/78'>"
        f"</iframe><p>{para(9)}</p></div>"
    )
    assert para(9) in run(page(middle=block)).text
