"""The registry of case views: what can open in a tab, so a new view is one registration.

A view is a widget taking ``(session, record id)`` with a ``tab_title()``; its ``ViewSpec``
says how to make it, which record an open tab of it shows (so it opens at most once per
record), how its navigation signals are wired to the tabs, and what ``--show KIND[:TEXT]``
puts on screen. ``CaseTabs.open(kind, id)`` does the rest: find the open tab or make one.
The built-in views are registered in ``ui/views.py``; each imports its widget only when the
first one opens, so the window starts without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from osint_desk.core.errors import NotFoundError

if TYPE_CHECKING:
    from osint_desk.ui.case_tabs import CaseTabs
    from osint_desk.ui.session import CaseSession


@runtime_checkable
class SharesSelection(Protocol):
    """A view whose selection of cards the other open views follow (the link chart, the
    timeline, the map): ``CaseTabs`` passes what one announces to the others."""

    cards_selected: SignalInstance  # Signal(list): the card ids the user selected

    def select_cards(self, cards: list[str]) -> None:
        """Select (and bring into view) those cards' items, without announcing it back."""


def _no_key(_widget: QWidget) -> str:
    return ""


@dataclass(frozen=True)
class ViewSpec:
    """How one kind of case view is made, found again, wired and shown."""

    kind: str  # "source", "card", "screening", … (also the --show keyword)
    make: Callable[[CaseSession, str], QWidget]
    #: The record an open tab shows; "" for a view of which a case has one (screening).
    key: Callable[[QWidget], str] = _no_key
    #: Connect the view's navigation signals (card_requested, …) to the tabs.
    wire: Callable[[CaseTabs, QWidget], None] | None = None
    #: Bring an already open tab up to date when it is asked for again.
    reopen: Callable[[QWidget], None] | None = None
    #: ``--show KIND[:TEXT]``: open what TEXT names (a name, an id, a filter, or nothing).
    show: Callable[[CaseTabs, str], object] | None = None
    show_help: str = ""  # e.g. "card[:ID or name]"


class ViewRegistry:
    """The kinds of view the tabs can open, by name; passed to ``CaseTabs``."""

    def __init__(self) -> None:
        self._specs: dict[str, ViewSpec] = {}

    def register(self, spec: ViewSpec) -> ViewSpec:
        if spec.kind in self._specs:
            raise ValueError(f"a view of kind {spec.kind!r} is already registered")
        self._specs[spec.kind] = spec
        return spec

    def get(self, kind: str) -> ViewSpec:
        try:
            return self._specs[kind]
        except KeyError:
            raise NotFoundError(f"no view of kind {kind!r}; views: {', '.join(self)}") \
                from None

    def __contains__(self, kind: object) -> bool:
        return kind in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def show_help(self) -> list[str]:
        """What ``--show`` accepts for each view that can be shown, in registration order."""
        return [spec.show_help or spec.kind for spec in self._specs.values() if spec.show]
