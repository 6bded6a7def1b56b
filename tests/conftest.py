"""Test-wide rules: no network, isolated user data, offscreen Qt unless told otherwise.

``QT_QPA_PLATFORM`` set by the caller wins: dev.py runs tests/ui a second time on the real X11
platform, ``xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb pytest tests/ui``.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class NetworkAccessError(AssertionError):
    """A test tried to open a network connection."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkAccessError(f"tests must not touch the network (attempted: {args!r})")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)
    return _refuse(address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect_ex(self, address)
    return _refuse(address)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="run thousands of fuzz cases per importer (tests/fuzz), not hundreds")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fuzz-long"):
        os.environ["OSINT_DESK_FUZZ_LONG"] = "1"  # read by tests/fuzz_support.py on import
    # Installed before any test module is imported, so import-time code is guarded too.
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    socket.gethostbyname = _refuse


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own user data folder (settings, list library)."""
    home = tmp_path_factory.mktemp("osint-desk-home")
    monkeypatch.setenv("OSINT_DESK_HOME", str(home))
    yield home


@pytest.fixture
def document_app(request: pytest.FixtureRequest) -> Any:
    """For tests that lay out PDF or ODT in this process (docwriter needs a Qt application).

    pytest-qt's QApplication, made first: left to itself docwriter makes a QGuiApplication,
    and every later UI test in the same run would fail on it."""
    return request.getfixturevalue("qapp")


@pytest.fixture(autouse=True)
def no_stray_gui_application(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test that made a bare QGuiApplication, not the UI tests that run after it."""
    yield
    gui = sys.modules.get("PySide6.QtGui")
    if gui is None:
        return
    app = gui.QGuiApplication.instance()
    widgets = sys.modules.get("PySide6.QtWidgets")
    if app is not None and (widgets is None or not isinstance(app, widgets.QApplication)):
        pytest.fail("this test made a QGuiApplication (docwriter does so for PDF and ODT):"
                    " request the document_app fixture", pytrace=False)
