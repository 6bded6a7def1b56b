"""One open case in the GUI: the store, its undo stack, and change notifications.

Views never talk to each other about data: a command changes the store and the session says
what changed; views and models refresh from the store. Writes by another process (the CLI)
are noticed through ``PRAGMA data_version`` and announced the same way.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore

POLL_MS = 1000
_Command = TypeVar("_Command", bound=QUndoCommand)


class CaseSession(QObject):
    """Owns the open store and the undo stack; emits ``changed`` after every change."""

    # (RecordKind, public id — may be ""): what a command changed; views refresh from the store
    changed = Signal(object, str)
    # another process wrote to the case: everything may have changed
    reloaded = Signal()
    # the case is about to close: views stop their background reads and read nothing more
    closing = Signal()

    def __init__(self, store: CaseStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self._commands: list[QUndoCommand] = []
        self._data_version = store.data_version()
        self.is_closed = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_external_changes)
        self._poll.start()

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def push(self, command: _Command) -> _Command:
        """Run a command, keep it for undo, and return it (for its ``target_id``).

        A command that fails is not pushed: the error propagates and the stack is unchanged.

        The session holds the Python side of every pushed command: QUndoStack keeps only the
        C++ object, and a command's state lives in Python.
        """
        run_first = getattr(command, "run_first", None)
        if callable(run_first):
            run_first()  # raises (an OsintDeskError the caller shows) before anything is pushed
        self._commands.append(command)
        self.undo_stack.push(command)
        return command

    def notify(self, kind: RecordKind, public_id: str = "") -> None:
        """Called by commands after they change the store."""
        if not isinstance(kind, RecordKind):  # a typo must fail here, not go unheard
            raise TypeError(f"a change notice needs a RecordKind, not {kind!r}")
        self._data_version = self.store.data_version()
        self.changed.emit(kind, public_id)

    def check_external_changes(self) -> bool:
        """True (and ``reloaded`` emitted) when another connection committed since we looked."""
        version = self.store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.reloaded.emit()
        return True

    def close(self) -> None:
        if self.is_closed:
            return
        self.closing.emit()
        self.is_closed = True
        self._poll.stop()
        self.undo_stack.clear()
        self._commands.clear()
        self.store.close()
