"""Starting the desktop window from the command line.

Qt is imported here and only when a window is wanted, so ``--help`` and every headless command
start fast and work on machines without a display or without Qt's system libraries.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from osint_desk.core.errors import OsintDeskError


class GuiUnavailableError(OsintDeskError):
    """The window cannot start here (Qt or its system libraries are missing)."""


def launch(case_path: Path | None, argv: list[str]) -> int:
    """Run the GUI until its window closes; ``argv`` goes to Qt and the GUI's own options.

    ``argv`` is the program name followed by the command line as typed (``open CASE
    --screenshot shot.png ...``); the GUI picks out the options it knows.
    """
    if sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        # Qt would abort the process with a core dump; say what is wrong instead.
        raise GuiUnavailableError(
            "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set);"
            " for a headless screenshot set QT_QPA_PLATFORM=offscreen"
        )
    from osint_desk.cli.display_libraries import check_display_libraries

    problem = check_display_libraries()
    if problem:
        raise GuiUnavailableError(problem)
    try:
        from osint_desk.ui.app import run_gui
    except ImportError as exc:
        raise GuiUnavailableError(
            f"the desktop window cannot start ({exc}); the other commands work without it"
        ) from None
    return int(run_gui(case_path, argv))
