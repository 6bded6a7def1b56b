"""Cross-case references: which cards of this case are also in another of the user's cases.

The index is a SQLite file of its own in the user data folder (``xref.sqlite``), made with
plain ``sqlite3``: it is not a case, so its SQL lives here. It holds, per case, the file
path, id and title, and per card its id, name and match keys (folded names and aliases,
normalised identifiers) - never any source text. At most ``MAX_CASES`` cases; cases whose
file moved or vanished are dropped when found missing.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.paths import user_data_dir

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore
    from osint_desk.core.store.records import Entity

INDEX_NAME = "xref.sqlite"
MAX_CASES = 500
MAX_KEYS_PER_CASE = 200_000
MIN_NAME_LENGTH = 4
IDENTIFIER_ATTRIBUTES = (
    "registrationNumber", "imoNumber", "idNumber", "taxNumber", "passportNumber",
    "innCode", "ogrnCode", "leiCode", "swiftBic", "vatCode", "mmsi", "callSign",
    "icaoCode", "serialNumber", "sanctionsRef", "entryRef",
)
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./]+")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS card_keys (
    case_id TEXT NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
    card_id TEXT NOT NULL, card_name TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    UNIQUE (case_id, card_id, kind, key)
);
CREATE INDEX IF NOT EXISTS card_keys_key ON card_keys(kind, key);
"""


@dataclass(frozen=True, slots=True)
class XRef:
    """"Also in: <case title> (card <name>)": enough to open that case read-only there."""

    card_id: str  # the card in this case
    other_path: str
    other_case_id: str
    other_title: str
    other_card_id: str
    other_card_name: str
    matched_on: str  # "name" or "identifier"
    key: str


def index_path() -> Path:
    return user_data_dir() / INDEX_NAME


@contextlib.contextmanager
def _open(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path or index_path(), timeout=5)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(_SCHEMA)
        with conn:
            yield conn
    finally:
        conn.close()


def _id_key(value: str) -> str:
    return _ID_SEPARATORS.sub("", value).casefold()


def card_keys(card: Entity) -> set[tuple[str, str]]:
    """(kind, key) pairs a card is matched on: folded name and aliases, identifiers."""
    keys: set[tuple[str, str]] = set()
    for name in (card.name, *(alias.name for alias in card.aliases)):
        key = fold_name(name)
        if len(key) >= MIN_NAME_LENGTH:
            keys.add(("name", key))
    for attribute in IDENTIFIER_ATTRIBUTES:
        value: Any = card.attributes.get(attribute)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str | int) and len(_id_key(str(item))) >= 3:
                keys.add(("identifier", f"{attribute}:{_id_key(str(item))}"))
    return keys


def index_case(store: CaseStore, *, index: Path | None = None) -> int:
    """Put the case's live cards in the index (replacing what it held for this case);
    returns how many keys were stored."""
    meta = store.meta()
    rows: list[tuple[str, str, str, str, str]] = []
    for card in store.entities.list():
        for kind, key in sorted(card_keys(card)):
            rows.append((meta.case_id, card.id, card.name, kind, key))
            if len(rows) >= MAX_KEYS_PER_CASE:
                break
    now = datetime.now(UTC).isoformat()
    with _open(index) as conn:
        # A path holds one case: a case made anew where another was replaces it.
        conn.execute("DELETE FROM cases WHERE case_id = ? OR path = ?",
                     (meta.case_id, str(Path(store.path).resolve())))
        conn.execute("INSERT INTO cases (case_id, path, title, indexed_at) VALUES (?, ?, ?, ?)",
                     (meta.case_id, str(Path(store.path).resolve()), meta.title, now))
        conn.executemany("INSERT OR IGNORE INTO card_keys VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute(
            "DELETE FROM cases WHERE case_id IN (SELECT case_id FROM cases"
            " ORDER BY indexed_at DESC LIMIT -1 OFFSET ?)", (MAX_CASES,))
    return len(rows)


def forget_case(case_id: str, *, index: Path | None = None) -> None:
    with _open(index) as conn:
        conn.execute("DELETE FROM cases WHERE case_id = ?", (case_id,))


def also_in(store: CaseStore, card_id: str, *, index: Path | None = None) -> list[XRef]:
    """The cards of the user's other cases matching this card by name, alias or identifier."""
    return _lookup(store, [store.entities.get(card_id)], index)


def all_xrefs(store: CaseStore, *, index: Path | None = None) -> list[XRef]:
    """``also_in`` for every live card of the case."""
    return _lookup(store, store.entities.list(), index)


def _lookup(store: CaseStore, cards: list[Entity], index: Path | None) -> list[XRef]:
    own = store.meta().case_id
    own_path = str(Path(store.path).resolve())  # an older case once at this path is gone
    found: dict[tuple[str, str, str], XRef] = {}
    missing: set[str] = set()
    with _open(index) as conn:
        for card in cards:
            for kind, key in sorted(card_keys(card)):
                for row in conn.execute(
                        "SELECT c.case_id, c.path, c.title, k.card_id, k.card_name"
                        " FROM card_keys k JOIN cases c ON c.case_id = k.case_id"
                        " WHERE k.kind = ? AND k.key = ? AND k.case_id != ?",
                        (kind, key, own)):
                    case_id, path, title, other_card, other_name = row
                    if case_id in missing or path == own_path or not Path(path).is_file():
                        missing.add(case_id)
                        continue
                    found.setdefault((card.id, case_id, other_card), XRef(
                        card.id, path, case_id, title, other_card, other_name, kind, key))
        for case_id in missing:
            conn.execute("DELETE FROM cases WHERE case_id = ?", (case_id,))
    return sorted(found.values(), key=lambda x: (x.card_id, x.other_title, x.other_card_name))
