"""Find in source: a bar with the query, previous/next, "3 of 7" and close.

Matching ignores case, accents and typographic quotes (the same folding as card names), and
wraps around at either end. Enter is next, Shift+Enter previous, Esc closes. The bar says what
to highlight and select; the text view does the showing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from osint_desk.core.extract import FoldedText
from osint_desk.ui.reader.marks import Span, utf16_positions


class FindBar(QWidget):
    """Searches one text as the user types; reports all matches and the current one."""

    matches_changed = Signal(list)  # every match, as Spans in UTF-16 positions
    match_selected = Signal(int, int)  # the current match, UTF-16 start and end
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find in source")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in this source (Enter: next, Shift+Enter: previous)")
        self.edit.setAccessibleName("Find text")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(lambda _text: self.search())
        self._text = FoldedText("")
        self.matches: list[Span] = []
        self.current = -1
        self.anchor = 0  # UTF-16 position: the first match at or after it is shown first
        self.previous_button = self._button("Previous", "Previous match (Shift+Enter)", -1)
        self.next_button = self._button("Next", "Next match (Enter)", +1)
        self.count = QLabel("")
        self.count.setAccessibleName("Matches")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999 of 999") + 8)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close the find bar")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.clicked.connect(self.close_bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 12, 4)
        row.setSpacing(6)
        row.addWidget(QLabel("Find:"))
        row.addWidget(self.edit, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.count)
        row.addWidget(self.close_button)
        self.setFocusProxy(self.edit)

    def _button(self, text: str, tip: str, direction: int) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (", maxsplit=1)[0])
        button.clicked.connect(lambda: self.step(direction))
        return button

    def query(self) -> str:
        return self.edit.text()

    def set_text(self, text: FoldedText) -> None:
        """The text to search (already folded once by the reader)."""
        self._text = text

    def open_bar(self, prefill: str = "", anchor: int = 0) -> None:
        """Show the bar with focus in the query; search from ``anchor`` onwards."""
        self.anchor = anchor
        self.show()
        if prefill and prefill != self.query():
            self.edit.setText(prefill)  # searches
        else:
            self.search()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.matches, self.current = [], -1
        self.matches_changed.emit([])
        self.closed.emit()

    def search(self, move: bool = True) -> None:
        """Find every match of the query; show the first one after the anchor."""
        query = self.query()
        found = self._text.find_all(query) if query and not self.isHidden() else []
        at = utf16_positions(self._text.text, [offset for span in found for offset in span])
        self.matches = [Span(at[start], at[end], "", "") for start, end in found]
        self.current = -1
        self.matches_changed.emit(self.matches)
        if self.matches and move:
            after = [i for i, span in enumerate(self.matches) if span.start >= self.anchor]
            self._select(after[0] if after else 0)
        self._show_count()

    def step(self, direction: int) -> None:
        """Next (+1) or previous (-1) match, wrapping around the ends."""
        if not self.matches:
            return
        if self.current < 0:
            index = 0 if direction > 0 else len(self.matches) - 1
        else:
            index = (self.current + direction) % len(self.matches)
        self._select(index)

    def _select(self, index: int) -> None:
        self.current = index
        self.anchor = self.matches[index].start
        self.match_selected.emit(self.matches[index].start, self.matches[index].end)
        self._show_count()

    def _show_count(self) -> None:
        total = len(self.matches)
        if not self.query():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self.current + 1} of {total}" if self.current >= 0
                               else f"{total} found")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if shift else +1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
