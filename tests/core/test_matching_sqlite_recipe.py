"""The SQLite recipe for candidate retrieval gives the same shortlist as NameIndex, and neither
depends on row ids: an exact name is shortlisted whatever the order names came in."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.matching import NameIndex, compare, name_keys
from osint_desk.core.sanctions.matching.index import (
    FALLBACK_POSTINGS,
    MAX_POSTINGS,
    SHORTLIST,
    TIE_SLACK,
    plan_keys,
    select_shortlist,
)
from osint_desk.core.sanctions.matching.keys import query_keys

NAMES = [
    ("e1", "PRIGOZHIN, Yevgeniy Viktorovich", "Person"),
    ("e1", "PRIGOZHIN, Evgeny", "Person"),
    ("e2", "PRIVATE MILITARY COMPANY 'WAGNER'", "Organization"),
    ("e2", "PMC WAGNER", "Organization"),
    ("e3", "CONCORD CATERING", "Organization"),
    ("e4", "Vladimir Vladimirovich PUTIN", "Person"),
    ("e5", "Vladimir Kozlov", "Person"),
    ("e6", "Ivan Petrov", "Person"),
]


def _sqlite_shortlist(db: sqlite3.Connection, query: str, schema: str | None) -> list[int]:
    keys = sorted(query_keys(query, schema))
    marks = ",".join("?" * len(keys))
    df = dict(db.execute(f"SELECT key, df FROM key_df WHERE key IN ({marks})", keys).fetchall())
    total = db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    acc: dict[int, float] = {}
    for key, weight in plan_keys(sorted(df), df, total):
        for (nid,) in db.execute("SELECT name_id FROM name_keys WHERE key = ?", (key,)):
            acc[nid] = acc.get(nid, 0.0) + weight

    def describe(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        return {nid: (name, entry) for nid, name, entry in db.execute(
            f"SELECT name_id, name, entry FROM names WHERE name_id IN ({marks})", list(ids))}

    return select_shortlist(acc, query, describe)


def _both(names: Sequence[tuple[str, str, str | None]]) -> tuple[sqlite3.Connection, NameIndex]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE names (name_id INTEGER PRIMARY KEY, entry TEXT, name TEXT)")
    db.execute("CREATE TABLE name_keys (key TEXT, name_id INTEGER)")
    index = NameIndex()
    for nid, (entry, name, schema) in enumerate(names):
        index.add(entry, name, schema=schema)
        db.execute("INSERT INTO names VALUES (?, ?, ?)", (nid, entry, name))
        db.executemany("INSERT INTO name_keys VALUES (?, ?)",
                       [(k, nid) for k in name_keys(name, schema)])
    db.execute("CREATE INDEX name_keys_key ON name_keys (key)")
    db.execute("CREATE TABLE key_df AS SELECT key, COUNT(*) AS df FROM name_keys GROUP BY key")
    index.build()
    return db, index


def test_sqlite_recipe_matches_name_index() -> None:
    db, index = _both(NAMES)
    for query, schema in [("Евгений Пригожин", "Person"), ("Wagner Group", None),
                          ("Putin", "Person"), ("Concord", None), ("Nobody Atall", None)]:
        assert _sqlite_shortlist(db, query, schema) == index.shortlist(query, schema)


def _crowd(exact_first: bool) -> list[tuple[str, str, str | None]]:
    """Far more names sharing one part code than the shortlist holds, all tied on weight,
    and the one exact name first or last (lowest or highest row id)."""
    crowd = [(f"c{i:04d}", f"HAMAS{'' if i % 2 else 'A'} {w}", "Person") for i, w in
             enumerate(f"{a}{b}{c}" for a in "BDFGKLMNPRST" for b in "aeiou" for c in "lnr")]
    crowd += [(f"z{i}", name, "Organization") for i, name in enumerate(
        ["HAMSA", "HAMZA", "HAMMAS", "HAMAZ"] * 30)]
    exact = ("e-hamas", "HAMAS", "Organization")
    return [exact, *crowd] if exact_first else [*crowd, exact]


def test_exact_name_always_shortlisted_whatever_the_order() -> None:
    shortlists = []
    for exact_first in (True, False):
        names = _crowd(exact_first)
        db, index = _both(names)
        assert len(names) > 4 * SHORTLIST
        for query in ("HAMAS", "hamas", "Hamas"):
            ids = index.shortlist(query)
            assert ids == _sqlite_shortlist(db, query, None)
            assert len(ids) <= SHORTLIST + TIE_SLACK
            chosen = sorted((names[i][0], names[i][1]) for i in ids)
            assert ("e-hamas", "HAMAS") in chosen
            shortlists.append(chosen)
            hits = index.query(query, limit=len(names))
            own = [h for h in hits if h.entry_key == "e-hamas"]
            assert own and own[0].score == hits[0].score == 1.0  # first or tied first
    assert all(s == shortlists[0] for s in shortlists)  # not the row ids: the same names


def test_too_common_keys_are_not_cut_by_row_id() -> None:
    """A key shared by more than MAX_POSTINGS names is not used (unless it is the only one,
    up to FALLBACK_POSTINGS); the planned keys never depend on which ids carry them."""
    df = {"p:hms": MAX_POSTINGS + 1, "d:hm": MAX_POSTINGS, "x:hamas": 10 * MAX_POSTINGS}
    assert [k for k, _w in plan_keys(sorted(df), df, 10**6)] == ["d:hm", "x:hamas"]
    df = {"p:hms": FALLBACK_POSTINGS, "d:hm": FALLBACK_POSTINGS + 1}
    assert [k for k, _w in plan_keys(sorted(df), df, 10**6)] == ["p:hms"]
    df = {"p:hms": FALLBACK_POSTINGS + 1}
    assert plan_keys(df, df, 10**6) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_compare_total_and_bounded(a: str, b: str) -> None:
    result = compare(a, b)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(name_keys(a), set)


def test_library_screening_matches_name_index(tmp_path: Path) -> None:
    """``screen()`` over a real library file (``library_keys.shortlist_ids``) gives the hits
    ``NameIndex.query`` gives over the same screened names, entries and scores."""
    if not SANCTIONS.is_dir():
        pytest.skip(MISSING_REASON)
    from osint_desk.core.sanctions.library import ListLibrary
    from osint_desk.core.sanctions.screening import screen

    with ListLibrary(tmp_path / "lists.sqlite") as library:
        library.import_files([SANCTIONS / "ofac_cons_csv_2025"])
        library.import_files([SANCTIONS / "un_consolidated_2026-02-27.xml"])
        index = NameIndex()
        for list_key, ref, schema, name, strength in library.conn.execute(
                "SELECT e.list_key, e.entry_ref, e.schema, n.name, n.strength FROM names n"
                " JOIN entries e ON e.id = n.entry_id"
                " WHERE n.id IN (SELECT name_id FROM name_keys) ORDER BY n.id DESC"):
            # reversed: ids do not matter
            index.add(f"{list_key}:{ref}", name, schema=schema, strength=strength)
        for query, schema in [("HAMAS", None), ("Ali", None), ("Mohammad Ali", "Person"),
                              ("Rosneft", None), ("GIA", None), ("Kim Jong Un", "Person"),
                              ("Bank", "Organization"), ("ETA", None)]:
            hits = [(f"{h.list_key}:{h.entry_ref}", h.score)
                    for h in screen(library, query, schema=schema, limit=20, threshold=0.0)]
            memory = [(c.entry_key, c.score)
                      for c in index.query(query, schema=schema, limit=20, threshold=0.0)]
            assert hits == memory, query
