"""Interrupted exports leave nothing for good, and bundles are ordinary files (issue 11).

A bundle export is killed with SIGKILL mid-write in a child process; its half zip and its case
copy are beside the target (never in the system's temporary folder), and the next export into
that folder removes them.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.exports import staging
from osint_desk.core.store import CaseStore
from osint_desk.docwriter.export import export

# Bundles carry the PDF report, laid out by Qt in this process.
pytestmark = pytest.mark.usefixtures("document_app")

REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import osint_desk.core.exports.bundle as bundle
    from osint_desk.core.store import CaseStore
    from osint_desk.docwriter.export import export

    case, out, ready = map(Path, sys.argv[1:4])
    real = bundle._source_files

    def paused(snapshot, names):
        # The zip is open and the case copy made: say so, then wait to be killed.
        for item in real(snapshot, names):
            ready.write_text("ready")
            time.sleep(600)
            yield item

    bundle._source_files = paused
    with CaseStore.open(case, read_only=True) as store:
        export(store, "bundle", out)
""")


def _ours(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(staging.PREFIX))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.osintcase"
    build_demo_case(path).close()
    return path


def test_killed_bundle_export_is_cleaned_up_by_the_next(tmp_path: Path,
                                                        demo_path: Path) -> None:
    dest, systmp = tmp_path / "dest", tmp_path / "systmp"
    dest.mkdir()
    systmp.mkdir()
    ready = tmp_path / "ready"
    env = {**os.environ, "TMPDIR": str(systmp), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(demo_path), str(dest / "bundle.zip"), str(ready)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert child.poll() is None, child.communicate()[1].decode()
            assert time.monotonic() < deadline, "the child never reached the pause"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL

    left = _ours(dest)
    kinds = sorted(p.suffix for p in left)
    assert ".case" in kinds and ".part" in kinds, left  # the case copy and the half zip
    assert all(p.name.startswith(f"{staging.PREFIX}{child.pid}-") for p in left)
    assert sum(p.stat().st_size for p in left) > 0
    assert not (dest / "bundle.zip").exists()
    assert list(systmp.iterdir()) == []  # nothing in the system's temporary folder

    with CaseStore.open(demo_path, read_only=True) as store:
        out = export(store, "bundle", dest / "bundle.zip")
    assert _ours(dest) == []
    assert sorted(p.name for p in dest.iterdir()) == ["bundle.zip"]
    assert _mode(out) == staging.file_mode()


def test_every_export_gets_the_mode_of_a_new_file(tmp_path: Path, demo_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with CaseStore.open(demo_path, read_only=True) as store:
            for fmt, name in [("bundle", "b.zip"), ("html", "r.html"), ("json", "c.json"),
                              ("csv", "t.zip"), ("ftm", "f.ftm.json"), ("md", "r.md")]:
                out = export(store, fmt, tmp_path / name)
                assert _mode(out) == 0o640, (fmt, oct(_mode(out)))
    finally:
        os.umask(old)


def test_a_failed_export_removes_its_files(tmp_path: Path, demo_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import osint_desk.core.exports.bundle as bundle

    def broken(*_args: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle, "export_json", broken)
    dest = tmp_path / "dest"
    dest.mkdir()
    with CaseStore.open(demo_path, read_only=True) as store, pytest.raises(OSError):
        export(store, "bundle", dest / "b.zip")
    assert list(dest.iterdir()) == []


def test_sweep_keeps_live_and_foreign_files(tmp_path: Path) -> None:
    now = time.time()
    live = tmp_path / f"{staging.PREFIX}{os.getpid()}-aaaaaa.part"  # this process: running
    old_live = tmp_path / f"{staging.PREFIX}1-bbbbbb.part"  # pid 1 runs, but hours old
    dead = tmp_path / f"{staging.PREFIX}{_dead_pid()}-cccccc.case"
    nameless = tmp_path / f"{staging.PREFIX}junk.part"
    foreign = tmp_path / ".report.html.x1y2.part"  # not ours: never touched
    for path in (live, old_live, dead, nameless, foreign):
        path.write_bytes(b"x")
    os.utime(old_live, (now - staging.STALE_AFTER - 60,) * 2)
    (tmp_path / f"{staging.PREFIX}999999-dir").mkdir()  # folders are not ours to remove
    removed = staging.sweep(tmp_path)
    assert sorted(removed) == sorted([old_live, dead, nameless])
    assert live.exists() and foreign.exists()
    assert (tmp_path / f"{staging.PREFIX}999999-dir").is_dir()


def _dead_pid() -> int:
    """A pid that was alive a moment ago and is not any more."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_csv_folder_export_sweeps_leftovers_instead_of_refusing(tmp_path: Path,
                                                                demo_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    left = folder / f"{staging.PREFIX}{_dead_pid()}-dddddd.part"
    left.write_bytes(b"half a csv")
    with CaseStore.open(demo_path, read_only=True) as store:
        export(store, "csv", folder)
    assert not left.exists()
    assert _ours(folder) == []
    assert all(p.suffix == ".csv" for p in folder.iterdir())
