"""Screening decisions as undo steps (no list library needed: results are recorded directly)."""

from __future__ import annotations

import pytest

from osint_desk.core.errors import ValidationError
from osint_desk.core.store.screening_results import Finding, RecordCheck
from osint_desk.ui.operations import screening as ops
from osint_desk.ui.session import CaseSession


def _record(session: CaseSession, programs: list[str]) -> tuple[str, str]:
    """A proposal for John Kirby and a check saying Wagner's SDN entry now has ``programs``."""
    store = session.store
    kirby = store.entities.resolve("John Kirby")
    wagner = store.entities.resolve("Wagner Group")
    record = store.sanctions.of_entity(wagner.id)[0]
    entry = {"name": "KIRBY, John", "schema": "Person", "programs": ["TEST"], "aliases": [],
             "listed_on": "2020-01-02", "remarks": "invented for a test"}
    finding = Finding(kirby.id, "OFAC", "99999", "ofac-sdn", "SDN", "2026-01-01", "0" * 64,
                      0.8, "John Kirby", "KIRBY, John", "KIRBY, John", "score 0.80", entry,
                      "1" * 64)
    listed = {"name": record.listed_name, "programs": programs, "schema": "Organization"}
    check = RecordCheck(record.id, "ofac-sdn", record.list_name, "2026-01-01", "2" * 64,
                        listed, "3" * 64)
    store.screening.record(entity_ids=[kirby.id, wagner.id], findings=[finding],
                           checks=[check], threshold=0.69, lists=[], names=2)
    return store.screening.list(entity_id=kirby.id)[0].id, record.id


def test_confirm_undo_redo_gives_back_the_same_case(session: CaseSession) -> None:
    hit_id, _ = _record(session, ["UKRAINE-EO13660"])
    store = session.store
    before = store.dump(live=True)
    command = session.push(ops.confirm_hit(session, hit_id))
    after = store.dump(live=True)
    record = store.sanctions.get(command.target_id)
    assert (record.entry_ref, record.listed_on, record.reason) == (
        "99999", "2020-01-02", "invented for a test")
    assert record.list_published == "2026-01-01" and record.list_sha256 == "0" * 64
    session.undo_stack.undo()
    assert store.dump(live=True) == before
    session.undo_stack.redo()
    assert store.dump(live=True) == after


def test_dismiss_and_reopen_undo(session: CaseSession) -> None:
    hit_id, _ = _record(session, ["UKRAINE-EO13660"])
    store = session.store
    session.push(ops.dismiss_hit(session, hit_id, "not him"))
    assert store.screening.get(hit_id).status == "dismissed"
    session.push(ops.reopen_hit(session, hit_id))
    assert store.screening.get(hit_id).status == "open"
    session.undo_stack.undo()
    assert (store.screening.get(hit_id).status, store.screening.get(hit_id).note) == (
        "dismissed", "not him")
    session.undo_stack.undo()
    assert store.screening.get(hit_id).status == "open"


def test_update_record_from_the_list_and_undo(session: CaseSession) -> None:
    _, record_id = _record(session, ["UKRAINE-EO13660", "RUSSIA-EO14024"])
    store = session.store
    check = store.screening.check_of(record_id)
    assert check is not None and check.changes == ("programs added: RUSSIA-EO14024",)
    session.push(ops.apply_list_update(session, record_id))
    assert store.sanctions.get(record_id).programs == ("UKRAINE-EO13660", "RUSSIA-EO14024")
    assert not store.screening.checks(flagged_only=True)
    assert session.undo_stack.undoText() == "Update OFAC 22543 from the list"
    session.undo_stack.undo()
    assert store.sanctions.get(record_id).programs == ("UKRAINE-EO13660",)
    assert [c.sanction_id for c in store.screening.checks(flagged_only=True)] == [record_id]


def test_keep_record_as_it_is_and_undo(session: CaseSession) -> None:
    _, record_id = _record(session, [])
    store = session.store
    assert store.screening.check_of(record_id).flagged  # type: ignore[union-attr]
    session.push(ops.keep_record(session, record_id))
    assert not store.screening.checks(flagged_only=True)
    session.undo_stack.undo()
    assert store.screening.checks(flagged_only=True)


def test_confirmed_record_deleted_by_hand_can_be_reopened(session: CaseSession) -> None:
    hit_id, _ = _record(session, ["UKRAINE-EO13660"])
    store = session.store
    hit = store.screening.confirm(hit_id)
    assert hit.sanction_id is not None
    store.sanctions.delete(hit.sanction_id)
    assert store.screening.reopen(hit_id).status == "open"  # no crash on the deleted record
    again = store.screening.confirm(hit_id)
    assert again.sanction_id == hit.sanction_id  # the same record, back


def test_confirm_never_duplicates_a_record_on_the_card(session: CaseSession) -> None:
    hit_id, _ = _record(session, ["UKRAINE-EO13660"])
    store = session.store
    kirby = store.entities.resolve("John Kirby")
    store.sanctions.add(kirby.id, "ofac", entry_ref="99999")  # typed by hand, other case
    with pytest.raises(ValidationError, match="already on the card"):
        store.screening.confirm(hit_id)
    assert len(store.sanctions.of_entity(kirby.id)) == 1


def test_a_hand_edit_of_the_record_updates_what_differs(session: CaseSession) -> None:
    _, record_id = _record(session, ["UKRAINE-EO13660", "RUSSIA-EO14024"])
    store = session.store
    store.sanctions.update(record_id, programs=["UKRAINE-EO13660", "RUSSIA-EO14024"])
    check = store.screening.check_of(record_id)
    assert check is not None and check.changes == () and not check.flagged


def test_cards_deleted_while_screening_are_left_out(session: CaseSession) -> None:
    store = session.store
    kirby = store.entities.resolve("John Kirby")
    entry = {"name": "KIRBY, John", "schema": "Person", "programs": [], "aliases": []}
    finding = Finding(kirby.id, "OFAC", "99999", "ofac-sdn", "SDN", None, "0" * 64, 0.8,
                      "John Kirby", "KIRBY, John", "KIRBY, John", "score 0.80", entry, "1" * 64)
    store.entities.delete(kirby.id)  # between reading the case and keeping the results
    run = store.screening.record(entity_ids=[kirby.id], findings=[finding], checks=[],
                                 threshold=0.69, lists=[], names=1)
    assert run.cards == 0 and run.hits == 0 and store.screening.list() == []
