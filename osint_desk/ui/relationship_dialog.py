"""Adding or editing a relationship of one card: direction, predicate, the other card, dates,
confidence (with the ICD 203 words), a note and the evidence excerpts with their roles.

OK validates, then pushes one command (``edits.new_relationship`` or
``edits.edit_relationship``); a refusal is shown in the dialog, which stays open. Cancel
changes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.dates import parse_optional
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.model import (
    PREDICATES,
    UNKNOWN_LINK,
    ftm_mapping,
    likelihood_words,
    normalize_predicate,
)
from osint_desk.core.store.records import Relationship
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.evidence_picker import EvidencePicker
from osint_desk.ui.widgets.forms import ErrorLabel, confidence_text, hint
from osint_desk.ui.widgets.markdown_editor import MarkdownEditor

OUTGOING, INCOMING = "outgoing", "incoming"


class RelationshipDialog(QDialog):
    """Add (``relationship_id=None``) or edit a relationship with ``entity_id`` at one end."""

    def __init__(self, session: CaseSession, entity_id: str,
                 relationship_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity = session.store.entities.get(entity_id)
        self.relationship: Relationship | None = (
            session.store.relationships.get(relationship_id) if relationship_id else None)
        self.created_id = ""
        self.setWindowTitle("Edit relationship" if self.relationship else "Add relationship")
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction")
        self.direction.addItem(f"{self.entity.name}  →  other card", OUTGOING)
        self.direction.addItem(f"other card  →  {self.entity.name}", INCOMING)
        self.predicate = QComboBox()
        self.predicate.setEditable(True)
        self.predicate.setAccessibleName("Predicate")
        self.predicate.addItems(["", *PREDICATES])
        predicate_line = self.predicate.lineEdit()
        if predicate_line is not None:
            predicate_line.setAccessibleName("Predicate")
        self.predicate.setToolTip("Choose a FollowTheMoney relationship or type your own"
                                  " (e.g. supplied, funded, denied)")
        self.other = CardPicker(keep_text=True)
        self.other.setAccessibleName("Other card")
        self.other.setPlaceholderText("Type a name or alias…")
        self.other.set_store(session.store)
        self.other.exclude = {entity_id}
        self.reads = QLabel()
        self.reads.setTextFormat(Qt.TextFormat.PlainText)
        self.reads.setWordWrap(True)
        self.mapping = hint("")
        self.start = QLineEdit()
        self.start.setAccessibleName("Start date")
        self.start.setPlaceholderText("e.g. 2022-11")
        self.end = QLineEdit()
        self.end.setAccessibleName("End date")
        self.end.setPlaceholderText("open")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-1, 100)
        self.slider.setAccessibleName("Confidence slider")
        self.spin = QSpinBox()
        self.spin.setRange(-1, 100)
        self.spin.setSpecialValueText("not set")
        self.spin.setSuffix(" %")
        self.spin.setAccessibleName("Confidence")
        inner = self.spin.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName("Confidence in percent")
        self.words = QLabel()
        self.words.setMinimumWidth(160)
        self.note = MarkdownEditor(name="Relationship note")
        self.note.set_editor_height(70, 120)
        self.evidence = EvidencePicker(session.store)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self._layout()
        self._connect()
        self._load()
        self.resize(760, 760)

    def _layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Direction:", self.direction)
        form.addRow("&Predicate:", self.predicate)
        form.addRow("&Other card:", self.other)
        form.addRow("Reads:", self.reads)
        form.addRow("", self.mapping)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        end_label = QLabel("&End:")
        end_label.setBuddy(self.end)
        dates.addWidget(end_label)
        dates.addWidget(self.end)
        start_label = QLabel("&Start:")
        start_label.setBuddy(self.start)
        form.addRow(start_label, dates)
        confidence = QHBoxLayout()
        confidence.addWidget(self.slider, 1)
        confidence.addWidget(self.spin)
        confidence.addWidget(self.words)
        confidence_label = QLabel("&Confidence:")
        confidence_label.setBuddy(self.spin)
        form.addRow(confidence_label, confidence)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        evidence_label = QLabel("E&vidence — the excerpts this rests on:")
        evidence_label.setBuddy(self.evidence.search)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addSpacing(6)
        column.addWidget(evidence_label)
        column.addWidget(self.evidence, 1)
        column.addWidget(self.error)
        column.addWidget(self.buttons)

    def _connect(self) -> None:
        self.direction.currentIndexChanged.connect(self._update_reading)
        self.predicate.currentTextChanged.connect(self._update_reading)
        self.other.picked.connect(self._update_reading)
        self.slider.valueChanged.connect(self.spin.setValue)
        self.spin.valueChanged.connect(self.slider.setValue)
        self.spin.valueChanged.connect(self._update_words)
        self.other.message.connect(self.error.show_error)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        rel = self.relationship
        if rel is None:
            self.spin.setValue(-1)
            self._update_words(-1)
            self._update_reading()
            return
        outgoing = rel.subject_id == self.entity.id
        self.direction.setCurrentIndex(0 if outgoing else 1)
        self.predicate.setCurrentText(rel.predicate)
        self.other.set_card(rel.object_id if outgoing else rel.subject_id)
        self.start.setText(rel.start or "")
        self.end.setText(rel.end or "")
        self.spin.setValue(-1 if rel.confidence is None else rel.confidence)
        self._update_words(self.spin.value())
        self.note.set_text(rel.note, force=True)
        self.evidence.set_evidence([(e.excerpt_id, e.role) for e in rel.evidence])
        self._update_reading()

    # -- live feedback ----------------------------------------------------------------------

    def _update_words(self, value: int) -> None:
        self.words.setText(likelihood_words(value) if value >= 0 else "no confidence recorded")
        self.spin.setAccessibleDescription(confidence_text(value if value >= 0 else None))

    def ends(self) -> tuple[str, str]:
        """(subject id, object id) as the dialog stands; the other end may be ""."""
        other = self.other.current_id or ""
        if self.direction.currentData() == OUTGOING:
            return self.entity.id, other
        return other, self.entity.id

    def _update_reading(self, *_args: object) -> None:
        predicate = " ".join(self.predicate.currentText().split()).lower()
        other_name = self.other.current_name or "…"
        outgoing = self.direction.currentData() == OUTGOING
        subject, obj = (self.entity.name, other_name) if outgoing else (other_name,
                                                                         self.entity.name)
        self.reads.setText(f"{subject} {predicate or '…'} {obj}")
        self.mapping.setText(self._mapping_text(predicate))
        self.mapping.setVisible(bool(self.mapping.text()))

    def _mapping_text(self, predicate: str) -> str:
        if not predicate:
            return ""
        known = PREDICATES.get(predicate)
        subject_id, object_id = self.ends()
        if not (subject_id and object_id):
            info = known or UNKNOWN_LINK
        else:
            try:
                store = self.session.store
                info = ftm_mapping(predicate, store.entities.get(subject_id).type,
                                   store.entities.get(object_id).type)
            except OsintDeskError:
                info = known or UNKNOWN_LINK
        if info is UNKNOWN_LINK:
            text = f"FollowTheMoney: UnknownLink, role “{predicate}”"
            if known:
                text += (f" ({known.schema} needs {known.subject_range} → "
                         f"{known.object_range})")
            return text
        return (f"FollowTheMoney: {info.schema} ({info.subject_prop} → {info.object_prop};"
                f" read backwards: “{info.inverse_label}”)")

    # -- OK ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The fields as the store takes them; raises OsintDeskError naming what is wrong."""
        subject_id, object_id = self.ends()
        if not (subject_id and object_id):
            raise NotFoundError("Choose the other card (type a name and pick it from the list).")
        predicate = normalize_predicate(self.predicate.currentText())
        dates = {}
        for key, field in (("start", self.start), ("end", self.end)):
            try:
                parsed = parse_optional(field.text())
            except OsintDeskError as exc:
                raise type(exc)(f"{key.capitalize()} date: {exc}") from None
            dates[key] = parsed.value if parsed else None
        confidence = self.spin.value()
        return {"subject_id": subject_id, "predicate": predicate, "object_id": object_id,
                **dates, "confidence": None if confidence < 0 else confidence,
                "note": self.note.text()}

    def accept(self) -> None:
        try:
            values = self.values()
        except OsintDeskError as exc:
            self.error.show_error(str(exc))
            return
        evidence = self.evidence.evidence()
        rel = self.relationship
        if rel is None:
            subject_id, predicate = values.pop("subject_id"), values.pop("predicate")
            object_id = values.pop("object_id")
            target, message = try_push(self.session, lambda: edits.new_relationship(
                self.session, subject_id, predicate, object_id, evidence=evidence, **values))
            self.created_id = target
        else:
            changes = {key: value for key, value in values.items()
                       if getattr(rel, key) != value}
            old_evidence = [(e.excerpt_id, e.role) for e in rel.evidence]
            new_evidence = evidence if sorted(evidence) != sorted(old_evidence) else None
            message = ""
            if changes or new_evidence is not None:
                _target, message = try_push(self.session, lambda: edits.edit_relationship(
                    self.session, rel.id, evidence=new_evidence, **changes))
        if message:
            self.error.show_error(message)
            return
        super().accept()
