"""The lower half of the review queue: the suggestion in its sentence, and what to do.

The context is built as escaped HTML from the source's text (never the source's own markup)
with the span marked; the Accept button says what accepting will do ("link to Wagner Group",
"new Person card", "excerpt dated 2023-01-19") before the analyst presses it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.extract.suggestion import CARD_TYPES, NAME_KINDS
from osint_desk.core.model import ENTITY_TYPE_LABELS, ENTITY_TYPES
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.judgements import sentence_bounds
from osint_desk.ui.review.items import KIND_LABELS, STATE_LABELS, ReviewItem
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.forms import ErrorLabel

MARGIN = 240  # characters of context either side of the sentence


def context_html(text: str, start: int, end: int) -> str:
    """The sentence holding ``start:end`` with some text around it, the span marked."""
    begin, finish = sentence_bounds(text, start, end)
    begin, finish = max(0, begin - MARGIN), min(len(text), finish + MARGIN)
    before, span, after = text[begin:start], text[start:end], text[end:finish]

    def part(value: str) -> str:
        return html.escape(for_display(value)).replace("\n", "<br>")

    lead = "… " if begin > 0 else ""
    tail = " …" if finish < len(text) else ""
    return (f"{lead}{part(before)}<span style='background:#ffd54f; color:#000;"
            f" font-weight:600'>{part(span)}</span>{part(after)}{tail}")


class DecisionPanel(QWidget):
    """Context, reason and the Accept / link / Reject / Always ignore controls."""

    accept_requested = Signal(str)  # the new card's type ("" when it links or makes none)
    link_requested = Signal(str)  # a card id picked in "or link to"
    reject_requested = Signal(bool)  # always ignore
    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ReviewItem | None = None
        self.card_names: dict[str, str] = {}  # id -> name of the cards acceptances link to
        self.context = QTextBrowser()
        self.context.setOpenLinks(False)
        self.context.setOpenExternalLinks(False)
        self.context.setAccessibleName("Suggestion in context")
        self.context.setMinimumHeight(90)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton("Show in source")
        self.show_button.setToolTip("Open the source at this span")
        self.show_button.clicked.connect(self.show_requested)
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Type of the new card")
        self.type_combo.setToolTip("The type of the card accepting makes")
        for schema in ENTITY_TYPES:
            self.type_combo.addItem(ENTITY_TYPE_LABELS.get(schema, schema), schema)
        self.type_combo.currentIndexChanged.connect(self._label_accept)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(
            lambda: self.accept_requested.emit(self._new_type()))
        self.picker = CardPicker(keep_text=False)
        self.picker.setPlaceholderText("or link to a card… (L)")
        self.picker.setAccessibleName("Link to an existing card")
        self.picker.picked.connect(self.link_requested)
        self.reject_button = QPushButton("Reject (R)")
        self.reject_button.setToolTip("Never suggest this text as this kind again in this case")
        self.reject_button.clicked.connect(lambda: self.reject_requested.emit(False))
        self.ignore_button = QPushButton("Always ignore (I)")
        self.ignore_button.setToolTip("Never suggest this text as this kind again, in any case")
        self.ignore_button.clicked.connect(lambda: self.reject_requested.emit(True))
        self.error = ErrorLabel()
        self.hint = QLabel("J / K: next / previous · A: accept · L: link to a card · R: reject"
                           " · I: always ignore · Ctrl+Z: undo")
        self.hint.setEnabled(False)  # greyed: a reminder, not a control
        top = QHBoxLayout()
        top.addWidget(self.reason, 1)
        top.addWidget(self.show_button)
        actions = QHBoxLayout()
        actions.addWidget(self.type_combo)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.picker, 1)
        actions.addWidget(self.reject_button)
        actions.addWidget(self.ignore_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.context, 1)
        column.addLayout(top)
        column.addLayout(actions)
        column.addWidget(self.error)
        column.addWidget(self.hint)
        self.show_item(None, "", writable=False)

    def _new_type(self) -> str:
        item = self.item
        if item is None or item.card_id or item.suggestion.kind not in NAME_KINDS:
            return ""
        return str(self.type_combo.currentData() or "")

    def _label_accept(self, *_args: object) -> None:
        item = self.item
        if item is None:
            self.accept_button.setText("Accept (A)")
            return
        s = item.suggestion
        if item.card_id:
            name = self.card_names.get(item.card_id, "the card")
            text = f"Accept: link to {for_display(name)}"
        elif s.kind in NAME_KINDS:
            text = f"Accept: new {self.type_combo.currentText()} card"
        elif s.kind == "date" and s.value:
            text = f"Accept: excerpt dated {s.value}"
        else:
            text = "Accept: excerpt of its sentence"
        self.accept_button.setText(f"{text} (A)")

    def show_item(self, item: ReviewItem | None, text: str, *, writable: bool,
                  empty: str = "") -> None:
        """Show ``item`` in ``text`` (its source's), or ``empty`` when there is none."""
        self.item = item
        self.error.clear_error()
        self.picker.discard()
        if item is None:
            self.context.setPlainText(empty)
            self.reason.setText("")
        else:
            s = item.suggestion
            self.context.setHtml(context_html(text, s.start, s.end))
            state = STATE_LABELS.get(item.state, "")
            decided = f" — {state}" if state else ""
            value = f" = {s.value}" if s.value else ""
            self.reason.setText(for_display(
                f"{KIND_LABELS.get(s.kind, s.kind)} “{' '.join(s.text.split())}”{value}:"
                f" {s.reason} (confidence {s.confidence:.2f}) · {item.source_title}"
                f" · characters {s.start}–{s.end}{decided}"))
            schema = s.card_type or CARD_TYPES.get(s.kind)
            found = self.type_combo.findData(schema) if schema else -1
            if found >= 0:
                self.type_combo.blockSignals(True)
                self.type_combo.setCurrentIndex(found)
                self.type_combo.blockSignals(False)
        can_act = item is not None and not item.decided and writable
        names = item is not None and item.suggestion.kind in NAME_KINDS and not item.card_id
        self.type_combo.setVisible(names)
        for widget in (self.accept_button, self.picker, self.reject_button, self.ignore_button,
                       self.type_combo):
            widget.setEnabled(can_act)
        self.show_button.setEnabled(item is not None)
        self._label_accept()
