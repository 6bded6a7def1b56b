"""A QUndoCommand made of three callables, so each operation is a few lines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from osint_desk.core.model import RecordKind
from osint_desk.ui.session import CaseSession


class StoreCommand(QUndoCommand):
    """``do()`` runs on the first redo and returns what undo needs; ``undo(state)`` reverses
    it; ``again(state)`` redoes it later (defaults to ``do`` when the edit is idempotent)."""

    def __init__(
        self,
        session: CaseSession,
        text: str,
        kind: RecordKind,
        do: Callable[[], Any],
        undo: Callable[[Any], object],
        again: Callable[[Any], object] | None = None,
        target: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__(text)
        self.session = session
        self.kind = kind
        self._do, self._undo, self._again, self._target = do, undo, again, target
        self.state: Any = None
        self._done_once = False
        self._skip_redo = False

    @property
    def target_id(self) -> str:
        """The public id of the record this command made or changed (after the first redo)."""
        return self._target(self.state) if self._target else ""

    def run_first(self) -> None:
        """Do the edit before the command goes on the stack, so a failure never gets there."""
        self.state = self._do()
        self._done_once = True
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:  # QUndoStack.push() calls redo(); run_first() already did it
            self._skip_redo = False
        elif not self._done_once:
            self.state = self._do()
            self._done_once = True
        elif self._again is not None:
            self._again(self.state)
        else:
            self.state = self._do()
        self.session.notify(self.kind, self.target_id)

    def undo(self) -> None:
        self._undo(self.state)
        self.session.notify(self.kind, self.target_id)


class CompositeCommand(QUndoCommand):
    """Several commands as one step: redone in order, undone in reverse.

    Kept in Python (not as Qt child commands) so the Python side of each part stays alive.
    """

    def __init__(self, text: str, parts: list[StoreCommand]) -> None:
        super().__init__(text)
        self.parts = parts

    @property
    def target_id(self) -> str:
        return self.parts[0].target_id if self.parts else ""

    def run_first(self) -> None:
        """All parts or none: a failing part undoes the parts before it."""
        done: list[StoreCommand] = []
        try:
            for part in self.parts:
                part.run_first()
                done.append(part)
        except BaseException:
            for part in reversed(done):
                part.undo()
            raise

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()
