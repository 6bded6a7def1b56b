"""One row of the review queue, and how its decision is read back from the store.

The queue never keeps its own idea of what was decided: after every change (an accept, an
undo, another process) each row's state is derived again from the case's judgements and the
ignore list, so undo and redo need nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from osint_desk.core.extract import ignore_list
from osint_desk.core.extract.suggestion import NAME_KINDS, Suggestion
from osint_desk.core.store import CaseStore
from osint_desk.core.store.judgements import Judgements

OPEN, ACCEPTED, REJECTED, IGNORED = "open", "accepted", "rejected", "ignored"
STATE_LABELS = {OPEN: "", ACCEPTED: "Accepted", REJECTED: "Rejected", IGNORED: "Always ignored"}

KIND_LABELS = {"person": "Person", "organization": "Organisation", "company": "Company",
               "public_body": "Public body", "place": "Place", "email": "E-mail",
               "phone": "Phone", "url": "URL", "iban": "IBAN", "crypto_wallet": "Wallet",
               "imo": "IMO number", "mmsi": "MMSI", "aircraft_registration": "Aircraft reg.",
               "money": "Money", "date": "Date"}
#: The kind filter's groups, in the order an analyst works through them.
KIND_GROUPS = {"Names": ("person", "organization", "company", "public_body"),
               "Places": ("place",),
               "Identifiers": ("email", "phone", "url", "iban", "crypto_wallet", "imo", "mmsi",
                               "aircraft_registration"),
               "Money and dates": ("money", "date")}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    suggestion: Suggestion
    source_title: str
    state: str = OPEN
    judgement_id: str | None = None  # the acceptance or rejection that decided it
    #: The card an acceptance links to: the suggestion's own, or the card an earlier
    #: acceptance of the same name made (so a name accepted twice makes one card).
    card_id: str | None = None

    @property
    def decided(self) -> bool:
        return self.state != OPEN


@dataclass(frozen=True, slots=True)
class Decisions:
    """What the case (and the ignore list) says about suggestions, read in a few queries."""

    accepted: dict[tuple[str, int, int, str], str]  # (source, start, end, kind) -> judgement
    rejected: dict[tuple[str, str], str]  # (kind, folded text) -> judgement
    ignored: frozenset[tuple[str, str]]
    cards: dict[tuple[str, str], str]  # (kind, folded text) -> card an acceptance linked

    @classmethod
    def read(cls, store: CaseStore) -> Decisions:
        accepted: dict[tuple[str, int, int, str], str] = {}
        rejected: dict[tuple[str, str], str] = {}
        cards: dict[tuple[str, str], str] = {}
        for judgement in Judgements.of(store).list():
            if judgement.verdict == "rejected":
                rejected[(judgement.kind, judgement.key)] = judgement.id
                continue
            if judgement.source_id is not None and judgement.start is not None \
                    and judgement.end is not None:
                accepted[(judgement.source_id, judgement.start, judgement.end,
                          judgement.kind)] = judgement.id
            if judgement.entity_id and judgement.kind in NAME_KINDS:
                cards[(judgement.kind, judgement.key)] = judgement.entity_id
        return cls(accepted, rejected, frozenset(ignore_list.load()), cards)

    def apply(self, item: ReviewItem, live_cards: set[str]) -> ReviewItem:
        """The item with its state as the store has it now."""
        s = item.suggestion
        key = (s.kind, s.key)
        done = self.accepted.get((s.source_id, s.start, s.end, s.kind))
        if done is not None:
            state, judgement = ACCEPTED, done
        elif key in self.rejected:
            state, judgement = REJECTED, self.rejected[key]
        elif key in self.ignored:
            state, judgement = IGNORED, None
        else:
            state, judgement = OPEN, None
        card = s.entity_id if s.entity_id in live_cards else None
        if card is None and self.cards.get(key) in live_cards:
            card = self.cards[key]
        return replace(item, state=state, judgement_id=judgement, card_id=card)
