"""The evidence bundle: a consistent case copy, every source, a manifest standard tools check."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports import bundle as bundle_module
from osint_desk.core.exports.bundle import BundleReport, safe_name, write_bundle
from osint_desk.core.store import CaseStore

HTML = "<!DOCTYPE html><html><body><p>Report — Доклад</p></body></html>"
PDF = b"%PDF-1.4\n% dummy report\n%%EOF\n"


def _unzip(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert not info.filename.startswith(("/", "\\"))
            assert ".." not in info.filename.split("/")
        opened.extractall(into)
    return into


def _manifest(folder: Path) -> dict[str, str]:
    entries = {}
    for line in (folder / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, path = line.split("  ", 1)
        assert len(digest) == 64 and digest == digest.lower()
        entries[path] = digest
    return entries


def _cards_in(path: Path) -> int:
    """Cards in a case file read on its own (0 when even the schema is not in it)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM entities").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


@pytest.fixture
def hostile_demo(demo: CaseStore) -> CaseStore:
    """The demo plus sources whose names and titles try to escape or spoof."""
    demo.sources.add(text="A text-only note.\n=HYPERLINK(\"http://evil\",\"x\")",
                     title="../../etc/passwd <script>alert(1)</script>")
    demo.sources.add(text="Saved page text.", title="=HYPERLINK(\"http://evil\",\"x\")",
                     original=b"<html><script>alert(1)</script></html>",
                     original_filename="..\\..\\Windows\\evil\u202egpj.exe\x07.html",
                     media_type="text/html")
    demo.sources.add(text="Another saved page.", title="Another",
                     original=b"<html>another</html>", original_filename="/etc/shadow",
                     media_type="text/html")
    return demo


def test_bundle_manifest_matches_every_file_and_standard_tools_agree(
        hostile_demo: CaseStore, tmp_path: Path) -> None:
    out = tmp_path / "bundle.zip"
    report = write_bundle(hostile_demo, out, report_html=HTML, report_pdf=PDF)
    assert isinstance(report, BundleReport) and report.path == out
    folder = _unzip(out, tmp_path / "unzipped")
    manifest = _manifest(folder)
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    # The signature of SHA256SUMS and the timestamp request for it cannot be listed in it.
    assert on_disk == set(manifest) | {"SHA256SUMS", "SHA256SUMS.sig", "SHA256SUMS.tsq"}
    assert {"signer.pub", "allowed_signers"} <= set(manifest)
    for path, digest in manifest.items():
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest, path
    assert {f.path: f.sha256 for f in report.files} == manifest
    assert hashlib.sha256((folder / "SHA256SUMS").read_bytes()).hexdigest() == (
        report.manifest_sha256)
    assert (folder / "report" / "report.html").read_text("utf-8") == HTML
    assert (folder / "report" / "report.pdf").read_bytes() == PDF
    assert {"VERIFY.md", "data/case.json", "case/demo.osintcase"} <= set(manifest)
    assert list(tmp_path.glob("*.part")) == []


def test_sha256sum_checks_the_bundle(hostile_demo: CaseStore, tmp_path: Path) -> None:
    tool = shutil.which("sha256sum")
    if tool is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed; the hashlib check covers it")
    write_bundle(hostile_demo, tmp_path / "b.zip", report_html=HTML, report_pdf=PDF)
    folder = _unzip(tmp_path / "b.zip", tmp_path / "u")
    done = subprocess.run([tool, "--strict", "-c", "SHA256SUMS"], cwd=folder,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(_manifest(folder))
    assert all(line.endswith(": OK") for line in lines)


def test_case_copy_is_consistent_even_with_unsaved_wal_content(demo: CaseStore,
                                                               tmp_path: Path) -> None:
    # Committed just before, so it lives in the -wal file, not yet in the main file ...
    card = demo.entities.add("Person", "Written just before the bundle")
    # ... and another process writes the same case meanwhile, also into the WAL.
    with CaseStore.open(demo.path, actor="other process") as other:
        other.entities.add("Organization", "Written by another process")
    wal = Path(str(demo.path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    raw = tmp_path / "raw-copy.osintcase"
    shutil.copyfile(demo.path, raw)
    assert _cards_in(raw) < demo.entities.count(), "a raw copy would have lost the WAL content"
    # A write that is still in progress on another connection must not leak into the copy.
    with contextlib.closing(sqlite3.connect(str(demo.path))) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE case_meta SET title = 'UNCOMMITTED' WHERE id = 1")
        report = write_bundle(demo, tmp_path / "b.zip", report_html=HTML, report_pdf=None)
        writer.rollback()
    folder = _unzip(tmp_path / "b.zip", tmp_path / "u")
    copy = folder / report.case_copy
    assert not Path(str(copy) + "-wal").exists()
    with contextlib.closing(sqlite3.connect(copy.resolve().as_uri() + "?mode=ro",
                                            uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    with CaseStore.open(copy, read_only=True) as opened:
        assert opened.counts() == demo.counts()
        assert opened.integrity_check() == "ok"
        assert opened.meta() == demo.meta()
        assert opened.entities.get(card.id).name == card.name
        assert opened.entities.resolve("Written by another process")
        assert opened.dump(timestamps=True) == demo.dump(timestamps=True)
    assert not (folder / "report" / "report.pdf").exists()


def test_sources_are_bundled_under_safe_unique_names_matching_the_case(
        hostile_demo: CaseStore, tmp_path: Path) -> None:
    report = write_bundle(hostile_demo, tmp_path / "b.zip", report_html=HTML, report_pdf=PDF)
    folder = _unzip(tmp_path / "b.zip", tmp_path / "u")
    sources = {s.id: s for s in hostile_demo.sources.list()}
    assert {b.source_id for b in report.sources} == set(sources)
    paths = [b.path for b in report.sources]
    assert len({p.casefold() for p in paths}) == len(paths)
    for bundled in report.sources:
        source = sources[bundled.source_id]
        name = bundled.path.removeprefix("sources/")
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert not any(unicodedata.category(ch)[0] == "C" for ch in name), name
        data = (folder / bundled.path).read_bytes()
        if source.original_sha256:
            assert bundled.kind == "original"
            assert name.startswith(source.original_sha256[:12] + "-")
            assert hashlib.sha256(data).hexdigest() == source.original_sha256
            assert data == hostile_demo.sources.original_bytes(source.id)
        else:
            assert bundled.kind == "text" and name.endswith(".txt")
            assert hashlib.sha256(data).hexdigest() == source.text_sha256
    spoofed = next(b.path for b in report.sources if "evil" in b.path)
    assert "\u202e" not in spoofed and "Windows" not in spoofed
    assert any(p.endswith("-shadow") for p in paths)
    document = json.loads((folder / "data" / "case.json").read_text("utf-8"))
    assert document["case"]["case_id"] == hostile_demo.meta().case_id
    assert {s["public_id"] for s in document["records"]["sources"]} == set(sources)


def test_verify_md_explains_the_standard_checks_and_names_no_case_text(
        hostile_demo: CaseStore, tmp_path: Path) -> None:
    report = write_bundle(hostile_demo, tmp_path / "b.zip", report_html=HTML, report_pdf=PDF)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        verify = archive.read("VERIFY.md").decode("utf-8")
    for needle in ("unzip", "sha256sum -c SHA256SUMS", "shasum -a 256 -c SHA256SUMS",
                   "Get-FileHash", "text_sha256", "original_sha256", "does not prove",
                   report.case_copy, hostile_demo.meta().case_id):
        assert needle in verify, needle
    for bundled in report.sources:
        assert bundled.path in verify and bundled.source_id in verify
    assert "<script>" not in verify and "HYPERLINK" not in verify


def test_report_name_and_case_name_cannot_escape(demo: CaseStore, tmp_path: Path) -> None:
    report = write_bundle(demo, tmp_path / "b.zip", report_html=HTML, report_pdf=PDF,
                          report_name="../../evil\nname")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        names = archive.namelist()
    assert "report/evil_name.html" in names and "report/evil_name.pdf" in names
    assert all(".." not in n.split("/") for n in names)
    assert report.case_copy == "case/demo.osintcase"


@pytest.mark.parametrize(("raw", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("..", "fallback"),
    ("", "fallback"),
    ("   .hidden", "hidden"),
    ("a\x00b\x1fc\u202egpj.exe", "a_b_c_gpj.exe"),
    ("report: \"final\" <v2>?.pdf", "report_ _final_ _v2__.pdf"),
    ("Доклад 金正恩.pdf", "Доклад 金正恩.pdf"),
])
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw, "fallback") == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_name("x" * 300 + ".pdf", "f", max_length=50)
    assert len(name) == 50 and name.endswith(".pdf")


def test_a_failed_bundle_leaves_nothing_and_keeps_an_older_one(
        demo: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "b.zip"
    out.write_bytes(b"older bundle")
    before = sorted(tmp_path.iterdir())

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OsintDeskError("disk full")

    monkeypatch.setattr(bundle_module, "export_json", broken)
    with pytest.raises(OsintDeskError, match="disk full"):
        write_bundle(demo, out, report_html=HTML, report_pdf=None)
    assert out.read_bytes() == b"older bundle"
    assert sorted(tmp_path.iterdir()) == before
    with pytest.raises(OsintDeskError, match="is a folder"):
        write_bundle(demo, tmp_path, report_html=HTML, report_pdf=None)
