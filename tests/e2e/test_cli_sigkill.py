"""Killing ``osint-desk import`` mid-run (SIGKILL: no cleanup runs) keeps only whole files.

The promise under test: each file is one transaction, so whatever instant the process dies at,
the case holds exactly the files committed before it, each complete (text, original bytes,
audit row), the file is sound, and it opens and takes new imports afterwards.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osint_desk.core.importer import import_files
from osint_desk.core.store import CaseStore

REPO = Path(__file__).resolve().parents[2]
FILES = 40
FILE_BYTES = 300_000
WORDS = ("wagner", "kirby", "delivery", "rockets", "missiles", "railway", "border", "statement",
         "denied", "sanctions", "concord", "catering", "pyongyang", "moscow", "intelligence",
         "assessment", "shipment", "payment", "container", "vessel", "port", "satellite")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OSINT_DESK_DEBUG"}
    env.update(OSINT_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
    return env


def _write_corpus(folder: Path) -> dict[str, bytes]:
    """40 distinct ~300 KB text files; returns sha256 of the content -> the file's bytes."""
    folder.mkdir()
    by_hash: dict[str, bytes] = {}
    for index in range(FILES):
        rng = random.Random(index)
        lines = [f"Report {index}: field notes, distinct content."]
        size = len(lines[0])
        while size < FILE_BYTES:
            row = " ".join(rng.choices(WORDS, k=12)) + f" {rng.randrange(10**9)}"
            lines.append(row)
            size += len(row) + 1
        data = "\n".join(lines).encode("utf-8")
        (folder / f"report-{index:02d}.txt").write_bytes(data)
        by_hash[hashlib.sha256(data).hexdigest()] = data
    return by_hash


def _committed_sources(case: Path) -> int:
    uri = f"{case.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_during_import_keeps_exactly_the_whole_files_before_it(tmp_path: Path) -> None:
    started = time.monotonic()
    corpus = _write_corpus(tmp_path / "corpus")
    case = tmp_path / "killed.osintcase"
    CaseStore.create(case, "Killed mid-import", actor="tester").close()
    files = sorted(str(p) for p in (tmp_path / "corpus").iterdir())

    stderr = (tmp_path / "stderr.txt").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "osint_desk", "import", str(case), *files],
        env=_env(tmp_path / "home"), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 120
        while _committed_sources(case) < 2:
            assert proc.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "no source was committed in time"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr.close()
    killed_after = time.monotonic() - started

    conn = sqlite3.connect(case)  # the next opener recovers the WAL as the app would
    try:
        rows = conn.execute(
            "SELECT s.public_id, s.text, s.text_sha256, s.original_sha256, b.data"
            " FROM sources s LEFT JOIN blobs b ON b.sha256 = s.original_sha256").fetchall()
        audit = dict(conn.execute(
            "SELECT record_id, count(*) FROM audit_log WHERE table_name = 'sources'"
            " AND action = 'create' GROUP BY record_id").fetchall())
        indexed = dict(conn.execute(
            "SELECT public_id, count(*) FROM search_docs WHERE kind = 'source'"
            " GROUP BY public_id").fetchall())
        blob_count = conn.execute("SELECT count(*) FROM blobs").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()

    assert 0 < len(rows) < FILES, f"{len(rows)} sources: the kill did not land mid-run"
    seen = set()
    for _public_id, text, text_sha, original_sha, blob in rows:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert digest in corpus, "a stored text is not exactly one of the files"
        assert digest == text_sha
        assert blob is not None, "a source lost its original bytes"
        assert hashlib.sha256(blob).hexdigest() == original_sha
        assert blob == corpus[digest], "the original bytes are not those of the same file"
        seen.add(digest)
    assert len(seen) == len(rows), "a file was stored twice"
    ids = {row[0] for row in rows}
    assert audit == dict.fromkeys(ids, 1), "each source needs exactly one 'create' audit row"
    assert indexed == dict.fromkeys(ids, 1)
    assert blob_count == len(rows)
    assert integrity == "ok"

    extra = tmp_path / "after.txt"
    extra.write_text("Written after the crash: KCNA denied the report.", encoding="utf-8")
    with CaseStore.open(case) as store:
        assert store.integrity_check() == "ok"
        (outcome,) = import_files(store, [extra])
        assert outcome.status == "imported", outcome.message
        assert store.sources.count() == len(rows) + 1
    print(f"killed after {killed_after:.1f} s with {len(rows)} of {FILES} sources committed")
