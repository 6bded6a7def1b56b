"""Screening a whole case: proposals kept in the case, decisions remembered, list changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.case_screening import screen_case
from osint_desk.core.demo import build_demo_case
from osint_desk.core.errors import ValidationError
from osint_desk.core.sanctions.entries import ListInfo
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.screening import EmptyLibraryError
from osint_desk.core.store import CaseStore

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)

SDN = SANCTIONS / "ofac_sdn_csv_full_2019"
UN = SANCTIONS / "un_consolidated_2026-02-27.xml"
DEMO_RECORDS = {"Yevgeny Prigozhin": "21171", "Wagner Group": "22543",
                "Internet Research Agency": "23943", "Concord Catering": "22527"}


@pytest.fixture(scope="module")
def library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([SDN])
        library.import_files([UN])
    return path


@pytest.fixture
def library(library_file: Path, tmp_path: Path) -> Iterator[ListLibrary]:
    """A private copy, so tests that update a list do not disturb the others."""
    path = tmp_path / "lists.sqlite"
    path.write_bytes(library_file.read_bytes())
    with ListLibrary(path) as opened:
        yield opened


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CaseStore]:
    with build_demo_case(tmp_path / "demo.osintcase") as store:
        yield store


def _hits(store: CaseStore) -> dict[tuple[str, str], str]:
    return {(h.entity_name, h.entry_ref): h.status for h in store.screening.list()}


def test_demo_case_proposes_exactly_its_real_records_and_knows_it_holds_them(
        demo: CaseStore, library: ListLibrary) -> None:
    run = screen_case(demo, library)
    assert _hits(demo) == dict.fromkeys(DEMO_RECORDS.items(), "held")
    assert run.new_hits == 0 and run.hits == 4 and run.flagged == 0
    assert run.skipped == {"Address": 2, "Event": 1}
    by_card = {h.entity_name: h for h in demo.screening.list()}
    assert by_card["Concord Catering"].entry_ref != "22526"
    assert "John Kirby" not in by_card and "James Cleverly" not in by_card
    held = by_card["Yevgeny Prigozhin"]
    assert held.sanction_id in {s.id for s in demo.sanctions.list()}
    assert held.entry["name"] == "PRIGOZHIN, Yevgeniy Viktorovich"
    # Every record on the demo's cards was checked against the imported SDN list: unchanged.
    checks = demo.screening.checks()
    assert len(checks) == 4 and not any(c.changes for c in checks)
    assert {c.list_key for c in checks} == {"ofac-sdn"}


def test_screening_again_is_idempotent(demo: CaseStore, library: ListLibrary) -> None:
    screen_case(demo, library)
    before = {k: v for k, v in demo.dump().items() if k != "screening_runs"}
    run = screen_case(demo, library)
    after = {k: v for k, v in demo.dump().items() if k != "screening_runs"}
    assert run.new_hits == 0 and run.hits == 4
    assert after == before
    assert len(demo.screening.runs()) == 2


def test_confirm_attaches_the_entry_with_its_provenance(store: CaseStore,
                                                        library: ListLibrary) -> None:
    card = store.entities.add("Person", "Yevgeny Prigozhin",
                              attributes={"birthDate": "1961-06-01", "nationality": ["ru"]})
    kirby = store.entities.add("Person", "John Kirby")
    run = screen_case(store, library)
    assert run.new_hits >= 1
    hit = next(h for h in store.screening.list() if h.entry_ref == "21171")
    assert hit.status == "open" and hit.entity_id == card.id
    assert "birth year 1961 agrees" in hit.explanation
    assert not store.screening.list(entity_id=kirby.id)

    confirmed = store.screening.confirm(hit.id, note="DOB and name agree")
    assert confirmed.status == "confirmed" and confirmed.decided_by == "tester"
    record = store.sanctions.get(confirmed.sanction_id or "")
    info = library.list_info("ofac-sdn")
    assert info is not None
    assert (record.authority, record.entry_ref, record.listed_name) == (
        "OFAC", "21171", "PRIGOZHIN, Yevgeniy Viktorovich")
    assert set(record.programs) == {"UKRAINE-EO13661", "CYBER2"}
    assert record.list_sha256 == info.file_sha256 and record.list_published is None
    assert record.list_name == info.list_name
    assert record.provenance["list_key"] == "ofac-sdn"
    assert record.provenance["entry_sha256"] == library.entry_hash("ofac-sdn", "21171")
    assert record.reason.startswith("DOB 01 Jun 1961")
    with pytest.raises(ValidationError, match="already on the card"):
        store.screening.confirm(hit.id)

    # Screening again does not ask again; the record is recognised.
    again = screen_case(store, library)
    assert again.new_hits == 0
    assert store.screening.get(hit.id).status == "confirmed"

    # Undo (reopen) removes the record; confirming again brings back the same record.
    reopened = store.screening.reopen(hit.id)
    assert reopened.status == "open" and not store.sanctions.of_entity(card.id)
    again = store.screening.confirm(hit.id)
    assert again.sanction_id == confirmed.sanction_id
    assert [s.id for s in store.sanctions.of_entity(card.id)] == [confirmed.sanction_id]


def test_dismissed_hits_are_not_proposed_again(store: CaseStore, library: ListLibrary) -> None:
    store.entities.add("Organization", "Concord Management and Consulting")
    screen_case(store, library)
    hit = next(h for h in store.screening.list() if h.entry_ref == "22526")
    store.screening.dismiss(hit.id, note="other company")
    run = screen_case(store, library)
    assert run.new_hits == 0
    kept = store.screening.get(hit.id)
    assert kept.status == "dismissed" and kept.note == "other company"
    # Changing one's mind: reopen, then confirm.
    assert store.screening.reopen(hit.id).status == "open"
    assert store.screening.confirm(hit.id).status == "confirmed"


def test_a_held_record_cannot_be_dismissed(demo: CaseStore, library: ListLibrary) -> None:
    screen_case(demo, library)
    held = next(h for h in demo.screening.list() if h.status == "held")
    with pytest.raises(ValidationError, match="remove the sanctions record"):
        demo.screening.dismiss(held.id)


def test_a_record_removed_from_the_card_is_asked_again(demo: CaseStore,
                                                       library: ListLibrary) -> None:
    screen_case(demo, library)
    wagner = demo.entities.resolve("Wagner Group")
    record = demo.sanctions.of_entity(wagner.id)[0]
    demo.sanctions.delete(record.id)
    run = screen_case(demo, library)
    hit = demo.screening.list(entity_id=wagner.id)[0]
    assert hit.status == "open" and "removed" in hit.note
    assert run.hits == 4


def test_a_list_update_flags_what_changed_for_records(demo: CaseStore,
                                                      library: ListLibrary) -> None:
    screen_case(demo, library)
    info = library.list_info("ofac-sdn")
    assert info is not None
    entries = []
    for offset in range(0, 8000, 1000):
        for entry in library.entries("ofac-sdn", offset, 1000):
            if entry.entry_ref == "22543":
                continue  # delisted in the "newer" publication
            if entry.entry_ref == "21171":
                entries.append(replace(entry, programs=(*entry.programs, "RUSSIA-EO14024")))
            else:
                entries.append(entry)
    newer = ListInfo(info.authority, info.list_key, info.list_name, "2026-11-20",
                     "f" * 64, info.source_files)
    report = library.import_entries(newer, entries)
    assert (report.removed, report.changed) == (1, 1)

    run = screen_case(demo, library)
    assert run.flagged == 2
    flagged = {demo.entities.get(c.entity_id).name: c for c in
               demo.screening.checks(flagged_only=True)}
    assert flagged["Yevgeny Prigozhin"].changes == ("programs added: RUSSIA-EO14024",)
    assert "no longer on" in flagged["Wagner Group"].changes[0]
    assert "2026-11-20" in flagged["Wagner Group"].changes[0]

    prigozhin = flagged["Yevgeny Prigozhin"].sanction_id
    updated = demo.screening.apply_list_update(prigozhin)
    assert "RUSSIA-EO14024" in updated.programs and updated.list_published == "2026-11-20"
    assert updated.list_sha256 == "f" * 64
    check = demo.screening.check_of(prigozhin)
    assert check is not None and not check.changes

    wagner = flagged["Wagner Group"].sanction_id
    assert demo.screening.acknowledge(wagner).flagged is False
    assert screen_case(demo, library).flagged == 0
    assert demo.sanctions.get(wagner).status == "active"  # kept as the user said


def test_screening_needs_lists(demo: CaseStore, tmp_path: Path) -> None:
    with ListLibrary(tmp_path / "empty.sqlite") as empty, pytest.raises(
            EmptyLibraryError, match="import a list"):
        screen_case(demo, empty)
    assert demo.screening.list() == [] and demo.screening.runs() == []


def test_read_only_case_cannot_keep_results(demo: CaseStore, library: ListLibrary) -> None:
    path = demo.path
    demo.close()
    with CaseStore.open(path, read_only=True) as ro, pytest.raises(Exception, match="read-only"):
        screen_case(ro, library)


def test_a_card_is_screened_by_its_identifiers_too(demo: CaseStore,
                                                   library: ListLibrary) -> None:
    """A tanker card under another name, with the IMO number of SDN 15036 (ARTAVIL)."""
    card = demo.entities.add("Vessel", "Sea Breeze", attributes={"imoNumber": "9187629"})
    screen_case(demo, library, entity_ids=[card.id])
    (hit,) = [h for h in demo.screening.list() if h.entity_name == "Sea Breeze"]
    assert (hit.entry_ref, hit.score, hit.query) == ("15036", 1.0, "9187629")
    assert hit.explanation.startswith("identifier ") and hit.listed_name == "ARTAVIL"
