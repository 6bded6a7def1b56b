#!/usr/bin/env python3
"""Set up OSINT Desk in a local virtual environment from the lock files, then run something.

    python3 dev.py run       # runtime dependencies only (wheels), the demo case, the window
    python3 dev.py test      # + test tools: lint, import contracts, mypy, the whole test suite
    python3 dev.py package   # + PyInstaller: build the one-folder app in dist/ and smoke-test it
    python3 dev.py lock      # refresh requirements/*.txt from pyproject.toml, check the wheels

Needs only Python 3.11+ (standard library). Everything goes into ./.venv; the demo case is
written to the user data folder (or $OSINT_DESK_HOME). Exact versions with hashes come from
requirements/*.txt, so every install of one commit gets the same packages.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".osint-desk-installed.json"
LOCKS = ROOT / "requirements"
UV = "uv==0.13.9"  # makes the lock files (dev.py lock); never needed to install them

# What each command installs, in order. dev.txt holds the runtime packages too (same versions:
# it is compiled with runtime.txt as constraints); build.txt is the project's build backend.
LEVELS: dict[str, tuple[str, ...]] = {
    "run": ("build.txt", "runtime.txt"),
    "test": ("build.txt", "dev.txt"),
    "package": ("build.txt", "package.txt"),
}
# The store suite, run a second time with every test case encrypted (``dev.py test``).
ENCRYPTED_SUITE = tuple(f"tests/core/test_{name}.py" for name in (
    "encryption", "atomicity_and_audit", "audit_view", "cards_and_links", "card_types",
    "case_file", "delete_restore", "excerpt_invariant", "search", "sources", "store_paging",
    "verify", "hostile_case_files", "demo_case", "graph", "charts", "timeline",
    "read_only_media", "case_screening", "importer_parts"))
# followthemoney (tests only) needs pyicu, published as source only: optional unless required.
FTM_LOCK = "ftm.txt"
REQUIRE_FTM = "OSINT_DESK_REQUIRE_FTM"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args: str | Path, **kwargs: object) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def _locks_digest() -> str:
    """Changes whenever what an install would put in .venv changes."""
    digest = hashlib.sha256()
    for path in [ROOT / "pyproject.toml", ROOT / "setup.py", *sorted(LOCKS.glob("*.txt"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _read_stamp() -> dict[str, object]:
    try:
        data = json.loads(STAMP.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pip_install_lock(python: Path, name: str) -> int:
    return run(python, "-m", "pip", "install", "--quiet", "--require-hashes",
               "-r", LOCKS / name)


def setup(level: str = "run") -> Path:
    """Create .venv and install the locked packages for ``level`` (once per lock change).

    A change of the lock files makes a new .venv, so nothing outside the lock lingers.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 (runs before anything is installed)
        sys.exit(f"OSINT Desk needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    digest = _locks_digest()
    stamp = _read_stamp()
    if not python.exists() or stamp.get("digest") != digest:
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
        stamp = {"digest": digest, "levels": []}
    levels = list(stamp.get("levels", []))  # type: ignore[call-overload]
    if level not in levels:
        for lock in LEVELS[level]:
            if _pip_install_lock(python, lock) != 0:
                sys.exit(f"Installing requirements/{lock} failed; see the messages above.")
        # The project itself, editable, with the locked build backend: nothing unpinned.
        if run(python, "-m", "pip", "install", "--quiet", "--no-deps",
               "--no-build-isolation", "-e", ".") != 0:
            sys.exit("Installing OSINT Desk itself failed; see the messages above.")
        levels.append(level)
        stamp["levels"] = levels
        STAMP.write_text(json.dumps(stamp), "utf-8")
    return python


def setup_ftm(python: Path) -> None:
    """Install followthemoney for the FtM validation tests where it can be built.

    It needs pyicu, which has no wheels: a C++ compiler and the ICU headers. Where that fails
    the tests that use it skip and say why; with $OSINT_DESK_REQUIRE_FTM=1 (CI) it is an error.
    """
    stamp = _read_stamp()
    if stamp.get("ftm") == "installed":
        return
    if stamp.get("ftm") == "failed" and not os.environ.get(REQUIRE_FTM):
        print("followthemoney could not be installed here before; the FtM validation tests"
              " will skip (delete .venv to try again).", flush=True)
        return
    code = _pip_install_lock(python, FTM_LOCK)
    stamp["ftm"] = "installed" if code == 0 else "failed"
    STAMP.write_text(json.dumps(stamp), "utf-8")
    if code != 0:
        message = ("followthemoney (test-only) needs pyicu, which is published as source only"
                   " and needs a C++ compiler and the ICU headers (Debian: apt install g++"
                   " libicu-dev pkg-config). The FtM validation tests will skip.")
        if os.environ.get(REQUIRE_FTM):
            sys.exit(f"{message} ${REQUIRE_FTM} is set, so this is an error.")
        print(message, flush=True)


def cmd_run(args: list[str]) -> int:
    python = setup("run")
    code = (
        "from osint_desk.core.paths import user_data_dir;"
        "print(user_data_dir() / 'demo.osintcase')"
    )
    demo = Path(subprocess.check_output([str(python), "-c", code], cwd=ROOT, text=True).strip())
    # A missing demo is written; one nobody changed is written again when the demo's content
    # is newer (after a pull), so the window shows what the demo holds now.
    if run(python, "-m", "osint_desk", "demo", "--refresh", demo) != 0:
        return 1
    return run(python, "-m", "osint_desk", "open", demo, *args)


def _can_unshare_network() -> bool:
    unshare = shutil.which("unshare")
    if not unshare or not sys.platform.startswith("linux"):
        return False
    return subprocess.call([unshare, "-n", "true"], stderr=subprocess.DEVNULL) == 0


def cmd_test(args: list[str]) -> int:
    python = setup("test")
    setup_ftm(python)
    bin_dir = python.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    checks = [
        (bin_dir / "ruff", "check", "."),
        (bin_dir / "lint-imports",),
        (bin_dir / "mypy",),
    ]
    failed = [c[0].name for c in checks if run(*c, env=env) != 0]
    pytest_cmd: list[str | Path] = [python, "-m", "pytest", *args]
    isolate: list[str | Path] = []
    if _can_unshare_network():
        # No network interfaces at all: catches Qt's own sockets too, not only Python's.
        print("Running the tests in a network namespace with no interfaces (unshare -n)")
        isolate = ["unshare", "-n"]
    if run(*isolate, *pytest_cmd, env=env) != 0:
        failed.append("pytest")
    named = [a for a in args if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    if not named:
        # The store suite again, every case encrypted (SQLCipher): an encrypted case must
        # behave as a plain one (tests/core/conftest.py makes the fixtures' cases encrypted).
        print("Running the store tests again on encrypted cases", flush=True)
        if run(*isolate, python, "-m", "pytest", *args, *ENCRYPTED_SUITE,
               env=dict(env, OSINT_DESK_TEST_ENCRYPTED="1")) != 0:
            failed.append("pytest (encrypted cases)")
    # Again on the real X11 platform: its key bindings (Ctrl+E is also End of line there),
    # focus and window activation differ from offscreen. Xvfb talks over a Unix socket, so
    # this works inside the network namespace too.
    xvfb_run = shutil.which("xvfb-run")
    if not sys.platform.startswith("linux"):
        print("SKIPPED the UI tests on xcb (X11 under Xvfb): only run on Linux", flush=True)
    elif xvfb_run is None:
        print("SKIPPED the UI tests on xcb (X11 under Xvfb): xvfb-run is not installed"
              " (Debian: apt install xvfb xauth libxcb-cursor0; .ci/run installs it)",
              flush=True)
    else:
        print("Running the UI tests again on the xcb platform, under Xvfb", flush=True)
        # The same arguments; tests/ui unless they name test paths of their own.
        xcb_cmd = [python, "-m", "pytest", *args, *([] if named else ["tests/ui"])]
        xcb_env = dict(env, QT_QPA_PLATFORM="xcb")
        if run(*isolate, xvfb_run, "-a", "-s", "-screen 0 1920x1080x24", *xcb_cmd,
               env=xcb_env) != 0:
            failed.append("pytest (xcb)")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("All checks passed.")
    return 0


def cmd_package(args: list[str]) -> int:
    python = setup("package")
    return run(python, ROOT / "packaging" / "build.py", *args)


def cmd_lock(args: list[str]) -> int:
    """Re-resolve requirements/*.txt for every platform (uv, universal), then check wheels."""
    python = setup("test")
    tools = VENV / "lock-tools"
    if run(python, "-m", "pip", "install", "--quiet", "--upgrade", "--target", tools, UV) != 0:
        return 1
    uv = [python, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
          "from uv import find_uv_bin; import subprocess; "
          "raise SystemExit(subprocess.call([find_uv_bin(), *sys.argv[1:]]))", tools]
    common = ["pip", "compile", "--universal", "--generate-hashes", "--python-version", "3.11",
              "--quiet", *(["--upgrade"] if "--upgrade" in args else [])]
    steps = [
        ("runtime.txt", ["pyproject.toml"]),
        ("dev.txt", ["pyproject.toml", "requirements/build.in", "--extra", "test",
                     "-c", "requirements/runtime.txt"]),
        ("build.txt", ["requirements/build.in", "-c", "requirements/dev.txt"]),
        (FTM_LOCK, ["pyproject.toml", "--extra", "ftm", "-c", "requirements/dev.txt"]),
        ("package.txt", ["pyproject.toml", "--extra", "package", "-c", "requirements/dev.txt"]),
    ]
    for out, inputs in steps:
        if run(*uv, *common, *inputs, "-o", f"requirements/{out}") != 0:
            return 1
    return run(python, LOCKS / "check_wheels.py", "runtime.txt", "dev.txt", "package.txt")


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "package": cmd_package, "lock": cmd_lock,
                "setup": lambda a: (setup(a[0] if a else "run"), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return int(commands[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    raise SystemExit(main())
