from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.store import CaseStore, encryption

#: ``OSINT_DESK_TEST_ENCRYPTED=1``: the ``store`` fixture's case is encrypted (SQLCipher), so
#: the store tests run on an encrypted case too (see tests/core/test_encryption.py).
ENCRYPTED = os.environ.get("OSINT_DESK_TEST_ENCRYPTED") == "1"
TEST_PASSPHRASE = "correct horse battery staple"
#: Store tests that read or write the case file with plain ``sqlite3`` themselves (older
#: schemas built by hand, pragmas read from the file, ``sqlite3.IntegrityError`` expected
#: from the raw connection, a repaired copy reopened without its passphrase): skipped when
#: the suite runs encrypted; test_encryption.py covers the same ground for encrypted cases.
PLAIN_ONLY = frozenset({
    "test_case_file.py::test_new_case_is_marked_as_ours",
    "test_case_file.py::test_connection_enforces_foreign_keys",
    "test_case_file.py::test_older_case_is_backed_up_then_migrated",
    "test_case_file.py::test_a_version_4_case_gains_a_chained_audit_log",
    "test_case_file.py::test_a_version_5_case_gains_capture_columns",
    "test_case_file.py::test_a_version_1_case_gains_screening_tables",
    "test_case_file.py::test_a_version_3_case_gains_charts",
    "test_excerpt_invariant.py::test_the_file_itself_refuses_a_bad_quote",
    "test_sources.py::test_text_is_immutable",
    "test_charts.py::test_a_repaired_copy_keeps_the_charts",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ENCRYPTED:
        return
    skip = pytest.mark.skip(reason="reads the case file with plain sqlite3 (see conftest.py)")
    for item in items:
        if f"{item.path.name}::{item.name}" in PLAIN_ONLY:
            item.add_marker(skip)


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "test.osintcase"


@pytest.fixture
def store(case_path: Path) -> Iterator[CaseStore]:
    if not ENCRYPTED:
        with CaseStore.create(case_path, "Test case", actor="tester") as opened:
            yield opened
        return
    # Encrypted: tests that reopen ``case_path`` (CaseStore.open without a passphrase) get
    # the passphrase the way the window's background jobs do.
    encryption.share_passphrase(case_path, TEST_PASSPHRASE)
    try:
        with CaseStore.create(case_path, "Test case", actor="tester",
                              passphrase=TEST_PASSPHRASE) as opened:
            assert opened.encrypted
            yield opened
    finally:
        encryption.forget_passphrase(case_path)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CaseStore]:
    path = tmp_path / "demo.osintcase"
    if not ENCRYPTED:
        with build_demo_case(path) as opened:
            yield opened
        return
    from osint_desk.core.store.encrypt_copy import encrypt_case

    plain = tmp_path / "demo-plain.osintcase"
    build_demo_case(plain).close()
    encrypt_case(plain, TEST_PASSPHRASE, path)
    encryption.share_passphrase(path, TEST_PASSPHRASE)
    try:
        with CaseStore.open(path, passphrase=TEST_PASSPHRASE) as opened:
            assert opened.encrypted
            yield opened
    finally:
        encryption.forget_passphrase(path)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stricter than the suite's socket guard, for readers of pages and captures: a name
    lookup fails the test too (a reader must never even resolve a resource's host)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
