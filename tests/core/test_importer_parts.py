"""A file holding other sources (a WARC's pages, a mail's attachments): one transaction, linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from osint_desk.core import importer
from osint_desk.core.dates import PartialDate
from osint_desk.core.ingest import CapturedSource
from osint_desk.core.model import SourceKind
from osint_desk.core.store import CaseStore


def _captured(name: str, text: str, **extra: object) -> CapturedSource:
    return CapturedSource(filename=name, kind=SourceKind.DOCUMENT, media_type="text/plain",
                          original=text.encode(), text=text, **extra)  # type: ignore[arg-type]


@pytest.fixture
def container(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"WARC/1.1\r\n")
    return path


def _reads(monkeypatch: pytest.MonkeyPatch, captured: CapturedSource) -> None:
    monkeypatch.setattr(importer, "read_source_file", lambda path: captured)


def test_parts_are_stored_linked_with_their_capture(
        store: CaseStore, container: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _captured("page-1.html", "The first page.", url="https://example.org/1",
                     retrieved=PartialDate.parse("2022-12-22T18:30:05Z"),
                     capture={"format": "warc-record", "record_id": "<urn:uuid:1>"},
                     integrity="valid")
    tampered = _captured("page-2.html", "The second page.", integrity="mismatch",
                         warnings=("record <urn:uuid:2>: the payload digest does not match",))
    _reads(monkeypatch, _captured("crawl.warc", "2 records", capture={"format": "warc"},
                                  integrity="mismatch", parts=(page, tampered)))
    [outcome] = importer.import_files(store, [container], reliability="B")
    assert outcome.status == "imported" and outcome.integrity == "mismatch"
    assert "with 2 of 2 parts" in outcome.message
    assert [part.status for part in outcome.parts] == ["imported", "imported"]
    assert outcome.parts[1].warnings == tampered.warnings
    assert outcome.parts[0].message.startswith("crawl.warc › page-1.html: imported as")
    first = store.sources.get(outcome.parts[0].source_id or "")
    assert first.part_of == outcome.source_id
    assert first.url == "https://example.org/1"
    assert first.retrieved == "2022-12-22T18:30:05Z"  # the capture's date, not the import's
    assert first.capture == {"format": "warc-record", "record_id": "<urn:uuid:1>"}
    assert first.integrity == "valid" and first.reliability == "B"
    assert store.sources.original_bytes(first.id) == b"The first page."
    whole = store.sources.get(outcome.source_id or "")
    assert (whole.part_of, whole.integrity, whole.capture) == (None, "mismatch",
                                                                {"format": "warc"})


def test_a_part_already_in_the_case_is_a_duplicate_the_rest_imports(
        store: CaseStore, container: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = store.sources.add(text="Already here.", title="Earlier")
    _reads(monkeypatch, _captured("mail.eml", "From: a\n\nHello", parts=(
        _captured("note.txt", "Already here."), _captured("new.txt", "Something new."))))
    [outcome] = importer.import_files(store, [container])
    assert [p.status for p in outcome.parts] == ["duplicate", "imported"]
    assert outcome.parts[0].source_id == existing.id
    assert "with 1 of 2 parts" in outcome.message
    assert len(store.sources.list()) == 3


def test_a_container_that_cannot_be_stored_leaves_nothing(
        store: CaseStore, container: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part is stored only with its container: a refused container takes nothing in."""
    _reads(monkeypatch, _captured("bad.warc", "listing", capture={"format": "warc"},
                                  integrity="forged", parts=(_captured("p.html", "A page."),)))
    [outcome] = importer.import_files(store, [container])
    assert outcome.status == "failed" and "integrity must be" in outcome.message
    assert store.sources.list() == []


def test_capture_metadata_is_fixed_once_stored(
        store: CaseStore, container: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.core.store import drivers

    _reads(monkeypatch, _captured("c.mhtml", "Text.", capture={"format": "mhtml"}))
    [outcome] = importer.import_files(store, [container])
    with pytest.raises(drivers.IntegrityError, match="cannot be changed"):
        store._ctx.conn.execute("UPDATE sources SET capture = '{}' WHERE public_id = ?",
                                (outcome.source_id,))
    with pytest.raises(drivers.IntegrityError, match="cannot be changed"):
        store._ctx.conn.execute("UPDATE sources SET part_of = public_id")
