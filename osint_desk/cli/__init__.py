"""``osint-desk``: the command line for scripts and teams, and the launcher of the GUI.

The CLI calls the same core functions as the GUI. Exit codes: 0 success, 1 an error the user
can act on (message on stderr, never a traceback), 2 a usage error, 70 a bug (internal error),
130 interrupted. Nothing here imports Qt; ``gui`` does, lazily, only to start a window.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from osint_desk import __version__
from osint_desk.cli import (
    commands_case,
    commands_data,
    commands_encryption,
    commands_export,
    commands_ftm,
    commands_lists,
    commands_merge,
    commands_repair,
    commands_review,
    commands_screen,
    commands_screening,
    commands_verify,
    commands_watch,
    gui,
    passphrase,
)
from osint_desk.cli.output import line
from osint_desk.cli.parser import CommandParser
from osint_desk.core.errors import OsintDeskError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130
DEBUG_ENV = "OSINT_DESK_DEBUG"


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree; each command module adds its own subcommands."""
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
    commands_case.register(commands)
    commands_data.register(commands)
    commands_lists.register(commands)
    commands_screen.register(commands)
    commands_screening.register(commands)
    commands_ftm.register(commands)
    commands_export.register(commands)
    commands_repair.register(commands)
    commands_verify.register(commands)
    commands_encryption.register(commands)
    commands_review.register(commands)
    commands_merge.register(commands)
    commands_watch.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (``python -m osint_desk`` exits with it)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _tolerate_unencodable_output()
    try:
        if not args_list:
            return gui.launch(None, _gui_argv(args_list))
        args_list = passphrase.take_file_option(args_list)
        parser = build_parser()
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
