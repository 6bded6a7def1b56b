"""An older, untouched demo case is written again; one someone changed never is."""

from __future__ import annotations

import os
import time
from pathlib import Path

from osint_desk.core.demo import demo_is_outdated, write_demo_case
from osint_desk.core.store import CaseStore


def _age(path: Path, days: int = 30) -> None:
    """Make the file look written before the demo's content last changed."""
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_a_fresh_demo_is_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    write_demo_case(path).close()
    assert not demo_is_outdated(path)


def test_an_older_untouched_demo_is_rewritten_with_a_new_case(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    with write_demo_case(path) as store:
        old_id = store.meta().case_id
    _age(path)
    assert demo_is_outdated(path)
    with write_demo_case(path) as store:
        assert store.meta().case_id != old_id and store.counts().sanctions == 4
    assert not demo_is_outdated(path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_demo_someone_changed_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    write_demo_case(path).close()
    with CaseStore.open(path, actor="analyst") as store:
        store.entities.add("Person", "Dmitry Utkin")
    _age(path)
    assert not demo_is_outdated(path)


def test_an_open_or_unreadable_demo_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    write_demo_case(path).close()
    _age(path)
    lock = Path(f"{path}.lock")
    lock.write_text("1234\nhost\nosint-desk\n")
    assert not demo_is_outdated(path)  # a window holds it
    lock.unlink()
    other = tmp_path / "notes.osintcase"
    other.write_bytes(b"not a case at all")
    _age(other)
    assert not demo_is_outdated(other)
    assert not demo_is_outdated(tmp_path / "missing.osintcase")
