"""Run ``python -m osint_desk`` as a user would, with an isolated home folder and no display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


class Cli:
    """Every run asserts no traceback and (unless ``code=None``) the exit code."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        env = {k: v for k, v in os.environ.items()
               if k not in ("OSINT_DESK_DEBUG", "DISPLAY", "WAYLAND_DISPLAY")}
        env.update(OSINT_DESK_HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen",
                   PYTHONIOENCODING="utf-8",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
        self.env = env

    def run(self, *args: str | Path, code: int | None = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "osint_desk", *map(str, args)], env=self.env, cwd=self.tmp,
            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
        assert "Traceback" not in result.stderr, result.stderr
        if code is not None:
            assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
        return result

    def json(self, *args: str | Path) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def fails(self, *args: str | Path, code: int = 1, says: str = "") -> str:
        result = self.run(*args, code=code)
        assert result.stderr.strip(), "an error must say what is wrong"
        if code == 1:
            assert result.stderr.startswith("osint-desk: "), result.stderr
        assert says in result.stderr, result.stderr
        return result.stderr
