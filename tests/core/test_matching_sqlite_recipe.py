"""The SQLite recipe for candidate retrieval gives the same shortlist as NameIndex."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from osint_desk.core.sanctions.matching import NameIndex, compare, name_keys
from osint_desk.core.sanctions.matching.index import MAX_POSTINGS, SHORTLIST, plan_keys

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


def _sqlite_shortlist(db: sqlite3.Connection, query: str, schema: str | None) -> set[int]:
    keys = sorted(name_keys(query, schema))
    marks = ",".join("?" * len(keys))
    df = dict(db.execute(f"SELECT key, df FROM key_df WHERE key IN ({marks})", keys).fetchall())
    total = db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    acc: dict[int, float] = {}
    for key, weight in plan_keys(df, df, total):
        rows = db.execute("SELECT name_id FROM name_keys WHERE key = ? ORDER BY name_id LIMIT ?",
                          (key, MAX_POSTINGS))
        for (nid,) in rows:
            acc[nid] = acc.get(nid, 0.0) + weight
    return set(sorted(acc, key=acc.__getitem__, reverse=True)[:SHORTLIST])


def test_sqlite_recipe_matches_name_index() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE names (name_id INTEGER PRIMARY KEY, entry TEXT, name TEXT)")
    db.execute("CREATE TABLE name_keys (key TEXT, name_id INTEGER)")
    index = NameIndex()
    for nid, (entry, name, schema) in enumerate(NAMES):
        index.add(entry, name, schema=schema)
        db.execute("INSERT INTO names VALUES (?, ?, ?)", (nid, entry, name))
        db.executemany("INSERT INTO name_keys VALUES (?, ?)",
                       [(k, nid) for k in name_keys(name, schema)])
    db.execute("CREATE INDEX name_keys_key ON name_keys (key)")
    db.execute("CREATE TABLE key_df AS SELECT key, COUNT(*) AS df FROM name_keys GROUP BY key")
    index.build()
    for query, schema in [("Евгений Пригожин", "Person"), ("Wagner Group", None),
                          ("Putin", "Person"), ("Concord", None), ("Nobody Atall", None)]:
        assert _sqlite_shortlist(db, query, schema) == set(index.shortlist(query, schema))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_compare_total_and_bounded(a: str, b: str) -> None:
    result = compare(a, b)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(name_keys(a), set)
