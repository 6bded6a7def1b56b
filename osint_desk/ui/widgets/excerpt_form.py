"""The controls of the excerpt inspector, laid out for a narrow dock; no store access here.

Every field has a caption (with a mnemonic, as its buddy) and an accessible name; values are
loaded with :meth:`ExcerptForm.load` without clobbering a field the user is still editing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.store.records import Excerpt
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.chips import LinkedCards, TagEditor
from osint_desk.ui.widgets.forms import (
    ErrorLabel,
    caption,
    fill_credibility,
    fill_stance,
    hint,
    select_data,
    set_line_text,
)
from osint_desk.ui.widgets.markdown_editor import CommitTextEdit, MarkdownEditor

QUOTE_STYLE = ("QLabel#quote { border-left: 3px solid palette(highlight); padding: 6px 8px;"
               " background: palette(alternate-base); font-style: italic; }")


@dataclass(frozen=True, slots=True)
class ExcerptView:
    """What the form shows besides the excerpt record itself."""

    excerpt: Excerpt
    source_title: str
    page: int | None
    speaker_name: str
    channel_name: str
    linked: list[tuple[str, str, str]]
    tags: list[str]
    known_tags: list[str]


class ExcerptForm(QWidget):
    """Quote, note, grade, date, speaker, channel, stance, translation, links, tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote = QLabel()
        self.quote.setObjectName("quote")
        self.quote.setStyleSheet(QUOTE_STYLE)
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # outside words are never markup
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.quote.setAccessibleName("Quote")
        self.quote.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.source = hint("")
        self.source.setAccessibleName("Source")
        self.show_button = QPushButton("Show in source")
        self.show_button.setAccessibleName("Show the excerpt in its source")
        self.show_button.setToolTip("Open the source with these words selected")
        self.cite_button = QPushButton("Copy citation")
        self.cite_button.setAccessibleName("Copy a citation of this excerpt")
        self.cite_button.setToolTip("Puts [cite:ID] on the clipboard: paste it into the"
                                    " summary, key findings, a card description or a note,"
                                    " and the report cites the excerpt there")
        self.note = MarkdownEditor(name="Note", placeholder="Why it matters, doubts, next steps…",
                                   bar=False)
        self.note.set_editor_height(80, 130)
        self.credibility = QComboBox()
        self.credibility.setAccessibleName("Credibility")
        fill_credibility(self.credibility)
        self.stance = QComboBox()
        self.stance.setAccessibleName("Stance")
        fill_stance(self.stance)
        self.event_date = QLineEdit()
        self.event_date.setAccessibleName("Event date")
        self.event_date.setPlaceholderText("e.g. 2022, 2022-11 or 2022-11-22")
        self.event_date.setToolTip("When the thing described happened (ISO 8601, partial"
                                   " dates allowed)")
        self.date_error = ErrorLabel()
        self.speaker = CardPicker(clearable=True, allow_create=True)
        self.speaker.setAccessibleName("Speaker")
        self.speaker.setPlaceholderText("Who said it…")
        self.speaker.setToolTip("Type a name or alias; Enter on a new name creates a card")
        self.speaker_error = ErrorLabel()
        self.channel = CardPicker(clearable=True, allow_create=True)
        self.channel.setAccessibleName("Channel")
        self.channel.setPlaceholderText("Who carried it (e.g. KCNA)…")
        self.channel.setToolTip("Type a name or alias; Enter on a new name creates a card")
        self.channel_error = ErrorLabel()
        self.translation = CommitTextEdit()
        self.translation.setAccessibleName("Translation")
        self.translation.setPlaceholderText("A translation of the quote, if needed")
        self.translation.setFixedHeight(56)
        self.translation_language = QLineEdit()
        self.translation_language.setAccessibleName("Translation language")
        self.translation_language.setPlaceholderText("en")
        self.translation_language.setMaximumWidth(60)
        self.linked = LinkedCards()
        self.link_picker = CardPicker(allow_create=True, keep_text=False)
        self.link_picker.setAccessibleName("Link a card")
        self.link_picker.setPlaceholderText("Link a card…")
        self.link_picker.setToolTip("Type a name or alias; Enter on a new name creates a card")
        self.link_error = ErrorLabel()
        self.tags = TagEditor()
        self.delete_button = QPushButton("Delete excerpt…")
        self.delete_button.setAccessibleName("Delete this excerpt")
        self.delete_button.setToolTip("Delete this excerpt with its card links and evidence"
                                      " roles (undo brings them back)")
        self.error = ErrorLabel()
        self._layout()

    def _layout(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(3)
        column.addWidget(self.quote)
        column.addWidget(self.source)
        show_row = QHBoxLayout()
        show_row.addWidget(self.show_button)
        show_row.addWidget(self.cite_button)
        show_row.addStretch(1)
        column.addLayout(show_row)
        column.addWidget(self.error)

        def field(label: str, widget: QWidget, *extra: QWidget) -> None:
            column.addSpacing(5)
            column.addWidget(caption(label, widget))
            column.addWidget(widget)
            for more in extra:
                column.addWidget(more)

        note_head = QHBoxLayout()
        note_head.setContentsMargins(0, 5, 0, 0)
        note_head.addWidget(caption("&Note", self.note))
        note_head.addStretch(1)
        note_head.addWidget(self.note.toggle)
        column.addLayout(note_head)
        column.addWidget(self.note)
        field("&Credibility", self.credibility)
        pair = QGridLayout()
        pair.setContentsMargins(0, 5, 0, 0)
        pair.setHorizontalSpacing(6)
        pair.setVerticalSpacing(3)
        pair.addWidget(caption("&Stance", self.stance), 0, 0)
        pair.addWidget(caption("Event &date", self.event_date), 0, 1)
        pair.addWidget(self.stance, 1, 0)
        pair.addWidget(self.event_date, 1, 1)
        pair.setColumnStretch(0, 1)
        pair.setColumnStretch(1, 1)
        column.addLayout(pair)
        column.addWidget(self.date_error)
        field("S&peaker", self.speaker, self.speaker_error)
        field("C&hannel", self.channel, self.channel_error)
        column.addSpacing(5)
        column.addWidget(caption("Lin&ked cards", self.link_picker))
        column.addWidget(self.linked)
        column.addWidget(self.link_picker)
        column.addWidget(self.link_error)
        column.addSpacing(5)
        column.addWidget(caption("T&ags", self.tags.field))
        column.addWidget(self.tags)
        translation_head = QHBoxLayout()
        translation_head.setContentsMargins(0, 5, 0, 0)
        translation_head.addWidget(caption("&Translation", self.translation))
        translation_head.addStretch(1)
        language = QLabel("lan&guage:")
        language.setBuddy(self.translation_language)
        translation_head.addWidget(language)
        translation_head.addWidget(self.translation_language)
        column.addLayout(translation_head)
        column.addWidget(self.translation)
        column.addSpacing(8)
        column.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def load(self, view: ExcerptView) -> None:
        """Show ``view``; fields being edited keep what the user typed."""
        excerpt = view.excerpt
        self.quote.setText(f"“{excerpt.quote}”")
        where = view.source_title + (f", p. {view.page}" if view.page else "")
        self.source.setText(f"— {where}")
        self.source.setToolTip(where)
        self.note.set_text(excerpt.note)
        select_data(self.credibility, excerpt.credibility)
        select_data(self.stance, excerpt.stance)
        if not self.date_error.has_error():
            set_line_text(self.event_date, excerpt.event_date or "")
        self.speaker.set_card(excerpt.speaker_id, view.speaker_name)
        self.channel.set_card(excerpt.channel_id, view.channel_name)
        self.translation.set_text(excerpt.translation or "")
        set_line_text(self.translation_language, excerpt.translation_language or "")
        self.tags.set_tags(view.tags, view.known_tags)

    def clear_errors(self) -> None:
        for label in (self.error, self.date_error, self.speaker_error, self.channel_error,
                      self.link_error):
            label.clear_error()

    def set_editable(self, editable: bool) -> None:
        """A read-only case: everything shows, nothing can be changed."""
        for widget in (self.credibility, self.stance, self.event_date, self.speaker,
                       self.channel, self.translation_language):
            widget.setEnabled(editable)
        self.note.set_read_only(not editable)
        self.translation.setReadOnly(not editable)
        self.link_picker.setVisible(editable)
        self.delete_button.setVisible(editable)
        self.tags.set_editable(editable)
