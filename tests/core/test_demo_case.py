"""The demo case is what a careful investigator would build from the seed article."""

from __future__ import annotations

import csv
import hashlib

from shared_data import SHARED

from osint_desk.core.demo import demo_dir
from osint_desk.core.model import ENTITY_TYPES
from osint_desk.core.store import CaseStore


def test_counts(demo: CaseStore) -> None:
    counts = demo.counts()
    assert counts.sources >= 1
    assert counts.excerpts >= 12
    assert counts.entities >= 15
    assert counts.relationships >= 8
    assert counts.sanctions == 4
    assert demo.integrity_check() == "ok"


def test_article_is_stored_exactly(demo: CaseStore) -> None:
    source = demo.sources.list()[0]
    original = (demo_dir() / "kirby-dprk-wagner.txt").read_bytes()
    assert source.text == original.decode("utf-8")
    assert source.original_sha256 == hashlib.sha256(original).hexdigest()
    assert source.outlet is None
    assert source.published == "2022-12-22"
    assert "Thursday" in source.notes
    assert source.reliability in {"A", "B", "C", "D", "E", "F"}
    assert source.retrieved is not None


def test_seed_article_matches_the_shared_corpus() -> None:
    shared = SHARED / "corpus" / "articles" / "kirby-dprk-wagner.txt"
    if shared.exists():
        assert (demo_dir() / "kirby-dprk-wagner.txt").read_bytes() == shared.read_bytes()


def test_cards_have_types_and_cyrillic_aliases(demo: CaseStore) -> None:
    cards = demo.entities.list()
    assert {c.type for c in cards} <= set(ENTITY_TYPES)
    assert {"Person", "Organization", "PublicBody", "Company"} <= {c.type for c in cards}
    assert demo.entities.resolve("Пригожин").name == "Yevgeny Prigozhin"
    assert demo.entities.resolve("ЧВК «Вагнер»").name == "Wagner Group"
    north_korea = demo.entities.resolve("North Korea")
    assert north_korea.type == "PublicBody"
    assert "arms" in north_korea.description.lower()
    assert "UN Security Council" in north_korea.description


def test_every_excerpt_is_graded_and_linked(demo: CaseStore) -> None:
    for excerpt in demo.excerpts.list():
        assert excerpt.credibility is not None
        assert demo.excerpts.entity_ids(excerpt.id), excerpt.quote


def test_statements_have_speaker_channel_and_stance(demo: CaseStore) -> None:
    by_quote = {e.quote: e for e in demo.excerpts.list()}
    delivery = next(e for q, e in by_quote.items() if "completed an initial weapons" in q)
    assert delivery.stance == "asserts"
    assert demo.entities.get(delivery.speaker_id or "").name == "John Kirby"
    denial = next(e for q, e in by_quote.items() if "denied any arms deal" in q)
    assert denial.stance == "denies"
    assert demo.entities.get(denial.channel_id or "").name == "KCNA"
    agreement = next(e for q, e in by_quote.items() if "agreed with the US assessment" in q)
    assert agreement.stance == "confirms"
    assert demo.entities.get(agreement.speaker_id or "").name == "James Cleverly"


def test_kcna_denial_contradicts_the_supply_link(demo: CaseStore) -> None:
    north_korea = demo.entities.resolve("North Korea")
    supplied = next(v.relationship for v in demo.dossier(north_korea.id).relationships
                    if v.relationship.predicate == "supplied")
    roles = {demo.excerpts.get(e.excerpt_id).quote: e.role for e in supplied.evidence}
    assert any("denied" in quote and role == "contradicts" for quote, role in roles.items())
    assert any(role == "supports" for role in roles.values())
    for relationship in demo.relationships.list():
        assert relationship.evidence, relationship.predicate


def test_sanctions_are_the_real_sdn_entries(demo: CaseStore) -> None:
    expected = {"21171": "Yevgeny Prigozhin", "22543": "Wagner Group",
                "23943": "Internet Research Agency", "22527": "Concord Catering"}
    records = demo.sanctions.list()
    assert {r.entry_ref: demo.entities.get(r.entity_id).name for r in records} == expected
    sdn = SHARED / "data" / "sanctions" / "ofac_sdn_csv_full_2019" / "sdn.csv"
    extract = demo_dir() / "ofac_sdn_2019_extract.csv"
    with extract.open(encoding="utf-8") as handle:
        extracted = list(csv.DictReader(handle))
    lines = {row["line"] for row in extracted if row["file"] == "sdn.csv"}
    rows = {row[0]: row for row in csv.reader(lines) if row}
    for record in records:
        row = rows[record.entry_ref or ""]
        assert record.listed_name == row[1]
        assert list(record.programs) == row[3].split("] [")
        assert record.authority == "OFAC"
        assert record.list_sha256 and record.provenance["file_hashes"]
        assert record.evidence
    if sdn.exists():
        text = sdn.read_text(encoding="utf-8")
        for line in lines:
            assert line in text


def test_listing_dates_are_the_designations_with_their_source(demo: CaseStore) -> None:
    """The legacy CSV has no dates: each listing date is the day of the Treasury press
    release that announced it, and the record's provenance note and the README say so."""
    expected = {"21171": ("2016-12-20", "20 December 2016"),
                "22527": ("2017-06-20", "20 June 2017"),
                "22543": ("2017-06-20", "20 June 2017"),
                "23943": ("2018-03-15", "15 March 2018")}
    readme = (demo_dir() / "README.md").read_text(encoding="utf-8")
    for record in demo.sanctions.list():
        listed, day = expected[record.entry_ref or ""]
        assert record.listed_on == listed
        note = record.provenance["note"]
        assert f"on {listed} under {record.programs[0]}" in note
        assert f"US Treasury press release of {day}" in note
        assert record.list_published is None  # the list file itself still has no date
        assert f"{record.entry_ref} {record.listed_name}: designated **{listed}**" in readme
    for entry in ("21171", "22527"):  # the later CYBER2 designation is in the note only
        record = next(r for r in demo.sanctions.list() if r.entry_ref == entry)
        assert "CYBER2 was added on 2018-03-15" in record.provenance["note"]


def test_the_report_shows_the_listing_dates(demo: CaseStore) -> None:
    """Where the report gives a listing date (each card's sanctions, the sanctions table,
    the timeline), the demo's four are there."""
    from osint_desk.core.report import compose_report
    from osint_desk.core.report.options import ReportOptions

    markdown = compose_report(demo, ReportOptions()).markdown
    assert "- OFAC entry 21171 (UKRAINE-EO13661, CYBER2), listed 2016-12-20, status active." \
        in markdown
    assert "| Wagner Group | OFAC | UKRAINE-EO13660 | 22543 (PRIVATE MILITARY COMPANY" \
        " 'WAGNER')" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ")
            and " | OFAC | " in line]
    assert sorted(line.split(" | ")[4] for line in rows) == [
        "2016-12-20", "2017-06-20", "2017-06-20", "2018-03-15"]
    timeline = compose_report(demo, ReportOptions(sections=("timeline",))).markdown
    listed = [line for line in timeline.splitlines() if "— OFAC lists" in line]
    assert [line[4:14] for line in listed] == [
        "2016-12-20", "2017-06-20", "2017-06-20", "2018-03-15"]
