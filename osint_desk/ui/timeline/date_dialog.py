"""Set an excerpt's event date from the timeline: a partial date is welcome ("2022-11" for
"last month" said in December 2022), and the change is one undoable edit
(``operations.edits.edit_excerpt``), like every other edit of an excerpt."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import qualifier
from osint_desk.core.timeline.when import parse_when
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

QUOTE_CHARS = 240


def set_event_date(session: CaseSession, excerpt_id: str, value: str) -> str:
    """Push the edit; returns "" or why it was refused. An empty *value* clears the date."""
    text = value.strip()
    try:
        date = PartialDate.parse(text).value if text else None
        session.push(edits.edit_excerpt(session, excerpt_id, "Set event date",
                                        event_date=date))
    except OsintDeskError as exc:
        return str(exc)
    return ""


class EventDateDialog(QDialog):
    def __init__(self, session: CaseSession, excerpt_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.excerpt_id = session, excerpt_id
        store = session.store
        excerpt = store.excerpts.get(excerpt_id)
        source = store.sources.get(excerpt.source_id)
        self.setWindowTitle("Set event date")
        column = QVBoxLayout(self)
        quote = excerpt.quote if len(excerpt.quote) <= QUOTE_CHARS else \
            excerpt.quote[:QUOTE_CHARS] + "…"
        words = QLabel(for_display(f"“{quote}”"))
        words.setWordWrap(True)
        column.addWidget(words)
        form = QFormLayout()
        said = getattr(source, "published", None) or "not given"
        form.addRow("Source dated:", QLabel(for_display(str(said))))
        self.field = QLineEdit(excerpt.event_date or "")
        self.field.setPlaceholderText("2022-11, 2018, 2022-12-22 or 2022-12-22T18:30+09:00")
        self.field.setAccessibleName("Event date")
        form.addRow("Event date:", self.field)
        column.addLayout(form)
        self.reading = QLabel()
        self.reading.setWordWrap(True)
        column.addWidget(self.reading)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check(self.field.text())
        self.resize(460, self.sizeHint().height())

    def _check(self, text: str) -> None:
        """Say how the date will be read, and refuse what cannot be placed."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not text.strip():
            self.reading.setText("Empty: the excerpt will have no event date.")
            ok.setEnabled(True)
            return
        try:
            when = parse_when(PartialDate.parse(text).value)
        except ValidationError as exc:
            self.reading.setText(for_display(str(exc)))
            ok.setEnabled(False)
            return
        note = qualifier(when)
        self.reading.setText(for_display(f"Read as {when.text}" + (f" ({note}): the whole"
                             " interval, drawn as a fuzzy span" if note else "")))
        ok.setEnabled(True)

    def accept(self) -> None:
        refused = set_event_date(self.session, self.excerpt_id, self.field.text())
        if refused:
            self.reading.setText(for_display(refused))
            return
        super().accept()
