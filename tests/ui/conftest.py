from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.store import CaseStore
from osint_desk.ui.session import CaseSession


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.osintcase"
    build_demo_case(path).close()
    return path


@pytest.fixture
def session(demo_path: Path, qapp: object) -> Iterator[CaseSession]:
    opened = CaseSession(CaseStore.open(demo_path, actor="tester"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def clean_clipboard(qapp: object) -> Iterator[None]:
    """Clipboard data still owned at exit crashes Qt's offscreen platform (exit code 139)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
