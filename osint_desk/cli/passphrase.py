"""Where the command line gets an encrypted case's passphrase, and opening a case with it.

In this order: ``$OSINT_DESK_PASSPHRASE`` (scripts), ``--passphrase-file FILE`` (any command,
anywhere on the line; the file's first line), a prompt on the terminal (``getpass``: not
echoed). Without any of them an encrypted case is a usage error (exit 2), never a hang on a
pipe. A plain case ignores all three. The passphrase is never printed nor written anywhere.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from osint_desk.cli.output import line
from osint_desk.core.errors import OsintDeskError, PassphraseNeededError, WrongPassphraseError

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

ENV = "OSINT_DESK_PASSPHRASE"
FILE_OPTION = "--passphrase-file"
#: Tries at the terminal before giving up (a script gets one).
PROMPT_TRIES = 3
#: A passphrase file is a line, not a document.
MAX_FILE_BYTES = 64 * 1024
EXIT_USAGE = 2

_file: list[str | None] = [None]


def take_file_option(args: list[str]) -> list[str]:
    """``args`` without ``--passphrase-file FILE`` (or ``=FILE``), which any command accepts;
    the file is remembered for :func:`open_store`. Nothing after ``--`` is looked at."""
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            out.append(arg)
            out.extend(rest)
            break
        if arg == FILE_OPTION:
            value = next(rest, None)
            if value is None:
                _usage(f"{FILE_OPTION} needs a FILE")
            _file[0] = value
        elif arg.startswith(FILE_OPTION + "="):
            _file[0] = arg[len(FILE_OPTION) + 1:]
        else:
            out.append(arg)
    return out


def _usage(message: str) -> NoReturn:
    line(f"osint-desk: error: {message}", sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _from_file(name: str) -> str:
    path = Path(name)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OsintDeskError(f"{path.name}: too large for a passphrase file (one line)")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise OsintDeskError(f"{path.name}: a passphrase file must be UTF-8 text") from None
    first = text.splitlines()[0] if text else ""
    if not first:
        raise OsintDeskError(f"{path.name}: the passphrase file is empty")
    return first


def given() -> str | None:
    """The passphrase from the environment or the file, if either is given."""
    env = os.environ.get(ENV)
    if env:
        return env
    return _from_file(_file[0]) if _file[0] is not None else None


def _can_prompt() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _no_way(path: Path, what: str) -> NoReturn:
    _usage(f"{path}: {what}; set {ENV}, give {FILE_OPTION} FILE, or run the command in a"
           " terminal to be asked")


def open_store(path: str | Path, *, read_only: bool) -> CaseStore:
    """Open a case; an encrypted one with the passphrase from wherever it is given."""
    from osint_desk.core.store import CaseStore

    path = Path(path)
    passphrase = given()
    try:
        return CaseStore.open(path, read_only=read_only, passphrase=passphrase)
    except PassphraseNeededError:
        if passphrase is not None or not _can_prompt():
            raise_needed(path)
    for attempt in range(PROMPT_TRIES):
        typed = getpass.getpass(f"Passphrase for {path.name}: ")
        try:
            return CaseStore.open(path, read_only=read_only, passphrase=typed)
        except WrongPassphraseError as exc:
            if attempt == PROMPT_TRIES - 1:
                raise
            line(f"osint-desk: {exc}", sys.stderr)
    raise AssertionError("unreachable")


def raise_needed(path: Path) -> NoReturn:
    _no_way(path, "this case is encrypted and no passphrase was given")


def existing_passphrase(path: Path) -> str:
    """The passphrase of an encrypted case, for commands that read it (decrypt): given, or
    typed once (checked by the command itself)."""
    passphrase = given()
    if passphrase is not None:
        return passphrase
    if not _can_prompt():
        raise_needed(path)
    return getpass.getpass(f"Passphrase for {path.name}: ")


def new_passphrase(path: Path) -> str:
    """A new passphrase for ``path``: given, or typed twice at the terminal."""
    passphrase = given()
    if passphrase is not None:
        return passphrase
    if not _can_prompt():
        _no_way(path, "a new passphrase is needed")
    first = getpass.getpass(f"New passphrase for {path.name}: ")
    if not first:
        raise OsintDeskError("the passphrase is empty; nothing was written")
    if getpass.getpass("The same passphrase again: ") != first:
        raise OsintDeskError("the two passphrases differ; nothing was written")
    return first
