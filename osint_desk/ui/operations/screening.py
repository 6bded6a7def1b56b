"""Decisions on screening hits and list changes, each an undoable command."""

from __future__ import annotations

from osint_desk.core.model import RecordKind
from osint_desk.core.store.sanction_diff import LIST_FIELDS
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession


def _label(session: CaseSession, hit_id: str) -> str:
    hit = session.store.screening.get(hit_id)
    return f"{hit.authority} {hit.entry_ref} for {hit.entity_name}"


def confirm_hit(session: CaseSession, hit_id: str, note: str | None = None) -> StoreCommand:
    """Attach the listed entry to the card; undo removes the record and reopens the hit."""
    screening = session.store.screening
    return StoreCommand(
        session, f"Confirm {_label(session, hit_id)}", RecordKind.SANCTION,
        do=lambda: screening.confirm(hit_id, note=note),
        undo=lambda _hit: screening.reopen(hit_id),
        again=lambda _hit: screening.confirm(hit_id, note=note),
        target=lambda hit: hit.sanction_id or "")


def dismiss_hit(session: CaseSession, hit_id: str, note: str = "") -> StoreCommand:
    screening = session.store.screening
    return StoreCommand(
        session, f"Dismiss {_label(session, hit_id)}", RecordKind.SCREENING,
        do=lambda: screening.dismiss(hit_id, note=note),
        undo=lambda _hit: screening.reopen(hit_id),
        target=lambda _hit: hit_id)


def reopen_hit(session: CaseSession, hit_id: str) -> StoreCommand:
    """Back to undecided; undo restores the decision (and its note) that was there."""
    screening = session.store.screening
    before = screening.get(hit_id)

    def restore(_hit: object) -> None:
        if before.status == "confirmed":
            screening.confirm(hit_id, note=before.note)
        elif before.status == "dismissed":
            screening.dismiss(hit_id, note=before.note)

    return StoreCommand(
        session, f"Reopen {_label(session, hit_id)}", RecordKind.SANCTION,
        do=lambda: screening.reopen(hit_id), undo=restore, target=lambda _hit: hit_id)


def apply_list_update(session: CaseSession, sanction_id: str) -> StoreCommand:
    """Make the record say what its list now says; undo puts the old values back."""
    store = session.store
    record = store.sanctions.get(sanction_id)
    old = {key: getattr(record, key) for key in LIST_FIELDS}
    return StoreCommand(
        session, f"Update {record.authority} {record.entry_ref or ''} from the list",
        RecordKind.SANCTION,
        do=lambda: store.screening.apply_list_update(sanction_id),
        undo=lambda _state: store.screening.restore_record(sanction_id, old),
        target=lambda _state: sanction_id)


def keep_record(session: CaseSession, sanction_id: str) -> StoreCommand:
    """Keep the record as it is despite what the list now says."""
    store = session.store
    record = store.sanctions.get(sanction_id)
    return StoreCommand(
        session, f"Keep {record.authority} {record.entry_ref or ''} as recorded",
        RecordKind.SANCTION,
        do=lambda: store.screening.acknowledge(sanction_id),
        undo=lambda _state: store.screening.acknowledge(sanction_id, keep=False),
        target=lambda _state: sanction_id)
