"""Multi-file import: one transaction per file, title rules, options checked before any write."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from osint_desk.core.dates import PartialDate, Precision
from osint_desk.core.errors import ReadOnlyCaseError, ValidationError
from osint_desk.core.importer import ImportOutcome, import_files
from osint_desk.core.store import CaseStore
from osint_desk.core.store.context import StoreContext

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def _text(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _files(tmp_path: Path, count: int) -> list[Path]:
    return [_text(tmp_path, f"file{i}.txt", f"Distinct report number {i}.\nSecond line {i}.")
            for i in range(count)]


def _rows(case_path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the file as another process would: the store's own view could hide a bug."""
    with sqlite3.connect(f"{case_path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def _count(case_path: Path, sql: str) -> int:
    return int(_rows(case_path, sql)[0][0])


def test_a_bad_file_in_the_middle_leaves_the_others_imported(
    store: CaseStore, case_path: Path, tmp_path: Path
) -> None:
    first, last = _files(tmp_path, 2)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG)
    missing = tmp_path / "missing.txt"

    outcomes = list(import_files(store, [first, bad, missing, last]))

    assert [o.status for o in outcomes] == ["imported", "failed", "failed", "imported"]
    assert [o.path for o in outcomes] == [str(p) for p in (first, bad, missing, last)]
    assert outcomes[1].source_id is None and outcomes[1].message.startswith("photo.txt: ")
    assert "missing.txt" in outcomes[2].message
    stored = {s.id: s for s in store.sources.list()}
    assert set(stored) == {outcomes[0].source_id, outcomes[3].source_id}
    assert stored[outcomes[0].source_id].text == first.read_text("utf-8")
    assert store.sources.original_bytes(outcomes[3].source_id) == last.read_bytes()


def test_each_file_is_its_own_transaction_so_a_crash_keeps_whole_files_only(
    store: CaseStore, case_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(tmp_path, 4)
    real_audit = StoreContext.audit
    created: list[str | None] = []

    def audit_then_die(self: StoreContext, action: str, table: str, record_id: str | None,
                       before: object = None, after: object = None) -> None:
        # The third source gets its blob, row and search entry written, then the process
        # "dies" before the transaction commits.
        if table == "sources" and action == "create":
            created.append(record_id)
            if len(created) == 3:
                raise KeyboardInterrupt
        real_audit(self, action, table, record_id, before, after)  # type: ignore[arg-type]

    monkeypatch.setattr(StoreContext, "audit", audit_then_die)
    done: list[ImportOutcome] = []
    with pytest.raises(KeyboardInterrupt):
        for outcome in import_files(store, files):
            done.append(outcome)

    assert [o.status for o in done] == ["imported", "imported"]
    ids = sorted(str(o.source_id) for o in done)
    assert sorted(str(r[0]) for r in _rows(case_path, "SELECT public_id FROM sources")) == ids
    assert _count(case_path, "SELECT count(*) FROM blobs") == 2
    assert _count(case_path, "SELECT count(*) FROM search_docs WHERE kind = 'source'") == 2
    assert _count(case_path, "SELECT count(*) FROM audit_log WHERE table_name = 'sources'") == 2
    assert created[2] not in ids


def test_stopping_early_keeps_the_files_already_done(
    store: CaseStore, tmp_path: Path
) -> None:
    outcomes = import_files(store, _files(tmp_path, 5))
    taken = [next(outcomes), next(outcomes)]
    outcomes.close()  # type: ignore[attr-defined]  # e.g. the user pressed Cancel
    assert store.sources.count() == 2
    assert {s.id for s in store.sources.list()} == {o.source_id for o in taken}


def test_a_duplicate_names_the_existing_source_and_the_run_goes_on(
    store: CaseStore, tmp_path: Path
) -> None:
    first, second = _files(tmp_path, 2)
    copy = _text(tmp_path, "copy.txt", first.read_text("utf-8"))
    outcomes = list(import_files(store, [first, copy, second]))
    assert [o.status for o in outcomes] == ["imported", "duplicate", "imported"]
    assert outcomes[1].source_id == outcomes[0].source_id
    assert "already in the case" in outcomes[1].message
    assert store.sources.count() == 2


def test_title_rules(store: CaseStore, tmp_path: Path) -> None:
    plain = _text(tmp_path, "kcna-statement.txt", "KCNA denied the report.")
    titled = _text(tmp_path, "notes.md", "# Kirby briefing notes\n\nNorth Korea delivered.")
    explicit = _text(tmp_path, "x.txt", "Another text entirely.")

    (by_stem,) = import_files(store, [plain])
    (by_heading,) = import_files(store, [titled])
    (by_option,) = import_files(store, [explicit], title="  White House   briefing ")

    assert by_stem.title == store.sources.get(str(by_stem.source_id)).title == "kcna-statement"
    assert store.sources.get(str(by_heading.source_id)).title == "Kirby briefing notes"
    assert store.sources.get(str(by_option.source_id)).title == "White House briefing"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"title": "One title"}, "title"),
        ({"url": "https://example.org/a"}, "URL"),
        ({"published": "2022-13"}, "no month 13"),
        ({"retrieved": "yesterday"}, "not an ISO 8601 date"),
        ({"reliability": "G"}, "A-F"),
        ({"title": "   "}, "empty"),
    ],
)
def test_bad_options_are_refused_before_anything_is_read_or_written(
    store: CaseStore, case_path: Path, tmp_path: Path, options: dict[str, str], words: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = _files(tmp_path, 2)
    audit_before = _count(case_path, "SELECT count(*) FROM audit_log")

    def no_reading(path: object) -> None:
        raise AssertionError("a file was read before the options were checked")

    monkeypatch.setattr("osint_desk.core.importer.read_source_file", no_reading)
    with pytest.raises(ValidationError, match=words):
        import_files(store, files, **options)  # raises on the call, before iteration
    assert store.sources.count() == 0
    assert _count(case_path, "SELECT count(*) FROM audit_log") == audit_before


def test_options_apply_and_override_what_the_file_says(store: CaseStore, tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Wagner report</title>"
        '<meta property="article:published_time" content="2022-12-22T18:30:00+09:00">'
        "</head><body><article><p>North Korea completed an initial weapons delivery to"
        " Wagner, the White House said on Thursday, citing intelligence.</p></article>"
        "</body></html>", encoding="utf-8")
    (outcome,) = import_files(store, [page], url=" https://example.org/wagner ",
                              published="2022-12", retrieved="2023-01-05T10:00Z",
                              reliability="b")
    assert outcome.status == "imported", outcome.message
    source = store.sources.get(str(outcome.source_id))
    assert (source.url, source.published, source.published_precision) == (
        "https://example.org/wagner", "2022-12", "month")
    assert (source.retrieved, source.reliability) == ("2023-01-05T10:00Z", "B")
    assert source.original_filename == "article.html"
    assert source.media_type == "text/html"


def test_captured_date_is_kept_and_retrieved_defaults_to_now(
    store: CaseStore, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2022-12-22T18:30:00'
        '+09:00"><title>T</title></head><body><article><p>Kirby said North Korea'
        " delivered rockets and missiles to Wagner in November.</p></article></body></html>",
        encoding="utf-8")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    (outcome,) = import_files(store, [page], published=PartialDate.parse("2022"))
    assert outcome.status == "imported", outcome.message
    source = store.sources.get(str(outcome.source_id))
    assert source.published == "2022"  # the option wins over the page's own date
    assert source.retrieved_precision == Precision.SECOND.value
    assert source.retrieved is not None and source.retrieved.endswith("Z")
    retrieved = dt.datetime.fromisoformat(source.retrieved.replace("Z", "+00:00"))
    assert before <= retrieved <= dt.datetime.now(dt.UTC)

    other = tmp_path / "other.html"
    other.write_text(page.read_text("utf-8").replace("rockets", "shells"), encoding="utf-8")
    (kept,) = import_files(store, [other])
    assert store.sources.get(str(kept.source_id)).published == "2022-12-22T18:30:00+09:00"


def test_warnings_of_the_reader_are_passed_on(store: CaseStore, tmp_path: Path) -> None:
    legacy = tmp_path / "western.txt"
    legacy.write_bytes("Café “quoted” über 5 € — naïve déjà vu.".encode("cp1252"))
    (outcome,) = import_files(store, [legacy])
    assert outcome.status == "imported"
    assert outcome.warnings == ("encoding guessed as cp1252",)


def test_a_read_only_case_refuses_at_once(case_path: Path, tmp_path: Path) -> None:
    CaseStore.create(case_path, "Read only").close()
    with CaseStore.open(case_path, read_only=True) as store, pytest.raises(ReadOnlyCaseError):
        import_files(store, _files(tmp_path, 1))


def test_a_reader_failing_unexpectedly_fails_only_its_file(
    store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser bug on one file (here a KeyError from inside a reader) is that file's
    failure, named with it; the files before and after it are imported."""
    from osint_desk.core import importer

    first, middle, last = _files(tmp_path, 3)
    real = importer.read_source_file

    def flaky(path: str) -> object:
        if path == str(middle):
            raise KeyError("charset")
        return real(path)

    monkeypatch.setattr(importer, "read_source_file", flaky)
    outcomes = list(import_files(store, [first, middle, last]))
    assert [o.status for o in outcomes] == ["imported", "failed", "imported"]
    assert outcomes[1].message == ("file1.txt: could not be read (unexpected KeyError:"
                                   " 'charset'); nothing of it was kept")
    assert len(store.sources.list()) == 2
