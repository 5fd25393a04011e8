"""Extraction rules, each on a small page of our own making, plus the realistic news page."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import NoContentError
from reader.extraction import Extracted, extract
from reader.extraction.dates import normalise_date
from reader.extraction.images import best_srcset_candidate

DATA = Path(__file__).resolve().parent.parent / "data"
URL = "https://news.example.org/world/2024/07/31/story.html"
PARAGRAPHS = [
    f"Paragraph {n}: the council met on Tuesday evening to debate the budget, and members "
    f"argued at length about roads, schools, libraries and the cost of heating, number {n}."
    for n in range(1, 7)
]


TITLE = "Council passes the city budget after a long night"


def page(body: str = "", head: str = "", top: str = "", title: str = TITLE) -> str:
    """A news page: ``top`` goes above the story, ``body`` in the middle of it."""
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title} | The Daily Example</title>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{top}<div class='story-body'>{first}{body}{rest}</div>"
        "</article><footer class='site-footer'>© The Daily Example</footer></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


# --- the realistic page -------------------------------------------------------------


def sample_paragraphs() -> list[str]:
    # A copy of ../shared/examples/news-article-sample.txt, so the suite stands alone.
    text = DATA / "pages" / "news-article-sample.txt"
    lines = text.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("WASHINGTON")), None)
    if start is None:
        return []
    return [line for line in lines[start:] if line and line not in ("Loading...", "Tags")]


def sample_page() -> Path:
    lead = DATA / "pages" / "news-article.html"
    return lead if lead.exists() else DATA / "extraction" / "sample-news.html"


def test_news_article_is_exactly_its_story() -> None:
    result = extract(sample_page().read_text(encoding="utf-8"), "https://www.columbian.com/news/x/")
    assert result.title == "Killing of Hamas leader points to break with U.S."
    assert result.excerpt == "Washington focuses on cease-fire, Israel vows ‘total victory’"
    assert result.byline is not None
    assert "ELLEN KNICKMEYER" in result.byline.upper()
    assert not result.byline.lower().startswith("by ")
    assert result.published is not None and result.published.startswith("2024-07-31")
    assert len(result.image_urls) == 2
    assert result.html.count("<figure") == 2 and result.html.count("<figcaption") == 2
    assert "(AP Photo/Mohammed Zaatari)" in result.text
    assert "Palestine Square in Tehran" in result.text
    # The caption is shown once: the alt that repeats it is cleared.
    assert result.text.count("A supporter of the Islamist Hamas movement") == 1
    assert "A supporter of the Islamist" not in result.html.split("<figcaption")[0]
    paragraphs = sample_paragraphs()
    assert paragraphs, "the sample text is missing"
    for paragraph in paragraphs:
        assert paragraph in result.text
    for furniture in ("Loading...", "Tags", "2 Photos", "Photo Gallery", "Linkedin Pinterest"):
        assert furniture not in result.text
    assert "facebook.com/tr" not in result.html
    assert "Sign up" not in result.text and "More stories" not in result.text


# --- metadata -----------------------------------------------------------------------


def test_json_ld_graph_gives_headline_author_date_and_publisher() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Example"},'
        '{"@type": "NewsArticle", "headline": "Council passes the city budget",'
        ' "author": [{"@type": "Person", "name": "Ada Lovelace"},'
        ' {"@type": "Person", "name": "Charles Babbage"}],'
        ' "datePublished": "2024-07-31T16:31:00-07:00",'
        ' "publisher": {"@type": "Organization", "name": "The Daily Example"},'
        ' "image": {"@type": "ImageObject", "url": "/img/lead.jpg"}}]}</script>'
    )
    result = run(page(head=ld))
    assert result.title == "Council passes the city budget"
    assert result.byline == "Ada Lovelace, Charles Babbage"
    assert result.published == "2024-07-31T16:31:00-07:00"
    assert result.site_name == "The Daily Example"
    assert result.lead_image == "https://news.example.org/img/lead.jpg"


def test_opengraph_and_meta_tags_when_there_is_no_json_ld() -> None:
    head = (
        '<meta property="og:title" content="Council passes the budget">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:description" content="A long night at city hall.">'
        '<meta property="og:image" content="//cdn.example.org/lead.jpg">'
        '<meta name="author" content="By Grace Hopper">'
        '<meta property="article:published_time" content="2024-07-31T09:00:00Z">'
        '<link rel="canonical" href="/world/budget">'
    )
    result = run(page(head=head))
    assert result.title == "Council passes the budget"
    assert result.site_name == "Example News"
    assert result.excerpt == "A long night at city hall."
    assert result.lead_image == "https://cdn.example.org/lead.jpg"
    assert result.byline == "Grace Hopper"
    assert result.published == "2024-07-31T09:00:00Z"
    assert result.canonical_url == "https://news.example.org/world/budget"
    assert result.lang == "en"


def test_title_from_title_element_drops_the_site_name() -> None:
    assert run(page()).title == TITLE


def test_short_title_keeps_the_whole_title_element() -> None:
    # Four words or fewer may be the site's name alone: keep the full title.
    assert run(page(title="Budget passes")).title == "Budget passes | The Daily Example"


def test_byline_markup_is_found_and_removed_from_the_body() -> None:
    body = '<div class="byline">By <span itemprop="name">Linus Pauling</span></div>'
    result = run(page(top=body))
    assert result.byline == "Linus Pauling"
    assert "Linus Pauling" not in result.text


def test_author_in_a_comment_section_is_not_the_byline() -> None:
    html = page().replace(
        "</article>", "</article><div class='comments'><span class='author'>troll42</span></div>"
    )
    assert run(html).byline is None


def test_time_element_gives_the_date() -> None:
    body = '<time datetime="2024-07-31T16:31:00-07:00" pubdate>July 31</time>'
    assert run(page(body=body)).published == "2024-07-31T16:31:00-07:00"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2015-02-24T19:56:33.374Z", "2015-02-24T19:56:33Z"),
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
        ("2020-09-21", "2020-09-21"),
        ("Wed, 31 Jul 2024 16:31:00 -0700", "2024-07-31T16:31:00-07:00"),
        ("Published: July 31, 2024, 4:31pm", "2024-07-31T16:31:00"),
        ("20240731", "2024-07-31"),
        ("yesterday", None),
        ("2024-13-45", None),
    ],
)
def test_dates_are_normalised_to_iso_8601(raw: str, iso: str | None) -> None:
    assert normalise_date(raw) == iso


# --- images -------------------------------------------------------------------------


def test_srcset_best_candidate_is_the_widest() -> None:
    assert best_srcset_candidate("a.jpg 480w, b.jpg 1200w, c.jpg 800w") == "b.jpg"
    assert best_srcset_candidate("a.jpg 1x, b.jpg 2x") == "b.jpg"
    assert best_srcset_candidate("") is None


def test_lazy_images_resolve_to_absolute_urls() -> None:
    body = (
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/img/one.jpg" alt="">'
        "<figcaption>One</figcaption></figure>"
        '<figure><img class="lazy" data-srcset="//cdn.example.org/two-480.jpg 480w, '
        '//cdn.example.org/two-960.jpg 960w"><figcaption>Two</figcaption></figure>'
        '<figure><picture><source srcset="/img/three.webp 1000w">'
        '<img alt="Three"></picture><figcaption>Three</figcaption></figure>'
        '<figure><img src="data:image/gif;base64,R0lGOD" alt="">'
        '<noscript><img src="img/four.jpg" alt="Four"></noscript>'
        "<figcaption>Four</figcaption></figure>"
    )
    result = run(page(body=body))
    assert result.image_urls == (
        "https://news.example.org/img/one.jpg",
        "https://cdn.example.org/two-960.jpg",
        "https://news.example.org/img/three.webp",
        "https://news.example.org/world/2024/07/31/img/four.jpg",
    )
    assert "data:" not in result.html and "<picture" not in result.html


def test_image_with_caption_markup_becomes_a_figure() -> None:
    body = (
        '<div class="photo"><img src="/img/hall.jpg" alt="City hall">'
        '<p class="caption">City hall at night.</p><span class="credit">Photo: A. Person</span></div>'
    )
    result = run(page(body=body))
    assert "<figure>" in result.html
    caption = result.html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert "City hall at night." in caption and "Photo: A. Person" in caption


def test_lead_image_is_kept_when_the_body_has_none() -> None:
    head = '<meta property="og:image" content="https://cdn.example.org/lead.jpg">'
    result = run(page(head=head))
    assert result.image_urls == ("https://cdn.example.org/lead.jpg",)


def test_lead_image_is_not_added_twice() -> None:
    head = '<meta property="og:image" content="https://cdn.example.org/lead.jpg?w=1200">'
    top = '<figure><img src="https://cdn.example.org/lead.jpg"><figcaption>x</figcaption></figure>'
    assert run(page(head=head, top=top)).image_urls == ("https://cdn.example.org/lead.jpg",)


# --- boilerplate --------------------------------------------------------------------


def test_furniture_inside_the_story_is_removed() -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = (
        '<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a></div>'
        '<div class="gallery-count">3 Photos</div>'
        f"{story}"
        '<div class="ad-slot"><span>Advertisement</span></div>'
        "<div>Loading...</div>"
        '<div class="newsletter-box"><h3>Get the news</h3><p>Sign up for our newsletter.</p></div>'
        '<h4>Tags</h4><ul><li><a href="/t/a">Budget</a></li><li><a href="/t/b">Council</a></li></ul>'
        '<h3>Related stories</h3><ul><li><a href="/x">Another story about roads</a></li></ul>'
        "<p>Linkedin Pinterest</p>"
    )
    text = run(page(body=body)).text
    for furniture in (
        "Facebook", "3 Photos", "Advertisement", "Loading", "newsletter", "Tags", "Budget",
        "Related", "Another story", "Pinterest",
    ):  # fmt: skip
        assert furniture not in text, furniture
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text


def test_headline_and_repeated_standfirst_at_the_top_are_dropped() -> None:
    body = "<p class='dek'>The vote was close.</p><p class='dek'>The vote was close.</p>"
    result = run(page(top=body))
    assert TITLE not in result.text
    assert result.text.count("The vote was close.") == 1


# --- structure ----------------------------------------------------------------------


def test_structure_is_kept_intact() -> None:
    body = (
        "<h2>What was decided</h2><ul><li>More buses for the east side of the city</li>"
        "<li>A new library branch on the river</li></ul>"
        "<blockquote><p>We did what we could with what we had, said the mayor.</p></blockquote>"
        "<table><thead><tr><th>Item</th><th>Cost</th></tr></thead>"
        "<tbody><tr><td>Buses</td><td>$3m</td></tr><tr><td>Library</td><td>$5m</td></tr></tbody>"
        "</table><pre><code>total = 3 + 5</code></pre>"
    )
    html = run(page(body=body)).html
    for tag in ("<h2>", "<ul>", "<li>", "<blockquote>", "<table>", "<th>", "<pre>", "<code>"):
        assert tag in html, tag
    assert "total = 3 + 5" in html


def test_text_has_blank_lines_between_paragraphs() -> None:
    text = run(page()).text
    assert f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}" in text


def test_math_is_kept_as_text() -> None:
    body = "<p>The answer is <math><mi>x</mi><mo>=</mo><mn>42</mn></math> exactly.</p>"
    assert "x = 42" in run(page(body=body)).text


def test_story_split_across_containers_is_kept_whole() -> None:
    parts = "".join(
        f"<div class='story-part'><p>{p}</p><p>{p.replace('Paragraph', 'More')}</p></div>"
        "<div class='ad'></div>"
        for p in PARAGRAPHS
    )
    html = (
        f"<html><head><title>Split</title></head><body><div id='main'>{parts}</div></body></html>"
    )
    text = run(html).text
    for p in PARAGRAPHS:
        assert p in text


# --- hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("html", ["", "   ", "\x00\x00", "<html></html>", "<div><img></div>"])
def test_empty_input_raises_no_content(html: str) -> None:
    with pytest.raises(NoContentError):
        extract(html, URL)


@pytest.mark.parametrize(
    "html",
    ["<" * 1000, "<div>" * 5000 + "x" * 300, "<p>" + "\x00a" * 1000, "<svg><math><table>" * 300],
)
def test_hostile_input_gives_text_or_no_content(html: str) -> None:
    try:
        result = extract(html, URL)
    except NoContentError as exc:
        assert str(exc)
    else:
        assert result.text.strip()


def test_nul_bytes_in_a_real_page_are_ignored() -> None:
    result = run(page().replace("budget", "bud\x00get"))
    assert "\x00" not in result.text and "budget" in result.text
