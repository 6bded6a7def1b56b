"""Link charts in the report: the drawing, and a table of its links with their evidence.

The Markdown carries a figure marker per chart (``{{chart:<id>}}`` on a line of its own),
so the text stays editable and the drawing is made fresh from the case when the report is
written: ``chart_figures`` turns the markers of a text into SVG (``core.chart.svg``), and the
renderers put each drawing where its marker is — inline in HTML, as an image resource in the
PDF and ODT. A marker is inert: at worst, typed by hand, it draws a chart of the same case.
"""

from __future__ import annotations

from collections.abc import Collection

from osint_desk.core.chart.svg import chart_svg
from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.graph import CaseGraph, confidence_words, load_graph
from osint_desk.core.report.citations import Citations
from osint_desk.core.report.figures import FIGURE, Figure, marker
from osint_desk.core.report.mdtext import cell, text
from osint_desk.core.report.sections import role_refs
from osint_desk.core.store import CaseStore


def chart_figures(store: CaseStore, markdown: str) -> dict[str, Figure]:
    """The drawing of every chart the text marks (charts that no longer exist left out)."""
    wanted = list(dict.fromkeys(FIGURE.findall(markdown or "")))
    if not wanted:
        return {}
    graph = load_graph(store)
    figures: dict[str, Figure] = {}
    for chart_id in wanted:
        try:
            chart = store.charts.get(chart_id)
        except (NotFoundError, ValidationError):
            continue
        figures[chart_id] = Figure(chart.name, chart_svg(graph, chart.state, title=chart.name))
    return figures


def charts_section(store: CaseStore, chart_ids: Collection[str] | None,
                   citations: Citations) -> str:
    """## Link charts: for each chart its drawing and the links it shows, with their notes.
    Empty when the case has no saved chart (or none was chosen)."""
    listed = store.charts.list()
    chosen = [cid for cid, _name in listed if chart_ids is None or cid in set(chart_ids)]
    if not chosen:
        return ""
    graph = load_graph(store)
    lines = ["## Link charts", ""]
    for chart_id in chosen:
        chart = store.charts.get(chart_id)
        lines += [f"### {text(chart.name)}", "", marker(chart_id), ""]
        lines += _links_table(store, graph, chart.state.nodes, citations)
    return "\n".join(lines)


def _links_table(store: CaseStore, graph: CaseGraph, shown: Collection[str],
                 citations: Citations) -> list[str]:
    visible = [card for card in shown if card in graph.nodes]
    links = graph.links_among(visible)
    if not links:
        return ["*The chart shows no links between its cards.*", ""]
    lines = [f"*{len(visible)} cards, {len(links)} links. Each link with its evidence;"
             " a dashed red line in the drawing has evidence against it.*", "",
             "| From | Link | To | Confidence | Evidence |", "|---|---|---|---|---|"]
    for link in sorted(links, key=lambda x: (graph.nodes[x.subject_id].name.casefold(),
                                             x.predicate, graph.nodes[x.object_id].name)):
        notes = role_refs(citations, store.relationships.get(link.id).evidence)
        counts = f"{link.supports} for" + (f", {link.contradicts} against"
                                           if link.contradicts else "")
        confidence = (f"{link.confidence} % ({confidence_words(link.confidence)})"
                      if link.confidence is not None else "—")
        lines.append(f"| {cell(graph.nodes[link.subject_id].name)} | {cell(link.predicate)}"
                     f" | {cell(graph.nodes[link.object_id].name)} | {cell(confidence)}"
                     f" | {counts}{notes} |")
    return [*lines, ""]
