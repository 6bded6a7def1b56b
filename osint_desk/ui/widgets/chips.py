"""Tags and linked cards shown as removable chips that wrap to the width of a narrow dock."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from osint_desk.core.model import ENTITY_TYPE_LABELS


class FlowLayout(QLayout):
    """Lays children left to right and wraps, like words (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

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

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


def focus_within(widget: QWidget) -> bool:
    """True when keyboard focus is on ``widget`` or one of its children."""
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def _clear(layout: QLayout) -> None:
    # deleteLater, not now: the chip whose button was clicked may still be emitting.
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class _Chip(QFrame):
    """A name with a small remove button."""

    def __init__(self, text: str, remove_name: str, parent: QWidget | None = None,
                 *, link: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("chip")
        self.setStyleSheet("#chip { border: 1px solid palette(mid); border-radius: 9px; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 0, 0)
        row.setSpacing(0)
        self.label = QPushButton(text)
        self.label.setFlat(True)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor if link
                             else Qt.CursorShape.ArrowCursor)
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus if link else Qt.FocusPolicy.NoFocus)
        self.label.setStyleSheet(
            "QPushButton { border: none; padding: 1px 2px; text-align: left; }")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setAccessibleName(remove_name)
        self.remove.setToolTip(remove_name)
        row.addWidget(self.label)
        row.addWidget(self.remove)


class TagEditor(QWidget):
    """Tags of one record: chips with ✕, then a field to add one (completes known tags)."""

    add_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self._chips: list[_Chip] = []
        self._editable = True
        self.flow = FlowLayout(self)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Add a tag…")
        self.field.setAccessibleName("Add a tag")
        self.field.setMinimumWidth(140)
        self.field.setMaximumWidth(220)
        self.field.returnPressed.connect(self._add)
        self.completer_ = QCompleter([], self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(self.completer_)
        self.flow.addWidget(self.field)

    def set_tags(self, tags: list[str], known: list[str] | None = None) -> None:
        if known is not None:
            self.completer_.model().setStringList(known)  # type: ignore[attr-defined]
        if tags == self._tags:
            return
        had_focus = focus_within(self) and not self.field.hasFocus()
        self._tags = list(tags)
        self.flow.takeAt(self.flow.count() - 1)  # the field, put back after the chips
        _clear(self.flow)
        self._chips = []
        for name in tags:
            chip = _Chip(name, f"Remove tag {name}")
            chip.remove.clicked.connect(lambda _c=False, n=name: self.remove_requested.emit(n))
            chip.remove.setVisible(self._editable)
            self.flow.addWidget(chip)
            self._chips.append(chip)
        self.flow.addWidget(self.field)
        self.updateGeometry()
        if had_focus:
            self.field.setFocus()

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.field.setVisible(editable)
        for chip in self._chips:
            chip.remove.setVisible(editable)

    def _add(self) -> None:
        name = " ".join(self.field.text().split())
        if name:
            self.field.clear()
            self.add_requested.emit(name)


class LinkedCards(QWidget):
    """The cards an excerpt mentions: each opens its card, or is unlinked with ✕."""

    activated = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: list[tuple[str, str, str]] = []
        self._chips: list[_Chip] = []
        self.flow = FlowLayout(self)
        self.setAccessibleName("Linked cards")

    def set_cards(self, cards: list[tuple[str, str, str]], *, editable: bool = True) -> bool:
        """``cards`` as (id, name, type); returns True when focus was inside and got lost."""
        if cards == self._shown:
            for chip in self._chips:
                chip.remove.setVisible(editable)
            return False
        had_focus = focus_within(self)
        self._shown = list(cards)
        _clear(self.flow)
        self._chips = []
        for entity_id, name, schema in cards:
            chip = _Chip(name, f"Unlink {name}", link=True)
            chip.label.setToolTip(f"{ENTITY_TYPE_LABELS.get(schema, schema)} — open the card")
            chip.label.setAccessibleName(f"Open card {name}")
            chip.label.clicked.connect(lambda _c=False, e=entity_id: self.activated.emit(e))
            chip.remove.clicked.connect(
                lambda _c=False, e=entity_id: self.remove_requested.emit(e))
            chip.remove.setVisible(editable)
            self.flow.addWidget(chip)
            self._chips.append(chip)
        self.updateGeometry()
        return had_focus

    def card_ids(self) -> list[str]:
        return [card[0] for card in self._shown]

    def chip_for(self, entity_id: str) -> _Chip | None:
        """The chip showing a card (for keyboard and mouse access in tests and callers)."""
        for card, chip in zip(self._shown, self._chips, strict=True):
            if card[0] == entity_id:
                return chip
        return None
