"""A card's long lists, lazy: the excerpts that mention the card, and their sources.

A card can be mentioned by thousands of excerpts across thousands of sources, so these do not
take them whole from the card's dossier. The card view reads their ids in one query
(``excerpts.ids_of_entity``) when it refreshes and hands them over with ``show``; each model
counts them and fetches a page of records at a time (``get_many``) as the view scrolls, like
the navigator's lists. A refresh keeps as many rows loaded as before, so a list keeps its
place.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt

from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Excerpt, Source
from osint_desk.ui.models.paged import AnyIndex, IdPagedListModel, Row
from osint_desk.ui.session import CaseSession

QUOTE_CHARS = 160


def _shorten(text: str, width: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True, slots=True)
class _QuoteRow(Row):
    accessible: str = ""  # what a screen reader says: the whole quote

    def __post_init__(self) -> None:
        Row.__post_init__(self)
        object.__setattr__(self, "accessible", for_display(self.accessible))


class _CardList(IdPagedListModel):
    """Pages of the records whose ids the card view gave it, in that order."""

    REFRESH_ON: ClassVar[frozenset[RecordKind]] = frozenset()  # refreshed with the card view

    def __init__(self, entity_id: str, parent: QObject | None = None) -> None:
        self.entity_id = entity_id
        self._given: list[str] = []
        super().__init__(None, parent)

    def show(self, session: CaseSession, ids: list[str]) -> None:
        """List these records (ids in order); rows loaded before stay loaded."""
        self._given = ids
        if self.session is None:
            self.set_session(session)
        else:
            self.refresh()

    def _read_ids(self, store: CaseStore) -> list[str]:
        return self._given


class CardExcerptsModel(_CardList):
    """“Quote” and — source title, two lines a row; the speaker or channel role first."""

    KIND = "excerpt"

    def _rows_of(self, store: CaseStore, ids: list[str]) -> list[Row]:
        found = store.excerpts.get_many(ids)
        titles = store.sources.titles(excerpt.source_id for excerpt in found)
        return [self._row(excerpt, titles.get(excerpt.source_id, "")) for excerpt in found]

    def _row(self, excerpt: Excerpt, title: str) -> Row:
        roles = [label for label, who in (("speaker", excerpt.speaker_id),
                                          ("channel", excerpt.channel_id))
                 if who == self.entity_id]
        prefix = f"[{', '.join(roles)}] " if roles else ""
        return _QuoteRow(excerpt.id, f"{prefix}“{_shorten(excerpt.quote)}”\n    — {title}",
                         f"<qt>{html.escape(excerpt.quote)}</qt>",
                         accessible=f"{prefix}{excerpt.quote}")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole and index.isValid() \
                and index.row() < self.rowCount():
            row = self._rows[index.row()]
            return row.accessible if isinstance(row, _QuoteRow) else row.label
        return super().data(index, role)


class CardSourcesModel(_CardList):
    """“Title — outlet, published”, the URL (or title) as tooltip."""

    KIND = "source"

    def _rows_of(self, store: CaseStore, ids: list[str]) -> list[Row]:
        return [self._row(source) for source in store.sources.get_many(ids)]

    @staticmethod
    def _row(source: Source) -> Row:
        details = ", ".join(part for part in (source.outlet, source.published) if part)
        return Row(source.id, source.title + (f" — {details}" if details else ""),
                   f"<qt>{html.escape(source.url or source.title)}</qt>")
