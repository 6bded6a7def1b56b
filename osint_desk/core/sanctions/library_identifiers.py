"""The identifier index of the list library: find entries by a wallet, IMO or passport number.

Numbers are written many ways ("IMO 9 123.456", "AB-123456", "ab 123456"), so the index
keys each identifier by ``normalise``: NFKC, separators (spaces, dashes, dots) removed,
casefolded, and an IMO number's "IMO" prefix dropped (OFAC writes "IMO 9187629", others and
users the bare seven digits). Casefolding is right for document, registration and IMO
numbers, and for the wallet addresses whose encoding ignores case (Ethereum-style ``0x``
hex, bech32 ``bc1...``), but not for Base58 addresses (Bitcoin legacy, Tron, Monero...),
where two addresses may differ only by case. So the index lookup is case-insensitive and
``matches`` then compares such wallets case-sensitively against the value stored in the
entry: no second column to keep in step, and the rule lives in one place.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable

from osint_desk.core.sanctions.entries import Identifier, ListEntry

SCHEMA_IDENTIFIERS = """
CREATE TABLE entry_identifiers (
    value_norm TEXT NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    kind TEXT NOT NULL
);
CREATE INDEX entry_identifiers_value ON entry_identifiers(value_norm);
CREATE INDEX entry_identifiers_entry ON entry_identifiers(entry_id);
"""

_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_WALLET_WORDS = ("crypto", "wallet", "digital currency", "publickey", "public key")
_HEX = re.compile(r"0x[0-9a-f]+")
_BECH32 = re.compile(r"[a-z]{1,83}1[02-9ac-hj-np-z]{6,}")
_IMO = re.compile(r"imo:?(\d{7})")


def compact(value: str) -> str:
    """NFKC, separators removed, case kept."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))


def normalise(value: str) -> str:
    """The index key: ``compact``, casefolded, "IMO 9187629" as "9187629"."""
    key = compact(value).casefold()
    imo = _IMO.fullmatch(key)
    return imo.group(1) if imo else key


def case_sensitive(identifier: Identifier) -> bool:
    """True for wallet addresses whose encoding tells cases apart (Base58 and others)."""
    kind = identifier.kind.casefold()
    if not any(word in kind for word in _WALLET_WORDS):
        return False
    value = compact(identifier.value)
    folded = value.lower()
    if _HEX.fullmatch(folded):
        return False
    return not (_BECH32.fullmatch(folded) and value in (folded, value.upper()))


def matches(identifier: Identifier, query: str) -> bool:
    """Whether a searched text is this identifier (see the module docstring)."""
    if normalise(identifier.value) != normalise(query):
        return False
    return not case_sensitive(identifier) or compact(identifier.value) == compact(query)


def identifier_rows(entry_id: int, identifiers: Iterable[Identifier]
                    ) -> list[tuple[str, int, str]]:
    """``(value_norm, entry_id, kind)`` for each identifier with a usable value, once."""
    rows = {(normalise(i.value), entry_id, i.kind) for i in identifiers}
    return sorted(row for row in rows if row[0])


def insert_identifiers(conn: sqlite3.Connection, rows: Iterable[tuple[str, int, str]]) -> None:
    conn.executemany("INSERT INTO entry_identifiers (value_norm, entry_id, kind)"
                     " VALUES (?, ?, ?)", list(rows))


def entry_ids_with(conn: sqlite3.Connection, query: str) -> list[int]:
    """The ids of entries holding an identifier whose key is ``normalise(query)``."""
    key = normalise(query)
    if not key:
        return []
    return [int(row[0]) for row in conn.execute(
        "SELECT DISTINCT entry_id FROM entry_identifiers WHERE value_norm = ?"
        " ORDER BY entry_id", (key,))]


def identifier_hits(conn: sqlite3.Connection,
                    entries_by_ids: Callable[[Iterable[int]], dict[int, ListEntry]],
                    text: str) -> list[tuple[int, ListEntry, Identifier]]:
    """``(entry id, entry, the identifier)`` of every entry holding ``text`` as an
    identifier, in entry order; context entries included (``entry.target`` tells)."""
    found = entries_by_ids(entry_ids_with(conn, text))
    return [(entry_id, entry, identifier) for entry_id, entry in sorted(found.items())
            for identifier in entry.identifiers if matches(identifier, text)]
