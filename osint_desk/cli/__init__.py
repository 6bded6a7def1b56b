"""``osint-desk``: the command line for scripts and teams, and the launcher of the GUI.

The CLI calls the same core functions as the GUI. Exit codes: 0 success, 1 an error the user
can act on (message on stderr, never a traceback), 2 a usage error, 70 a bug (internal error),
130 interrupted. Nothing here imports Qt; ``gui`` does, lazily, only to start a window.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from types import ModuleType

from osint_desk import __version__
from osint_desk.cli import gui, passphrase
from osint_desk.cli.output import line
from osint_desk.cli.parser import CommandParser
from osint_desk.core.errors import OsintDeskError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130
DEBUG_ENV = "OSINT_DESK_DEBUG"


# Which module registers each command, so that one command's run builds only its own part of
# the parser (a window start skipped importing and registering the other twelve: ~15 ms).
# tests/e2e/test_cli_parser_modules.py checks this table against what each module registers.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "commands_case": ("new", "demo", "open", "show", "search"),
    "commands_data": ("import", "excerpt", "entity", "relate"),
    "commands_lists": ("lists",),
    "commands_screen": ("screen",),
    "commands_screening": ("screen-case", "decide"),
    "commands_ftm": ("import-ftm",),
    "commands_export": ("export",),
    "commands_repair": ("repair",),
    "commands_verify": ("verify", "key", "timestamp-request"),
    "commands_encryption": ("encrypt", "decrypt"),
    "commands_review": ("suggest", "accept", "reject"),
    "commands_merge": ("merge", "split", "merges", "duplicates", "judge"),
    "commands_watch": ("watch", "xref"),
}


def command_module(name: str) -> ModuleType:
    """The ``osint_desk.cli`` module that registers the commands of group ``name``."""
    if name not in COMMAND_MODULES:
        raise KeyError(name)
    return importlib.import_module(f"osint_desk.cli.{name}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command tree; with ``command``, only the module that owns it registers.

    The whole tree is built for ``--help``, a misspelt command (its error lists every
    choice) and when ``command`` is None; each command module adds its own subcommands.
    """
    parser = CommandParser(
        prog="osint-desk",
        description="OSINT Desk: a case notebook for open-source investigators. Without a"
        " command, the desktop window opens.",
        epilog="Cards are named by id, or by an exact name or alias. Dates are ISO 8601 and"
        " may be partial: 2022, 2022-12, 2022-12-22, 2022-12-22T18:30+09:00."
        " See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # Taken out of the line before parsing (passphrase.take_file_option), so that it may
    # follow any command; listed here for --help.
    parser.add_argument(passphrase.FILE_OPTION, metavar="FILE",
                        help="an encrypted case's passphrase: the first line of FILE (or set"
                        f" ${passphrase.ENV}; else it is asked in the terminal)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    owners = [name for name, names in COMMAND_MODULES.items() if command in names]
    for name in owners or COMMAND_MODULES:
        command_module(name).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (``python -m osint_desk`` exits with it)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _tolerate_unencodable_output()
    try:
        if not args_list:
            return gui.launch(None, _gui_argv(args_list))
        args_list = passphrase.take_file_option(args_list)
        parser = build_parser(args_list[0] if args_list else None)
        # --help, --version and usage errors (also those a handler finds) end in SystemExit.
        args = parser.parse_args(args_list)
        if getattr(args, "handler", None) is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        args.gui_argv = _gui_argv(args_list)
        return int(args.handler(args))
    except SystemExit as exc:
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except OsintDeskError as exc:
        return _fail(str(exc))
    except _database_errors() as exc:
        return _fail(f"the case file could not be read or written ({exc})")
    except BrokenPipeError:
        # The reader went away (``| head``); stop quietly without a second error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as exc:
        return _fail(_os_message(exc))
    except KeyboardInterrupt:
        line("osint-desk: interrupted", sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        text = " ".join(str(exc).split())
        line(f"osint-desk: internal error: {type(exc).__name__}: {text} (this is a bug;"
             f" set {DEBUG_ENV}=1 to see the traceback)", sys.stderr)
        return EXIT_INTERNAL


def _database_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.Error`` and, once an encrypted case was opened, SQLCipher's (as
    ``core.store.drivers``, which ``--help`` must not import: it loads the store)."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def _fail(message: str) -> int:
    line(f"osint-desk: error: {message}", sys.stderr)
    return EXIT_ERROR


def _os_message(exc: OSError) -> str:
    if exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc.strerror or exc)


def _gui_argv(args: list[str]) -> list[str]:
    """What the GUI gets: the program name, then the command line as typed."""
    program = sys.argv[0] if sys.argv and sys.argv[0] else "osint-desk"
    return [program, *args]


def _tolerate_unencodable_output() -> None:
    """A terminal or pipe that cannot encode a name shows a replacement, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding not in ("utf8", "utf8sig"):
            reconfigure(errors="backslashreplace")


__all__ = ["build_parser", "main"]
