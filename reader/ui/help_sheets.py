"""The Help menu's windows: the keyboard shortcut sheet (F1, Ctrl+/) and About.

GUI thread only.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
)

from reader import __version__
from reader.ui.window_actions import WindowActions


def shortcut_sheet(window: QMainWindow, actions: WindowActions) -> QDialog:
    """Every action that has a key, in menu order (opened, not modal)."""
    rows = []
    seen: set[str] = set()
    for act in [*window.actions(), actions.open]:
        names = (k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
        keys = list(dict.fromkeys(names))
        name = act.text().replace("&", "").rstrip("…")
        if not keys or name in seen:
            continue
        seen.add(name)
        rows.append(
            f"<tr><td style='padding:2px 18px 2px 0'>{html.escape(name)}</td>"
            f"<td><b>{html.escape(', '.join(keys))}</b></td></tr>"
        )
    dialog = QDialog(window)
    dialog.setWindowTitle("Keyboard Shortcuts")
    label = QLabel(
        "<table>" + "".join(rows) + "</table><p>Space pages down; reaching the end of "
        "an article marks it read.</p>"
    )
    label.setObjectName("shortcutSheet")
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    box = QVBoxLayout(dialog)
    box.addWidget(area)
    box.addWidget(buttons)
    dialog.resize(480, 680)
    dialog.open()
    return dialog


def show_about(window: QMainWindow, folder: Path) -> None:
    QMessageBox.about(
        window,
        "About Reader",
        f"<h3>Reader {__version__}</h3>"
        "<p>Save news articles by their link and read them anywhere, offline.</p>"
        "<p>Articles, photos and tags are kept in your library folder:<br>"
        f"<code>{folder}</code></p>",
    )
