"""Editing tags: a comma-separated field that completes the tag being typed.  GUI thread only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Slot
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(" ".join(t.split()) for t in text.split(",") if t.strip()))


class TagLineEdit(QLineEdit):
    """A line edit for ``tag, tag, ...`` whose completer completes the last tag."""

    def __init__(self, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The model needs a parent: a bare one would be deleted with its Python wrapper.
        self._completer = QCompleter(QStringListModel(list(known), self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._update_prefix)

    def completer_model(self) -> QStringListModel:
        model = self._completer.model()
        assert isinstance(model, QStringListModel)
        return model

    @Slot(str)
    def _update_prefix(self, text: str) -> None:
        prefix = text.rsplit(",", 1)[-1].strip()
        if not prefix:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    @Slot(str)
    def _insert(self, tag: str) -> None:
        head = self.text().rsplit(",", 1)[0] if "," in self.text() else ""
        self.setText((head + ", " if head else "") + tag + ", ")


class TagDialog(QDialog):
    """Edit the tags of one or more articles; ``tags()`` is what the field holds."""

    def __init__(
        self, count: int, current: Sequence[str], known: Sequence[str], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Tags")
        what = "this article" if count == 1 else f"the {count} selected articles"
        label = QLabel(f"Tags of {what}, separated by commas:")
        self.field = TagLineEdit(known, self)
        self.field.setText(", ".join(current) + (", " if current else ""))
        self.field.setMinimumWidth(360)
        hint = QLabel("Removing a tag here removes it from every selected article.")
        hint.setEnabled(False)
        hint.setVisible(count > 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.field)
        box.addWidget(hint)
        box.addWidget(buttons)

    def tags(self) -> list[str]:
        return split_tags(self.field.text())
