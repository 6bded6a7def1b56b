"""Table models of screening hits and of records whose list changed, read from the store.

Names and entry ids come from cards and lists: cells show controls and bidi overrides as
visible marks (``core.safe_text.for_display``), never obey them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from osint_desk.core.safe_text import for_display
from osint_desk.core.store.screening_results import SanctionCheck, ScreeningHit
from osint_desk.ui.models.table import HeaderedTable
from osint_desk.ui.session import CaseSession

STATUS_LABELS = {"open": "To decide", "held": "On the card", "confirmed": "Confirmed",
                 "dismissed": "Dismissed"}
# Status tints that read on light and dark palettes (alpha over the base colour).
_TINTS = {"open": QColor(255, 193, 7, 70), "confirmed": QColor(40, 167, 69, 60),
          "held": QColor(40, 167, 69, 60), "dismissed": QColor(128, 128, 128, 40)}
FILTERS = {"To decide": ("open",), "Decided": ("held", "confirmed", "dismissed"),
           "All": ("open", "held", "confirmed", "dismissed")}
HIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class ScreeningHitsModel(HeaderedTable):
    """The case's screening hits, filtered by status; reloads when told the case changed."""

    HEADERS = ("Status", "Card", "Score", "List", "Entry", "Listed name", "Matched")

    def __init__(self, session: CaseSession | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.statuses: tuple[str, ...] = FILTERS["All"]
        self.hits: list[ScreeningHit] = []
        self.reload()

    def set_filter(self, name: str) -> None:
        self.statuses = FILTERS[name]
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.hits = ([] if self.session is None else
                     self.session.store.screening.list(statuses=self.statuses))
        self.endResetModel()

    def rows(self) -> list[ScreeningHit]:
        return self.hits

    def hit(self, row: int) -> ScreeningHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def row_of(self, hit_id: str) -> int:
        return next((i for i, h in enumerate(self.hits) if h.id == hit_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return for_display(self._text(hit, column))
        if role == Qt.ItemDataRole.ToolTipRole:  # the cell's whole text, then why it matched
            matched = f"{hit.query} → {hit.matched_name}"
            text = self._text(hit, column)
            lines = [matched] if text == matched else [text, matched]
            return for_display("\n".join([*lines, hit.explanation]))
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QBrush(_TINTS[hit.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == HIT_ID_ROLE:
            return hit.id
        return None

    @staticmethod
    def _text(hit: ScreeningHit, column: int) -> str:
        values = (STATUS_LABELS[hit.status], hit.entity_name, f"{hit.score:.2f}",
                  hit.list_key, hit.entry_ref, hit.listed_name,
                  f"{hit.query} → {hit.matched_name}")
        return values[column]


class RecordChecksModel(HeaderedTable):
    """Records on cards whose list now says something else (flagged checks)."""

    HEADERS = ("Card", "Record", "What the list says now")

    def __init__(self, session: CaseSession | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.checks: list[SanctionCheck] = []
        self.names: dict[str, str] = {}
        self.records: dict[str, str] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.checks, self.names, self.records = [], {}, {}
        if self.session is not None:
            store = self.session.store
            self.checks = store.screening.checks(flagged_only=True)
            for check in self.checks:
                record = store.sanctions.get(check.sanction_id)
                self.records[check.sanction_id] = f"{record.authority} {record.entry_ref or ''}"
                self.names[check.sanction_id] = store.entities.get(check.entity_id).name
        self.endResetModel()

    def rows(self) -> list[SanctionCheck]:
        return self.checks

    def check(self, row: int) -> SanctionCheck | None:
        return self.checks[row] if 0 <= row < len(self.checks) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.checks):
            return None
        check = self.checks[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            published = check.list_published or "publication date unknown"
            return for_display((self.names[check.sanction_id], self.records[check.sanction_id],
                                "; ".join(check.changes) + f" — {check.list_name}, {published}"
                                )[index.column()])
        if role == HIT_ID_ROLE:
            return check.sanction_id
        return None
