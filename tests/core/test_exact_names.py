"""Every listed name, screened as written, finds its own entry first (or tied first), whatever
order the lists were imported in (issue 12: "HAMAS" missed after the UN list, "GIA" after SDN).

The SDN 2019, UN 2026 and Consolidated 2025 lists go into one library in both orders (once per
module). Every strong name is checked on what guarantees the result: its stored exact key is
among the query's, few enough names share it to be all shortlisted, and it scores 1.0 against
itself (else it is screened in full). A sample is screened in full in both orders and must
give its own entry first or tied first and the same hits in both. The full run over every
name is ``benchmarks/bench_exact_names.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions import library as library_module
from osint_desk.core.sanctions import library_keys, library_schema
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.matching.index import SHORTLIST, TIE_SLACK, compare_listed
from osint_desk.core.sanctions.matching.keys import EXACT, KEYS_VERSION, exact_keys
from osint_desk.core.sanctions.screening import screen

FILES = {"sdn": SANCTIONS / "ofac_sdn_csv_full_2019",
         "un": SANCTIONS / "un_consolidated_2026-02-27.xml",
         "cons": SANCTIONS / "ofac_cons_csv_2025"}
ORDERS = ("un,sdn,cons", "sdn,un,cons")
SAMPLE_EVERY = 50  # names screened in full through screen() in each order
WIDE = SHORTLIST + TIE_SLACK

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)

Name = tuple[str, str, str, str]  # list key, entry ref, schema, name


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ListLibrary]]:
    opened: dict[str, ListLibrary] = {}
    for order in ORDERS:
        library = ListLibrary(tmp_path_factory.mktemp("exact") / "lists.sqlite")
        for key in order.split(","):
            library.import_files([FILES[key]])
        opened[order] = library
    yield opened
    for library in opened.values():
        library.close()


def strong_names(library: ListLibrary) -> dict[Name, set[str]]:
    """Every strong name and its stored exact keys, by what the lists say (not row ids)."""
    exact: dict[int, set[str]] = {}
    for key, name_id in library.conn.execute(
            "SELECT key, name_id FROM name_keys WHERE key >= 'x:' AND key < 'x;'"):
        exact.setdefault(name_id, set()).add(key)
    out: dict[Name, set[str]] = {}
    for name_id, list_key, ref, schema, name in library.conn.execute(
            "SELECT n.id, e.list_key, e.entry_ref, e.schema, n.name FROM names n"
            " JOIN entries e ON e.id = n.entry_id WHERE n.strength = 'strong'"):
        out.setdefault((list_key, ref, schema, name), set()).update(exact.get(name_id, ()))
    return out


def own_first(library: ListLibrary, item: Name) -> tuple[bool, list[tuple[str, str, float]]]:
    list_key, ref, _schema, name = item
    hits = screen(library, name, limit=WIDE)
    mine = [h for h in hits if (h.list_key, h.entry_ref) == (list_key, ref)]
    return (bool(mine) and mine[0].score >= hits[0].score,
            [(h.list_key, h.entry_ref, h.score) for h in hits])


@pytest.mark.slow
def test_every_listed_name_finds_its_own_entry_in_both_orders(
        libraries: dict[str, ListLibrary]) -> None:
    by_order = {order: strong_names(lib) for order, lib in libraries.items()}
    first, second = by_order.values()
    assert first == second  # the same names, the same stored exact keys, either order
    names = first
    assert len(names) > 20_000
    df = {key: int(n) for key, n in libraries[ORDERS[0]].conn.execute(
        "SELECT key, df FROM key_df WHERE key >= 'x:' AND key < 'x;'")}
    failures: list[str] = []
    full: list[Name] = []  # names whose guarantee needs the whole screening
    for item, stored in names.items():
        _list_key, _ref, schema, name = item
        wanted = exact_keys(name)
        if not stored & wanted:
            failures.append(f"{item}: exact keys {sorted(stored)} not among {sorted(wanted)}")
            continue
        if sum(df.get(k, 0) for k in wanted) > SHORTLIST:
            full.append(item)  # more exact names than the shortlist: tie-breaking decides
        elif compare_listed(name, None, name, schema).score < 1.0:
            full.append(item)  # not a perfect score against itself: another may beat it
    full += sorted(names)[::SAMPLE_EVERY]
    for item in full:
        results = [own_first(lib, item) for lib in libraries.values()]
        if not all(ok for ok, _hits in results):
            failures.append(f"{item}: own entry not first; hits {results[0][1][:3]}")
        if results[0][1] != results[1][1]:
            failures.append(f"{item}: the import order changed the hits")
    rate = 100 * (len(names) - len(failures)) / len(names)
    print(f"{len(names) - len(failures)}/{len(names)} listed names find their own entry"
          f" first ({rate:.2f} %); {len(full)} screened in full in both orders")
    assert failures == []


def test_the_reader_knows_the_library_file() -> None:
    """``library_keys`` repeats three constants of ``library``/``library_schema`` (it cannot
    import them: they import it); a schema change must change both."""
    assert library_keys.LIBRARY_FILE == library_module.LIBRARY_FILE
    assert library_keys.APPLICATION_ID == library_schema.APPLICATION_ID
    assert library_keys.LIBRARY_SCHEMA_VERSION == library_schema.SCHEMA_VERSION


def test_the_reader_opens_only_an_up_to_date_library(tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite"
    assert library_keys.open_reader(path) is None  # missing
    path.write_bytes(b"not a database")
    assert library_keys.open_reader(path) is None  # foreign
    path.unlink()
    with ListLibrary(path) as library:
        library.import_files([FILES["cons"]])
        hits = screen(library, "Rosneft Oil Company")
    reader = library_keys.open_reader(path)
    assert reader is not None
    with reader:
        assert screen(reader, "Rosneft Oil Company") == hits
    with ListLibrary(path) as library:
        library.conn.execute("UPDATE key_stats SET keys_version = ?", (KEYS_VERSION - 1,))
    assert library_keys.open_reader(path) is None  # stale keys: ListLibrary re-keys it
    with ListLibrary(path) as library:
        assert screen(library, "Rosneft Oil Company") == hits
    assert library_keys.open_reader(path) is not None
    assert EXACT == "x:"


def test_a_weak_alias_is_found_when_typed_exactly_and_said_to_be_weak() -> None:
    """OFAC's "ETA" for Euzkadi Ta Askatasuna is a weak a.k.a.: typed as is, it is a hit,
    capped and explained; something merely like it is not; initials make no key."""
    from osint_desk.core.sanctions.matching import NameIndex
    from osint_desk.core.sanctions.matching.index import WEAK_ALIAS_SCORE

    index = NameIndex()
    index.add("eta", "Basque Homeland and Freedom", schema="Organization")
    index.add("eta", "ETA", schema="Organization", strength="weak")
    index.add("ira", "Internet Research Agency LLC", schema="Organization")
    hits = index.query("ETA", schema="Organization")
    assert [h.entry_key for h in hits] == ["eta"]
    assert hits[0].score == WEAK_ALIAS_SCORE and "weak alias" in hits[0].explanation
    assert index.query("ETAS", schema="Organization") == []
    assert index.query("IRA", schema="Organization") == []
    assert index.skipped_weak == 1
