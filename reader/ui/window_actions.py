"""The window's actions, menus and toolbar, and which of them apply right now.

``WindowActions`` makes every ``QAction`` (with its shortcut and icon name), the menu
bar, the toolbar with the link and search fields, and the list's and sidebar's context
menus.  It connects nothing: the window wires each action's ``triggered`` in its
``_connect_signals``.  ``update_state`` sets what is enabled, checked and how the toggles
read for the current selection.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu, QToolBar, QToolButton, QWidget

from reader.models import Article, ArticleSummary, SortKey
from reader.ui.icons import icon
from reader.ui.settings import LINE_SPACINGS, FontKind, Theme
from reader.ui.sidebar import VIEW_LABELS, View
from reader.ui.themes import Colors

T = TypeVar("T")

SORT_LABELS = {
    SortKey.SAVED: ("Date &Saved", "Newest saved ▾"),
    SortKey.PUBLISHED: ("Date &Published", "Newest published ▾"),
    SortKey.OLDEST: ("&Oldest Saved First", "Oldest saved ▾"),
    SortKey.LONGEST: ("&Longest First", "Longest ▾"),
    SortKey.SHORTEST: ("S&hortest First", "Shortest ▾"),
    SortKey.SITE: ("Si&te, A to Z", "By site ▾"),
}


class WindowActions:
    """Every action of the window, its menus and its toolbar.  GUI thread only.

    Actions live on ``window`` (so their shortcuts work window-wide); triggered signals
    are the window's to connect.
    """

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        a = self._action
        K = QKeySequence.StandardKey
        self.add = a("&Save Link…", "Ctrl+L", "add", tip="Save a link (Ctrl+L)")
        self.open_file = a("&Open HTML File…", K.Open)
        self.paste = a("Save Links from &Clipboard", K.Paste)
        self.quit = a("&Quit", K.Quit)
        # import, export, backups (reader/ui/import_commands.py, export_commands.py)
        self.import_file = a("&Import…", "Ctrl+Shift+I", tip="Import an export of Pocket, …")
        self.export = a("&Export…", "Ctrl+Shift+E", tip="Export articles to a file")
        self.backup_now = a("&Back Up Now…")
        self.restore_backup = a("&Restore from Backup…")
        self.export_epub = a("Export as &EPUB…")
        self.export_markdown = a("Export as &Markdown…")
        self.export_html = a("Export as &HTML…")
        self.undo = a("&Undo", K.Undo)  # its name follows what it would undo
        self.copy_link = a("Copy &Link", "Ctrl+Shift+C")
        self.find = a("&Find…", K.Find, "search")
        self.preferences = a("&Preferences…", K.Preferences)
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        if not self.preferences.shortcuts():  # no platform key for it (Linux): Ctrl+,
            self.preferences.setShortcut(QKeySequence("Ctrl+,"))
        self.next = a("&Next Article", "J")
        self.next.setShortcuts([QKeySequence("J"), QKeySequence("N")])
        self.prev = a("&Previous Article", "K")
        self.prev.setShortcuts([QKeySequence("K"), QKeySequence("P")])
        self.open = a("&Read Article", "Return")
        self.open.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.read = a("Mark as &Read", "M", "read")
        self.favourite = a("&Favourite", "S", "star", True, "Add to favourites (S)")
        self.archive = a("&Archive", "E", "archive", True, "Archive (E)")
        self.tags = a("Edit &Tags…", "T", "tag", tip="Edit tags (T)")
        self.delete = a("&Delete", K.Delete, "trash", tip="Delete (Del)")
        self.original = a(
            "Open &Original in Browser",
            "O",
            "external",
            tip="Open the original page in your browser (O)",
        )
        self.refetch = a("Re-&fetch", K.Refresh, "refresh", tip="Download the article again")
        self.rename_tag = a("&Rename or Merge Tag…")
        self.delete_tag = a("&Delete Tag…")
        self.welcome = a("&Welcome Guide")
        self.shortcuts = a("&Keyboard Shortcuts", K.HelpContents)
        self.shortcuts.setShortcuts([QKeySequence(K.HelpContents), QKeySequence("Ctrl+/")])
        self.about = a("&About Reader")
        self.bigger = a("&Bigger Text", K.ZoomIn)
        self.smaller = a("&Smaller Text", K.ZoomOut)
        self.reset_size = a("&Actual Size", "Ctrl+0")
        self.focus_mode = a("&Hide Sidebar and List", "Ctrl+Shift+F", checkable=True)
        self.full_screen = a("&Full Screen", K.FullScreen, checkable=True)
        self.full_screen.setShortcuts([QKeySequence("F11"), QKeySequence(K.FullScreen)])
        self.views = {
            view: a(VIEW_LABELS[view], f"Ctrl+{i}") for i, view in enumerate(View, start=1)
        }
        self.themes = self._choices(
            [
                (Theme.SYSTEM, "Match &System"),
                (Theme.LIGHT, "&Light"),
                (Theme.SEPIA, "Se&pia"),
                (Theme.DARK, "&Dark"),
            ]
        )
        self.fonts = self._choices([(FontKind.SERIF, "Se&rif"), (FontKind.SANS, "Sa&ns Serif")])
        self.spacings = self._choices([(key, key.capitalize()) for key in LINE_SPACINGS])
        self.sorts = self._choices([(key, labels[0]) for key, labels in SORT_LABELS.items()])
        # Letter keys are safe window-wide (text fields take typed letters first), but
        # Return belongs to the list: in the link and search fields it submits.
        window.removeAction(self.open)
        self.open.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.sort_button = QToolButton()
        self.sort_button.setObjectName("sortButton")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_button.setAutoRaise(True)
        self._build_menus()
        self.toolbar = self._build_toolbar()

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        checkable: bool = False,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if checkable:
            action.setCheckable(True)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon_name:
            action.setData(icon_name)
        self.window.addAction(action)
        return action

    def _choices(self, items: list[tuple[T, str]]) -> dict[T, QAction]:
        """Checkable actions of which one is on at a time."""
        group = QActionGroup(self.window)
        actions: dict[T, QAction] = {}
        for value, label in items:
            act = self._action(label, checkable=True)
            group.addAction(act)
            actions[value] = act
        return actions

    @property
    def article_actions(self) -> tuple[QAction, ...]:
        """The actions that need an article (selected, or in the pane)."""
        return (
            self.read,
            self.favourite,
            self.archive,
            self.tags,
            self.delete,
            self.original,
            self.copy_link,
            self.refetch,
        )

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        file = bar.addMenu("&File")
        self.file_menu = file
        file.addActions([self.add, self.open_file, self.paste])
        file.addSeparator()
        file.addActions([self.import_file, self.export])
        file.addSeparator()
        file.addActions([self.backup_now, self.restore_backup])
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo])
        edit.addSeparator()
        edit.addActions([self.copy_link, self.find])
        edit.addSeparator()
        edit.addAction(self.preferences)
        view = self.view_menu = bar.addMenu("&View")  # (highlight_part adds to it)
        view.addActions(list(self.views.values()))
        view.addSeparator()
        view.addActions([self.focus_mode, self.full_screen])
        view.addSeparator()
        sort = view.addMenu("Sort &By")
        sort.addActions(list(self.sorts.values()))
        self.sort_button.setMenu(sort)
        view.addSeparator()
        theme = view.addMenu("&Theme")
        theme.addActions(list(self.themes.values()))
        font = view.addMenu("&Font")
        font.addActions(list(self.fonts.values()))
        spacing = view.addMenu("&Line Spacing")
        spacing.addActions(list(self.spacings.values()))
        view.addActions([self.bigger, self.smaller, self.reset_size])
        self.typography_menu = QMenu("Reading Settings", self.window)
        self.typography_menu.addMenu(theme)
        self.typography_menu.addMenu(font)
        self.typography_menu.addMenu(spacing)
        self.typography_menu.addSeparator()
        self.typography_menu.addActions([self.bigger, self.smaller, self.reset_size])
        article = self.article_menu = bar.addMenu("&Article")
        article.addActions([self.next, self.prev, self.open])
        article.addSeparator()
        article.addActions([self.read, self.favourite, self.archive, self.tags, self.delete])
        article.addSeparator()
        article.addActions([self.original, self.copy_link, self.refetch])
        article.addSeparator()
        article.addActions([self.export_epub, self.export_markdown, self.export_html])
        tags = bar.addMenu("&Tags")
        tags.addActions([self.tags, self.rename_tag, self.delete_tag])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.welcome, self.shortcuts, self.about])

    def _build_toolbar(self) -> QToolBar:
        tb = self.window.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setFloatable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.add_field = QLineEdit()
        self.add_field.setObjectName("addField")
        self.add_field.setPlaceholderText("Paste a link to save  (Ctrl+L)")
        self.add_field.setClearButtonEnabled(True)
        self.add_field.setMinimumWidth(160)
        self.add_field.setMaximumWidth(440)
        self.add_field.setAccessibleName("Link to save")
        tb.addWidget(self.add_field)
        tb.addAction(self.add)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Fixed)
        tb.addWidget(spacer)
        for act in (self.read, self.favourite, self.archive, self.tags, self.delete):
            tb.addAction(act)
        tb.addAction(self.original)
        self.text_button = QToolButton()
        self.text_button.setMenu(self.typography_menu)
        self.text_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.text_button.setToolTip("Reading settings: theme, font, size")
        tb.addWidget(self.text_button)
        tb.addSeparator()
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(140)
        self.search_field.setMaximumWidth(300)
        self.search_field.setAccessibleName("Search articles")
        self.search_field.setToolTip("Words to find; filters: tag:NAME site:NAME is:unread")
        tb.addWidget(self.search_field)
        return tb

    def list_menu(self, parent: QWidget, at: QPoint) -> None:
        """The context menu of an article row."""
        menu = QMenu(parent)
        menu.addActions([self.read, self.favourite, self.archive, self.tags])
        menu.addSeparator()
        menu.addActions([self.original, self.copy_link, self.refetch])
        menu.addSeparator()
        menu.addAction(self.delete)
        menu.popup(at)

    def tag_menu(self, parent: QWidget, at: QPoint) -> None:
        """The context menu of a tag in the sidebar."""
        menu = QMenu(parent)
        menu.addActions([self.rename_tag, self.delete_tag])
        menu.popup(at)

    def set_icons(self, colors: Colors) -> None:
        for act in self.window.findChildren(QAction):
            name = act.data()
            if isinstance(name, str):
                act.setIcon(icon(name, colors.text))
        self.text_button.setIcon(icon("text", colors.text))

    def set_sort(self, sort: SortKey) -> None:
        self.sorts[sort].setChecked(True)
        self.sort_button.setText(SORT_LABELS[sort][1])

    def update_state(
        self,
        summaries: Sequence[ArticleSummary],
        article: Article | None,
        undo_name: str | None,
        tag_selected: bool,
        colors: Colors,
    ) -> None:
        """Enable, check and label the actions for what is selected (or shown)."""
        has = bool(summaries) or article is not None
        exports = (self.export_epub, self.export_markdown, self.export_html)
        for act in (*self.article_actions, *exports):
            act.setEnabled(has)
        if summaries:
            read = all(s.is_read for s in summaries)
            fav = all(s.favourite for s in summaries)
            arch = all(s.archived for s in summaries)
        elif article is not None:
            read, fav, arch = article.is_read, article.favourite, article.archived
        else:
            read = fav = arch = False
        self.read.setText("Mark as &Unread" if read else "Mark as &Read")
        self.read.setToolTip("Mark as unread (M)" if read else "Mark as read (M)")
        self.read.setIcon(icon("unread" if read else "read", colors.text))
        self.favourite.setChecked(fav)
        self.favourite.setText("Remove from &Favourites" if fav else "Add to &Favourites")
        self.favourite.setIcon(
            icon("star-filled" if fav else "star", colors.accent if fav else colors.text)
        )
        self.archive.setChecked(arch)
        self.archive.setText("Move to &Inbox" if arch else "&Archive")
        self.undo.setEnabled(undo_name is not None)
        self.undo.setText(f"&Undo {undo_name}" if undo_name else "&Undo")
        self.rename_tag.setEnabled(tag_selected)
        self.delete_tag.setEnabled(tag_selected)
