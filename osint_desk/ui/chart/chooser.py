"""Opening charts: View → Link chart (a new one or a saved one), "Show on chart" from a
card, ``--show chart[:NAME]``, and deleting one from the navigator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart.view import ChartView
from osint_desk.ui.operations import charts
from osint_desk.ui.session import CaseSession

if TYPE_CHECKING:
    from osint_desk.ui.case_tabs import CaseTabs

NEW = "New chart…"


def open_chart(tabs: CaseTabs, chart_id: str) -> ChartView | None:
    widget = tabs.open("chart", chart_id)
    return widget if isinstance(widget, ChartView) else None


def create_chart(tabs: CaseTabs, name: str) -> ChartView | None:
    """A new, empty chart (one undo step), opened in a tab."""
    session = tabs.session
    if session is None or session.read_only:
        return None
    command = session.push(charts.new_chart(session, name))
    return open_chart(tabs, command.target_id)


def _free_name(session: CaseSession, base: str) -> str:
    taken = {name for _id, name in session.store.charts.list()}
    if base not in taken:
        return base
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def choose_chart(tabs: CaseTabs, parent: QWidget) -> ChartView | None:
    """View → Link chart: pick a saved chart or start a new one."""
    session = tabs.session
    if session is None:
        return None
    saved = session.store.charts.list()
    choice = NEW
    if saved:
        names = [NEW, *(for_display(name) for _id, name in saved)]
        choice, ok = QInputDialog.getItem(parent, "Link chart", "Open a chart:", names, 1,
                                          False)
        if not ok:
            return None
    if choice != NEW:
        return open_chart(tabs, saved[[for_display(n) for _i, n in saved].index(choice)][0])
    name, ok = QInputDialog.getText(parent, "New link chart", "Name of the chart:",
                                    text=_free_name(session, "Chart"))
    if not ok:
        return None
    try:
        return create_chart(tabs, name)
    except OsintDeskError as exc:
        QMessageBox.warning(parent, "New link chart", str(exc))
        return None


def show_on_chart(tabs: CaseTabs, card_id: str) -> ChartView | None:
    """The card on a chart: the chart tab opened last, else the first saved chart, else a
    new one named after the card; the card is added (if it is not there) and selected."""
    session = tabs.session
    if session is None:
        return None
    view = next((tabs.widget(i) for i in reversed(range(tabs.count()))
                 if isinstance(tabs.widget(i), ChartView)), None)
    if isinstance(view, ChartView):
        tabs.setCurrentWidget(view)
    else:
        saved = session.store.charts.list()
        if saved:
            view = open_chart(tabs, saved[0][0])
        else:
            name = session.store.entities.get(card_id).name
            view = create_chart(tabs, _free_name(session, f"Chart of {name}"[:120]))
    if view is None:
        return None
    if card_id not in view.state.nodes:
        view.add_cards([card_id], select=True)
    else:
        view.select(card_id)
    return view


def show_chart(tabs: CaseTabs, text: str) -> ChartView | None:
    """``--show chart[:NAME]``: the chart of that name or id (the first one without); a
    case without charts gets one of the whole case, laid out on the task runner."""
    session = tabs.session
    if session is None:
        return None
    saved = session.store.charts.list()
    for chart_id, name in saved:
        if text in (chart_id, name) or (not text and chart_id == saved[0][0]):
            return open_chart(tabs, chart_id)
    if text or session.read_only:
        names = ", ".join(name for _id, name in saved) or "none"
        raise NotFoundError(f"no chart named {text!r} in this case (charts: {names})")
    view = create_chart(tabs, "Whole case")
    if view is not None:
        view.add_cards(sorted(view.graph.nodes, key=lambda c: view.graph.nodes[c].name))
        view.lay_out("force")
    return view


def delete_chart(session: CaseSession, chart_id: str, parent: QWidget) -> bool:
    """Ask, then delete (one undo step; undo brings the chart back with its id)."""
    name = session.store.charts.get(chart_id).name
    answer = QMessageBox.question(parent, "Delete chart",
                                  f"Delete the chart “{for_display(name)}”? Its cards and"
                                  " relationships stay in the case; Undo brings it back.")
    if answer != QMessageBox.StandardButton.Yes:
        return False
    session.push(charts.delete_chart(session, chart_id))
    return True
