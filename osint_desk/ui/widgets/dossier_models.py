"""Read-only item models of a card's dossier: aliases, relationships, mentions, sanctions,
sources. They are filled from one ``EntityDossier`` (a bounded, per-card query), never by a
widget running its own queries."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget

from osint_desk.core.model import EvidenceRole
from osint_desk.core.store.records import (
    Alias,
    EntityDossier,
    Excerpt,
    RelationshipView,
    Sanction,
    Source,
)
from osint_desk.ui.widgets.forms import confidence_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
OTHER_ROLE = Qt.ItemDataRole.UserRole + 2


def _item(text: str, record_id: str = "", tip: str = "") -> QStandardItem:
    """A read-only cell; its tooltip is ``tip``, else the whole text (for a cell too narrow
    to show it all)."""
    item = QStandardItem(text)
    item.setEditable(False)
    if record_id:
        item.setData(record_id, ID_ROLE)
    if tip or text:
        item.setToolTip(tip or text)
    return item


def _fill(model: QStandardItemModel, rows: list[list[QStandardItem]]) -> None:
    model.removeRows(0, model.rowCount())
    for row in rows:
        model.appendRow(row)


def shorten(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class AliasModel(QStandardItemModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Alias", "Kind", "Script", "Language"])

    def load(self, aliases: tuple[Alias, ...]) -> None:
        _fill(self, [[_item(a.name, a.id, a.name), _item(a.kind), _item(a.script or ""),
                      _item(a.language or "")] for a in aliases])


def dates_text(start: str | None, end: str | None) -> str:
    if not start and not end:
        return ""
    return f"{start or '…'} – {end or ''}".rstrip()


ROLE_WORDS = {"supports": "supporting", "contradicts": "contradicting", "context": "context"}


def evidence_text(roles: list[str]) -> str:
    """``4 supporting · 1 contradicting · 1 context``, in the vocabulary's order."""
    counts = Counter(roles)
    return " · ".join(f"{counts[r.value]} {ROLE_WORDS[r.value]}" for r in EvidenceRole
                      if counts[r.value])


class RelationshipModel(QStandardItemModel):
    """Both directions: → when the card is the subject, ← when it is the object."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setHorizontalHeaderLabels(
            ["", "Relationship", "Other card", "Dates", "Confidence", "Evidence"])

    def load(self, name: str, views: tuple[RelationshipView, ...]) -> None:
        rows = []
        for view in views:
            rel, other = view.relationship, view.other
            outgoing = view.direction == "outgoing"
            sentence = (f"{name} {rel.predicate} {other.name}" if outgoing
                        else f"{other.name} {rel.predicate} {name}")
            arrow = _item("→" if outgoing else "←", rel.id,
                          "→ outgoing: this card is the subject" if outgoing
                          else "← incoming: this card is the object")
            arrow.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            arrow.setData(other.id, OTHER_ROLE)
            arrow.setAccessibleText("outgoing" if outgoing else "incoming")
            roles = [e.role for e in rel.evidence]
            rows.append([
                arrow, _item(rel.predicate, rel.id, sentence), _item(other.name, rel.id),
                _item(dates_text(rel.start, rel.end), rel.id),
                _item(confidence_text(rel.confidence), rel.id),
                _item(evidence_text(roles) or "none", rel.id,
                      f"{evidence_text(roles) or 'No evidence'}: {len(roles)} evidence"
                      f" excerpt{'s' if len(roles) != 1 else ''}"),
            ])
        _fill(self, rows)

    def relationship_id(self, row: int) -> str:
        return str(self.item(row, 0).data(ID_ROLE)) if 0 <= row < self.rowCount() else ""

    def other_id(self, row: int) -> str:
        return str(self.item(row, 0).data(OTHER_ROLE)) if 0 <= row < self.rowCount() else ""


class ExcerptListModel(QStandardItemModel):
    """Every excerpt that mentions the card (or has it as speaker or channel)."""

    def load(self, entity_id: str, excerpts: tuple[Excerpt, ...], titles: dict[str, str]) -> None:
        rows = []
        for excerpt in excerpts:
            roles = [label for label, who in (("speaker", excerpt.speaker_id),
                                              ("channel", excerpt.channel_id))
                     if who == entity_id]
            prefix = f"[{', '.join(roles)}] " if roles else ""
            text = (f"{prefix}“{shorten(excerpt.quote)}”\n"
                    f"    — {titles.get(excerpt.source_id, '')}")
            item = _item(text, excerpt.id, excerpt.quote)
            item.setAccessibleText(f"{prefix}{excerpt.quote}")
            rows.append([item])
        _fill(self, rows)


class SanctionModel(QStandardItemModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setHorizontalHeaderLabels(
            ["Authority", "Entry", "Programs", "Listed", "Status", "List (provenance)"])

    def load(self, sanctions: tuple[Sanction, ...],
             changes: dict[str, tuple[str, ...]] | None = None) -> None:
        """``changes``: what each record's list now says differently (flagged checks)."""
        changes = changes or {}
        rows = []
        for s in sanctions:
            published = s.list_published or "no publication date"
            digest = f", sha256 {s.list_sha256[:12]}…" if s.list_sha256 else ""
            provenance = f"{s.list_name} ({published}{digest})"
            note = s.provenance.get("note", "") if isinstance(s.provenance, dict) else ""
            tip = "\n".join(part for part in (
                f"Listed as: {s.listed_name}" if s.listed_name else "", s.reason,
                f"List: {s.list_name}", f"Published: {published}",
                f"File SHA-256: {s.list_sha256}" if s.list_sha256 else "", note,
                *(f"List changed: {c}" for c in changes.get(s.id, ()))) if part)
            listed = s.listed_on or "—"
            if s.delisted_on:
                listed += f" (delisted {s.delisted_on})"
            cells = (s.authority, s.entry_ref or "", ", ".join(s.programs), listed,
                     s.status + (" — list changed" if s.id in changes else ""), provenance)
            # Each cell's tooltip: its own text whole, then the record's details.
            rows.append([_item(text, s.id, f"{text}\n\n{tip}" if text else tip)
                         for text in cells])
        _fill(self, rows)


class SourceListModel(QStandardItemModel):
    def load(self, sources: tuple[Source, ...]) -> None:
        rows = []
        for source in sources:
            details = ", ".join(part for part in (source.outlet, source.published) if part)
            text = source.title + (f" — {details}" if details else "")
            rows.append([_item(text, source.id, source.url or source.title)])
        _fill(self, rows)


def source_titles(dossier: EntityDossier) -> dict[str, str]:
    return {source.id: source.title for source in dossier.sources}
