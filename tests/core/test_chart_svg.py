"""A chart as SVG without Qt: well-formed, escaped, what the state shows and nothing else."""

from __future__ import annotations

from xml.etree import ElementTree

from osint_desk.core.chart.layout import force_layout
from osint_desk.core.chart.state import ChartState
from osint_desk.core.chart.svg import chart_svg
from osint_desk.core.graph import load_graph
from osint_desk.core.store import CaseStore

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_the_demo_chart(demo: CaseStore) -> None:
    graph = load_graph(demo)
    positions = force_layout(list(graph.nodes),
                             [(x.subject_id, x.object_id) for x in graph.links.values()])
    svg = chart_svg(graph, ChartState().with_cards(positions), title="Demo <chart>")
    texts = _texts(svg)
    assert "Yevgeny Prigozhin" in texts and "OFAC" in texts
    assert "supplied (4 for, 1 against)" in texts  # the contested link says so
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Demo <chart>"  # type: ignore[union-attr]
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    contested = sum(1 for link in graph.links.values() if link.contradicts)
    assert len(dashed) == contested > 0
    assert chart_svg(graph, ChartState().with_cards(positions), title="Demo <chart>") == svg


def test_hidden_cards_groups_and_hostile_names(demo: CaseStore) -> None:
    card = demo.entities.add("Organization", '<script>alert(1)</script> & "Co"')
    graph = load_graph(demo)
    names = {n.name: n.id for n in graph.nodes.values()}
    state = ChartState().with_cards({names["Wagner Group"]: (0, 0), card.id: (200, 0),
                                     names["Yevgeny Prigozhin"]: (0, 200),
                                     names["Vladimir Putin"]: (200, 200)})
    state = state.hidden([names["Vladimir Putin"]])
    svg = chart_svg(graph, state)
    assert "<script>" not in svg and '<script>alert(1)</script> & "Co"' in _texts(svg)
    assert "Vladimir Putin" not in _texts(svg)
    grouped, _gid = state.grouped([names["Wagner Group"], names["Yevgeny Prigozhin"]],
                                  "Wagner & owner")
    texts = _texts(chart_svg(graph, grouped))
    assert "Wagner & owner" in texts and "2" in texts and "Wagner Group" not in texts
    empty = chart_svg(graph, ChartState())
    assert "no cards" in "".join(_texts(empty))
