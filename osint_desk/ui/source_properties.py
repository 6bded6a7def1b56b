"""Source properties: the metadata of a captured source, edited in one undoable step.

Title, outlet, author, URL, publication and retrieval dates (partial, with a UTC offset when
the source gives one), language, reliability (Admiralty A–F) and notes. The text and its
hashes are shown read-only: excerpts point into the text, so it never changes. Dates are
checked as the store checks them (``PartialDate.parse``), each problem is shown under its
field, and nothing is written until OK, which pushes one ``edits.edit_source`` command.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.dates import PartialDate, Precision
from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.model import RELIABILITY
from osint_desk.core.store.records import Source
from osint_desk.ui.capture_details import capture_box
from osint_desk.ui.operations import edits
from osint_desk.ui.reader.header import format_date
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.forms import ErrorLabel, fit_to_window, hint
from osint_desk.ui.widgets.markdown_editor import MarkdownEditor

NOT_GRADED = "Not graded"
IMMUTABLE = "The captured text and its hashes cannot be changed; excerpts point into it."
READ_ONLY = "This case is open read-only: these properties cannot be changed here."
READ_ONLY_STYLE = "background: #fff3cd; color: #5c4400; padding: 6px 10px;"
DATE_FORMATS = "2022, 2022-12, 2022-12-22 or 2022-12-22T18:30+09:00"
TEXT_FIELDS = ("title", "outlet", "author", "url", "language")
DATE_FIELDS = ("published", "retrieved")


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_date(date: PartialDate | None) -> str:
    """How a date was understood: "the day 2022-12-22", "2022-12-22 18:30 +09:00 (09:30 UTC)"."""
    if date is None:
        return "Not recorded"
    if date.precision is Precision.YEAR:
        return f"Read as the year {date.value} (no month or day)"
    if date.precision is Precision.MONTH:
        return f"Read as the month {date.value} (no day)"
    if date.precision is Precision.DAY:
        return f"Read as the day {date.value} (no time)"
    return "Read as " + format_date(date.value, date.precision.value, date.utc())


def parse_date(text: str) -> PartialDate | None:
    """The store's own reading of a date field (empty: none); raises ValidationError."""
    return PartialDate.parse(text) if text.strip() else None


class SourcePropertiesDialog(QDialog):
    """The editable metadata of one source; OK pushes one undoable edit of what changed."""

    saved = Signal(str)  # source id, once the edit is on the undo stack

    def __init__(self, session: CaseSession, source_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id = source_id
        self.source: Source = session.store.sources.get(source_id)
        self.read_only = session.read_only
        self.setWindowTitle(f"Source properties — {_short(self.source.title)}")
        self.errors: dict[str, ErrorLabel] = {}
        self.hints: dict[str, QLabel] = {}
        self._build_fields()
        self.buttons = QDialogButtonBox()
        if self.read_only:
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        else:
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok
                                            | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._load()
        self._baseline = self._raw()
        for edit in self.lines.values():
            edit.textChanged.connect(self._edited)
        if self.read_only:
            self._set_read_only()
        self._check()
        fit_to_window(self, max(self.sizeHint().width(), 680), self.sizeHint().height())
        self.lines["title"].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        placeholders = {
            "title": "What the source is called (required)",
            "outlet": "e.g. AP, Yonhap, KCNA, gov.uk",
            "author": "Who wrote or said it",
            "url": "https://… (recorded as text, never opened)",
            "language": "e.g. en, ru, ko",
            "published": DATE_FORMATS,
            "retrieved": "When it was captured: " + DATE_FORMATS,
        }
        names = {"title": "Title", "outlet": "Outlet", "author": "Author", "url": "URL",
                 "language": "Language", "published": "Published", "retrieved": "Retrieved"}
        self.lines: dict[str, QLineEdit] = {}
        for key, placeholder in placeholders.items():
            edit = QLineEdit()
            edit.setAccessibleName(names[key])
            edit.setPlaceholderText(placeholder)
            edit.setClearButtonEnabled(True)
            self.lines[key] = edit
        for key in ("title", "url", *DATE_FIELDS):
            self.errors[key] = ErrorLabel()
        for key in DATE_FIELDS:
            self.hints[key] = hint("")
            self.lines[key].setToolTip(f"ISO 8601, as precise as the source is: {DATE_FORMATS}."
                                       " A time without an offset is kept as local time.")
        self.reliability = QComboBox()
        self.reliability.setAccessibleName("Reliability")
        self.reliability.setToolTip("How far the source itself can be trusted (Admiralty"
                                    " scale, A–F); each excerpt has its own credibility, 1–6")
        self.reliability.addItem(NOT_GRADED, None)
        for grade, meaning in RELIABILITY.items():
            self.reliability.addItem(f"{grade} — {meaning}", grade)
        self.notes = MarkdownEditor(name="Source notes",
                                    placeholder="Notes on the source, in Markdown: where it"
                                                " came from, why it is graded so…")
        self.notes.set_editor_height(96, 200)
        self.general_error = ErrorLabel()

    def _row(self, form: QFormLayout, text: str, field: QWidget,
             below: tuple[QWidget, ...] = ()) -> QLabel:
        """A labelled row whose label's buddy is ``field``; ``below`` stacks under it."""
        label = QLabel(text)
        label.setBuddy(field)
        if not below:
            form.addRow(label, field)
            return label
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        for widget in below:
            column.addWidget(widget)
        form.addRow(label, box)
        return label

    def _immutable_box(self) -> QGroupBox:
        box = QGroupBox("Captured text")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        source = self.source
        self.hashes: dict[str, QLineEdit] = {}
        rows = [("text_sha256", "Te&xt SHA-256:", source.text_sha256,
                 "SHA-256 of the stored text (UTF-8)"),
                ("original_sha256", "Ori&ginal SHA-256:", source.original_sha256 or "",
                 "SHA-256 of the imported file's bytes, kept unchanged in the case")]
        for key, text, digest, tip in rows:
            edit = QLineEdit(digest or "—")
            edit.setReadOnly(True)
            edit.setFont(mono)
            edit.setAccessibleName(text.replace("&", "").rstrip(":"))
            edit.setToolTip(tip if digest else "No original file (the text was typed or pasted)")
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0" * 64) + 16)
            edit.setCursorPosition(0)
            self.hashes[key] = edit
            self._row(form, text, edit)
        details = [f"{len(source.text):,} characters"]
        if source.page_map:
            details.append(f"{len(source.page_map)} pages")
        if source.original_filename:
            details.append(f"from {source.original_filename}")
        if source.media_type:
            details.append(source.media_type)
        self.captured = hint(", ".join(details) + ". " + IMMUTABLE)
        self.captured.setAccessibleName("About the captured text")
        form.addRow(self.captured)
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        lines, errors, hints = self.lines, self.errors, self.hints
        self.labels = {
            "title": self._row(form, "&Title:", lines["title"], (errors["title"],)),
            "outlet": self._row(form, "Out&let:", lines["outlet"]),
            "author": self._row(form, "&Author:", lines["author"]),
            "url": self._row(form, "&URL:", lines["url"], (errors["url"],)),
            "published": self._row(form, "&Published:", lines["published"],
                                   (hints["published"], errors["published"])),
            "retrieved": self._row(form, "R&etrieved:", lines["retrieved"],
                                   (hints["retrieved"], errors["retrieved"])),
            "language": self._row(form, "La&nguage:", lines["language"]),
            "reliability": self._row(form, "&Reliability:", self.reliability),
            "notes": self._row(form, "Note&s:", self.notes),
        }
        self.read_only_note = QLabel(READ_ONLY)
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet(READ_ONLY_STYLE)  # as the window's read-only banner
        self.read_only_note.setVisible(self.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(form)
        layout.addWidget(self._immutable_box())
        self.capture_box = capture_box(self.session.store, self.source)
        if self.capture_box is not None:
            layout.addWidget(self.capture_box)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        chain: list[QWidget] = [
            *(lines[key] for key in ("title", "outlet", "author", "url", "published",
                                     "retrieved", "language")),
            self.reliability, self.notes.editor, self.notes.toggle,
            self.hashes["text_sha256"], self.hashes["original_sha256"]]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _load(self) -> None:
        source = self.source
        for key in TEXT_FIELDS:
            self.lines[key].setText(getattr(source, key) or "")
            self.lines[key].setCursorPosition(0)
        for key in DATE_FIELDS:
            self.lines[key].setText(getattr(source, key) or "")
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(source.reliability)))
        self.notes.set_text(source.notes or "", force=True)

    def _set_read_only(self) -> None:
        for edit in self.lines.values():
            edit.setReadOnly(True)
            edit.setClearButtonEnabled(False)
        self.reliability.setEnabled(False)
        self.notes.set_read_only(True)

    # -- checking -------------------------------------------------------------------------

    @property
    def ok_button(self) -> QPushButton | None:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _edited(self, _text: str = "") -> None:
        self.general_error.clear_error()
        self._check()

    def problems(self) -> dict[str, str]:
        """What is wrong, by field: the same rules the store applies, said in words."""
        problems: dict[str, str] = {}
        if not self.lines["title"].text().strip():
            problems["title"] = "A source needs a title."
        if any(char.isspace() for char in self.lines["url"].text().strip()):
            problems["url"] = "A URL cannot contain spaces."
        for key in DATE_FIELDS:
            try:
                parse_date(self.lines[key].text())
            except ValidationError as exc:
                message = str(exc)
                problems[key] = message if message.endswith(".") else message + "."
        return problems

    def _check(self) -> dict[str, str]:
        """Show each problem under its field (and how each date reads); OK only when none."""
        problems = self.problems()
        for key, label in self.errors.items():
            if key in problems:
                label.show_error(problems[key])
            else:
                label.clear_error()
        for key in DATE_FIELDS:
            shown = key not in problems
            if shown:
                self.hints[key].setText(describe_date(parse_date(self.lines[key].text())))
            self.hints[key].setVisible(shown)
        ok = self.ok_button
        if ok is not None:
            ok.setEnabled(not problems and not self.read_only)
            ok.setToolTip("Fix the fields marked in red first" if problems else "")
        return problems

    def _raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = {key: edit.text() for key, edit in self.lines.items()}
        raw["reliability"] = self.reliability.currentData()
        raw["notes"] = self.notes.text()
        return raw

    def _value(self, key: str, raw: Any) -> Any:
        """A field as ``sources.update`` takes it: spaces tidied, dates in canonical form."""
        if key in DATE_FIELDS:
            date = parse_date(raw)
            return date.value if date else None
        if key == "url":
            return raw.strip() or None
        if key in TEXT_FIELDS:
            return " ".join(raw.split()) or None
        return raw

    def changes(self) -> dict[str, Any]:
        """The fields the user changed whose value now differs from the source's: untouched
        fields are never written, so undo puts back only what this edit changed."""
        source = self.source
        out: dict[str, Any] = {}
        for key, raw in self._raw().items():
            if raw == self._baseline[key]:
                continue
            value = self._value(key, raw)
            stored = (source.notes or "") if key == "notes" else getattr(source, key) or None
            if value != stored:
                out[key] = value
        return out

    # -- saving ---------------------------------------------------------------------------

    def _accept(self) -> None:
        if self.read_only:
            self.reject()
            return
        problems = self._check()
        if problems:
            self.lines[next(iter(problems))].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        changes = self.changes()
        if changes:
            try:
                self.session.push(edits.edit_source(self.session, self.source_id, **changes))
            except OsintDeskError as exc:
                self.general_error.show_error(f"Nothing was changed: {exc}")
                return
            self.saved.emit(self.source_id)
        self.accept()


def open_source_properties(session: CaseSession, source_id: str,
                           parent: QWidget | None = None) -> SourcePropertiesDialog:
    """Open the dialog window-modal (it deletes itself when closed) and return it."""
    dialog = SourcePropertiesDialog(session, source_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
