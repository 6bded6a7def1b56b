"""The hits of one quick-search query as a Qt list model.

A query returns at most a few dozen ranked hits, so the model holds them all and is reset per
query; laziness would buy nothing here. Views get the kind, ids and the match spans through
roles, and paint the snippet themselves (escaped: see ``quick_search.snippet_html``).
Label and snippet come from the case: controls and bidi overrides are given as visible marks
(``core.safe_text.for_display``, one character for one, so the highlight spans still fit).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from osint_desk.core.safe_text import for_display
from osint_desk.core.store.records import SearchHit
from osint_desk.ui.models.paged import ID_ROLE, KIND_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
PARENT_ROLE = Qt.ItemDataRole.UserRole + 3  # an excerpt's source id, else ""
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4  # plain text
HIGHLIGHTS_ROLE = Qt.ItemDataRole.UserRole + 5  # [(start, end)] in the snippet
KIND_TAGS = {"source": "Source", "excerpt": "Excerpt", "entity": "Card",
             "relationship": "Relationship", "sanction": "Sanction", "case": "Case"}

__all__ = ["HIGHLIGHTS_ROLE", "ID_ROLE", "KIND_ROLE", "KIND_TAGS", "PARENT_ROLE",
           "SNIPPET_ROLE", "SearchResultsModel"]


class SearchResultsModel(QAbstractListModel):
    """Ranked hits across every kind; ``set_hits`` replaces them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        tag = for_display(KIND_TAGS.get(hit.kind, hit.kind.capitalize()))
        label, snippet = for_display(hit.label), for_display(hit.snippet)
        values = {
            Qt.ItemDataRole.DisplayRole: label,
            # Escaped and wrapped: a label or snippet must not be taken for rich text.
            Qt.ItemDataRole.ToolTipRole:
                f"<qt><b>{html.escape(label)}</b><br>{html.escape(snippet)}</qt>",
            Qt.ItemDataRole.AccessibleTextRole: f"{tag}: {label}. {snippet}",
            ID_ROLE: hit.id, KIND_ROLE: hit.kind, PARENT_ROLE: hit.parent_id or "",
            SNIPPET_ROLE: snippet, HIGHLIGHTS_ROLE: list(hit.highlights),
        }
        return values.get(role)

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role, name in ((ID_ROLE, b"publicId"), (KIND_ROLE, b"kind"),
                           (PARENT_ROLE, b"parentId"), (SNIPPET_ROLE, b"snippet"),
                           (HIGHLIGHTS_ROLE, b"highlights")):
            names[role] = QByteArray(name)
        return names
