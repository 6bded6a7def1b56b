"""Screening by identifier: a wallet address or an IMO number finds the entry that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.library_keys import open_reader
from osint_desk.core.sanctions.screening import looks_like_identifier, screen

FIXTURES = Path(__file__).parent / "fixtures" / "sanctions"
WALLET = "0x3cbDeD43EFdAf0FC77b9C55F6fC9988fCC9b37d9"


@pytest.fixture(scope="module")
def library_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SANCTIONS.is_dir():
        pytest.skip(MISSING_REASON)
    path = tmp_path_factory.mktemp("lists") / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([SANCTIONS / "ofac_sdn_csv_full_2019"])
        library.import_files([FIXTURES / "targets_wallets.simple.csv"])
    return path


@pytest.mark.parametrize("query", [WALLET, WALLET.lower(), "IMO 9187629", "9187629",
                                   "IMO-918-7629"])
def test_an_identifier_finds_its_entry_first(library_path: Path, query: str) -> None:
    with ListLibrary(library_path) as library:
        hits = screen(library, query)
    assert hits, query
    first = hits[0]
    assert first.score == 1.0 and first.explanation.startswith("identifier ")
    assert (first.list_key, first.entry_ref) in {
        ("opensanctions-targets-wallets", "NK-wallet-1"), ("ofac-sdn", "15036")}
    assert len({(h.list_key, h.entry_ref) for h in hits}) == len(hits)  # each entry once


def test_the_fast_reader_finds_identifiers_too(library_path: Path) -> None:
    reader = open_reader(library_path)
    assert reader is not None
    with reader:
        assert screen(reader, "IMO 9187629")[0].listed_name == "ARTAVIL"


def test_what_is_not_an_identifier(library_path: Path) -> None:
    assert not looks_like_identifier("Yevgeny Prigozhin")
    assert not looks_like_identifier("G-9")
    assert looks_like_identifier("AB 123456")
    with ListLibrary(library_path) as library:
        assert all(not h.explanation.startswith("identifier")
                   for h in screen(library, "ARTAVIL"))
        assert screen(library, "IMO 0000000") == []
