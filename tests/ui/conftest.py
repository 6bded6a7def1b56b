from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from pytestqt.qtbot import QtBot

from osint_desk.core.demo import build_demo_case
from osint_desk.core.store import CaseStore
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.session import CaseSession
from osint_desk.ui.views import builtin_views


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


@pytest.fixture
def tabs(qtbot: QtBot, session: CaseSession) -> Iterator[CaseTabs]:
    """The centre of a window on the demo case, shown at 1280×800 (the chart tests)."""
    widget = CaseTabs(builtin_views())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.set_session(session)
    widget.show()
    yield widget
    widget.set_session(None)


@pytest.fixture(autouse=True)
def clean_clipboard(qapp: object) -> Iterator[None]:
    """Clipboard data still owned at exit crashes Qt's offscreen platform (exit code 139)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


# -- no test may pass while Qt refuses a shortcut as ambiguous ----------------------------------
# "QAction::event: Ambiguous shortcut overload: Ctrl+Shift+Z" means that key does nothing for the
# user. pytest-qt captures Qt's messages during each test's call (its records are read when the
# test's outcome is reported, below); this handler, installed under it for the whole run, sees
# the rest (fixtures, tests marked no_qt_log) and passes every message on.

AMBIGUOUS = "Ambiguous shortcut"
AMBIGUOUS_FAILURE = "Qt refused a shortcut as ambiguous (the key does nothing for the user):\n"
_ambiguous: list[str] = []
_previous: list[Any] = [None]  # the handler found installed, to pass messages on


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if AMBIGUOUS in message:
        _ambiguous.append(message)
    if _previous[0] is not None:
        _previous[0](mode, context, message)
    else:
        sys.stderr.write(f"{message}\n")


def pytest_configure(config: pytest.Config) -> None:
    _previous[0] = qInstallMessageHandler(_qt_message)


def pytest_unconfigure(config: pytest.Config) -> None:
    qInstallMessageHandler(_previous[0])


def _ambiguous_messages(item: pytest.Item) -> list[str]:
    capture = getattr(item, "_qt_capture", None)
    messages = _ambiguous[getattr(item, "_ambiguous_seen", len(_ambiguous)):]
    if capture is not None:
        messages += [rec.message for rec in capture.records if AMBIGUOUS in rec.message]
    return list(dict.fromkeys(messages))


@pytest.fixture(autouse=True)
def no_ambiguous_shortcuts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Remembers where this test's Qt messages go; the report below fails it on ambiguity."""
    item = request.node
    item._qt_capture = getattr(item, "qt_log_capture", None)  # pytest-qt's, for this test
    item._ambiguous_seen = len(_ambiguous)
    yield
    reported = getattr(item, "_ambiguous_reported", 0)
    late = _ambiguous_messages(item)[reported:]
    if late:  # logged while tearing down, after the test's own report
        pytest.fail(AMBIGUOUS_FAILURE + "\n".join(late), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if call.when == "call":
        messages = _ambiguous_messages(item)
        item._ambiguous_reported = len(messages)  # type: ignore[attr-defined]
        if messages and report.passed:
            report.outcome = "failed"
            report.longrepr = AMBIGUOUS_FAILURE + "\n".join(messages)
    return report


# -- the sanctions-lists dialog (test_lists_dialog.py, test_lists_tasks.py) ---------------------


@pytest.fixture
def library_path(isolated_home: Path) -> Path:
    return isolated_home / "lists.sqlite"


@pytest.fixture
def tasks(qapp: object) -> Iterator[Any]:
    """A task runner of the test's own (a dialog outside a window)."""
    from osint_desk.ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def dialog(library_path: Path, tasks: Any, qtbot: QtBot) -> Iterator[Any]:
    """The lists dialog on *library_path*, closed (its task cancelled and waited) after."""
    from lists_support import close_dialog, open_dialog

    made = open_dialog(library_path, tasks, qtbot)
    yield made
    close_dialog(made, qtbot)
