"""The argument parser of ``osint-desk``, with options that are added on first use.

Some commands' options name things that live in heavy modules (report sections, list formats,
the screening threshold). Such a command adds its options from a function given to
:meth:`CommandParser.defer`, run only when that command is parsed or its help shown, so
``osint-desk --help`` and the other commands never import those modules.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser (and, through ``add_subparsers``, its subcommands) with ``defer``."""

    _add_later: Callable[[argparse.ArgumentParser], None] | None = None

    def defer(self, add_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
        """Call ``add_arguments(self)`` before this parser first parses or formats."""
        self._add_later = add_arguments

    def _complete(self) -> None:
        add, self._add_later = self._add_later, None
        if add is not None:
            add(self)

    def parse_known_args(  # type: ignore[override]  # one signature for argparse's overloads
            self, args: Sequence[str] | None = None,
            namespace: Any = None) -> tuple[Any, list[str]]:
        self._complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._complete()
        return super().format_usage()

    def format_help(self) -> str:
        self._complete()
        return super().format_help()

    def _print_message(self, message: str, file: Any = None) -> None:
        """Usage errors quote what was typed, which may be pasted from a hostile file."""
        from osint_desk.core.safe_text import for_terminal

        super()._print_message(for_terminal(message), file)
