"""Where an export writes before its file appears: beside the target, under a name we know.

Every export is written to ``.osint-desk-export-<pid>-<random>.<what>`` in the destination's
folder and renamed into place when complete, so a reader never sees half a file and the
rename never crosses file systems. A killed export (power cut, ``kill -9``) cannot clean up
after itself: its leftovers — a half zip, a whole copy of the case for a bundle — would fill
the user's folder (or, before issue 11, the system's temporary folder, where nobody looks).
So the next export into that folder removes leftovers whose process is gone, or that are
older than :data:`STALE_AFTER` whatever their pid (pids are reused).

The finished file gets the permissions of any new file (``0666 & ~umask``), not the 0600 of
``mkstemp``: a bundle is shared like every other export.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from osint_desk.core.errors import OsintDeskError

PREFIX = ".osint-desk-export-"
#: A leftover this old (seconds) goes even if a process with its pid is running.
STALE_AFTER = 6 * 3600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets here: what ``open()`` would give, ``0666 & ~umask``."""
    return 0o666 & ~_umask()


def check_target(out: Path, what: str = "file") -> None:
    """Refuse a target that is a folder, or whose folder does not exist."""
    if out.is_dir():
        raise OsintDeskError(f"{out}: is a folder; give a {what} name")
    if not out.parent.is_dir():
        raise OsintDeskError(f"{out}: the folder {out.parent} does not exist")


def new_temp(folder: Path, what: str = "part") -> Path:
    """A new, empty, private (0600) file in ``folder`` named with our prefix and our pid."""
    for _attempt in range(100):
        path = folder / f"{PREFIX}{os.getpid()}-{secrets.token_hex(6)}.{what}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise OsintDeskError(f"{folder}: could not create a temporary file there")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def _pid_of(name: str) -> int | None:
    head = name[len(PREFIX):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def sweep(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the leftovers of killed exports from ``folder``; return what was removed.

    Only our own names are touched, and only regular files (never a link's target)."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = _pid_of(entry.name)
        if age > STALE_AFTER or pid is None or not _alive(pid):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def scratch(folder: Path, what: str) -> Iterator[Path]:
    """A temporary file in ``folder`` (and SQLite's side files), removed however the block
    ends."""
    path = new_temp(folder, what)
    try:
        yield path
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")


@contextlib.contextmanager
def staged(out: Path, what: str = "file") -> Iterator[Path]:
    """Yield a temporary path beside ``out``; when the block succeeds it becomes ``out``
    (mode ``0666 & ~umask``), when it fails it is removed. Old leftovers are swept first."""
    out = Path(out)
    check_target(out, what)
    sweep(out.parent)
    with scratch(out.parent, "part") as temp:
        yield temp
        os.chmod(temp, file_mode())
        os.replace(temp, out)
