"""Table models of the watch-terms dialog: the case's terms, and the matches of one term.

Both are read whole from the store when the case changes (at most ``MAX_TERMS`` terms;
matches are capped at ``MAX_MATCHES_SHOWN``, newest source first). Terms and matched words
come from users and from sources, so cells show control characters as visible marks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.watch import WatchHit, WatchTerm, watch_of
from osint_desk.ui.models.table import HeaderedTable

_Index = QModelIndex | QPersistentModelIndex
KIND_WORDS = {"name": "Name", "pattern": "Pattern", "identifier": "Identifier"}
MAX_MATCHES_SHOWN = 2000
CONTEXT_CHARS = 60  # words shown either side of a match


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class WatchTermsModel(HeaderedTable):
    """The live terms with how many matches each has (seen or not)."""

    HEADERS = ("Term", "Kind", "Matches", "New", "Why")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.terms: list[WatchTerm] = []
        self.counts: dict[str, int] = {}
        self.unseen: dict[str, int] = {}

    def load(self, store: CaseStore) -> None:
        watch = watch_of(store)
        self.beginResetModel()
        self.terms = watch.list()
        self.counts = watch.hit_counts()
        self.unseen = watch.unseen_counts()
        self.endResetModel()

    def term(self, row: int) -> WatchTerm | None:
        return self.terms[row] if 0 <= row < len(self.terms) else None

    def row_of(self, term_id: str) -> int:
        return next((row for row, t in enumerate(self.terms) if t.id == term_id), -1)

    def rows(self) -> list[Any]:
        return self.terms

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        term = self.term(index.row()) if index.isValid() else None
        if term is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (for_display(_short(term.term, 60)), KIND_WORDS.get(term.kind, term.kind),
                    self.counts.get(term.id, 0), self.unseen.get(term.id, 0) or "",
                    for_display(_short(term.note, 80)))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 4):
            return for_display(term.term if column == 0 else term.note) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == 3 and self.unseen.get(term.id):
            font = QFont()
            font.setBold(True)
            return font
        return None


class WatchMatchesModel(HeaderedTable):
    """Where one term (or every term) matched: the source, the words around, seen or new."""

    HEADERS = ("Source", "Term", "Where", "")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[WatchHit] = []
        self.titles: dict[str, str] = {}
        self.contexts: list[str] = []
        self.truncated = False

    def load(self, store: CaseStore, term_id: str | None = None) -> None:
        hits = watch_of(store).hits(term_id=term_id, limit=MAX_MATCHES_SHOWN + 1)
        self.beginResetModel()
        self.truncated = len(hits) > MAX_MATCHES_SHOWN
        self.hits = hits[:MAX_MATCHES_SHOWN]
        sources = store.sources.get_many(sorted({h.source_id for h in self.hits}))
        self.titles = {s.id: s.title or "(untitled source)" for s in sources}
        texts = {s.id: s.text for s in sources}
        self.contexts = [self._context(texts.get(h.source_id, ""), h) for h in self.hits]
        self.endResetModel()

    @staticmethod
    def _context(text: str, hit: WatchHit) -> str:
        before = text[max(0, hit.start - CONTEXT_CHARS):hit.start]
        after = text[hit.end:hit.end + CONTEXT_CHARS]
        return for_display(" ".join(f"…{before}[{text[hit.start:hit.end]}]{after}…".split()))

    def hit(self, row: int) -> WatchHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def rows(self) -> list[Any]:
        return self.hits

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            state = "seen" if hit.seen else "new"
            if hit.excerpt_id:
                state += ", in an excerpt"
            return (for_display(_short(self.titles.get(hit.source_id, hit.source_id), 50)),
                    for_display(_short(hit.term, 30)), self.contexts[index.row()], state)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2):
            return (for_display(self.titles.get(hit.source_id, "")) if column == 0
                    else self.contexts[index.row()])
        if role == Qt.ItemDataRole.FontRole and not hit.seen:
            font = QFont()
            font.setBold(True)
            return font
        return None
