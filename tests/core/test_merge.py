"""Reversible merges of cards: what moves, what combines, and Split restoring the case exactly."""

from __future__ import annotations

import sqlite3

import pytest

from osint_desk.core.chart.state import ChartState
from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.store import CaseStore
from osint_desk.core.store.merges import CARD_REFERENCES, Merges
from osint_desk.core.store.verify import verify_case


def merges(store: CaseStore) -> Merges:
    return getattr(store, "merges", None) or Merges(store._ctx)


def _excerpts(store: CaseStore) -> list[str]:
    return [r[0] for r in store._ctx.conn.execute(
        "SELECT public_id FROM excerpts WHERE deleted_at IS NULL ORDER BY id")]


def add_pmc_wagner(demo: CaseStore) -> tuple[str, str]:
    """'PMC Wagner' with an alias, a relationship, a mention, a tag, a chart and SDN 22543."""
    wagner = demo.entities.resolve("Wagner Group").id
    pmc = demo.entities.add("organization", "PMC Wagner", aliases=["Vagnerovtsy"]).id
    putin = demo.entities.resolve("Vladimir Putin").id
    excerpts = _excerpts(demo)
    demo.relationships.add(pmc, "recruited for", putin, evidence=[(excerpts[0], "supports")])
    # the same relationship as Wagner Group's own (combined on merge)
    demo.relationships.add(pmc, "leads siege of", demo.entities.resolve("Bakhmut").id,
                           evidence=[(excerpts[1], "supports")])
    demo.excerpts.link_entity(excerpts[2], pmc)
    demo.tags.tag("entity", pmc, "mercenaries")
    demo.sanctions.add(pmc, "OFAC", entry_ref="22543", list_name="SDN",
                       evidence=[(excerpts[3], "supports")])
    demo.charts.create("wagner", ChartState().with_cards({pmc: (1.0, 2.0), putin: (3.0, 4.0)}))
    demo.excerpts.update(excerpts[4], speaker_id=pmc, channel_id=pmc)
    sid = next(s["public_id"] for s in demo.dump()["sanctions"]
               if s["entry_ref"] == "22543" and s["entity_id"] == pmc)
    ctx = demo._ctx
    with ctx.write():
        pmc_row = ctx.rowid("entities", pmc)
        ctx.insert("screening_hits", {
            "public_id": "hit-1", "entity_id": pmc_row, "authority": "OFAC",
            "entry_ref": "22543", "list_key": "ofac-sdn", "score": 1.0, "query": "PMC Wagner",
            "matched_name": "PMC Wagner", "listed_name": "PMC WAGNER", "entry": "{}",
            "entry_sha256": "0" * 64, "status": "held", "first_seen": "2026-01-01",
            "last_seen": "2026-01-01", "sanction_id": ctx.rowid("sanctions", sid)})
        ctx.insert("suggestion_judgements", {
            "public_id": "sj-1", "norm_text": "pmc wagner", "kind": "name",
            "verdict": "accepted", "text": "PMC Wagner", "entity_id": pmc_row,
            "created_at": "2026-01-01"})
    return wagner, pmc


def test_merge_moves_everything_and_split_restores_the_case(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    before = demo.dump(live=True)
    everything = demo.dump()  # with the soft-deleted records too
    merge = merges(demo).merge([wagner, pmc], into=wagner)
    assert merge.survivor_id == wagner and merge.member_ids == (pmc,)
    card = demo.entities.get(wagner)
    names = {a.name for a in card.aliases}
    assert {"PMC Wagner", "Vagnerovtsy"} <= names
    assert [a.name for a in card.aliases].count("PMC Wagner") == 1  # the demo had it already
    assert merge.alias_origins == {}
    with pytest.raises(NotFoundError):
        demo.entities.get(pmc)
    assert demo.entities.get(pmc, include_deleted=True).name == "PMC Wagner"  # soft-deleted
    after = demo.dump(live=True)
    sdn = [s for s in after["sanctions"] if s["entry_ref"] == "22543"]
    assert len(sdn) == 1 and sdn[0]["entity_id"] == wagner
    sieges = [r for r in after["relationships"] if r["predicate"] == "leads siege of"]
    assert len(sieges) == 1
    assert any(r["predicate"] == "recruited for" and r["subject_id"] == wagner
               for r in after["relationships"])
    chart = demo.charts.get(demo.charts.list()[0][0]).state
    assert wagner in chart.nodes and pmc not in chart.nodes
    assert demo.search("Vagnerovtsy", kinds=("entity",))[0].id == wagner
    hit = next(h for h in after["screening_hits"] if h["public_id"] == "hit-1")
    assert hit["entity_id"] == wagner and hit["sanction_id"] == sdn[0]["public_id"]
    speaking = [e for e in after["excerpts"] if e["speaker_id"] == wagner]
    assert speaking and speaking[0]["channel_id"] == wagner
    assert all(t["target_id"] != pmc for t in after["taggings"])
    suggestion = demo._ctx.scalar(
        "SELECT e.public_id FROM suggestion_judgements s JOIN entities e ON e.id = s.entity_id")
    assert suggestion == wagner

    merges(demo).split(merge.id)
    assert demo.dump(live=True) == before
    assert demo.dump() == everything
    assert demo.entities.get(pmc).name == "PMC Wagner"
    assert demo.search("Vagnerovtsy", kinds=("entity",))[0].id == pmc
    assert verify_case(demo).intact


def test_two_records_of_one_list_entry_become_one_with_both_evidences(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    sid = next(s["public_id"] for s in demo.dump()["sanctions"]
               if s["entry_ref"] == "22543" and s["entity_id"] == wagner)
    old = {e.excerpt_id for e in demo.sanctions.get(sid).evidence}
    own = _excerpts(demo)[3]
    merges(demo).merge([pmc, wagner], into=wagner)
    live = [s for s in demo.dump(live=True)["sanctions"] if s["entry_ref"] == "22543"]
    assert [s["public_id"] for s in live] == [sid]
    assert {e.excerpt_id for e in demo.sanctions.get(sid).evidence} == old | {own}


def test_merge_split_merge_again_and_into_a_new_card(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    before = demo.dump(live=True)
    first = merges(demo).merge([wagner, pmc])
    merges(demo).split(first.id)
    with pytest.raises(ValidationError, match="already split"):
        merges(demo).split(first.id)
    second = merges(demo).merge([wagner, pmc], new_name="Wagner (PMC)")
    new = demo.entities.get(second.survivor_id)
    assert new.name == "Wagner (PMC)" and second.created_new
    assert {"Wagner Group", "PMC Wagner", "Vagnerovtsy"} <= {a.name for a in new.aliases}
    origin = next(a.id for a in new.aliases if a.name == "Wagner Group")
    assert second.alias_origins[origin] == f"merged from {wagner}"
    assert len([s for s in demo.dump(live=True)["sanctions"] if s["entry_ref"] == "22543"]) == 1
    merges(demo).split(second.id)
    assert demo.dump(live=True) == before
    assert [m.id for m in merges(demo).list(include_split=True)] == [second.id, first.id]
    assert verify_case(demo).intact


def test_a_later_merge_must_be_split_first(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    other = demo.entities.add("organization", "Wagner PMC").id
    first = merges(demo).merge([wagner, pmc])
    second = merges(demo).merge([wagner, other])
    with pytest.raises(ValidationError, match="split it first"):
        merges(demo).split(first.id)
    merges(demo).split(second.id)
    merges(demo).split(first.id)
    assert demo.entities.get(other).name == "Wagner PMC"


def test_bad_merges_are_refused_and_change_nothing(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    putin = demo.entities.resolve("Vladimir Putin").id
    before = demo.dump()
    with pytest.raises(ValidationError, match="two different"):
        merges(demo).merge([wagner, wagner])
    with pytest.raises(ValidationError, match="same type"):
        merges(demo).merge([wagner, putin])
    with pytest.raises(ValidationError, match="not one of"):
        merges(demo).merge([wagner, pmc], into=putin)
    with pytest.raises(NotFoundError):
        merges(demo).merge([wagner, "no-such-card"])
    with pytest.raises(NotFoundError):
        merges(demo).split("no-such-merge")
    assert demo.dump() == before


def test_merge_and_split_are_audited(demo: CaseStore) -> None:
    wagner, pmc = add_pmc_wagner(demo)
    merge = merges(demo).merge([wagner, pmc])
    merges(demo).split(merge.id)
    actions = [e["action"] for e in demo.audit_entries(record_id=merge.id)]
    assert sorted(actions) == ["merge", "split"]


def _card_columns(conn: sqlite3.Connection, card: str) -> set[tuple[str, str]]:
    """Every column referring to a card: by foreign key, or holding card public ids."""
    found: set[tuple[str, str]] = set()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if fk[2] == "entities":
                found.add((table, fk[3]))
    for table in tables:
        if table.startswith(("search_", "audit_log", "_sqlite")) or table == "entities":
            continue
        for col in conn.execute(f"PRAGMA table_info({table})"):
            if col[2].upper() != "TEXT":
                continue
            hit = conn.execute(f"SELECT 1 FROM {table} WHERE instr({col[1]}, ?) > 0 LIMIT 1",
                               (card,)).fetchone()
            if hit is not None:
                found.add((table, col[1]))
    return found


def test_every_table_referring_to_cards_is_handled_by_merge(demo: CaseStore) -> None:
    """Fails when a new table or column names cards and merge/split do not know it."""
    wagner = demo.entities.resolve("Wagner Group").id
    # put the card's public id everywhere the case can hold one
    demo.tags.tag("entity", wagner, "pmc")
    demo.charts.create("c", ChartState().with_cards({wagner: (0.0, 0.0)}))
    conn = demo._ctx.conn
    found = _card_columns(conn, wagner)
    missing = sorted(found - set(CARD_REFERENCES))
    assert not missing, f"merge/split do not handle these card references: {missing}"
    assert ("taggings", "target_id") in found and ("charts", "state") in found



def test_the_table_walk_finds_a_new_table_naming_cards(demo: CaseStore) -> None:
    """The walk above is not vacuous: a table added later is found (and would fail it)."""
    wagner = demo.entities.resolve("Wagner Group").id
    conn = demo._ctx.conn
    with demo._ctx.write():
        conn.execute("CREATE TABLE future_notes (id INTEGER PRIMARY KEY,"
                     " card INTEGER REFERENCES entities(id), about TEXT)")
        conn.execute("INSERT INTO future_notes (about) VALUES (?)", (f"see {wagner}",))
    found = _card_columns(conn, wagner) - set(CARD_REFERENCES)
    assert found == {("future_notes", "card"), ("future_notes", "about")}


def test_remerge_redoes_a_split_merge_with_the_same_cards(demo: CaseStore) -> None:
    """What a GUI redo calls after undoing a merge (undo = split)."""
    wagner, pmc = add_pmc_wagner(demo)
    before = demo.dump(live=True)
    first = merges(demo).merge([wagner, pmc], new_name="Wagner (PMC)")
    merged = demo.dump(live=True)
    merges(demo).split(first.id)
    with pytest.raises(ValidationError, match="in place"):
        merges(demo).remerge(merges(demo).merge([wagner, pmc]).id)
    merges(demo).split(merges(demo).list()[0].id)
    again = merges(demo).remerge(first.id)
    assert again.id != first.id and again.survivor_id == first.survivor_id
    assert demo.dump(live=True) == merged
    merges(demo).split(again.id)
    assert demo.dump(live=True) == before
    assert verify_case(demo).intact
