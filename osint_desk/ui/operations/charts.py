"""Link chart edits as undoable commands: a chart edit saves a new ``ChartState`` and its
undo saves the one before (states are immutable, so "before" is just kept)."""

from __future__ import annotations

from osint_desk.core.chart.state import ChartState
from osint_desk.core.model import RecordKind
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession


def new_chart(session: CaseSession, name: str,
              state: ChartState | None = None) -> StoreCommand:
    """Create a chart; undo deletes it (softly), redo restores the same id."""
    charts = session.store.charts
    return StoreCommand(
        session, f"New chart “{name}”", RecordKind.CHART,
        do=lambda: charts.create(name, state),
        undo=lambda chart: charts.delete(chart.id),
        again=lambda chart: charts.restore(chart.id),
        target=lambda chart: chart.id)


def edit_chart(session: CaseSession, chart_id: str, text: str, before: ChartState,
               after: ChartState) -> StoreCommand:
    """One chart edit (add, remove, move, pin, group, lay out …) as one undo step."""
    charts = session.store.charts
    return StoreCommand(
        session, text, RecordKind.CHART,
        do=lambda: charts.save(chart_id, after),
        undo=lambda _state: charts.save(chart_id, before),
        target=lambda _state: chart_id)


def rename_chart(session: CaseSession, chart_id: str, name: str) -> StoreCommand:
    charts = session.store.charts
    old = charts.get(chart_id).name
    return StoreCommand(
        session, "Rename chart", RecordKind.CHART,
        do=lambda: charts.rename(chart_id, name),
        undo=lambda _state: charts.rename(chart_id, old),
        target=lambda _state: chart_id)


def delete_chart(session: CaseSession, chart_id: str) -> StoreCommand:
    charts = session.store.charts
    return StoreCommand(
        session, "Delete chart", RecordKind.CHART,
        do=lambda: charts.delete(chart_id),
        undo=lambda _state: charts.restore(chart_id),
        target=lambda _state: chart_id)
