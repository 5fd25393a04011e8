"""Teasers: a page with only the beginning of its story is saved, and marked partial."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from localsite import LocalSite

from reader.cli import main
from reader.extraction import extract
from reader.extraction.teaser import PARTIAL_NOTE

URL = "https://news.example.org/city/2024/02/01/meters.html"
TITLE = "Inside the quiet sale of the city's parking meters"
LEAD = (
    "<p>A private fund now controls every parking meter in the city, after a sale that "
    "council members say they learned about only when the new signs went up. All...</p>"
)


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title>{head}</head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )


def full_story() -> str:
    return "".join(
        f"<p>Paragraph {n}: the fund bought the meters for a lump sum and will set the rates "
        f"for the next thirty years, which the council can no longer change, part {n}.</p>"
        for n in range(1, 12)
    )


def test_a_story_cut_off_with_an_ellipsis_is_partial() -> None:
    result = extract(page(LEAD), URL)
    assert "A private fund now controls" in result.text
    assert result.partial


def test_a_short_story_before_a_paywall_box_is_partial() -> None:
    lead = LEAD.replace(" All...", "")
    box = (
        "<div class='article-paywall'><h2>Subscribe to keep reading</h2>"
        "<p>Unlimited access for $1 a week.</p></div>"
    )
    result = extract(page(lead + box), URL)
    assert result.partial
    assert "Subscribe to keep reading" not in result.text


def test_schema_org_not_free_marks_a_short_story_partial() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"isAccessibleForFree": "False"}</script>'
    )
    assert extract(page(LEAD.replace(" All...", ""), head), URL).partial


def test_a_whole_story_is_not_partial_even_behind_paywall_markup() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"isAccessibleForFree": false}</script>'
    )
    assert not extract(page(full_story(), head), URL).partial
    assert not extract(page(full_story()), URL).partial


def test_a_saved_teaser_is_marked_in_show_json(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    url = site.add("/city/meters.html", page(LEAD))
    whole = site.add("/city/whole.html", page(full_story()))
    # One at a time, so that the ids are known.
    assert main(["--library", str(library_dir), "add", url]) == 0
    assert main(["--library", str(library_dir), "add", whole]) == 0
    capsys.readouterr()
    assert main(["--library", str(library_dir), "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["partial"] is True
    assert PARTIAL_NOTE in shown["notes"]
    assert main(["--library", str(library_dir), "show", "2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["partial"] is False and PARTIAL_NOTE not in shown["notes"]
