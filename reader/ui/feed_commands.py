"""Feeds in the window: subscribing from the link field, renaming, tagging, pausing and
removing a feed, OPML import and export, and the background updates.

``FeedCommands`` makes its own actions (Update Now, Import and Export go in the File
menu; the rest in a feed's context menu in the sidebar), takes a typed site's or feed's
address before ``SaveCommands`` saves it, and starts updating once the first counts are
shown; the window connects ``message``, ``failed`` and ``changed``.  Every call into
``Library.feeds`` runs on the task runner: updates and subscriptions on the network lane
(a slow site never keeps the app from quitting), the rest on the query lane.  Updates run
every ``UPDATE_CHECK_MS`` while the app is open; the library skips the feeds not due.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from reader.errors import ExportError, ImportFileError, NotAFeedError, ReaderError
from reader.feeds.models import Feed
from reader.feeds.service import Imported, Removed, Subscribed
from reader.feeds.updating import UpdateResult
from reader.library import Library
from reader.ui.navigation import Navigation
from reader.ui.save_commands import SaveCommands
from reader.ui.sidebar import View
from reader.ui.window_actions import WindowActions
from reader.ui.workers import Progress, Task, TaskRunner

#: How often the app asks the library for due feeds (each feed has its own interval).
UPDATE_CHECK_MS = 5 * 60 * 1000
#: The first check after the window opens (the first screen comes first).
FIRST_CHECK_MS = 20 * 1000
#: Path endings that say "this address is a feed" before anything is fetched.
_FEED_ENDINGS = (".xml", ".rss", ".atom", ".rdf", "/feed", "/rss", "/atom", "/feed/", "/rss/")


def may_be_feed_or_site(address: str) -> bool:
    """Whether a typed address is worth asking the site about its feed: a site's home
    (no path, or one word: ``/blog/``) or an address shaped like a feed.  An article's
    address is saved at once (most article pages name their site's feed, which is not
    what was asked for)."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    path = parts.path.lower()
    segments = [p for p in path.split("/") if p]
    section = len(segments) == 1 and segments[0].isalpha()  # /blog/, /news: a site's part
    return not segments or section or path.endswith(_FEED_ENDINGS) or "feed" in segments


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def update_summary(results: Sequence[UpdateResult]) -> str:
    """One status-bar line for a round of updates."""
    saved = sum(r.saved for r in results)
    failed = [r for r in results if not r.ok and r.error != "cancelled"]
    text = f"Feeds updated: {_plural(saved, 'new story')}" if results else "No feed was due"
    if failed:
        text += f"; {_plural(len(failed), 'feed')} could not be updated"
    return text


class FeedCommands(QObject):
    """Everything done to feeds from the window.  GUI thread only.

    Signals:
        message(str, int): a short note for the status bar, and how long it stays (ms).
        failed(object): a feed command failed (a ReaderError).
        subscribed(int): a feed was added (its id); its stories are saved.
        updated(): a round of updates finished (the counts and the list follow).
        changed(): a feed was renamed, tagged, paused, removed or imported.
        savePage(str): this address from the link field is to be saved as a page (it
            is no feed, or the person chose the page).
    """

    message = Signal(str, int)
    savePage = Signal(str)
    failed = Signal(object)
    subscribed = Signal(int)
    updated = Signal()
    changed = Signal()

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        navigation: Navigation,
        save_commands: SaveCommands,
        actions: WindowActions,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.navigation = navigation
        self.window = window
        self.updating = False
        self.question: QMessageBox | None = None  # "Subscribe to this site's feed?"
        self.context_menu: QMenu | None = None  # a feed's, the last one opened
        self._update_task: Task | None = None
        a = self._action
        self.update_now = a("Update &Feeds Now", "Shift+F5")
        self.import_opml = a("&Import Feeds (OPML)…")
        self.export_opml = a("E&xport Feeds (OPML)…")
        self.rename = a("&Rename Feed…")
        self.retag = a("&Tags for New Stories…")
        self.pause = a("&Pause Updates")
        self.remove = a("Re&move Feed…")
        self.update_now.triggered.connect(lambda: self.update_feeds(announce=True))
        self.import_opml.triggered.connect(self.choose_opml_to_import)
        self.export_opml.triggered.connect(self.choose_opml_to_export)
        self._menu_feed: int | None = None  # the feed a context menu was opened on
        self.rename.triggered.connect(self._rename_asked)
        self.retag.triggered.connect(self._retag_asked)
        self.pause.triggered.connect(self._pause_asked)
        self.remove.triggered.connect(self._remove_asked)
        self.timer = QTimer(self)
        self.timer.setInterval(UPDATE_CHECK_MS)
        self.timer.timeout.connect(self.update_feeds)
        self.install(actions.file_menu, actions.quit)
        save_commands.offer = self.offer
        self.savePage.connect(lambda address: save_commands.save_targets([address]))
        self.updated.connect(self.changed)
        navigation.countsLoaded.connect(self._first_counts)
        navigation.sidebar.customContextMenuRequested.connect(self._sidebar_menu)

    def _action(self, text: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(shortcut)
        self.window.addAction(action)
        return action

    def install(self, file_menu: QMenu, before: QAction) -> None:
        """Update Now, Import and Export in the File menu, above ``before`` (Quit)."""
        file_menu.insertActions(before, [self.update_now, self.import_opml, self.export_opml])
        file_menu.insertSeparator(before)

    @Slot()
    def _first_counts(self) -> None:
        if not self.timer.isActive():
            self.start()

    @Slot(QPoint)
    def _sidebar_menu(self, pos: QPoint) -> None:
        sidebar = self.navigation.sidebar
        index = sidebar.indexAt(pos)
        feed_id = self.navigation.feed_at(index)
        if feed_id is not None:
            sidebar.setCurrentIndex(index)
            self.menu(feed_id, sidebar.viewport().mapToGlobal(pos))

    def start(self) -> None:
        """Background updates from now on (the first one shortly after the start)."""
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.update_feeds)

    def stop(self) -> None:
        self.timer.stop()
        if self._update_task is not None:
            self._update_task.cancel()

    # --- updating -------------------------------------------------------------------------

    @Slot()
    def update_feeds(self, announce: bool = False) -> None:
        """Update the feeds that are due (a round already running is not doubled);
        ``announce``: say so even when none was due (the person asked)."""
        if self.updating:
            return
        self.updating = True
        feeds = self.library.feeds
        holder: list[Task] = []

        def work(_: Progress) -> list[UpdateResult]:
            return feeds.update(cancelled=lambda: bool(holder) and holder[0].cancelled)

        def done(results: list[UpdateResult]) -> None:
            self.updating = False
            if results or announce:
                self.message.emit(update_summary(results), 6000)
            self.updated.emit()

        def failed(exc: ReaderError) -> None:
            self.updating = False
            self.failed.emit(exc)
            self.updated.emit()

        task = self.runner.submit(work, done, failed, name="feed update", network=True)
        holder.append(task)
        self._update_task = task

    # --- subscribing from the link field -----------------------------------------------------

    def offer(self, text: str) -> bool:
        """The link field holds ``text``: True when it is taken here (a site's or a feed's
        address, looked at on a worker: the person is asked, or it is saved as a page)."""
        address = text.strip()
        if len(address.split()) != 1 or not may_be_feed_or_site(address):
            return False
        feeds = self.library.feeds

        def work(_: Progress) -> tuple[str, str] | None:
            try:
                return feeds.find(address)
            except NotAFeedError:
                return None

        def done(found: tuple[str, str] | None) -> None:
            self.message.emit("", 0)  # "Looking for a feed…" is over
            followed = self._followed(found[0]) if found is not None else None
            if found is None:
                self.savePage.emit(address)
            elif followed is not None:
                self.message.emit(f"You already follow {followed.title}", 6000)
                self.navigation.show_feed(followed.id)
            else:
                self.ask(address, *found)

        def failed(_exc: ReaderError) -> None:
            self.message.emit("", 0)
            self.savePage.emit(address)  # the save says what went wrong

        self.message.emit(f"Looking for a feed at {address[:80]}…", 4000)
        self.runner.submit(work, done, failed, name="find feed", network=True)
        return True

    def _followed(self, feed_url: str) -> Feed | None:
        counts = self.navigation.counts
        feeds = counts.feeds if counts is not None else []
        return next((f for f in feeds if f.url == feed_url), None)

    def ask(self, address: str, feed_url: str, title: str) -> None:
        """ "Subscribe to this site's feed?" (answered later: the window stays live)."""
        box = QMessageBox(self.window)
        box.setWindowTitle("Subscribe")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("Subscribe to this site's feed?")
        box.setInformativeText(
            f"“{title or feed_url}”\n{feed_url}\n\n"
            "Each new story is saved whole for reading offline."
        )
        subscribe = box.addButton("Subscribe", QMessageBox.ButtonRole.AcceptRole)
        page = None
        if feed_url.rstrip("/") != address.rstrip("/"):
            page = box.addButton("Save This Page", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(subscribe)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is subscribe:
                self.subscribe(feed_url)
            elif page is not None and clicked is page:
                self.savePage.emit(address)
            self.question = None
            box.deleteLater()

        box.finished.connect(answered)
        self.question = box
        box.open()

    def subscribe(self, address: str, tags: Sequence[str] = ()) -> None:
        feeds = self.library.feeds

        def work(_: Progress) -> Subscribed:
            return feeds.add(address, tags)

        def done(sub: Subscribed) -> None:
            saved = sub.first.saved
            self.message.emit(
                f"Subscribed to {sub.feed.title}: {_plural(saved, 'story')} saved", 6000
            )
            self.subscribed.emit(sub.feed.id)
            self.changed.emit()
            self.navigation.show_feed(sub.feed.id)

        self.message.emit(f"Subscribing to {address[:80]}…", 0)
        self.runner.submit(work, done, self.failed.emit, name="subscribe", network=True)

    # --- one feed ------------------------------------------------------------------------

    def menu(self, feed_id: int, at: QPoint) -> None:
        """The context menu of a feed in the sidebar."""
        feed = self._feed(feed_id)
        self._menu_feed = feed_id
        self.pause.setText(
            "&Resume Updates" if feed is not None and feed.paused else "&Pause Updates"
        )
        menu = QMenu(self.window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addActions([self.update_now, self.rename, self.retag, self.pause])
        menu.addSeparator()
        menu.addAction(self.remove)
        self.context_menu = menu
        menu.destroyed.connect(self._menu_gone)
        menu.popup(at)

    @Slot()
    def _menu_gone(self) -> None:
        self.context_menu = None

    def _feed(self, feed_id: int) -> Feed | None:
        counts = self.navigation.counts
        feeds = counts.feeds if counts is not None else []
        return next((f for f in feeds if f.id == feed_id), None)

    def _target(self) -> Feed | None:
        feed_id = self._menu_feed if self._menu_feed is not None else self.navigation.feed
        return None if feed_id is None else self._feed(feed_id)

    def set_feed(
        self,
        feed_id: int,
        *,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        paused: bool | None = None,
    ) -> None:
        """Rename, retag, pause or resume a feed (``Feeds.set``) on a worker."""
        feeds = self.library.feeds

        def work(_: Progress) -> Feed:
            return feeds.set(feed_id, title=title, tags=tags, paused=paused)

        def done(_feed: Feed) -> None:
            self.changed.emit()

        self.runner.submit(work, done, self.failed.emit, name="feed change")

    def remove_feed(self, feed_id: int, keep_articles: bool) -> None:
        feeds = self.library.feeds

        def work(_: Progress) -> Removed:
            return feeds.remove(feed_id, keep_articles=keep_articles)

        def done(removed: Removed) -> None:
            kept = f"; {_plural(removed.kept, 'story')} kept" if removed.kept else ""
            self.message.emit(f"Feed removed with {_plural(removed.removed, 'story')}{kept}", 6000)
            if self.navigation.feed == feed_id:
                self.navigation.show_view(View.ALL)
            self.changed.emit()

        self.runner.submit(work, done, self.failed.emit, name="remove feed")

    @Slot()
    def _rename_asked(self) -> None:
        feed = self._target()
        if feed is None:
            return
        title, ok = QInputDialog.getText(self.window, "Rename Feed", "Name:", text=feed.title)
        if ok and title.strip() and title.strip() != feed.title:
            self.set_feed(feed.id, title=title)

    @Slot()
    def _retag_asked(self) -> None:
        feed = self._target()
        if feed is None:
            return
        text, ok = QInputDialog.getText(
            self.window,
            "Tags for New Stories",
            f"Tags given to each new story of “{feed.title}” (separated by commas):",
            text=", ".join(feed.tags),
        )
        if ok:
            self.set_feed(feed.id, tags=[t.strip() for t in text.split(",") if t.strip()])

    @Slot()
    def _pause_asked(self) -> None:
        feed = self._target()
        if feed is not None:
            self.set_feed(feed.id, paused=not feed.paused)

    @Slot()
    def _remove_asked(self) -> None:
        feed = self._target()
        if feed is None:
            return
        box = QMessageBox(self.window)
        box.setWindowTitle("Remove Feed")
        box.setText(f"Stop following “{feed.title}”?")
        box.setInformativeText(
            "Its stories you never opened, starred, tagged or highlighted go with it."
        )
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Remove, Keep Stories", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() in (remove, keep):
            self.remove_feed(feed.id, keep_articles=box.clickedButton() is keep)

    # --- OPML --------------------------------------------------------------------------------

    @Slot()
    def choose_opml_to_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import Feeds", "", "Feed lists (*.opml *.xml);;All files (*)"
        )
        if path:
            self.import_file(Path(path))

    @Slot()
    def choose_opml_to_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export Feeds", "feeds.opml", "Feed lists (*.opml)"
        )
        if path:
            self.export_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Subscribe to every feed of an OPML file; their stories come with the update
        that follows."""
        feeds = self.library.feeds

        def work(_: Progress) -> Imported:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ImportFileError(f"{path.name} could not be read ({exc.strerror})") from exc
            return feeds.import_opml(data)

        def done(result: Imported) -> None:
            text = f"Imported {_plural(len(result.added), 'feed')}"
            if result.existed:
                text += f", {len(result.existed)} followed already"
            if result.failed:
                text += f", {len(result.failed)} could not be added"
            self.message.emit(text, 8000)
            self.changed.emit()
            if result.added:
                self.update_feeds()

        self.runner.submit(work, done, self.failed.emit, name="import feeds")

    def export_file(self, path: Path) -> None:
        feeds = self.library.feeds

        def work(_: Progress) -> int:
            data = feeds.export_opml()
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise ExportError(f"{path.name} could not be written ({exc.strerror})") from exc
            return len(feeds.all())

        def done(n: int) -> None:
            self.message.emit(f"Exported {_plural(n, 'feed')} to {path.name}", 6000)

        self.runner.submit(work, done, self.failed.emit, name="export feeds")
