"""Forged evidence is refused at export (issue 11).

A forger with ``sqlite3`` drops the invariant triggers, changes the data and re-creates the
triggers with exactly their old SQL, so the schema check passes. The exports must still see
that a quote is not in its source, or that an original's bytes are not the ones hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.exports.bundle import write_bundle
from osint_desk.core.store import CaseStore, encryption
from osint_desk.core.store.evidence_check import (
    EvidenceIntegrityError,
    require_intact_evidence,
    verify_evidence,
)
from osint_desk.docwriter.export import FORMATS, SUFFIXES, export

# Bundles carry the PDF report, laid out by Qt in this process.
pytestmark = pytest.mark.usefixtures("document_app")

TEXT = "The minister said the shipment left Odesa on 3 May. Officials denied it."
ORIGINAL = TEXT.encode("utf-8") + b"\n<!-- original file -->\n"


def raw_connection(path: Path) -> sqlite3.Connection:
    """What a forger opens: plain sqlite3, or SQLCipher with the passphrase for an encrypted
    case (the store suite runs on encrypted cases too, tests/core/conftest.py)."""
    passphrase = encryption.shared_passphrase(path)
    if passphrase is not None and encryption.is_encrypted(path):
        conn: sqlite3.Connection = encryption.raw_connect(path, passphrase)
        return conn
    return sqlite3.connect(str(path))


@contextlib.contextmanager
def _forging(path: Path, *tables: str) -> Iterator[sqlite3.Connection]:
    """Drop the triggers on ``tables``, yield for the forgery, put the triggers back as they
    were (same SQL, read from sqlite_master first)."""
    conn = raw_connection(path)
    try:
        marks = ",".join("?" * len(tables))
        triggers = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            tables).fetchall()
        assert triggers, "the case has invariant triggers to drop"
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        yield conn
        for _name, sql in triggers:
            conn.execute(sql)
        conn.commit()
        after = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            tables).fetchall()
        assert sorted(after) == sorted(triggers)
    finally:
        conn.close()


def _case(path: Path) -> dict[str, str]:
    """A small case through the store API: one source with an original, two excerpts, one
    cited in the summary and as a relationship's evidence."""
    with CaseStore.create(path, "Forgery test", actor="tester") as store:
        source = store.sources.add(text=TEXT, title="Briefing", original=ORIGINAL,
                                   media_type="text/plain", original_filename="briefing.txt")
        first = store.excerpts.add_by_quote(source.id, "the shipment left Odesa on 3 May")
        second = store.excerpts.add_by_quote(source.id, "Officials denied it.")
        a = store.entities.add("Person", "A. Minister")
        b = store.entities.add("Organization", "Shipping Co")
        rel = store.relationships.add(a.id, "director of", b.id)
        store.relationships.set_evidence(rel.id, second.id, "supports")
        store.update_meta(summary=f"The claim [cite:{first.id}].")
        return {"source": source.id, "first": first.id, "second": second.id,
                "blob": source.original_sha256 or ""}


@pytest.fixture
def ids(tmp_path: Path) -> dict[str, str]:
    return _case(tmp_path / "case.osintcase")


def _forge_quote(path: Path, excerpt_id: str, quote: str) -> None:
    with _forging(path, "excerpts") as conn:
        conn.execute("UPDATE excerpts SET quote = ? WHERE public_id = ?", (quote, excerpt_id))


def _forge_blob(path: Path, sha256: str) -> None:
    with _forging(path, "blobs") as conn:
        conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?",
                     (b"replaced bytes" + b"\0" * 30, sha256))


def _forge_text(path: Path, source_id: str) -> None:
    """The text changed and the excerpts moved along, so only the hash gives it away."""
    with _forging(path, "sources", "excerpts") as conn:
        new = TEXT.replace("Odesa", "Izmail")
        conn.execute("UPDATE sources SET text = ? WHERE public_id = ?", (new, source_id))
        for pid, start, end in conn.execute(
                "SELECT public_id, start_offset, end_offset FROM excerpts").fetchall():
            conn.execute("UPDATE excerpts SET quote = ? WHERE public_id = ?",
                         (new[start:end], pid))


def test_a_genuine_case_has_no_problems(tmp_path: Path, ids: dict[str, str]) -> None:
    with CaseStore.open(tmp_path / "case.osintcase", read_only=True) as store:
        assert verify_evidence(store) == []
        require_intact_evidence(store)


def test_the_forged_case_still_opens(tmp_path: Path, ids: dict[str, str]) -> None:
    """The forgery keeps the schema intact: only the data check can catch it."""
    path = tmp_path / "case.osintcase"
    _forge_quote(path, ids["first"], "the shipment left Izmail on 3 May")
    with CaseStore.open(path, read_only=True) as store:
        assert store.excerpts.get(ids["first"]).quote.endswith("Izmail on 3 May")


@pytest.mark.parametrize("fmt", FORMATS)
def test_forged_quote_refused_by_every_export(tmp_path: Path, ids: dict[str, str],
                                              fmt: str) -> None:
    path = tmp_path / "case.osintcase"
    _forge_quote(path, ids["first"], "the shipment left Izmail on 3 May")
    out = tmp_path / "out" / f"r{SUFFIXES[fmt]}"
    out.parent.mkdir()
    with CaseStore.open(path, read_only=True) as store, \
            pytest.raises(EvidenceIntegrityError) as caught:
        export(store, fmt, out)
    message = str(caught.value)
    assert ids["first"] in message and "quote" in message and "not written" in message
    assert ids["second"] not in message  # the genuine excerpt is not accused
    assert [p.record_id for p in caught.value.problems] == [ids["first"]]
    assert list(out.parent.iterdir()) == []  # nothing written, no leftovers


@pytest.mark.parametrize("fmt", ["html", "bundle", "json"])
def test_tampered_blob_refused(tmp_path: Path, ids: dict[str, str], fmt: str) -> None:
    path = tmp_path / "case.osintcase"
    _forge_blob(path, ids["blob"])
    out = tmp_path / f"r{SUFFIXES[fmt]}"
    with CaseStore.open(path, read_only=True) as store, \
            pytest.raises(EvidenceIntegrityError) as caught:
        export(store, fmt, out)
    assert ids["source"] in str(caught.value) and "original" in str(caught.value)
    assert not out.exists()


def test_changed_text_refused_by_its_hash(tmp_path: Path, ids: dict[str, str]) -> None:
    path = tmp_path / "case.osintcase"
    _forge_text(path, ids["source"])
    with CaseStore.open(path, read_only=True) as store:
        problems = verify_evidence(store)
        assert [(p.kind, p.record_id) for p in problems] == [("source", ids["source"])]
        assert "SHA-256" in problems[0].detail
        with pytest.raises(EvidenceIntegrityError):
            export(store, "html", tmp_path / "r.html")


def test_write_bundle_checks_its_own_copy(tmp_path: Path, ids: dict[str, str]) -> None:
    """Called directly (not through ``docwriter.export``), the bundle still checks."""
    path = tmp_path / "case.osintcase"
    _forge_quote(path, ids["second"], "Officials confirmed it.")
    with CaseStore.open(path, read_only=True) as store, \
            pytest.raises(EvidenceIntegrityError, match=ids["second"]):
        write_bundle(store, tmp_path / "b.zip", report_html="<p>x</p>", report_pdf=None)
    assert not (tmp_path / "b.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".osint-desk-export-")]


def test_deleted_forged_excerpt_is_still_named(tmp_path: Path, ids: dict[str, str]) -> None:
    """A deleted excerpt ships inside the bundle's case copy: it is checked too."""
    path = tmp_path / "case.osintcase"
    with CaseStore.open(path) as store:
        store.relationships.remove_evidence(
            store.relationships.list()[0].id, ids["second"])
        store.excerpts.delete(ids["second"])
    _forge_quote(path, ids["second"], "Officials confirmed it.")
    with CaseStore.open(path, read_only=True) as store:
        problems = verify_evidence(store)
    assert [p.record_id for p in problems] == [ids["second"]]
    assert "deleted" in problems[0].detail


def test_many_problems_are_counted_not_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "many.osintcase"
    with CaseStore.create(path, "Many", actor="tester") as store:
        source = store.sources.add(text="word " * 200, title="Words")
        for start in range(0, 150, 5):
            store.excerpts.add(source.id, start, start + 4)
    with _forging(path, "excerpts") as conn:
        conn.execute("UPDATE excerpts SET quote = 'forged'")
    with CaseStore.open(path, read_only=True) as store, \
            pytest.raises(EvidenceIntegrityError) as caught:
        require_intact_evidence(store)
    assert len(caught.value.problems) == 30
    assert "and 10 more" in str(caught.value)


@pytest.mark.parametrize("fmt", ["html", "bundle", "ftm"])
def test_the_demo_case_still_exports(tmp_path: Path, fmt: str) -> None:
    with build_demo_case(tmp_path / "demo.osintcase") as store:
        assert verify_evidence(store) == []
        out = export(store, fmt, tmp_path / f"demo{SUFFIXES[fmt]}")
    assert out.stat().st_size > 0


def test_bundle_of_genuine_case_hashes_check(tmp_path: Path, ids: dict[str, str]) -> None:
    import zipfile

    out = tmp_path / "b.zip"
    with CaseStore.open(tmp_path / "case.osintcase", read_only=True) as store:
        export(store, "bundle", out)
    with zipfile.ZipFile(out) as archive:
        sums = archive.read("SHA256SUMS").decode().splitlines()
        for line in sums:
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest


def test_edited_report_text_is_checked_against_the_whole_case(tmp_path: Path,
                                                               ids: dict[str, str]) -> None:
    """The user's edited Markdown may quote anything: every excerpt is checked."""
    path = tmp_path / "case.osintcase"
    _forge_quote(path, ids["first"], "the shipment left Izmail on 3 May")
    with CaseStore.open(path, read_only=True) as store, \
            pytest.raises(EvidenceIntegrityError, match=ids["first"]):
        export(store, "html", tmp_path / "r.html", markdown_text="# My own words\n")
