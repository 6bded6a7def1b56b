"""Deleting from the window: what is selected, what else goes with it, the question asked.

A view says what the user has selected as a :class:`Target` (its ``delete_target()``).
:func:`describe` names it and says what goes with it; :func:`request_delete` refuses a source
that excerpts still cite (naming them), asks for confirmation, and pushes one undoable command
from ``operations.edits``. Deleting is soft in the store, so undo brings back the same records
with the same ids and links. :class:`DeleteAction` is the Edit menu's "Delete…" (the Delete
key): it asks the focused view for its target, so a text field keeps its own Delete key (Qt
gives the key to an editable field before any shortcut).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtGui
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

if TYPE_CHECKING:
    from osint_desk.ui.main_window import MainWindow

# kind -> how the record is called in questions and menus
KINDS = {"source": "source", "excerpt": "excerpt", "entity": "card",
         "relationship": "relationship", "sanction": "sanctions record", "alias": "alias",
         "tag": "tag"}
QUOTES_NAMED = 3  # a refused source names this many of the excerpts citing it


@dataclass(frozen=True, slots=True)
class Target:
    """Something the user can delete: a kind of :data:`KINDS` and its public id (a tag's
    name for a tag); ``owner`` is the card an alias belongs to."""

    kind: str
    id: str
    owner: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    name: str  # card “Wagner Group”
    also: str  # what goes with it (or "")
    refusal: str = ""  # why it cannot be deleted now (or "")


def _short(text: str, width: int = 40) -> str:
    """One line, shortened, with hidden controls shown as marks (menus quote case text)."""
    text = " ".join(for_display(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(number: int, word: str, plural: str = "") -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def _roles(roles: list[str]) -> str:
    counted = Counter(roles)
    return ", ".join(f"{n} {role}" for role, n in sorted(counted.items()))


def name_of(store: CaseStore, target: Target) -> str:
    """'card “Wagner Group”'."""
    return f"{KINDS[target.kind]} “{label_of(store, target)}”"


def label_of(store: CaseStore, target: Target) -> str:
    """'Wagner Group', shortened: a few quick lookups (menus ask on every focus change)."""
    kind, record_id = target.kind, target.id
    if kind == "source":
        return _short(store.sources.get(record_id).title)
    if kind == "excerpt":
        return _short(store.excerpts.get(record_id).quote)
    if kind == "entity":
        return _short(store.entities.get(record_id).name)
    if kind == "relationship":
        rel = store.relationships.get(record_id)
        names = store.entities.names([rel.subject_id, rel.object_id])
        return _short(f"{names.get(rel.subject_id, '?')} — {rel.predicate} —"
                      f" {names.get(rel.object_id, '?')}", 60)
    if kind == "sanction":
        record = store.sanctions.get(record_id)
        card = store.entities.names([record.entity_id]).get(record.entity_id, "?")
        entry = " ".join(filter(None, [record.authority, record.entry_ref]))
        return f"{_short(card, 30)}: {entry}"
    if kind == "alias":
        return _short(_alias(store, target).name)
    if kind == "tag":
        return _short(_tag(store, record_id).name)
    raise ValueError(f"cannot delete a {kind!r}")


def _alias(store: CaseStore, target: Target) -> Any:
    found = next((a for a in store.entities.get(target.owner).aliases if a.id == target.id),
                 None)
    if found is None:
        raise NotFoundError(f"no alias with id {target.id}")
    return found


def _tag(store: CaseStore, name: str) -> Any:
    found = next((tag for tag in store.tags.list() if tag.name == name), None)
    if found is None:
        raise NotFoundError(f"no tag named {name!r}")
    return found


def describe(store: CaseStore, target: Target) -> Plan:
    """Name the target and say what else goes; NotFoundError when it is gone already."""
    kind, record_id, name = target.kind, target.id, name_of(store, target)
    if kind == "source":
        title = store.sources.get(record_id).title
        citing = store.excerpts.for_source(record_id)
        refusal = ""
        if citing:
            quotes = ", ".join(f"“{_short(e.quote, 60)}”" for e in citing[:QUOTES_NAMED])
            more = len(citing) - QUOTES_NAMED
            refusal = (f"This source cannot be deleted while excerpts cite it.\n\n"
                       f"“{_short(title, 60)}” is cited by {_count(len(citing), 'excerpt')}:"
                       f" {quotes}" + (f" and {more} more" if more > 0 else "")
                       + ".\n\nDelete those excerpts first; the source can go once no"
                       " excerpt cites it.")
        return Plan(name, "Its text, hashes and original file stay in the case file, hidden,"
                    " so undo brings it back exactly.", refusal)
    if kind == "excerpt":
        cards = store.entities.names(store.excerpts.entity_ids(record_id))
        uses = store.excerpts.evidence_uses(record_id)
        parts = []
        if cards:
            parts.append(f"its links to {_count(len(cards), 'card')}"
                         f" ({', '.join(sorted(cards.values()))})")
        for use, word in (("relationship", "relationship"), ("sanction", "sanctions record")):
            roles = [role for what, _id, role in uses if what == use]
            if roles:
                parts.append(f"its place as evidence for {_count(len(roles), word)}"
                             f" ({_roles(roles)})")
        return Plan(name, "With it go " + "; ".join(parts) + ". The cards, relationships and"
                    " records stay." if parts else
                    "It is not linked to any card or used as evidence.")
    if kind == "entity":
        relationships = store.relationships.of_entity(record_id)
        records = store.sanctions.of_entity(record_id)
        mentions = store.excerpts.ids_of_entity(record_id)
        gone = [_count(number, word) for number, word in (
            (len(relationships), "relationship"), (len(records), "sanctions record")) if number]
        also = (f"With it go its {' and its '.join(gone)}." if gone
                else "It has no relationships or sanctions records.")
        if mentions:
            also += (f" {_count(len(mentions), 'excerpt')} that mention it (or name it as"
                     " speaker or channel) stay, without the link.")
        return Plan(name, also)
    if kind == "relationship":
        return Plan(name, _evidence_text(store.relationships.get(record_id).evidence))
    if kind == "sanction":
        return Plan(name, _evidence_text(store.sanctions.get(record_id).evidence))
    if kind == "alias":
        card = store.entities.get(target.owner).name
        return Plan(name, f"Screening no longer looks for this name of “{_short(card, 30)}”."
                    if _alias(store, target).kind == "strong" else "")
    count = _tag(store, record_id).count
    return Plan(name, f"It comes off {_count(count, 'record')}; the records themselves stay.")


def _evidence_text(evidence: tuple[Any, ...]) -> str:
    if not evidence:
        return "No excerpt is attached to it as evidence."
    roles = _roles([item.role for item in evidence])
    return (f"Its links to {_count(len(evidence), 'evidence excerpt')} ({roles}) go with it;"
            " the excerpts stay.")


def command(session: CaseSession, target: Target) -> QUndoCommand:
    """The one undoable command that deletes the target."""
    kind, record_id = target.kind, target.id
    if kind == "alias":
        return edits.remove_alias(session, target.owner, record_id)
    build = {"source": edits.delete_source, "excerpt": edits.delete_excerpt,
             "entity": edits.delete_entity, "relationship": edits.delete_relationship,
             "sanction": edits.delete_sanction, "tag": edits.delete_tag}[kind]
    return build(session, record_id)


def action_text(store: CaseStore | None, target: Target | None) -> str:
    """ "Delete card “Wagner Group”…" for a menu, or "Delete…" when there is nothing."""
    if store is None or target is None:
        return "&Delete…"
    try:
        return f"&Delete {name_of(store, target).replace('&', '&&')}…"
    except NotFoundError:
        return "&Delete…"


def request_delete(session: CaseSession, target: Target, parent: QWidget | None) -> bool:
    """Refuse, or ask and delete (one undo step); True when it was deleted."""
    what = KINDS[target.kind]
    if session.read_only:
        QMessageBox.information(parent, f"Delete {what}", "This case is open read-only.")
        return False
    try:
        plan = describe(session.store, target)
    except NotFoundError:
        return False
    if plan.refusal:
        QMessageBox.warning(parent, f"Cannot delete the {what}", plan.refusal)
        return False
    question = f"Delete the {plan.name}?"
    if QtGui.Qt.mightBeRichText(question):
        # Qt would show it as rich text (its first line looks like markup); names and quotes
        # are outside content and must show as typed, so the first line is ours alone.
        question = f"Delete this {what}?\n\n“{label_of(session.store, target)}”"
    question += f"\n\n{plan.also}" if plan.also else ""
    question += "\n\nUndo (Ctrl+Z) brings it all back."
    answer = QMessageBox.question(
        parent, f"Delete {what}", question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        session.push(command(session, target))
    except OsintDeskError as exc:
        QMessageBox.warning(parent, f"Cannot delete the {what}", str(exc))
        return False
    return True


def add_delete_action(menu: QMenu, session: CaseSession | None, target: Target | None,
                      parent: QWidget) -> QAction:
    """A "Delete <name>…" item at the end of a context menu."""
    store = session.store if session is not None else None
    action = menu.addAction(action_text(store, target))
    action.setEnabled(session is not None and not session.read_only and target is not None)
    if session is not None and target is not None:
        action.triggered.connect(lambda: request_delete(session, target, parent))
    return action


class DeleteAction(QObject):
    """The Edit menu's Delete… (the Delete key): acts on the focused view's selection."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("&Delete…", window)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Delete)
        self.action.setShortcuts([k for n, k in enumerate(keys) if k not in keys[:n]])
        self.action.setStatusTip("Delete the selected source, excerpt, card, relationship,"
                                 " sanctions record, alias or tag (undo brings it back)")
        self.action.triggered.connect(self.trigger)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.refresh)
        window.tabs.currentChanged.connect(self.refresh)
        window.tabs.excerpt_selected.connect(self.refresh)
        window.case_opened.connect(self._attach)
        for section in window.navigator.sections:
            section.view.selectionModel().currentChanged.connect(self.refresh)
        self.refresh()

    def _attach(self, _path: str) -> None:
        session = self.window.session
        if session is not None:
            session.changed.connect(self.refresh_later)
            session.reloaded.connect(self.refresh_later)
        self.refresh()

    def target(self) -> Target | None:
        """What the focused view has selected (the current tab's record if focus is
        elsewhere in the window); None when nothing deletable is selected."""
        session = self.window.session
        if session is None or session.read_only:
            return None
        widget = QApplication.focusWidget()
        while widget is not None and widget is not self.window:
            finder = getattr(widget, "delete_target", None)
            if callable(finder):
                return finder()
            widget = widget.parentWidget()
        finder = getattr(self.window.tabs.currentWidget(), "delete_target", None)
        return finder() if callable(finder) else None

    def refresh(self, *_args: object) -> None:
        """Name the selected thing in the menu; disabled when there is none (or it is gone)."""
        target, session = self.target(), self.window.session
        text = action_text(session.store if session else None, target)
        self.action.setText(text)
        self.action.setEnabled(target is not None and text != action_text(None, None))

    def refresh_later(self, *_args: object) -> None:
        """After a change: once the views have reloaded (they hear the notice after us)."""
        QTimer.singleShot(0, self, self.refresh)

    def trigger(self) -> bool:
        target, session = self.target(), self.window.session
        if target is None or session is None:
            return False
        done = request_delete(session, target, self.window)
        self.refresh()
        return done
