"""Paste as new source: text from the clipboard (a statement, a post) with its metadata.

Everything is checked before the command is pushed, with the problem shown under its field,
so a failing edit never lands on the undo stack. The URL is recorded, never fetched.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import NotFoundError, OsintDeskError, ValidationError
from osint_desk.core.model import RELIABILITY, SourceKind
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

ERROR_STYLE = "color: #c62828;"


def utc_now_text() -> str:
    """The retrieval instant offered by default: now, UTC, to the second."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PasteSourceDialog(QDialog):
    """Fields of a new source; OK validates, then pushes ``edits.new_source``."""

    source_created = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id = ""
        self.setWindowTitle("Paste as new source")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Source text")
        self.text.setPlaceholderText("Paste or type the text of the source here.")
        clipboard = QGuiApplication.clipboard().text()
        if clipboard.strip():
            self.text.setPlainText(clipboard)
        self.title = self._line("Title", "What the source is called (required)")
        self.url = self._line("URL", "https://… (recorded only, never opened)")
        self.outlet = self._line("Outlet", "e.g. AP, KCNA, gov.uk")
        self.author = self._line("Author", "")
        self.published = self._line("Published", "2022-12-22, 2022-12 or 2022")
        self.retrieved = self._line("Retrieved", "when you captured it (UTC)")
        self.retrieved.setText(utc_now_text())
        self.language = self._line("Language", "e.g. en, ru, ko")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind in SourceKind:
            self.kind.addItem(kind.value.replace("_", " ").capitalize(), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(SourceKind.DOCUMENT.value))
        self.reliability = QComboBox()
        self.reliability.setAccessibleName("Reliability")
        self.reliability.addItem("Not graded", None)
        for grade, meaning in RELIABILITY.items():
            self.reliability.addItem(f"{grade} — {meaning}", grade)
        self.errors = {name: self._error_label() for name in
                       ("text", "title", "url", "published", "retrieved", "general")}
        # An error goes away as soon as its field is edited.
        for name in ("title", "url", "published", "retrieved"):
            edit: QLineEdit = getattr(self, name)
            edit.textChanged.connect(lambda _text, name=name: self._show_error(name, ""))
        self.text.textChanged.connect(lambda: self._show_error("text", ""))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        if session.read_only:
            self._show_error("general", "This case is open read-only; no source can be added.")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        (self.title if self.text.toPlainText() else self.text).setFocus()
        self.resize(680, 620)

    # -- building -------------------------------------------------------------------------

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_STYLE)
        label.setAccessibleName("Error")
        label.hide()
        return label

    def _with_error(self, field: QWidget, name: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(self.errors[name])
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Title:", self._with_error(self.title, "title"))
        form.addRow("&URL:", self._with_error(self.url, "url"))
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Author:", self.author)
        form.addRow("&Published:", self._with_error(self.published, "published"))
        form.addRow("Re&trieved:", self._with_error(self.retrieved, "retrieved"))
        form.addRow("&Kind:", self.kind)
        form.addRow("&Reliability:", self.reliability)
        form.addRow("&Language:", self.language)
        text_label = QLabel("Te&xt:")
        text_label.setBuddy(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.errors["text"])
        layout.addLayout(form)
        layout.addWidget(self.errors["general"])
        layout.addWidget(self.buttons)

    # -- checking and saving --------------------------------------------------------------

    def _show_error(self, name: str, message: str) -> None:
        label = self.errors[name]
        label.setText(message)
        label.setVisible(bool(message))

    def _problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        text = self.text.toPlainText()
        if not text.strip():
            problems["text"] = "Paste or type the text of the source."
        if not self.title.text().strip():
            problems["title"] = "A source needs a title."
        if any(char.isspace() for char in self.url.text().strip()):
            problems["url"] = "A URL cannot contain spaces."
        for name, edit in (("published", self.published), ("retrieved", self.retrieved)):
            if edit.text().strip():
                try:
                    PartialDate.parse(edit.text())
                except ValidationError as exc:
                    problems[name] = f"{exc}. Use ISO dates: 2022, 2022-12 or 2022-12-22."
        if "text" not in problems:
            existing = self.session.store.sources.find_duplicate(text=text)
            if existing is not None:
                problems["text"] = f"This text is already in the case as {self._name(existing)}."
        return problems

    def _name(self, source_id: str) -> str:
        try:
            return f"“{self.session.store.sources.get(source_id).title}” ({source_id})"
        except NotFoundError:
            return source_id

    def fields(self) -> dict[str, str | None]:
        """The values for ``store.sources.add`` (empty optional fields as None)."""
        def value(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return {
            "text": self.text.toPlainText(), "title": self.title.text().strip(),
            "kind": self.kind.currentData(), "url": value(self.url),
            "outlet": value(self.outlet), "author": value(self.author),
            "published": value(self.published), "retrieved": value(self.retrieved),
            "language": value(self.language), "reliability": self.reliability.currentData(),
        }

    def _accept(self) -> None:
        if self.session.read_only:
            return
        problems = self._problems()
        for name in self.errors:
            self._show_error(name, problems.get(name, ""))
        if problems:
            first = next(iter(problems))
            widget = self.text if first == "text" else getattr(self, first)
            widget.setFocus()
            return
        try:
            command = self.session.push(edits.new_source(self.session, **self.fields()))
        except OsintDeskError as exc:
            self._show_error("general", str(exc))
            return
        self.source_id = command.target_id
        self.source_created.emit(self.source_id)
        self.accept()
