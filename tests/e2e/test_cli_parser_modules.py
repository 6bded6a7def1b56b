"""The table of which module registers which command (``cli.COMMAND_MODULES``) is true.

A command run builds only its owner's part of the parser, so a command missing from the table
would not be found by its own name, and one listed under the wrong module would not parse.
"""

from __future__ import annotations

import argparse

import pytest

from osint_desk import cli
from osint_desk.cli.parser import CommandParser


def _registered(module_name: str) -> list[str]:
    parser = CommandParser(prog="t")
    commands = parser.add_subparsers(dest="command")
    cli.command_module(module_name).register(commands)
    return list(commands.choices)


@pytest.mark.parametrize("module_name", sorted(cli.COMMAND_MODULES))
def test_each_module_registers_exactly_the_commands_the_table_names(module_name: str) -> None:
    assert _registered(module_name) == list(cli.COMMAND_MODULES[module_name])


def _choices(parser: argparse.ArgumentParser) -> list[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_one_command_builds_only_its_module_and_the_rest_builds_all() -> None:
    assert _choices(cli.build_parser("open")) == list(cli.COMMAND_MODULES["commands_case"])
    every = [name for names in cli.COMMAND_MODULES.values() for name in names]
    assert _choices(cli.build_parser(None)) == every
    assert _choices(cli.build_parser("opne")) == every  # a misspelt command lists them all


def test_a_misspelt_command_is_refused_with_every_choice(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verfy", "x"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'verfy'" in err and "verify" in err and "open" in err
