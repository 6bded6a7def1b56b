"""A missing X11 library is named, with the package to install, before Qt can abort."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from osint_desk.cli import display_libraries, gui
from osint_desk.cli.display_libraries import advice, debian_package, will_use_xcb

needs_gcc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("gcc") is None,
    reason="builds a stand-in plugin with gcc (Linux only)")
GONE = ("osdk-xcb-gone", "osdk-xkb-x11-gone")


@pytest.fixture
def broken_plugin(tmp_path: Path) -> Path:
    """A shared object that needs two libraries which then disappear, as on a bare server.

    Their names are made up: the real ones (libxcb-cursor.so.0 …) are on this machine.
    """
    for name in GONE:
        stub = tmp_path / f"lib{name}.c"
        stub.write_text(f"int stub_{name.replace('-', '_')}(void) {{ return 0; }}\n")
        subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(tmp_path / f"lib{name}.so"),
                        f"-Wl,-soname,lib{name}.so.0", str(stub)], check=True)
    plugin_c = tmp_path / "plugin.c"
    plugin_c.write_text("int plugin(void) { return 1; }\n")
    plugin = tmp_path / "libqxcb.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(plugin), str(plugin_c),
                    f"-L{tmp_path}", "-Wl,--no-as-needed", *(f"-l{name}" for name in GONE)],
                   check=True)
    for name in GONE:
        (tmp_path / f"lib{name}.so").unlink()
    return plugin


@needs_gcc
def test_missing_libraries_are_all_named(broken_plugin: Path) -> None:
    assert display_libraries.missing_libraries(broken_plugin) == [
        "libosdk-xcb-gone.so.0", "libosdk-xkb-x11-gone.so.0"]


@needs_gcc
def test_the_window_refuses_to_start_with_the_packages_to_install(
        broken_plugin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display_libraries, "xcb_plugin", lambda: broken_plugin)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(gui.GuiUnavailableError) as raised:
        gui.launch(None, ["osint-desk"])
    message = str(raised.value)
    assert "libosdk-xcb-gone.so.0, libosdk-xkb-x11-gone.so.0" in message
    assert "sudo apt install libosdk-xcb-gone0 libosdk-xkb-x11-gone0" in message
    assert "QT_QPA_PLATFORM=offscreen" in message


def test_a_complete_plugin_passes() -> None:
    plugin = display_libraries.xcb_plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no X11 plugin (not Linux)")
    if display_libraries.missing_libraries(plugin):
        pytest.skip("this machine lacks X11 libraries itself")
    assert display_libraries.missing_libraries(plugin) == []


def test_only_an_x11_start_is_checked() -> None:
    linux = sys.platform.startswith("linux")
    assert will_use_xcb({"DISPLAY": ":0"}) is linux
    assert will_use_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is False
    assert will_use_xcb({"QT_QPA_PLATFORM": "xcb"}) is linux
    assert will_use_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0",
                         "XDG_SESSION_TYPE": "wayland"}) is False


def test_package_names_follow_debian() -> None:
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libxcb-foo.so.0") == "libxcb-foo0"
    assert debian_package("libfoo2.so.1") == "libfoo2-1"
    assert "sudo apt install libegl1 libxcb1" in advice(["libEGL.so.1", "libxcb.so.1"])
