"""The real window over a real library: save, read, tag, search, theme, restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeWindow
from localsite import LocalSite
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from uihelpers import idle, saved_pages, write_page

from reader.library import Library
from reader.models import Status
from reader.ui.article_list_model import ArticleListModel
from reader.ui.settings import Theme
from reader.ui.sidebar import View
from reader.ui.themes import DARK

pytestmark = pytest.mark.gui


def test_added_url_appears_and_opens(
    qtbot: QtBot, make_window: MakeWindow, site: LocalSite
) -> None:
    url = site.add_news_story()
    window = make_window()
    window.window_actions.add.trigger()
    assert window.add_field.hasFocus()
    qtbot.keyClicks(window.add_field, url)
    assert window.add_field.text() == url
    with qtbot.waitSignal(window.saves.saved, timeout=20000) as saved:
        qtbot.keyClick(window.add_field, Qt.Key.Key_Return)
    assert window.add_field.text() == ""
    article_id = saved.args[0]
    idle(qtbot, window)
    qtbot.waitUntil(lambda: window.list_model.row_of(article_id) is not None)
    row = window.list_model.row_of(article_id)
    assert row is not None
    summary = window.list_model.summary(row)
    assert summary.status is Status.SAVED
    assert summary.title.startswith("Killing of Hamas leader")
    assert window.saves_panel.items[0].state == "done"

    with qtbot.waitSignal(
        window.article_view.articleShown, check_params_cb=lambda i: i == article_id
    ):
        window.select_article(article_id)
    text = window.article_view.browser.toPlainText()
    assert "Killing of Hamas leader" in text
    assert "Ein el-Hilweh" in text  # a photo caption, under its photo
    assert len(window.article_view.browser.images) == 2


def test_reading_makes_no_network_request(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    article_id = library.save(site.add_news_story()).article_id
    assert library.get(article_id).image_count == 2
    site.log.clear()
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown, timeout=10000):
        window.open_article(article_id)
    browser = window.article_view.browser
    browser.viewport().repaint()
    window.grab()  # render everything, images included
    bar = browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    window.grab()
    assert browser.requested, "the document asked for its images"
    assert all(name.startswith("reader://image/") for name in browser.requested)
    assert site.log == []


def test_tag_search_and_filter(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    window = make_window()
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "tags"):
        window.commands.set_tags([ids[0], ids[1]], [], ["harbour", "weather"])
    with qtbot.waitSignal(window.countsLoaded):
        window.refresh_counts()
    assert window.sidebar_model.tag_names() == ["harbour", "weather"]
    row = window.sidebar_model.row_of_tag("harbour")
    assert row is not None
    assert window.sidebar_model.entry(row).count == 2

    # Bulk edit: "weather" removed from both, "storm" added.
    with qtbot.waitSignal(window.actionFinished):
        window.commands.set_tags([ids[0], ids[1]], ["harbour", "weather"], ["harbour", "storm"])
    assert library.get(ids[0]).tags == ("harbour", "storm")

    # Clicking a tag filters the list: here the link in the article's header.
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(ids[0])
    html = window.article_view._html
    assert 'href="reader-tag:harbour"' in html
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.article_view.browser.anchorClicked.emit(QUrl("reader-tag:harbour"))
    assert window.list_title.text() == "# harbour"
    assert window.list_model.rowCount() == 2

    # Search as you type, with a filter, and highlighted snippets.
    window.window_actions.find.trigger()
    with qtbot.waitSignal(window.searchFinished, timeout=5000) as found:
        qtbot.keyClicks(window.search_field, "keeper tag:storm")
    assert found.args == ["keeper tag:storm"]
    assert window.list_view.model() is window.search_model
    assert window.search_model.rowCount() == 2
    assert "\x02" in (window.search_model.data(window.search_model.index(0, 0), 0x0101 + 1) or "")
    assert "2 results" in window.list_count.text()

    # Escape leaves the search and goes back to the list.
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    window.search_field.clear()
    assert isinstance(window.list_view.model(), ArticleListModel)


def test_stale_search_results_are_dropped(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 2)
    window = make_window()
    window.search_field.setText("nothing-matches-this")
    window.searcher.run()
    with qtbot.waitSignal(window.searchFinished) as found:
        window.search("lighthouse")
    assert found.args == ["lighthouse"]
    idle(qtbot, window)
    assert window.search_model.query == "lighthouse"
    assert window.search_model.rowCount() == 2


def test_theme_position_and_tags_survive_a_restart(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 1)
    path = write_page(tmp_path, "long", "A very long read", "Long words. " * 20, paragraphs=60)
    long_id = library.save(str(path), base_url="https://news.example/long").article_id
    window = make_window()
    window.set_theme(Theme.DARK)
    window.step_font(2)
    size = window.settings.font_size
    assert window.article_view.colors is DARK
    with qtbot.waitSignal(window.actionFinished):
        window.commands.add_tags([ids[0]], ["kept"])
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(long_id)
    bar = window.article_view.browser.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.show_view(View.UNREAD)
    window.splitter.setSizes([180, 420, 600])
    sizes = window.splitter.sizes()
    window.close()
    idle(qtbot, window)
    position = library.get(long_id).read_position
    assert 0.4 < position < 0.6
    assert not library.get(long_id).is_read

    again = make_window()
    assert again.settings.theme is Theme.DARK
    assert again.window_actions.themes[Theme.DARK].isChecked()
    assert again.settings.font_size == size
    assert again.splitter.sizes() == sizes
    assert again.list_title.text() == "Unread"  # the list shown last
    assert again.list_model.filter.unread is True
    assert again.palette().color(again.palette().ColorRole.Base).name() == DARK.base
    with qtbot.waitSignal(again.article_view.articleShown):
        again.open_article(long_id)
    restored = again.article_view.fraction()
    assert abs(restored - position) < 0.02
    assert library.get(ids[0]).tags == ("kept",)


def test_reaching_the_end_marks_read(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    path = write_page(tmp_path, "long", "A very long read", "Long words. " * 20, paragraphs=60)
    article_id = library.save(str(path), base_url="https://news.example/long").article_id
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(article_id)
    assert not library.get(article_id).is_read
    bar = window.article_view.browser.verticalScrollBar()
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "read"):
        bar.setValue(bar.maximum())
    assert library.get(article_id).is_read
    # And on demand: mark it unread again.
    with qtbot.waitSignal(window.actionFinished):
        window.window_actions.read.trigger()
    assert not library.get(article_id).is_read


def test_failed_save_shows_error_and_retry_works(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    url = site.url("/news/coming-soon/")
    window = make_window()
    with qtbot.waitSignal(window.saves.failedSave, timeout=20000) as failed:
        window.save_targets([url])
    item = window.saves_panel.items[0]
    assert item.state == "failed"
    assert item.retry_button.isVisible()
    assert "404" in item.status.text()
    assert failed.args[1].category == "http_error"

    # Nothing typed is lost: the link waits under Failed.
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.show_view(View.FAILED)
    assert window.list_model.rowCount() == 1
    failed_id = window.list_model.summary(0).id
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(failed_id)
    assert window.article_view.currentWidget() is window.article_view.message
    assert window.article_view.message.primary.text() == "Retry"

    # The page exists now: Retry saves it into the same article.
    write = (Path(__file__).parent.parent / "data" / "pages" / "news-article.html").read_text()
    site.add("/news/coming-soon/", write.replace("{HOST}", site.host))
    with qtbot.waitSignal(window.article_view.articleShown, timeout=20000):
        qtbot.mouseClick(window.article_view.message.primary, Qt.MouseButton.LeftButton)
        # ...the article saves, and the pane shows it in place of the error.
    qtbot.waitUntil(lambda: window.article_view.currentWidget() is window.article_view.browser)
    assert "Killing of Hamas" in window.article_view.browser.toPlainText()
    with qtbot.waitSignal(window.saves.saved, timeout=20000) as saved:
        window.saves.retry(failed_id, "again")
    assert saved.args == [failed_id]
    assert library.get(failed_id).status is Status.SAVED
    qtbot.waitUntil(lambda: window.list_model.row_of(failed_id) is None)  # left "Failed"
    idle(qtbot, window)


def test_delete_and_undo(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    window = make_window()
    window.select_article(ids[1])
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "delete"):
        window.window_actions.delete.trigger()
    assert window.list_model.row_of(ids[1]) is None
    assert window.undo_button.isVisible()
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.window_actions.undo.trigger()
    assert window.list_model.row_of(ids[1]) is not None


def test_keyboard_moves_and_flags(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    window = make_window()
    with qtbot.waitSignal(window.article_view.articleShown):
        window.select_article(ids[2])  # the newest, at the top
    window.list_view.setFocus()
    with qtbot.waitSignal(window.article_view.articleShown):
        qtbot.keyClick(window.list_view, Qt.Key.Key_J)
    assert window.article_view.article_id == ids[1]
    with qtbot.waitSignal(window.article_view.articleShown):
        qtbot.keyClick(window.list_view, Qt.Key.Key_K)
    assert window.article_view.article_id == ids[2]
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "favourite"):
        qtbot.keyClick(window.list_view, Qt.Key.Key_S)
    assert library.get(ids[2]).favourite
    with qtbot.waitSignal(window.actionFinished, check_params_cb=lambda w: w == "archive"):
        qtbot.keyClick(window.list_view, Qt.Key.Key_E)
    assert library.get(ids[2]).archived
    qtbot.waitUntil(lambda: window.list_model.row_of(ids[2]) is None)  # left "All articles"


def test_paste_and_drop_save_several_links(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    window = make_window()
    first = write_page(tmp_path, "one", "First dropped page", "Dropped words.")
    second = write_page(tmp_path, "two", "Second dropped page", "Dropped words.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    QGuiApplication.clipboard().setMimeData(mime)
    window.list_view.setFocus()
    window.window_actions.paste.trigger()
    qtbot.waitUntil(lambda: len(window.saves_panel.items) == 2)
    qtbot.waitUntil(lambda: all(i.state == "done" for i in window.saves_panel.items), timeout=20000)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2)
    titles = {window.list_model.summary(r).title for r in range(2)}
    assert titles == {"First dropped page", "Second dropped page"}


def test_first_run_shows_the_welcome_guide(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.library_empty)
    assert "Welcome to Reader".lower() in window.article_view.browser.toPlainText().lower()
    assert window.list_view.empty_title == "Your library is empty"
    assert window.list_model.rowCount(QModelIndex()) == 0


def test_sort_by_published_date(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 2)
    window = make_window()
    from reader.models import SortKey

    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.window_actions.sorts[SortKey.PUBLISHED].trigger()
    assert window.settings.sort is SortKey.PUBLISHED
    assert window.list_model.sort_key is SortKey.PUBLISHED
    assert window.list_model.rowCount() == 2


def test_dropping_links_saves_them(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    window = make_window()
    page = write_page(tmp_path, "dropped", "A dropped page", "Dropped words.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(page))])
    drop = QDropEvent(
        QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    with qtbot.waitSignal(window.saves.saved, timeout=20000) as saved:
        window.dropEvent(drop)
    assert library.get(saved.args[0]).title == "A dropped page"


def test_interrupted_saves_resume_on_start(
    qtbot: QtBot, make_window: MakeWindow, library: Library, site: LocalSite
) -> None:
    from reader.urls import url_key

    url = site.add_news_story()
    article_id = library.storage.add_pending(url, url_key(url))  # as a crash would leave it
    window = make_window()
    qtbot.waitUntil(lambda: library.get(article_id).status is Status.SAVED, timeout=20000)
    idle(qtbot, window)


def test_rename_merge_and_delete_tags(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    ids = saved_pages(library, tmp_path, 3)
    library.add_tags([ids[0]], ["polticis"])
    library.add_tags([ids[1]], ["politics"])
    library.add_tags([ids[2]], ["sport"])
    window = make_window()
    with qtbot.waitSignal(window.list_model.pageLoaded):
        window.show_tag("polticis")
    with qtbot.waitSignal(window.countsLoaded):
        window.commands.rename_tag("polticis", "politics")  # a typo fixed: the two tags merge
    assert window.sidebar_model.tag_names() == ["politics", "sport"]
    row = window.sidebar_model.row_of_tag("politics")
    assert row is not None and window.sidebar_model.entry(row).count == 2
    idle(qtbot, window)
    assert window.list_title.text() == "# politics"
    assert window.list_model.rowCount() == 2

    with qtbot.waitSignal(window.countsLoaded):
        window.commands.delete_tag("politics")
    idle(qtbot, window)
    assert window.sidebar_model.tag_names() == ["sport"]
    assert window.list_title.text() == "All articles"
    assert library.get(ids[0]).tags == ()


def test_the_list_has_the_focus_at_start(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tmp_path: Path
) -> None:
    saved_pages(library, tmp_path, 2)
    window = make_window()
    assert window.list_model.rowCount() == 2
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusObject() is not None)
    assert window.focusWidget() is window.list_view
    idle(qtbot, window)
    assert window.article_view.article_id is None  # nothing opens until chosen
