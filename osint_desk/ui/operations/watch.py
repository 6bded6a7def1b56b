"""Watch terms as undoable commands: adding one is undone by removing it, and back.

A term's hits are kept when it is removed (``Watch.remove`` is soft), so undoing a removal
(``Watch.restore``) brings them back as they were. The commands never scan: adding a term
would read every source on the GUI thread, so the caller scans on the task runner
(``ui.watch_dialog``). The notice is a ``RecordKind.WATCH`` one: the navigator's
flags and the dialog hear it, an open source's reader does not reload for it.
"""

from __future__ import annotations

from osint_desk.core.model import RecordKind
from osint_desk.core.store.watch import WatchTerm, watch_of
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession


def _short(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _no_scan() -> bool:
    return True  # ``Watch.add``'s ``check``: stop before the first source


def add_term(session: CaseSession, term: str, kind: str = "name",
             note: str = "") -> StoreCommand:
    """Watch a new term (refused with the core's message when the term is not usable)."""
    watch = watch_of(session.store)
    return StoreCommand(
        session, f"Watch “{_short(term)}”", RecordKind.WATCH,
        do=lambda: watch.add(term, kind, note, check=_no_scan),
        undo=lambda added: watch.remove(added.id),
        again=lambda added: watch.restore(added.id),
        target=lambda added: added.id if isinstance(added, WatchTerm) else "")


def remove_term(session: CaseSession, term_id: str) -> StoreCommand:
    """Stop watching a term; undo watches it again with the hits it had."""
    watch = watch_of(session.store)
    names = {t.id: t.term for t in watch.list()}
    return StoreCommand(
        session, f"Stop watching “{_short(names.get(term_id, term_id))}”", RecordKind.WATCH,
        do=lambda: watch.remove(term_id),
        undo=lambda _state: watch.restore(term_id),
        target=lambda _state: term_id)
