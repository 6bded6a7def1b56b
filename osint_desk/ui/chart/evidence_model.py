"""The excerpts on one link, for the chart's evidence panel: quote, source, grade (source
reliability and excerpt credibility, "B2"), role, speaker and stance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from osint_desk.core.graph import LinkEvidenceRow
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.ui.chart import style
from osint_desk.ui.models.paged import ID_ROLE, KIND_ROLE

ROLE_MARKS = {"supports": "✓ supports", "contradicts": "✗ contradicts", "context": "· context"}
ROLE_ORDER = {"supports": 0, "contradicts": 1, "context": 2}
ROLE_ROLE = Qt.ItemDataRole.UserRole + 10  # the evidence role ("supports"…) of a row
_ROOT = QModelIndex()


def grade(row: LinkEvidenceRow) -> str:
    """Admiralty grade: source reliability letter and excerpt credibility digit ("B2")."""
    return f"{row.source_reliability or '?'}{row.credibility or '?'}"


def evidence_text(row: LinkEvidenceRow) -> str:
    who = " ".join(filter(None, [row.speaker, row.stance]))
    facts = " · ".join(filter(None, [ROLE_MARKS.get(row.role, row.role), f"grade {grade(row)}",
                                     who, row.event_date]))
    return for_display(f"“{row.quote}”\n{facts}\n{row.source_title}")


class LinkEvidenceModel(QAbstractListModel):
    """Rows of one link, supporting first, then contradicting, then context."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LinkEvidenceRow] = []
        self.link_id = ""
        self._warning = QColor(style.Palette.current().contradicted)

    def show_link(self, store: CaseStore | None, link_id: str) -> None:
        rows = store.graph.link_evidence(link_id) if store is not None and link_id else []
        self.beginResetModel()
        self.link_id = link_id
        self.rows = sorted(rows, key=lambda r: ROLE_ORDER.get(r.role, 9))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return evidence_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return for_display(f"{row.quote}\n\nClick to open the source with this excerpt"
                               " highlighted")
        if role == ID_ROLE:
            return row.excerpt_id
        if role == KIND_ROLE:
            return "excerpt"
        if role == ROLE_ROLE:
            return row.role
        if role == Qt.ItemDataRole.ForegroundRole and row.role == "contradicts":
            return self._warning
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)
