"""The built-in case views, registered once: source reader, entity card, screening results,
link chart.

Each ``make`` imports its widget when the first tab of that kind opens (the window starts
without them; ``tests/ui/test_startup_imports.py`` keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from osint_desk.ui.session import CaseSession
from osint_desk.ui.view_registry import ViewRegistry, ViewSpec

if TYPE_CHECKING:
    from osint_desk.ui.case_tabs import CaseTabs


def _make_source(session: CaseSession, source_id: str) -> QWidget:
    from osint_desk.ui.reader import SourceReader

    return SourceReader(session, source_id)


def _wire_source(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.excerpt_selected.connect(tabs.excerpt_selected)  # type: ignore[attr-defined]


def _show_source(tabs: CaseTabs, text: str) -> object:
    """The source (the first one without an id) with its first excerpt selected."""
    assert tabs.session is not None
    store = tabs.session.store
    source_id = text or store.sources.list(limit=1)[0].id
    reader = tabs.open_source(source_id)
    excerpts = store.excerpts.for_source(source_id)
    if reader is not None and excerpts:
        tabs.show_excerpt(excerpts[0].id)
    return reader


def _make_card(session: CaseSession, entity_id: str) -> QWidget:
    from osint_desk.ui.card_view import EntityCardView

    return EntityCardView(session, entity_id)


def _wire_card(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.excerpt_requested.connect(tabs.show_excerpt)  # type: ignore[attr-defined]
    widget.source_requested.connect(tabs.open_source)  # type: ignore[attr-defined]
    widget.screen_requested.connect(tabs.screen_card_requested)  # type: ignore[attr-defined]
    widget.chart_requested.connect(  # type: ignore[attr-defined]
        lambda card_id: _show_on_chart(tabs, card_id))
    widget.timeline_requested.connect(  # type: ignore[attr-defined]
        lambda card_id: tabs.open("timeline", card_id))


def _show_on_chart(tabs: CaseTabs, card_id: str) -> object:
    from osint_desk.ui.chart.chooser import show_on_chart

    return show_on_chart(tabs, card_id)


def _show_card(tabs: CaseTabs, text: str) -> object:
    """The card of that id or name (the first card without one)."""
    assert tabs.session is not None
    store = tabs.session.store
    entity = store.entities.resolve(text) if text else store.entities.list(limit=1)[0]
    return tabs.open_card(entity.id)


def _make_screening(session: CaseSession, _id: str) -> QWidget:
    from osint_desk.ui.screening.view import ScreeningView

    return ScreeningView(session)


def _wire_screening(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.screen_requested.connect(tabs.screen_case_requested)  # type: ignore[attr-defined]
    widget.lists_requested.connect(tabs.lists_requested)  # type: ignore[attr-defined]


def _show_screening(tabs: CaseTabs, text: str) -> object:
    """The results tab, filtered by TEXT ("Open", "Confirmed", …) when given."""
    view = tabs.open_screening()
    if view is not None and text:
        view.filter.setCurrentText(text)
    return view


def _make_chart(session: CaseSession, chart_id: str) -> QWidget:
    from osint_desk.ui.chart.view import ChartView

    return ChartView(session, chart_id)


def _wire_chart(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.excerpt_requested.connect(tabs.show_excerpt)  # type: ignore[attr-defined]


def _show_chart(tabs: CaseTabs, text: str) -> object:
    """The chart of that name or id (the first; a new one of the whole case when none)."""
    from osint_desk.ui.chart.chooser import show_chart

    return show_chart(tabs, text)


def _make_timeline(session: CaseSession, card_id: str) -> QWidget:
    from osint_desk.ui.timeline.view import TimelineView

    return TimelineView(session, card_id)


def _wire_timeline(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.excerpt_requested.connect(tabs.show_excerpt)  # type: ignore[attr-defined]
    widget.source_requested.connect(tabs.open_source)  # type: ignore[attr-defined]


def _show_timeline(tabs: CaseTabs, text: str) -> object:
    """The whole case's timeline, or (TEXT: a card's id or name) that card's."""
    assert tabs.session is not None
    card_id = tabs.session.store.entities.resolve(text).id if text else ""
    return tabs.open("timeline", card_id)


def _make_map(session: CaseSession, _id: str) -> QWidget:
    from osint_desk.ui.map.view import MapView

    return MapView(session)


def _wire_map(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.excerpt_requested.connect(tabs.show_excerpt)  # type: ignore[attr-defined]


def _show_map(tabs: CaseTabs, _text: str) -> object:
    """The case's map (one per case)."""
    return tabs.open("map", "")


def _make_review(session: CaseSession, source_id: str) -> QWidget:
    from osint_desk.ui.review.view import ReviewView

    return ReviewView(session, source_id)


def _wire_review(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]
    widget.range_requested.connect(tabs.show_range)  # type: ignore[attr-defined]


def _show_review(tabs: CaseTabs, text: str) -> object:
    """The review queue of the source TEXT (an id; "case" or nothing: the whole case)."""
    return tabs.open("review", "" if text in ("", "case") else text)


def _make_duplicates(session: CaseSession, _id: str) -> QWidget:
    from osint_desk.ui.duplicates_view import DuplicatesView

    return DuplicatesView(session)


def _wire_duplicates(tabs: CaseTabs, widget: QWidget) -> None:
    widget.card_requested.connect(tabs.open_card)  # type: ignore[attr-defined]


def _show_duplicates(tabs: CaseTabs, _text: str) -> object:
    """The case's possible duplicates (one tab per case)."""
    return tabs.open("duplicates", "")


def builtin_views() -> ViewRegistry:
    """A registry holding the views every window has."""
    views = ViewRegistry()
    views.register(ViewSpec(
        "source", _make_source, key=lambda w: str(getattr(w, "source_id", "")),
        wire=_wire_source, show=_show_source, show_help="source[:ID]"))
    views.register(ViewSpec(
        "card", _make_card, key=lambda w: str(getattr(w, "entity_id", "")),
        wire=_wire_card, show=_show_card, show_help="card[:ID or name]"))
    views.register(ViewSpec(
        "screening", _make_screening, wire=_wire_screening,
        reopen=lambda w: w.refresh(),  # type: ignore[attr-defined]
        show=_show_screening, show_help="screening[:FILTER]"))
    views.register(ViewSpec(
        "chart", _make_chart, key=lambda w: str(getattr(w, "chart_id", "")),
        wire=_wire_chart, reopen=lambda w: w.reload(),  # type: ignore[attr-defined]
        show=_show_chart, show_help="chart[:NAME]"))
    views.register(ViewSpec(
        "timeline", _make_timeline, key=lambda w: str(getattr(w, "card_id", "")),
        wire=_wire_timeline, reopen=lambda w: w.reload(),  # type: ignore[attr-defined]
        show=_show_timeline, show_help="timeline[:CARD]"))
    views.register(ViewSpec(
        "map", _make_map, wire=_wire_map, show=_show_map, show_help="map"))
    views.register(ViewSpec(
        "duplicates", _make_duplicates, wire=_wire_duplicates,
        reopen=lambda w: w.reload(),  # type: ignore[attr-defined]
        show=_show_duplicates, show_help="duplicates"))
    views.register(ViewSpec(
        "review", _make_review, key=lambda w: str(getattr(w, "source_id", "")),
        wire=_wire_review, reopen=lambda w: w.apply_decisions(),  # type: ignore[attr-defined]
        show=_show_review, show_help="review[:SOURCE or case]"))
    return views
