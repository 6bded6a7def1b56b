"""Bad input to the capture readers (issue 15) in one multi-file import: every broken file
fails for itself with a message naming it and the problem, within a bound of time and memory,
and the files after it are still imported."""

from __future__ import annotations

import gzip
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from capture_files import docx, eml, mhtml, wacz, warc, zipped
from test_ingest_images import jpeg_with_exif

from osint_desk.core.importer import import_files
from osint_desk.core.ingest import read_source_bytes
from osint_desk.core.store import CaseStore

pytestmark = pytest.mark.usefixtures("no_network")  # tests/core/conftest.py

CAPTURE_SUFFIXES = ("mhtml", "mht", "warc", "warc.gz", "wacz", "eml", "docx", "png", "jpg",
                    "jpeg", "webp")
#: Generous for a 2-core machine shared with others; each file here takes well under 0.5 s.
SECONDS_PER_FILE = 10.0
#: Python allocations while one bad file is read: the zip bomb would take 64 MiB if inflated,
#: the others at most a few MiB (the first good file's imports of the readers are not counted).
PEAK_BYTES = 32 * 1024 * 1024



def _zip_bomb() -> bytes:
    """One 64 MiB entry of zeros, deflated to about 64 KB, written in pieces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(
            "archive/data.warc", "w", force_zip64=True) as entry:
        for _ in range(64):
            entry.write(bytes(1024 * 1024))
    return out.getvalue()


def _mail_of_parts(count: int) -> bytes:
    part = b"--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
    return (b"From: a@example.org\r\nSubject: parts\r\nContent-Type: multipart/mixed;"
            b' boundary="x"\r\n\r\n' + part * count + b"--x--\r\n")


def _jpeg_with_broken_exif() -> bytes:
    """A good 2×2 JPEG whose EXIF IFD claims 65,535 entries that are not there."""
    return jpeg_with_exif(b"II*\0" + (8).to_bytes(4, "little") + b"\xff\xff" + b"\xee" * 30)


def _bad_files() -> dict[str, tuple[bytes, str]]:
    """File name -> (bytes, what its failure message must say)."""
    files = {f"empty.{suffix}": (b"", "the file is empty (0 bytes)")
             for suffix in CAPTURE_SUFFIXES}
    gz = gzip.compress(warc(tamper=False))
    files.update({
        "cut.warc.gz": (gz[:20], "not a WARC file (the gzip data is truncated)"),
        "bomb.wacz": (_zip_bomb(), "refused as a possible zip bomb"),
        "entries.wacz": (zipped({f"f{i}": b"" for i in range(20_001)}, zipfile.ZIP_STORED),
                         "the zip has 20,001 entries"),
        "escape.wacz": (zipped({"../../.bashrc": b"x"}), "points outside the archive"),
        "parts.eml": (_mail_of_parts(10_000), "more than 2,000 MIME parts"),
        "nested.eml": (b"From: a@example.org\r\n"
                       + b"Content-Type: message/rfc822\r\n\r\n" * 3_000 + b"\r\nx",
                       "nested too deep"),
        "parts.mhtml": (_mail_of_parts(10_000).replace(b"multipart/mixed", b"multipart/related"),
                        "more than 5,000 MIME parts"),
        "cut.mhtml": (mhtml().partition(b"\n\n--")[0], "the MHTML file holds no parts"),
        "text.docx": (b"This is not a zip at all.\n" * 10, "not a Word document (not a zip"),
        "cut.docx": (docx()[:300], "not a Word document (a damaged or truncated zip"),
        "other.docx": (zipped({"hello.txt": b"hi"}), "a zip file, but not an Office one"),
        "cut.jpg": (b"\xff\xd8\xff\xe1\xff\xf0Exif\0\0" + bytes(40), "truncated or corrupt JPEG"),
        "noise.png": (b"\x89PNG\r\n\x1a\n" + bytes(20), "PNG"),
        "cut.eml": (b"\x89PNG\r\n\x1a\n" + bytes(100), "not an e-mail message (binary data"),
    })
    return files


def test_each_broken_capture_fails_alone_and_the_import_goes_on(tmp_path: Path) -> None:
    bad = _bad_files()
    good = {"crawl.warc": warc(tamper=False), "tip.eml": eml(), "photo.jpg":
            _jpeg_with_broken_exif(), "last.txt": b"A good file at the end.\nSecond line.\n"}
    names = list(bad)
    # The good files between the bad ones: a failure must not stop or spoil what follows.
    order = [*names[:10], "crawl.warc", *names[10:20], "tip.eml", "photo.jpg", *names[20:],
             "last.txt"]
    paths = []
    for name in order:
        path = tmp_path / name
        path.write_bytes(bad[name][0] if name in bad else good[name])
        paths.append(path)
    with CaseStore.create(tmp_path / "case.osintcase", "Bad input") as store:
        outcomes, costs = [], []
        run = iter(import_files(store, paths))
        tracemalloc.start()
        try:
            while True:  # each next() reads and stores one file
                tracemalloc.reset_peak()
                base, started = tracemalloc.get_traced_memory()[0], time.perf_counter()
                outcome = next(run, None)
                if outcome is None:
                    break
                outcomes.append(outcome)
                costs.append((time.perf_counter() - started,
                              tracemalloc.get_traced_memory()[1] - base))
        finally:
            tracemalloc.stop()
        assert [Path(o.path).name for o in outcomes] == order
        for outcome, (spent, peak) in zip(outcomes, costs, strict=True):
            name = Path(outcome.path).name
            if name in good:
                assert outcome.status == "imported", outcome.message
                continue
            assert spent < SECONDS_PER_FILE, (name, spent)
            assert peak < PEAK_BYTES, (name, f"{peak / 2**20:.0f} MiB")
            assert outcome.status == "failed", (name, outcome.message)
            assert outcome.message.startswith(f"{name}: "), outcome.message
            assert bad[name][1] in outcome.message, (name, outcome.message)
            assert str(tmp_path) not in outcome.message
        stored = store.sources.list(limit=100)
        assert {s.part_of for s in stored} - {None} <= {s.id for s in stored}
        assert sum(s.part_of is None for s in stored) == len(good)


def test_a_jpeg_with_broken_exif_is_still_a_picture() -> None:
    captured = read_source_bytes("photo.jpg", _jpeg_with_broken_exif())
    assert captured.text.startswith("Image photo.jpg, 2 × 2 pixels, JPEG.")
    assert any("EXIF" in warning for warning in captured.warnings), captured.warnings


def test_a_wacz_whose_package_is_nested_too_deep_keeps_its_pages() -> None:
    """datapackage.json 200,000 arrays deep is unreadable JSON, named in a warning; the
    WARC inside is still read (its files are then covered by no hash, which is said too)."""
    data = zipped({"datapackage.json": b"[" * 200_000 + b"]" * 200_000,
                 "archive/data.warc": warc(tamper=False)})
    captured = read_source_bytes("deep.wacz", data)
    assert len(captured.parts) == 2
    assert any(w.startswith("datapackage.json is not readable JSON") for w in captured.warnings)
    assert any("not covered by any hash" in w for w in captured.warnings)
    files = dict(captured.capture or {})["files"]
    assert files == {"valid": 0, "mismatch": 0, "absent": 1}


def test_a_wacz_inside_a_wacz_is_not_unpacked() -> None:
    inner = wacz(wrong_hash=False)
    for _ in range(30):
        inner = zipped({"archive/inner.wacz": inner}, zipfile.ZIP_STORED)
    captured = read_source_bytes("nested.wacz", inner)
    assert captured.parts == ()
    assert "the WACZ holds no readable WARC under archive/" in captured.warnings
