"""One writer per case across OSINT Desk windows: a lock file beside the case.

A second window (or a second app) opening the same case gets it read-only with a banner.
QLockFile notices stale locks (the owning process is gone) by itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


class CaseLock:
    """Holds ``<case>.lock`` while a window has the case open for writing."""

    def __init__(self, case_path: Path) -> None:
        self.path = Path(str(case_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never age

    def acquire(self) -> bool:
        return bool(self._lock.tryLock(0))

    def holder(self) -> str:
        """Who holds it, for the banner ("process 1234 on host")."""
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname); empty if unknown
        if not isinstance(info, tuple) or len(info) < 3 or not info[0]:
            return "another window"
        pid, host, app = info[-3:]
        return f"{app or 'OSINT Desk'} (process {pid} on {host})"

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
