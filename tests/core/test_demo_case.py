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
