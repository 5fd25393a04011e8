"""Reading saved hostile pages in the reading pane makes no request at all.

Every hostile page of the suite is saved from the local site, then opened in the real
``ArticleView`` offscreen.  The site's request log must not grow while reading, and the
pane's document may ask only for the article's own ``reader://image/`` images.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_checks import HOSTILE, page, save_outcome, story
from localsite import LocalSite, photo
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.models import Status
from reader.sanitizer import LIBRARY_IMAGE_PREFIX
from reader.ui.article_view import ArticleView
from reader.ui.workers import TaskRunner

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def view(qtbot: QtBot, hostile_library: Library) -> Iterator[ArticleView]:
    runner = TaskRunner(release_thread=hostile_library.release_thread)
    view = ArticleView(hostile_library, runner)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    yield view
    runner.shutdown()


def _save_hostile_pages(site: LocalSite, library: Library) -> list[int]:
    site.add("/hostile/harbour.jpg", photo(800, 500, seed=4), "image/jpeg")
    site.add("/hostile/train.jpg", photo(900, 600, seed=5), "image/jpeg")
    urls = [site.add(f"/saved/{p.stem}", page(p.name, site.host)) for p in HOSTILE.glob("*.html")]
    # Metadata that is markup: the pane must show it as text, never load it.
    title = f'<img src="{site.url("/remote/title.gif")}"><script>alert(1)</script>Headline'
    byline = f"<img src=&quot;{site.url('/remote/byline.gif')}&quot;>Mallory"
    urls.append(
        site.add(
            "/saved/metadata",
            f'<html><head><title>{title}</title><meta name="author" content="{byline}">'
            f'<meta property="og:site_name" content="<link rel=stylesheet href={site.url("/remote/s.css")}>">'
            f"</head><body><article>{story(4)}</article></body></html>",
        )
    )
    ids = []
    for url in urls:
        outcome = save_outcome(library, url)
        if outcome.status is Status.SAVED:
            ids.append(outcome.article.id)
    # A failed save is shown too (its message page), from the library alone.
    failed = save_outcome(library, site.url("/saved/missing"))
    assert failed.category == "http_error"
    return [*ids, failed.article.id]


def test_reading_saved_hostile_pages_makes_no_request(
    qtbot: QtBot, site: LocalSite, hostile_library: Library, view: ArticleView
) -> None:
    ids = _save_hostile_pages(site, hostile_library)
    assert len(ids) >= 4
    assert sum(hostile_library.get(i).image_count for i in ids) >= 2
    requests_after_saving = list(site.log)

    for article_id in ids:
        view.browser.requested.clear()
        with qtbot.waitSignal(
            view.articleShown, timeout=10_000, check_params_cb=lambda i, a=article_id: i == a
        ):
            view.open_article(article_id)
        article = hostile_library.get(article_id)
        asked = set(view.browser.requested)
        assert all(name.startswith(LIBRARY_IMAGE_PREFIX) for name in asked), asked
        own = {LIBRARY_IMAGE_PREFIX + img.key for img in hostile_library.storage.images(article_id)}
        assert asked == own  # the pane did ask, for its own images and nothing else
        if article.status is Status.SAVED:
            # Markup in the metadata stays text.
            shown = view.browser.toPlainText()
            assert article.title.split("<")[0][:20] in shown or "Headline" in shown

    assert site.log == requests_after_saving  # not one request while reading
