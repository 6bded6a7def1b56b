"""Accepting and rejecting suggestions, each an undoable command.

Undo forgets the judgement (``Judgements.forget``): an acceptance takes back its mention and
the excerpt and card it made; a rejection is suggested again. "Always ignore" also takes the
text off the user's ignore list on undo, if this command put it there.
"""

from __future__ import annotations

from typing import Any

from osint_desk.core.extract import ignore_list
from osint_desk.core.extract.suggestion import Suggestion
from osint_desk.core.model import RecordKind
from osint_desk.core.store.judgements import Judgement, Judgements
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession


def _short(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _JudgementCommand(StoreCommand):
    """An acceptance touches cards and excerpts: both are announced."""

    def redo(self) -> None:
        super().redo()
        self.session.notify(RecordKind.EXCERPT, "")

    def undo(self) -> None:
        super().undo()
        self.session.notify(RecordKind.EXCERPT, "")


def accept_suggestion(session: CaseSession, item: Suggestion, *, entity_id: str | None = None,
                      card_type: str | None = None, name: str | None = None) -> StoreCommand:
    """Link the span to ``entity_id`` or to a new card (of ``card_type``); a sum, date or
    identifier without a card becomes an excerpt of its sentence."""
    judgements = Judgements.of(session.store)

    def do() -> Judgement:
        return judgements.accept(item.source_id, item.start, item.end, item.kind,
                                 entity_id=entity_id, card_type=card_type, name=name,
                                 event_date=item.value if item.kind == "date" else None)

    return _JudgementCommand(
        session, f"Accept “{_short(item.text)}”", RecordKind.ENTITY, do=do,
        undo=lambda judgement: judgements.forget(judgement.id),
        target=lambda judgement: (judgement.entity_id or "") if judgement else "")


def reject_suggestion(session: CaseSession, item: Suggestion, *,
                      always: bool = False) -> StoreCommand:
    """Never propose this text as this kind again in the case (``always``: in any case)."""
    judgements = Judgements.of(session.store)

    def do() -> tuple[Judgement, bool, bool]:
        known = judgements.find_rejection(item.kind, item.key) is not None
        judgement = judgements.reject(item.source_id, item.start, item.end, item.kind)
        added = ignore_list.add(item.kind, judgement.key) if always else False
        return judgement, known, added

    def undo(state: Any) -> None:
        judgement, known, added = state
        if not known:
            judgements.forget(judgement.id)
        if added:
            ignore_list.remove(item.kind, judgement.key)

    verb = "Always ignore" if always else "Reject"
    return _JudgementCommand(session, f"{verb} “{_short(item.text)}”", RecordKind.ENTITY,
                             do=do, undo=undo, target=lambda _state: "")
