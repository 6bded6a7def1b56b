"""The command line starts fast: ``--help`` and ``show`` import only what they use.

Options that name things from heavy modules (report sections, list formats, the screening
threshold) are added when their command is used (``CommandParser.defer``), so ``--help`` needs
neither the store nor the sanctions code; ``show`` needs the store and nothing heavier.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD

HEAVY = (
    "PySide6", "shiboken6", "trafilatura", "pypdf", "lxml", "rapidfuzz", "babel", "markdown",
    "nh3", "charset_normalizer",
    "osint_desk.core.sanctions.library", "osint_desk.core.sanctions.matching",
    "osint_desk.core.sanctions.formats", "osint_desk.core.case_screening",
    "osint_desk.core.report", "osint_desk.core.exports", "osint_desk.core.ingest",
    "osint_desk.core.importer", "osint_desk.docwriter", "osint_desk.ui",
)
STORE = ("osint_desk.core.store", "sqlite_utils")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Path]:
    tmp = tmp_path_factory.mktemp("startup")
    cli = Cli(tmp)
    case = tmp / "demo.osintcase"
    cli.run("demo", case)
    return cli, case


def imported_modules(cli: Cli, *args: str | Path) -> set[str]:
    """Every module ``python -m osint_desk ARGS`` imports (read from ``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "osint_desk", *map(str, args)],
        env=cli.env, cwd=cli.tmp, capture_output=True, text=True, encoding="utf-8",
        timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", result.stderr,
                          re.MULTILINE))


def among(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in modules
                  if any(name == n or name.startswith(n + ".") for n in names))


def test_help_imports_neither_the_store_nor_anything_heavy(demo: tuple[Cli, Path]) -> None:
    cli, _case = demo
    modules = imported_modules(cli, "--help")
    assert "osint_desk.cli" in modules
    assert among(modules, HEAVY + STORE) == []


def test_show_imports_the_store_and_nothing_heavier(demo: tuple[Cli, Path]) -> None:
    cli, case = demo
    modules = imported_modules(cli, "show", case)
    assert "osint_desk.core.store" in modules
    assert among(modules, HEAVY) == []


def test_deferred_options_are_there_when_their_command_is_used(
        demo: tuple[Cli, Path]) -> None:
    cli, case = demo
    text = cli.run("export", "--help").stdout
    assert "--template {default,brief}" in text and "evidence" in text
    assert "ofac-csv" in cli.run("lists", "import", "--help").stdout
    assert f"(default {DEFAULT_THRESHOLD:g})" in cli.run("screen", "--help").stdout
    assert "--threshold X" in cli.run("screen-case", "--help").stdout
    error = cli.run("export", case, "--format", "html", "-o", "x.html", "--template", "nope",
                    code=2).stderr
    assert "invalid choice: 'nope'" in error and error.startswith("usage: osint-desk export")
    error = cli.run("export", case, "--format", "html", "-o", "x.html", "--sections", "nope",
                    code=2).stderr
    assert "unknown section nope" in error
