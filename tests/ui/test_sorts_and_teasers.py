"""The list's sort menu (every SortKey, remembered in settings) and teasers marked in
the list and the reading pane, over a real window and library."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeWindow
from pytestqt.qtbot import QtBot
from uihelpers import idle

from reader.library import Library
from reader.models import SortKey
from reader.ui.article_delegate import PARTIAL_MARK
from reader.ui.article_html import PARTIAL_NOTE
from reader.ui.main_window import MainWindow

# Saved in this order: (title, site, published, paragraphs).  Every sort orders them
# differently, so a list in the wrong order cannot pass for another sort's.
STORIES = [
    ("A", "Mid Tribune", "2023-01-01", 6),
    ("B", "Alpha Post", "2021-01-01", 12),
    ("C", "Harbour Herald", "2019-01-01", 3),
    ("D", "Zeta Daily", "2022-01-01", 9),
]
EXPECTED = {
    SortKey.SAVED: "DCBA",
    SortKey.OLDEST: "ABCD",
    SortKey.LONGEST: "BDAC",
    SortKey.SHORTEST: "CADB",
    SortKey.PUBLISHED: "ADBC",
    SortKey.SITE: "BCAD",
}


def _page(folder: Path, title: str, site: str, published: str, paragraphs: int) -> Path:
    body = "".join(
        f"<p>Story {title}, paragraph {i}: the council met again tonight and talked for "
        f"hours about the ferry, the harbour wall and the price of parking downtown.</p>"
        for i in range(paragraphs)
    )
    path = folder / f"{title}.html"
    path.write_text(
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>",
        "utf-8",
    )
    return path


@pytest.fixture
def stories(library: Library, tmp_path: Path) -> None:
    for i, story in enumerate(STORIES):
        library.save(str(_page(tmp_path, *story)), base_url=f"https://site{i}.example/s")


def _titles(window: MainWindow) -> str:
    model = window.list_model
    return "".join(model.summary(r).title for r in range(model.rowCount()))


def test_every_sort_is_offered(make_window: MakeWindow) -> None:
    window = make_window()
    assert set(window.window_actions.sorts) == set(SortKey)


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.usefixtures("stories")
def test_the_list_shows_the_chosen_order_and_remembers_it(
    qtbot: QtBot, make_window: MakeWindow, sort: SortKey
) -> None:
    window = make_window()
    if sort is not SortKey.SAVED:
        with qtbot.waitSignal(window.list_model.pageLoaded):
            window.window_actions.sorts[sort].trigger()
    assert _titles(window) == EXPECTED[sort]
    assert window.window_actions.sorts[sort].isChecked()
    window.close()

    again = make_window()  # the next start opens in the same order
    assert again.settings.sort is sort and again.list_model.sort_key is sort
    qtbot.waitUntil(lambda: _titles(again) == EXPECTED[sort])


TEASER = (
    "<!DOCTYPE html><html><head><title>The meters</title></head><body><article>"
    "<h1>The meters</h1><p>A private fund now controls every parking meter in the city, "
    "after a sale that council members say they learned about only when the new signs "
    "went up. All...</p></article></body></html>"
)


def test_a_teaser_is_marked_in_the_list_and_the_reading_pane(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    (tmp_path / "teaser.html").write_text(TEASER, "utf-8")
    teaser = library.save(str(tmp_path / "teaser.html"), base_url="https://x.example/t")
    whole = library.save(str(_page(tmp_path, *STORIES[1])), base_url="https://y.example/w")
    window = make_window()
    model, delegate = window.list_model, window.list_pane.delegate
    rows = {model.summary(r).id: model.summary(r) for r in range(model.rowCount())}

    assert PARTIAL_MARK in delegate.meta_text(rows[teaser.article_id])
    assert PARTIAL_MARK not in delegate.meta_text(rows[whole.article_id])

    window.select_article(teaser.article_id)
    qtbot.waitUntil(lambda: PARTIAL_NOTE in window.article_view.browser.toPlainText())
    window.select_article(whole.article_id)
    qtbot.waitUntil(lambda: "Story B" in window.article_view.browser.toPlainText())
    idle(qtbot, window)
    assert PARTIAL_NOTE not in window.article_view.browser.toPlainText()
