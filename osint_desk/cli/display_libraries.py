"""Before Qt starts on X11: are the system libraries its XCB plugin needs there?

Without them Qt prints "could not load the Qt platform plugin xcb" and aborts the process
(a core dump, no advice). Loading the plugin with the dynamic loader first names what is
missing, so the user is told which packages to install. Nothing here imports Qt's modules:
only the plugin file is located, inside the installed PySide6 package.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

# Debian/Ubuntu package of each library Qt's xcb plugin and QtGui load from the system.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_MISSING = r"(lib[\w.+-]+\.so[\w.]*)"


def debian_package(library: str) -> str:
    """The Debian package that usually ships ``library`` (its soname)."""
    if library in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[library]
    stem, _so, version = library.partition(".so")
    version = version.strip(".").split(".")[0]
    name = stem.lower().replace("_", "-")
    if not version:
        return name
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def xcb_plugin() -> Path | None:
    """The installed PySide6's ``libqxcb.so``, or None where there is none to check."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def will_use_xcb(environ: os._Environ[str] | dict[str, str]) -> bool:
    """Whether Qt is about to pick its X11 plugin on this Linux system."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland


def missing_libraries(plugin: Path) -> list[str]:
    """Sonames the plugin needs that the dynamic loader cannot find (empty: all there)."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        import re

        first = re.findall(_MISSING, str(exc))
        found = _ldd_not_found(plugin)
        return found or [name for name in first if name != plugin.name][:1] or [str(exc)]
    return []


def _ldd_not_found(plugin: Path) -> list[str]:
    """Every library ``ldd`` reports as not found (the loader names only the first)."""
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if not ldd:
        return []
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split("=>")[0].strip() for line in done.stdout.splitlines()
            if "not found" in line]


def advice(missing: list[str]) -> str:
    """What to tell the user: the libraries, and the packages that provide them."""
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    return (
        "the desktop window cannot start: Qt's X11 platform plugin needs system libraries"
        f" that are missing: {', '.join(missing)}. On Debian or Ubuntu install them with"
        f" `sudo apt install {packages}` (other systems name these packages alike, e.g."
        " xcb-util-cursor on Fedora). The command-line commands work without them; a"
        " headless screenshot works with QT_QPA_PLATFORM=offscreen."
    )


def check_display_libraries() -> str | None:
    """None when the window can start as far as libraries go; else the advice to show."""
    if not will_use_xcb(os.environ):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return advice(missing) if missing else None
