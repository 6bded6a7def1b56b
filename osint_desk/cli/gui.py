"""Starting the desktop window from the command line.

Qt is imported here and only when a window is wanted, so ``--help`` and every headless command
start fast and work on machines without a display or without Qt's system libraries.
"""

from __future__ import annotations

from pathlib import Path

from osint_desk.core.errors import OsintDeskError


class GuiUnavailableError(OsintDeskError):
    """The window cannot start here (Qt or its system libraries are missing)."""


def launch(case_path: Path | None, argv: list[str]) -> int:
    """Run the GUI until its window closes; ``argv`` goes to Qt and the GUI's own options."""
    try:
        from osint_desk.ui.app import run_gui
    except ImportError as exc:
        raise GuiUnavailableError(
            f"the desktop window cannot start ({exc}); the other commands work without it"
        ) from None
    return int(run_gui(case_path, argv))
