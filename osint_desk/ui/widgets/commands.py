"""Pushing an edit from a widget, with a refusal from the store turned into a message.

``CaseSession.push`` runs a command before it goes on the undo stack and lets a store error
(bad date, duplicate alias...) propagate with nothing pushed; widgets show that message inline
instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from osint_desk.core.errors import OsintDeskError
from osint_desk.ui.session import CaseSession


def try_push(session: CaseSession, build: Callable[[], Any]) -> tuple[str, str]:
    """Build and push one edit; return ``(target id, "")`` or ``("", error message)``.

    Building can fail too (the record was deleted meanwhile), so it happens in here.
    """
    if session.read_only:
        return "", "This case is open read-only."
    try:
        command = session.push(build())
    except OsintDeskError as exc:
        return "", str(exc)
    return str(getattr(command, "target_id", "")), ""
