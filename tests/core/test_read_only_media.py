"""A case on read-only media opens read-only and says so (issue 11).

A WAL-mode SQLite file needs its ``-shm`` beside it even to be read, so a case on a CD, a
read-only share or a write-protected stick used to fail with "attempt to write a readonly
database" — even for ``show``. The media is simulated with a read-only bind mount (root
only, Linux); a read-only file in a writable folder is tested everywhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.errors import ReadOnlyCaseError
from osint_desk.core.store import CaseStore


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("simulating read-only media needs root and mount on Linux")
    source, mounted = tmp_path / "source", tmp_path / "media"
    source.mkdir()
    mounted.mkdir()
    build_demo_case(source / "demo.osintcase").close()
    steps = [["mount", "--bind", str(source), str(mounted)],
             ["mount", "-o", "remount,ro,bind", str(mounted)]]
    for step in steps:
        if subprocess.run(step, capture_output=True, check=False).returncode:
            subprocess.run(["umount", str(mounted)], capture_output=True, check=False)
            pytest.skip("bind mounts are not allowed here")
    try:
        yield mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def test_a_case_on_read_only_media_can_be_read(read_only_folder: Path) -> None:
    path = read_only_folder / "demo.osintcase"
    with CaseStore.open(path, read_only=True) as store:
        assert store.counts().excerpts == 21
        assert store.search("Wagner")
    with CaseStore.open(path) as store:  # asked for writing: read-only, with the reason
        assert store.read_only
        assert "read-only media" in (store.read_only_reason or "")
        with pytest.raises(ReadOnlyCaseError, match="read-only media"):
            store.entities.add("Person", "Someone")
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["demo.osintcase"]


def test_a_read_only_file_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    build_demo_case(path).close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("this user can write read-only files (root)")
        with CaseStore.open(path) as store:
            assert store.read_only and "read-only" in (store.read_only_reason or "")
            assert store.meta().title
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
