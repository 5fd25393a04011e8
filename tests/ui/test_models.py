"""The list models: consistent under qtmodeltester, paged by keyset, never duplicated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from uihelpers import saved_pages

from reader.library import Library
from reader.models import ArticleFilter, SortKey, TagCount
from reader.ui.article_list_model import ArticleListModel, Role, SearchResultsModel
from reader.ui.sidebar import SidebarModel, View
from reader.ui.workers import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(library: Library) -> Iterator[TaskRunner]:
    r = TaskRunner(release_thread=library.release_thread)
    yield r
    r.shutdown()


def test_list_model_pages_by_keyset(
    qtbot: QtBot, qtmodeltester: ModelTester, library: Library, tmp_path: Path, runner: TaskRunner
) -> None:
    ids = saved_pages(library, tmp_path, 8)
    model = ArticleListModel(library, runner)
    model.page_size = 3
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.pageLoaded, check_params_cb=lambda n: n == 3):
        model.set_query(ArticleFilter(), SortKey.SAVED)
    assert model.rowCount() == 3
    assert model.canFetchMore(QModelIndex())
    while not model.complete:
        with qtbot.waitSignal(model.pageLoaded):
            model.fetchMore(QModelIndex())
    assert [model.summary(r).id for r in range(model.rowCount())] == list(reversed(ids))
    assert not model.canFetchMore(QModelIndex())
    assert model.data(model.index(0, 0), Role.SUMMARY).title == "Story number 7"
    qtmodeltester.check(model)


def test_list_model_refresh_drops_rows_that_leave_the_view(
    qtbot: QtBot, qtmodeltester: ModelTester, library: Library, tmp_path: Path, runner: TaskRunner
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    model = ArticleListModel(library, runner)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.pageLoaded):
        model.set_query(ArticleFilter(archived=False))
    library.set_archived([ids[0]])
    library.set_favourite([ids[1]])
    with qtbot.waitSignal(model.rowsRemoved):
        model.refresh([ids[0], ids[1]])
    assert model.row_of(ids[0]) is None
    row = model.row_of(ids[1])
    assert row is not None and model.summary(row).favourite


def test_search_and_sidebar_models(
    qtbot: QtBot, qtmodeltester: ModelTester, library: Library, tmp_path: Path, runner: TaskRunner
) -> None:
    saved_pages(library, tmp_path, 2)
    hits = library.search("lighthouse")
    search = SearchResultsModel(library, runner)
    qtmodeltester.check(search)
    search.set_hits("lighthouse", hits)
    assert search.rowCount() == 2
    assert "\x02" in search.data(search.index(0, 0), Role.SNIPPET)
    qtmodeltester.check(search)

    sidebar = SidebarModel()
    qtmodeltester.check(sidebar)
    sidebar.set_counts({View.ALL: 2, View.UNREAD: 2})
    sidebar.set_tags([TagCount("politics", 2), TagCount("world", 1)])
    sidebar.set_tags([TagCount("politics", 1)])
    assert sidebar.tag_names() == ["politics"]
    qtmodeltester.check(sidebar)
