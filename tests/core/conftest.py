from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.store import CaseStore


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "test.osintcase"


@pytest.fixture
def store(case_path: Path) -> Iterator[CaseStore]:
    with CaseStore.create(case_path, "Test case", actor="tester") as opened:
        yield opened


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CaseStore]:
    with build_demo_case(tmp_path / "demo.osintcase") as opened:
        yield opened
