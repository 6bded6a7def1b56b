"""Merging cards, splitting a merge and judging a pair of cards, each as an undoable command.

Undoing a merge is the core's Split (everything back as it was); redoing it is ``remerge``
(the same members into the same survivor, a card the merge created coming back with its id),
so undo and redo can alternate any number of times.
"""

from __future__ import annotations

from osint_desk.core.model import RecordKind
from osint_desk.core.store.merges import Merge
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession

VERDICT_WORDS = {"negative": "Not the same", "unsure": "Unsure", None: "Clear judgement"}


def _short(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _Latest:
    """The merge record a command stands for: each remerge makes a new one."""

    def __init__(self, merge: Merge) -> None:
        self.merge = merge


def merge_cards(session: CaseSession, card_ids: list[str], into: str | None = None,
                new_name: str | None = None) -> StoreCommand:
    """Merge ``card_ids`` into ``into`` (one of them; default the first) or, with
    ``new_name``, into a new card; the command's ``target_id`` is the surviving card."""
    merges = session.store.merges
    ids = list(dict.fromkeys(card_ids))
    text = (f"Merge {len(ids)} cards into new card “{_short(new_name)}”" if new_name
            else f"Merge {len(ids)} cards")

    def do() -> _Latest:
        return _Latest(merges.merge(ids, into=into, new_name=new_name))

    def undo(state: _Latest) -> None:
        state.merge = merges.split(state.merge.id)

    def again(state: _Latest) -> None:
        state.merge = merges.remerge(state.merge.id)

    return StoreCommand(session, text, RecordKind.ENTITY, do=do, undo=undo, again=again,
                        target=lambda state: state.merge.survivor_id if state else "")


def split_merge(session: CaseSession, merge_id: str) -> StoreCommand:
    """Split a merge (undo: merge the same cards again; redo: split that merge)."""
    merges = session.store.merges
    merges.get(merge_id)  # a merge that is gone fails here, before anything is pushed

    def do() -> _Latest:
        return _Latest(merges.split(merge_id))

    def undo(state: _Latest) -> None:
        state.merge = merges.remerge(state.merge.id)

    def again(state: _Latest) -> None:
        state.merge = merges.split(state.merge.id)

    return StoreCommand(session, "Split merge", RecordKind.ENTITY, do=do, undo=undo,
                        again=again,
                        target=lambda state: state.merge.survivor_id if state else "")


def judge_pair(session: CaseSession, a: str, b: str, verdict: str | None) -> StoreCommand:
    """Record that cards ``a`` and ``b`` are not (``negative``) or maybe not (``unsure``)
    the same; undo puts back the verdict it replaced."""
    merges = session.store.merges
    names = session.store.entities.names([a, b])
    text = (f"{VERDICT_WORDS.get(verdict, verdict)}: “{_short(names.get(a, a), 20)}” and"
            f" “{_short(names.get(b, b), 20)}”")
    return StoreCommand(
        session, text, RecordKind.ENTITY,
        do=lambda: merges.judge_pair(a, b, verdict),
        undo=lambda previous: merges.judge_pair(a, b, previous),
        again=lambda _previous: merges.judge_pair(a, b, verdict),
        target=lambda _state: a)
