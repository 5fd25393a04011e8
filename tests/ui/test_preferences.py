"""Preferences: the look applies at once; the limits go to reader.toml, checked."""

from __future__ import annotations

import pytest
from conftest import MakeWindow
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.settings import CONFIG_NAME, read_limits
from reader.ui.settings import Theme
from reader.ui.themes import DARK

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def test_the_look_applies_at_once_and_the_limits_are_saved_checked(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    window = make_window()
    window.window_actions.preferences.trigger()
    dialog = window.preferences
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.DARK))
    assert window.settings.theme is Theme.DARK
    assert window.article_view.colors is DARK
    assert window.window_actions.themes[Theme.DARK].isChecked()
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(22))
    assert window.settings.font_size == 22

    field = dialog.fields[("save", "max_images")]
    assert isinstance(field, QSpinBox) and field.value() == 60  # the default
    field.setValue(12)
    with qtbot.waitSignal(dialog.limitsSaved):
        dialog.save_limits()
    path = library.folder / CONFIG_NAME
    assert path.read_text("utf-8").strip() == "[save]\nmax_images = 12"  # changes only
    assert read_limits(library.folder)["save"].max_images == 12  # as Library.open reads it
    dialog.close()


def test_a_broken_reader_toml_is_named_and_left_alone(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    window = make_window()
    path = library.folder / CONFIG_NAME
    path.write_text("[save]\nmax_images = -3\n", "utf-8")
    window.show_preferences()
    dialog = window.preferences
    assert "max_images must be a number above 0" in dialog.status.text()
    dialog.fields[("fetch", "total_timeout")].setValue(90.0)
    dialog.fields[("save", "max_images")].setValue(70)
    dialog.save_limits()
    assert read_limits(library.folder)["fetch"].total_timeout == 90.0  # replaced whole
    dialog.close()
