"""The registry of case views: a new view is one registration; tabs open it once per record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import NotFoundError
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.session import CaseSession
from osint_desk.ui.view_registry import ViewRegistry, ViewSpec
from osint_desk.ui.views import builtin_views


class NoteView(QLabel):
    """A stand-in for a new view (a chart, a timeline): a widget of (session, id)."""

    card_requested = Signal(str)

    def __init__(self, session: CaseSession, note_id: str) -> None:
        super().__init__(f"note {note_id}")
        self.note_id = note_id
        self.refreshed = 0

    def tab_title(self) -> str:
        return f"Note {self.note_id}"


def _registry() -> ViewRegistry:
    views = builtin_views()
    views.register(ViewSpec(
        "note", NoteView, key=lambda w: str(getattr(w, "note_id", "")),
        wire=lambda tabs, w: w.card_requested.connect(tabs.open_card),  # type: ignore[attr-defined]
        reopen=lambda w: setattr(w, "refreshed", w.refreshed + 1),  # type: ignore[attr-defined]
        show_help="note:ID"))
    return views


def test_a_registered_view_opens_once_per_record_and_is_wired(
        qtbot: QtBot, session: CaseSession) -> None:
    tabs = CaseTabs(_registry())
    qtbot.addWidget(tabs)
    tabs.set_session(session)
    first = tabs.open("note", "a")
    assert isinstance(first, NoteView) and tabs.tabText(0) == "Note a"
    assert tabs.open("note", "a") is first and first.refreshed == 1 and tabs.count() == 1
    other = tabs.open("note", "b")
    assert other is not first and tabs.count() == 2 and tabs.currentWidget() is other
    prigozhin = session.store.entities.resolve("Yevgeny Prigozhin")
    first.card_requested.emit(prigozhin.id)  # wired by its registration
    card = tabs.current_card()
    assert card is not None and card.entity_id == prigozhin.id
    assert tabs.open_card(prigozhin.id) is card and tabs.count() == 3


def test_the_built_in_views_come_through_the_registry(qtbot: QtBot,
                                                      session: CaseSession) -> None:
    tabs = CaseTabs(builtin_views())
    qtbot.addWidget(tabs)
    tabs.set_session(session)
    source = session.store.sources.list(limit=1)[0]
    reader = tabs.show_text("source", "")
    assert reader is tabs.open_source(source.id) and tabs.count() == 1
    assert tabs.open("screening") is tabs.open_screening() and tabs.count() == 2
    assert isinstance(tabs.show_text("card", "Wagner Group"), QWidget)
    assert tabs.current_card() is not None
    assert tabs.current_card().entity_id == session.store.entities.resolve("Wagner Group").id


def test_unknown_and_duplicate_kinds_are_refused(qtbot: QtBot, session: CaseSession) -> None:
    views = _registry()
    with pytest.raises(ValueError, match="already registered"):
        views.register(ViewSpec("note", NoteView))
    tabs = CaseTabs(views)
    qtbot.addWidget(tabs)
    tabs.set_session(session)
    with pytest.raises(NotFoundError,
                       match=r"no view of kind 'gallery'.*source, card, screening, chart,"
                             r" timeline, map, duplicates, review, note"):
        tabs.open("gallery", "x")
    assert views.show_help() == ["source[:ID]", "card[:ID or name]", "screening[:FILTER]",
                                 "chart[:NAME]", "timeline[:CARD]", "map", "duplicates",
                                 "review[:SOURCE or case]"]
    assert tabs.open("note", "x") is not None
    tabs.set_session(None)
    assert tabs.open("note", "x") is None and tabs.count() == 0
