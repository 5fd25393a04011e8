"""Checks for the hostile-web suite: outcomes, consistency, safe stored HTML.

Every hostile case ends in one of two outcomes, and ``save_outcome`` proves which:
a clean saved article (whole: every ``reader://image/`` reference has its stored
image, and the HTML carries nothing that could run or load), or a failed save whose
category is recorded in the library next to the URL.  Either way the library file
passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from reader.errors import ReaderError
from reader.fetcher import FetchLimits
from reader.library import Library, SaveLimits
from reader.models import Article, Status
from reader.sanitizer import LIBRARY_IMAGE_PREFIX

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"

#: Small limits so the slow and endless cases end in seconds (yet not so small that a
#: busy machine trips them on a healthy local server).
TEST_FETCH_LIMITS = FetchLimits(read_timeout=2, total_timeout=4, connect_timeout=3)
#: For tests about something else than time.
RELAXED_FETCH_LIMITS = FetchLimits(read_timeout=15, total_timeout=30)
TEST_SAVE_LIMITS = SaveLimits(save_timeout=8)

_EVENT_ATTR = re.compile(r"^on", re.I)
_REF = re.compile(r"reader://image/([0-9a-f]+)")


def page(name: str, host: str) -> str:
    """A hostile page of ours from tests/data/hostile, pointed at the local site."""
    return (HOSTILE / name).read_text("utf-8").replace("{HOST}", host)


@dataclass
class Outcome:
    status: Status
    article: Article
    category: str | None = None  # of a failed save
    error: ReaderError | None = None


def find_given(library: Library, url: str) -> Article:
    """The library's record of a URL given to save (saved, pending or failed)."""
    cursor = None
    while True:
        page_ = library.page(cursor=cursor, limit=500)
        for summary in page_.items:
            if summary.given_url == url:
                return library.get(summary.id)
        cursor = page_.cursor
        if cursor is None:
            raise AssertionError(f"{url} is not in the library")


def assert_safe_html(html: str) -> None:
    """Stored HTML: no script, handler, frame or form; images only from the library;
    links only http(s) or mailto; no style that could load anything."""
    assert "<script" not in html.lower()
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in {"script", "style", "iframe", "object", "embed", "form", "svg",
                              "link", "meta", "base", "input", "button", "frame", "math"}, el.tag  # fmt: skip
        for name, value in el.attrib.items():
            assert not _EVENT_ATTR.match(name), f"{el.tag} has {name}"
            assert name not in {"style", "srcset", "srcdoc", "background", "formaction"}, name
            if name == "src":
                assert value.startswith(LIBRARY_IMAGE_PREFIX), value
            if name == "href":
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value


def assert_whole(library: Library, article: Article) -> None:
    """A saved article has every image its HTML refers to, and no other."""
    refs = set(_REF.findall(article.html))
    stored = {img.key for img in library.storage.images(article.id)}
    assert refs == stored, (refs, stored)
    assert article.image_count == len(stored)


def save_outcome(library: Library, url: str) -> Outcome:
    """Save ``url``; check the library is consistent whatever happened."""
    try:
        result = library.save(url)
    except ReaderError as exc:
        article = find_given(library, url)
        assert article.status is Status.FAILED
        assert article.error is not None and article.error.startswith(exc.category + ":")
        assert "\n" not in str(exc) and "Traceback" not in str(exc)
        outcome = Outcome(Status.FAILED, article, exc.category, exc)
    else:
        article = library.get(result.article_id)
        assert article.status is Status.SAVED
        assert_safe_html(article.html)
        assert_whole(library, article)
        assert "\x00" not in article.html + article.text + article.title
        outcome = Outcome(Status.SAVED, article)
    assert library.storage.integrity_check() == "ok"
    return outcome


def story(paragraphs: int = 6, words: str = "The council voted on the new harbour plan") -> str:
    """Plain paragraphs that extraction recognises as a story."""
    sentence = f"{words}, and residents gathered to hear the long debate that followed. "
    return "\n".join(f"<p>{sentence * 4}</p>" for _ in range(paragraphs))
