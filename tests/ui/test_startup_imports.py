"""Start-up stays fast: the window on the demo case imports nothing it does not show.

The sanctions library and matching, ingest, the report, exports, the document writers and the
dialogs that use them are imported when first used (issue 9, "Fast start"; the figures come
from ``benchmarks/bench_launch.py``). The app is started as users start it, in a subprocess,
and told to quit once its window is shown (``OSINT_DESK_QUIT_WHEN_SHOWN``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from cli_runner import Cli

from osint_desk.core.paths import settings_file
from osint_desk.ui.app import QUIT_WHEN_SHOWN_ENV
from osint_desk.ui.settings import AppSettings

HEAVY = (
    "trafilatura", "pypdf", "lxml", "rapidfuzz", "babel", "markdown", "nh3",
    "charset_normalizer",
    "osint_desk.core.sanctions.library", "osint_desk.core.sanctions.matching",
    "osint_desk.core.sanctions.formats", "osint_desk.core.case_screening",
    "osint_desk.core.report", "osint_desk.core.exports", "osint_desk.core.ingest",
    "osint_desk.core.importer", "osint_desk.docwriter",
    "osint_desk.ui.export", "osint_desk.ui.lists", "osint_desk.ui.screening.view",
    "osint_desk.ui.screening.controller", "osint_desk.ui.importing.worker",
    # The source reader and the text matcher it brings (regex) wait for the first open source.
    "regex", "osint_desk.core.extract", "osint_desk.ui.reader",
    # Small, but each costs the start CPU before the first paint (issue 9's launch ratio):
    # the uuid module (it imports platform), html's entity table, configparser, the chart
    # state, screening results, the network reads, the dump and audit wording, and the
    # command modules other than the one that runs.
    "uuid", "platform", "html", "configparser", "osint_desk.core.chart",
    "osint_desk.core.store.screening_results", "osint_desk.core.store.graph_data",
    "osint_desk.core.store.dump", "osint_desk.core.store.audit_view",
    "osint_desk.cli.commands_export", "osint_desk.cli.commands_lists",
    "osint_desk.cli.commands_verify", "osint_desk.cli.commands_merge",
)


def imported_modules(cli: Cli, *args: str, extra_env: dict[str, str] | None = None
                     ) -> set[str]:
    """Every module ``python -m osint_desk ARGS`` imports (read from ``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "osint_desk", *args],
        env={**cli.env, **(extra_env or {})}, cwd=cli.tmp, capture_output=True, text=True,
        encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", result.stderr,
                          re.MULTILINE))


def heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in modules
                  if any(name == h or name.startswith(h + ".") for h in HEAVY))


def test_window_on_the_demo_case_imports_no_heavy_module(demo_path: Path,
                                                         isolated_home: Path) -> None:
    cli = Cli(isolated_home.parent)
    cli.env["OSINT_DESK_HOME"] = str(isolated_home)
    modules = imported_modules(cli, "open", str(demo_path),
                               extra_env={QUIT_WHEN_SHOWN_ENV: "1"})
    # It did start and open the case: the window, the store, the navigator...
    assert {"osint_desk.ui.main_window", "osint_desk.ui.navigator",
            "osint_desk.core.store"} <= modules
    assert AppSettings(settings_file()).recent_cases() == [demo_path.resolve()]
    # ...and nothing that only a dialog, a tab or a background job needs.
    assert heavy(modules) == []


def test_welcome_window_imports_no_heavy_module(isolated_home: Path) -> None:
    cli = Cli(isolated_home.parent)
    cli.env["OSINT_DESK_HOME"] = str(isolated_home)
    modules = imported_modules(cli, extra_env={QUIT_WHEN_SHOWN_ENV: "1"})
    assert "osint_desk.ui.welcome" in modules
    assert heavy(modules) == []


def test_show_opens_that_view_in_a_window_the_user_keeps(demo_path: Path,
                                                         isolated_home: Path) -> None:
    """``open CASE --show card:…`` (how "also in" opens another case on its card) puts the
    card on screen in a normal start too, not only with ``--screenshot``."""
    cli = Cli(isolated_home.parent)
    cli.env["OSINT_DESK_HOME"] = str(isolated_home)
    modules = imported_modules(cli, "open", str(demo_path), "--read-only", "--show",
                               "card:Wagner Group", extra_env={QUIT_WHEN_SHOWN_ENV: "1"})
    assert "osint_desk.ui.card_view" in modules  # the card's tab was made
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", "open", str(demo_path), "--show", "gallery"],
        env={**cli.env, QUIT_WHEN_SHOWN_ENV: "1"}, cwd=cli.tmp, capture_output=True,
        text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0  # the case stays open; what cannot be shown is said
    assert "osint-desk: error: --show takes" in result.stderr and "duplicates" in result.stderr
