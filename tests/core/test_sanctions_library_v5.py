"""Library schema 5: context entries are not screened, entries are found by identifier, and
a version-4 library (written by the old code) migrates in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from shared_data import MISSING_REASON, SANCTIONS, SHARED
from sqlite_utils import Database

from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.entries import Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.library_identifiers import case_sensitive, normalise
from osint_desk.core.sanctions.library_keys import LIBRARY_SCHEMA_VERSION
from osint_desk.core.sanctions.library_schema import MIGRATIONS, SCHEMA_VERSION
from osint_desk.core.sanctions.matching import name_keys
from osint_desk.core.sanctions.matching.keys import KEYS_VERSION

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
ZALA = SANCTIONS / "opensanctions_ftm" / "yente_zala_entities.ftm.json"
SUBSET = SANCTIONS / "ofac_sdn_csv_subset_2025"
SDN_2019 = SANCTIONS / "ofac_sdn_csv_full_2019"
DONORS = SHARED / "data" / "real-world" / "lists" / "ftm_parteispenden.ftm.json"


@pytest.fixture
def library(tmp_path: Path) -> Any:
    with ListLibrary(tmp_path / "lists.sqlite") as opened:
        yield opened


def strong_names(library: ListLibrary, target: int) -> int:
    return int(library.conn.execute(
        "SELECT count(*) FROM names n JOIN entries e ON e.id = n.entry_id"
        " WHERE n.strength = 'strong' AND e.target = ?", (target,)).fetchone()[0])


def keyed(library: ListLibrary, target: int) -> int:
    """Names with fuzzy keys (a weak alias has exact ``x:`` keys only)."""
    return int(library.conn.execute(
        "SELECT count(DISTINCT k.name_id) FROM name_keys k JOIN names n ON n.id = k.name_id"
        " JOIN entries e ON e.id = n.entry_id WHERE e.target = ? AND k.key NOT LIKE 'x:%'",
        (target,)).fetchone()[0])


def test_context_entries_are_kept_but_not_screened(library: ListLibrary) -> None:
    assert SCHEMA_VERSION == LIBRARY_SCHEMA_VERSION == 5
    library.import_files([ZALA])
    context = library.conn.execute("SELECT entry_ref FROM entries WHERE target = 0").fetchall()
    assert len(context) == 3
    entry = library.entry("opensanctions-yente-zala-entities", context[0][0])
    assert entry is not None and entry.target is False  # kept and shown
    assert strong_names(library, 0) > 0 and keyed(library, 0) == 0
    assert keyed(library, 1) == strong_names(library, 1) == library.screened_name_count()
    refs = {n.entry_ref for n in library.names()}
    assert refs and not refs & {ref for (ref,) in context}
    assert {n.entry_ref for n in library.names(include_context=True)} >= {r for (r,) in context}
    if DONORS.exists():  # a list of nothing but context: nothing more to screen
        count = library.screened_name_count()
        library.import_files([DONORS])
        assert library.screened_name_count() == count


def test_entries_by_identifier(library: ListLibrary) -> None:
    library.import_files([SDN_2019])
    found = library.entries_by_identifier("IMO 9187629")
    assert found and all(i.value == "IMO 9187629" for _id, _e, i in found)
    assert [f[0] for f in library.entries_by_identifier("9187629")] == [f[0] for f in found]
    assert library.entries_by_identifier("9 187 629") == found
    assert library.entries_by_identifier("imo9187629") == found
    [(entry_id, entry, identifier)] = library.entries_by_identifier("dib771110hq1")
    assert (identifier.kind, identifier.value) == ("R.F.C.", "DIB-771110-HQ1")
    assert library.entry_by_id(entry_id) == entry
    assert library.entries_by_identifier("") == [] == library.entries_by_identifier(" - ")


def test_wallets_compare_case_only_where_the_encoding_does(library: ListLibrary) -> None:
    base58 = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    hex_address = "0x8576aCC5C05D6Ce88f4e49bf65BdF0C62F91353C"
    bech32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    wallets = [Identifier("crypto_wallet", value) for value in (base58, hex_address, bech32)]
    info = ListInfo("Test", "test-wallets", "Wallets", "2024-01-01", "f" * 64, ("w.json",))
    entry = ListEntry("Test", "test-wallets", "w1", "CryptoWallet", base58,
                      identifiers=(*wallets, Identifier("passport", "AB 12.34-56")))
    library.import_entries(info, [entry], format="ftm-json")
    assert [w.value for w in wallets if case_sensitive(w)] == [base58]
    assert len(library.entries_by_identifier(base58)) == 1
    assert library.entries_by_identifier(base58.lower()) == []  # another Base58 address
    assert len(library.entries_by_identifier(hex_address.lower())) == 1
    assert len(library.entries_by_identifier(bech32.upper())) == 1
    assert [i.kind for _, _, i in library.entries_by_identifier("ab123456")] == ["passport"]
    assert normalise("AB\u200912.34\u201356") == "ab123456"


# -- migrating a version-4 library ---------------------------------------------------------


def v4_import(conn: sqlite3.Connection, info: ListInfo, entries: list[ListEntry]) -> None:
    """What version 4's ``import_entries`` wrote: no target, no identifiers, every strong
    name keyed (context entries too)."""
    conn.execute("BEGIN")
    conn.execute("INSERT INTO lists (list_key, authority, list_name, published, file_sha256,"
                 " imported_at, entry_count, source_files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (info.list_key, info.authority, info.list_name, info.published,
                  info.file_sha256, "2025-01-01T00:00:00Z", len(entries),
                  f'["{info.source_files[0]}"]'))
    for entry in entries:
        entry_id = conn.execute(
            "INSERT INTO entries (list_key, entry_ref, schema, name, content_sha256, data)"
            " VALUES (?, ?, ?, ?, ?, ?)", (entry.list_key, entry.entry_ref, entry.schema,
                                           entry.name, entry.content_sha256(),
                                           entry.to_json())).lastrowid
        conn.executemany("INSERT INTO names (entry_id, name, strength, script, is_primary)"
                         " VALUES (?, ?, ?, ?, ?)",
                         [(entry_id, n, s, sc, int(p)) for n, s, sc, p in entry.all_names()])
    rows = conn.execute("SELECT n.id, n.name, e.schema FROM names n JOIN entries e"
                        " ON e.id = n.entry_id WHERE n.strength = 'strong'").fetchall()
    conn.executemany("INSERT OR IGNORE INTO name_keys VALUES (?, ?)",
                     [(k, nid) for nid, name, schema in rows for k in name_keys(name, schema)])
    conn.execute("DELETE FROM key_df")
    conn.execute("INSERT INTO key_df SELECT key, count(*) FROM name_keys GROUP BY key")
    conn.execute("INSERT OR REPLACE INTO key_stats (id, screened_names, keys_version)"
                 " SELECT 1, count(*), (SELECT keys_version FROM key_stats) FROM names"
                 " WHERE strength = 'strong'")
    conn.execute("COMMIT")


def test_a_version_4_library_migrates_in_place(tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn), stop_before="0005_targets_identifiers_archive")
    assert conn.execute("PRAGMA user_version").fetchone() == (4,)
    assert "target" not in {row[1] for row in conn.execute("PRAGMA table_info(entries)")}
    # Keyed by today's matching, so opening it does not re-key: the migration must do it all.
    conn.execute("UPDATE key_stats SET keys_version = ?", (KEYS_VERSION,))
    for source in (ZALA, SUBSET):
        info, entries = formats.parse([source])
        v4_import(conn, info, list(entries))
    context_names = conn.execute("SELECT count(*) FROM name_keys WHERE name_id IN (SELECT id"
                                 " FROM names WHERE entry_id IN (SELECT id FROM entries WHERE"
                                 " json_extract(data, '$.target') = 0))").fetchone()[0]
    assert context_names > 0
    conn.close()

    with ListLibrary(path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone() == (5,)
        assert library.conn.execute("SELECT count(*) FROM entries WHERE target = 0"
                                    ).fetchone() == (3,)
        assert keyed(library, 0) == 0
        assert library.screened_name_count() == strong_names(library, 1) == keyed(library, 1)
        [(_id, entry, found)] = library.entries_by_identifier("561779011")
        assert (entry.entry_ref, found.kind, found.value) == ("10278", "SSN", "561-77-9011")
        summaries = {s.info.list_key: s for s in library.lists()}
        assert not any(s.has_previous for s in summaries.values())
        assert summaries["ofac-sdn"].entry_count == 17
        # An update of a migrated list is checked (no format recorded: only the files and
        # the losses count) and archives the migrated publication.
        report = library.import_files([SDN_2019], replace=True)
        assert report.added == 7379 - 6
        assert {s.info.list_key: s for s in library.lists()}["ofac-sdn"].has_previous
        assert library.restore_previous("ofac-sdn").total == 17
