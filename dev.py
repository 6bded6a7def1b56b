#!/usr/bin/env python3
"""Set up OSINT Desk in a local virtual environment, then run the app or the tests.

    python3 dev.py run     # set up, write the demo case, open it in the app
    python3 dev.py test    # set up, then lint, type-check and run the whole test suite

Needs only Python 3.11+ (standard library). Everything goes into ./.venv; the demo case is
written to the user data folder (or $OSINT_DESK_HOME).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".osint-desk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args: str | Path, **kwargs: object) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def setup() -> Path:
    """Create .venv and install the project with its dev tools (once per pyproject change)."""
    if sys.version_info < (3, 11):  # noqa: UP036 (runs before anything is installed)
        sys.exit(f"OSINT Desk needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        steps = [
            (python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
            (python, "-m", "pip", "install", "--quiet", "-e", ".[dev]"),
        ]
        for step in steps:
            if run(*step) != 0:
                sys.exit("Installing failed; see the messages above.")
        STAMP.write_text(wanted)
    return python


def cmd_run(args: list[str]) -> int:
    python = setup()
    code = (
        "from osint_desk.core.paths import user_data_dir;"
        "print(user_data_dir() / 'demo.osintcase')"
    )
    demo = Path(subprocess.check_output([str(python), "-c", code], cwd=ROOT, text=True).strip())
    if not demo.exists() and run(python, "-m", "osint_desk", "demo", demo) != 0:
        return 1
    return run(python, "-m", "osint_desk", "open", demo, *args)


def _can_unshare_network() -> bool:
    unshare = shutil.which("unshare")
    if not unshare or not sys.platform.startswith("linux"):
        return False
    return subprocess.call([unshare, "-n", "true"], stderr=subprocess.DEVNULL) == 0


def cmd_test(args: list[str]) -> int:
    python = setup()
    bin_dir = python.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    checks = [
        (bin_dir / "ruff", "check", "."),
        (bin_dir / "lint-imports",),
        (bin_dir / "mypy",),
    ]
    failed = [c[0].name for c in checks if run(*c, env=env) != 0]
    pytest_cmd: list[str | Path] = [python, "-m", "pytest", *args]
    if _can_unshare_network():
        # No network interfaces at all: catches Qt's own sockets too, not only Python's.
        print("Running the tests in a network namespace with no interfaces (unshare -n)")
        pytest_cmd = ["unshare", "-n", *pytest_cmd]
    if run(*pytest_cmd, env=env) != 0:
        failed.append("pytest")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("All checks passed.")
    return 0


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "setup": lambda _a: (setup(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return int(commands[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    raise SystemExit(main())
