"""Editing tags: chips for the tags an article has, a field that completes new ones.

Each tag is a chip with a remove button; typing a name and pressing Enter (or a comma)
adds it, with completion from the library's tags; Backspace in the empty field removes
the last chip.  GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(" ".join(t.split()) for t in text.split(",") if t.strip()))


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to a new line (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class TagLineEdit(QLineEdit):
    """The field for a new tag, completing from the library's tags.

    Signals:
        tagEntered(str): Enter or a comma finished a tag.
        backspaceOnEmpty(): Backspace was pressed with nothing typed.
        doneTyping(): Enter was pressed with nothing typed (the editing is done).
    """

    tagEntered = Signal(str)
    backspaceOnEmpty = Signal()
    doneTyping = Signal()

    def __init__(self, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The model needs a parent: a bare one would be deleted with its Python wrapper.
        self._completer = QCompleter(QStringListModel(list(known), self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._enter)
        self.textEdited.connect(self._on_edited)
        self.returnPressed.connect(lambda: self._enter(self.text()))

    def completer_model(self) -> QStringListModel:
        model = self._completer.model()
        assert isinstance(model, QStringListModel)
        return model

    @Slot(str)
    def _on_edited(self, text: str) -> None:
        if "," in text:
            for name in split_tags(text):
                self._enter(name)
            return
        prefix = text.strip()
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
    def _enter(self, name: str) -> None:
        name = " ".join(name.split())
        self.clear()
        self._hide_popup()
        if name:
            self.tagEntered.emit(name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.backspaceOnEmpty.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.text():
            self.doneTyping.emit()
            return
        super().keyPressEvent(event)


class TagChip(QToolButton):
    """One tag, shown as a chip; clicking it removes it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("tagChip")
        self.setText(f"{name}  ✕")
        self.setToolTip(f"Remove “{name}”")
        self.setAccessibleName(f"Tag {name}, press to remove")


class TagEditor(QWidget):
    """Chips and a field: add and remove tags in one place.  GUI thread only.

    Signals:
        changed(): a tag was added or removed.
    """

    changed = Signal()

    def __init__(
        self, current: Sequence[str], known: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.chips: list[TagChip] = []
        self.flow = FlowLayout()
        chips = QWidget()
        chips.setLayout(self.flow)
        self.field = TagLineEdit(known, self)
        self.field.setPlaceholderText("Add a tag…")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(chips)
        box.addWidget(self.field)
        for name in current:
            self.add(name)
        self.field.tagEntered.connect(self.add)
        self.field.backspaceOnEmpty.connect(self.remove_last)

    def tags(self) -> list[str]:
        """The chips' tags, and the one still being typed."""
        names = [c.name for c in self.chips] + split_tags(self.field.text())
        return list(dict.fromkeys(names))

    @Slot(str)
    def add(self, name: str) -> None:
        if any(c.name.casefold() == name.casefold() for c in self.chips):
            return
        chip = TagChip(name, self)
        chip.clicked.connect(lambda: self.remove(chip))
        self.chips.append(chip)
        self.flow.addWidget(chip)
        self.changed.emit()

    def remove(self, chip: TagChip) -> None:
        if chip in self.chips:
            self.chips.remove(chip)
            self.flow.removeWidget(chip)
            chip.deleteLater()
            self.field.setFocus()
            self.changed.emit()

    @Slot()
    def remove_last(self) -> None:
        if self.chips:
            self.remove(self.chips[-1])


class TagDialog(QDialog):
    """Edit the tags of one or more articles; ``tags()`` is what the editor holds."""

    def __init__(
        self, count: int, current: Sequence[str], known: Sequence[str], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Tags")
        what = "this article" if count == 1 else f"the {count} selected articles"
        label = QLabel(f"Tags of {what}:")
        self.editor = TagEditor(current, known, self)
        self.editor.setMinimumWidth(360)
        self.field = self.editor.field
        hint = QLabel("Removing a tag here removes it from every selected article.")
        hint.setEnabled(False)
        hint.setVisible(count > 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # Enter in the field adds a tag; OK is pressed, not defaulted.
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setAutoDefault(False)
            ok.setDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.field.doneTyping.connect(self.accept)
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.editor)
        box.addWidget(hint)
        box.addWidget(buttons)
        self.field.setFocus()

    def tags(self) -> list[str]:
        return self.editor.tags()
