"""``screen()`` over the list library's SQLite key index, with the real SDN 2019 and UN lists."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.library_schema import SCHEMA_VERSION
from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex, name_keys
from osint_desk.core.sanctions.matching.index import (
    MAX_POSTINGS,
    SHORTLIST,
    WEAK_ALIAS_SCORE,
    plan_keys,
)
from osint_desk.core.sanctions.screening import EmptyLibraryError, screen

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)

SDN = SANCTIONS / "ofac_sdn_csv_full_2019"
UN = SANCTIONS / "un_consolidated_2026-02-27.xml"
PRIGOZHIN = ["Yevgeny Prigozhin", "Евгений Пригожин", "Jewgeni Prigoschin", "Prigozhin, Evgeniy"]
QUERIES = [(q, "Person") for q in PRIGOZHIN] + [
    ("Wagner Group", None), ("Concord Catering", "Organization"), ("John Kirby", "Person"),
    ("James Cleverly", None), ("Internet Research Agency", None), ("Vladimir Putin", None)]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ListLibrary]:
    path = tmp_path_factory.mktemp("lists") / "lists.sqlite"
    with ListLibrary(path) as opened:
        opened.import_files([SDN])
        opened.import_files([UN])
        yield opened


def _top(library: ListLibrary, query: str, schema: str | None = None) -> list[str]:
    return [h.entry_ref for h in screen(library, query, schema=schema)]


@pytest.mark.parametrize("schema", [None, "Person"])
@pytest.mark.parametrize("query", PRIGOZHIN)
def test_prigozhin_first(library: ListLibrary, query: str, schema: str | None) -> None:
    hits = screen(library, query, schema=schema)
    assert hits and (hits[0].list_key, hits[0].entry_ref) == ("ofac-sdn", "21171")
    hit = hits[0]
    assert hit.score >= DEFAULT_THRESHOLD and hit.listed_name == "PRIGOZHIN, Yevgeniy Viktorovich"
    assert hit.authority == "OFAC" and len(hit.list_sha256) == 64 and hit.list_published is None
    assert "aligned parts" in hit.explanation and hit.programs and hit.birth_dates


def test_wagner_group(library: ListLibrary) -> None:
    assert _top(library, "Wagner Group")[0] == "22543"
    assert _top(library, "Wagner Group", "Organization")[0] == "22543"


@pytest.mark.parametrize("query", ["John Kirby", "James Cleverly"])
def test_officials_are_not_hits(library: ListLibrary, query: str) -> None:
    assert screen(library, query) == []
    assert screen(library, query, schema="Person") == []


def test_concord_catering_not_concord_management(library: ListLibrary) -> None:
    assert _top(library, "Concord Catering")[0] == "22527"
    assert "22526" not in _top(library, "Concord Catering")
    everything = screen(library, "Concord Catering", threshold=0.0, limit=50)
    assert all(h.score < DEFAULT_THRESHOLD for h in everything if h.entry_ref == "22526")


def test_weak_aliases_are_found_only_when_typed_exactly(library: ListLibrary) -> None:
    weak = [n for n in library.names("un-sc", include_weak=True)
            if n.strength == "weak" and n.name in ("India Queen", "Colonel Omega")]
    assert {n.entry_ref for n in weak} == {"CDi.004", "CDi.024"}
    for name in weak:
        keys = [row[0] for row in library.conn.execute(
            "SELECT key FROM name_keys WHERE name_id = ?", (name.name_id,))]
        assert keys and all(key.startswith("x:") for key in keys)  # no fuzzy keys
        hit = next(h for h in screen(library, name.name) if h.entry_ref == name.entry_ref)
        assert hit.score == WEAK_ALIAS_SCORE and "weak alias" in hit.explanation
    assert "CDi.004" not in _top(library, "India Quen")


def test_birth_year_and_country_nudge(library: ListLibrary) -> None:
    plain = screen(library, "Yevgeny Prigozhin")[0]
    agree = screen(library, "Yevgeny Prigozhin", birth_year=1961, country="russia")[0]
    differ = screen(library, "Yevgeny Prigozhin", birth_year=1975, country="Chile",
                    threshold=0.0)
    assert agree.entry_ref == "21171" and agree.score > plain.score
    assert "birth year 1961 agrees" in agree.explanation and "country russia agrees" in (
        agree.explanation)
    other = next(h for h in differ if h.entry_ref == "21171")
    assert other.score < plain.score and "birth year 1975 differs" in other.explanation


def test_limit_and_threshold(library: ListLibrary) -> None:
    hits = screen(library, "Mohammad Ali", threshold=0.0, limit=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_same_top_entries_as_name_index(library: ListLibrary) -> None:
    index = NameIndex()
    for name in library.names(include_weak=True):
        index.add(f"{name.list_key}:{name.entry_ref}", name.name, schema=name.schema,
                  strength=name.strength)
    assert len(index) == library.screened_name_count()
    for query, schema in QUERIES:
        memory = [(c.entry_key, c.score) for c in index.query(query, schema=schema, limit=5,
                                                               threshold=0.5)]
        stored = [(f"{h.list_key}:{h.entry_ref}", h.score)
                  for h in screen(library, query, schema=schema, limit=5, threshold=0.5)]
        assert stored == memory, query


def test_screening_speed(library: ListLibrary) -> None:
    timings = []
    for query, schema in QUERIES:
        started = time.perf_counter()
        screen(library, query, schema=schema)
        timings.append((time.perf_counter() - started) * 1000)
    print("screen() ms: " + ", ".join(f"{q} {t:.1f}" for (q, _), t in
                                      zip(QUERIES, timings, strict=True)))
    assert max(timings) < 1000


def _key_state(library: ListLibrary) -> tuple[int, int, int]:
    conn = library.conn
    keys = conn.execute("SELECT count(*) FROM name_keys").fetchone()[0]
    df_rows, df_sum = conn.execute("SELECT count(*), coalesce(sum(df), 0) FROM key_df").fetchone()
    assert df_sum == keys  # key_df is up to date
    return keys, df_rows, library.screened_name_count()


def test_reimport_keeps_results_and_remove_drops_keys(tmp_path: Path) -> None:
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        library.import_files([UN])
        query = "Ri Chol Ho"
        before, state = screen(library, query, threshold=0.0), _key_state(library)
        report = library.import_files([UN])
        assert (report.added, report.removed, report.changed) == (0, 0, 0)
        assert screen(library, query, threshold=0.0) == before
        assert _key_state(library) == state and state[0] > 0
        library.import_files([SANCTIONS / "ofac_cons_csv_2025"], published="2025-12-19")
        assert _key_state(library)[0] > state[0]
        library.remove("ofac-cons")
        assert _key_state(library) == state
        assert screen(library, query, threshold=0.0) == before
        library.remove("un-sc")
        assert _key_state(library) == (0, 0, 0)
        with pytest.raises(EmptyLibraryError, match="osint-desk lists import"):
            screen(library, query)


def _undo_version_5(conn: sqlite3.Connection) -> None:
    """What migration 0005 added, taken out again (to make an older library from a new one)."""
    for table in ("list_archive_chunks", "list_archive", "entry_identifiers"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE entries DROP COLUMN target")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_targets_identifiers_archive'")


def test_version_1_library_gets_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([UN])
        state, before = _key_state(library), screen(library, "Ri Chol Ho", threshold=0.0)
        conn = library.conn
        _undo_version_5(conn)
        conn.execute("DROP TABLE name_keys")
        conn.execute("DROP TABLE key_df")
        conn.execute("DROP TABLE key_stats")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name IN"
                     " ('0002_name_keys', '0003_key_stats', '0004_keys_version')")
        conn.execute("PRAGMA user_version = 1")
    with ListLibrary(path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert _key_state(library) == state
        assert screen(library, "Ri Chol Ho", threshold=0.0) == before


def test_version_2_library_gets_its_name_count(tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([UN])
        count = library.screened_name_count()
        before = screen(library, "Ri Chol Ho", threshold=0.0)
        assert count == library.conn.execute(
            "SELECT count(*) FROM names WHERE strength = 'strong'").fetchone()[0] > 0
        _undo_version_5(library.conn)
        library.conn.execute("DROP TABLE key_stats")
        library.conn.execute("DELETE FROM _sqlite_migrations WHERE name IN"
                             " ('0003_key_stats', '0004_keys_version')")
        library.conn.execute("PRAGMA user_version = 2")
    with ListLibrary(path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == 5
        assert library.screened_name_count() == count
        assert screen(library, "Ri Chol Ho", threshold=0.0) == before


def test_lookups_by_ids(library: ListLibrary) -> None:
    names = list(library.names())[:1200]
    ids = [n.name_id for n in reversed(names)] + [10**9, names[0].name_id]
    assert library.names_by_ids(ids) == list(reversed(names))  # unknown ids left out
    entry_ids = [n.entry_id for n in names] + [10**9]
    found = library.entries_by_ids(entry_ids)
    assert set(found) == {n.entry_id for n in names}
    some = names[700]
    assert found[some.entry_id] == library.entry_by_id(some.entry_id)
    assert library.key_frequencies([]) == {} and library.candidate_name_ids([], 10) == []
    odd = ["p:пригожин", 'q:a"b|\\c', "p:\U0001f600", "j:it's"]  # any text survives the JSON
    library.conn.execute("BEGIN")
    try:
        library.conn.executemany("INSERT INTO key_df VALUES (?, 7)", [(k,) for k in odd])
        assert list(library.key_frequencies([*odd, "p:nonesuch"]).items()) == [
            (k, 7) for k in sorted(odd)]
    finally:
        library.conn.execute("ROLLBACK")


def test_candidates_as_row_by_row(library: ListLibrary) -> None:
    """The group_concat fetch gives what stepping through the rows gives, caps included."""
    total = library.screened_name_count()
    for query, schema in [*QUERIES, ("Mohammad Ali", "Person"), ("Abdul Rahman", None)]:
        df = library.key_frequencies(name_keys(query, schema))
        weighted = plan_keys(df, df, total)
        for per_key in (MAX_POSTINGS, 5):
            acc: dict[int, float] = {}
            for key, weight in weighted:
                for (nid,) in library.conn.execute(
                        "SELECT name_id FROM name_keys WHERE key = ? ORDER BY name_id LIMIT ?",
                        (key, per_key)):
                    acc[nid] = acc.get(nid, 0.0) + weight
            expected = sorted(acc, key=lambda nid: (-acc[nid], nid))[:SHORTLIST]
            assert library.candidate_name_ids(weighted, SHORTLIST, per_key) == expected, query


def test_empty_library(tmp_path: Path) -> None:
    with ListLibrary(tmp_path / "lists.sqlite") as library, pytest.raises(EmptyLibraryError):
        screen(library, "Anyone")
