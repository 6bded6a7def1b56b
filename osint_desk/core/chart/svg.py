"""A saved chart as SVG, without Qt: for the report and for open exports.

Drawn from the chart's state (positions, hidden cards, collapsed groups) and the case's graph
(names, types, sanctions, evidence counts): nodes shaped and coloured by FtM type with their
name, an authority badge on sanctioned cards, links as real connectors (lines that end at the
node's edge, an arrowhead for the direction, the predicate at the middle), a dashed red line
with "n for, m against" where an excerpt contradicts the link. Every text is escaped: names
come from the case and from whoever wrote it. The output is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph, LinkRow

RADIUS = 18.0
MARGIN = 70.0
LABEL_CHARS = 34
_COLOURS = {
    "Person": "#4c78a8", "Organization": "#f58518", "Company": "#e45756",
    "LegalEntity": "#e45756", "PublicBody": "#54a24b", "Event": "#b279a2",
    "Address": "#9d755d", "Vessel": "#3f9fa6", "Airplane": "#3f9fa6",
}
_OTHER = "#7f7f7f"


@dataclass(frozen=True)
class _Node:
    key: str  # a card id, or "group:<id>"
    x: float
    y: float
    label: str
    type: str
    badge: str
    count: int  # cards in a collapsed group (0 for a card)


def _text(x: float, y: float, text: str, size: int, fill: str, anchor: str = "middle") -> str:
    """Text over a white halo: two elements, since SVG Tiny renderers (Qt's) know neither
    ``paint-order`` nor markers."""
    body = escape(text)
    common = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
    return (f'<text {common} fill="#ffffff" stroke="#ffffff" stroke-width="3">{body}</text>'
            f'<text {common} fill="{fill}">{body}</text>')


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _shape(node: _Node) -> str:
    x, y, r = node.x, node.y, RADIUS
    colour = _COLOURS.get(node.type, _OTHER)
    style = f'fill="{colour}" stroke="#ffffff" stroke-width="2"'
    if node.count:
        return (f'<rect x="{x - r * 1.4:.1f}" y="{y - r:.1f}" width="{r * 2.8:.1f}"'
                f' height="{r * 2:.1f}" rx="6" fill="#eeeeee" stroke="#555555"'
                f' stroke-width="1.5" stroke-dasharray="5 3"/>'
                f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12"'
                f' fill="#333333">{node.count}</text>')
    if node.type == "Person":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'
    if node.type in ("Event",):
        points = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    elif node.type == "Address":
        points = [(x, y + r * 1.2), (x - r, y - r * 0.6), (x + r, y - r * 0.6)]
    elif node.type in ("Vessel", "Airplane"):
        points = [(x + r * math.cos(a), y + r * math.sin(a))
                  for a in (math.pi / 3 * i for i in range(6))]
    else:
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{r * 2:.1f}"'
                f' height="{r * 2:.1f}" rx="5" {style}/>')
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{path}" {style}/>'


def _visible(graph: CaseGraph, state: ChartState) -> tuple[dict[str, _Node], dict[str, str]]:
    """Drawn nodes by key, and each shown card's key (its group's while collapsed)."""
    nodes: dict[str, _Node] = {}
    key_of: dict[str, str] = {}
    for card, placed in state.nodes.items():
        row = graph.nodes.get(card)
        if row is None or placed.hidden:
            continue
        nodes[card] = _Node(card, placed.x, placed.y, _short(row.name), row.type,
                            " ".join(row.authorities), 0)
        key_of[card] = card
    for gid, group in sorted(state.groups.items()):
        members = [m for m in group.members if m in nodes]
        if not group.collapsed or len(members) < 2:
            continue
        x = sum(nodes[m].x for m in members) / len(members)
        y = sum(nodes[m].y for m in members) / len(members)
        key = f"group:{gid}"
        nodes[key] = _Node(key, x, y, _short(group.label), "", "", len(members))
        for member in members:
            del nodes[member]
            key_of[member] = key
    return nodes, key_of


def _link(a: _Node, b: _Node, links: list[LinkRow], offset: float) -> str:
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Parallel links between the same two nodes are drawn side by side.
    nx, ny = -uy * offset, ux * offset
    gap = RADIUS + 3
    x1, y1 = a.x + ux * gap + nx, a.y + uy * gap + ny
    x2, y2 = b.x - ux * (gap + 4) + nx, b.y - uy * (gap + 4) + ny
    supports = sum(link.supports for link in links)
    contradicts = sum(link.contradicts for link in links)
    confidence = max((link.confidence or 0) for link in links)
    width = 2.4 if confidence >= 80 else 1.7 if confidence >= 55 else 1.2
    dash = ' stroke-dasharray="7 4"' if contradicts else ""
    label = _short(" / ".join(dict.fromkeys(link.predicate for link in links)))
    # Words, not ✓/✗: a report font may lack the glyphs.
    counts = (f" ({supports} for, {contradicts} against)" if contradicts
              else f" ({supports})" if supports else "")
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    colour = "#b22222" if contradicts else "#555555"
    # The arrowhead as a polygon at the line's end (no markers in SVG Tiny).
    tip = (x2 + ux * 4, y2 + uy * 4)
    back = (x2 - ux * 7, y2 - uy * 7)
    head = [tip, (back[0] - uy * 4.5, back[1] + ux * 4.5), (back[0] + uy * 4.5,
                                                             back[1] - ux * 4.5)]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in head)
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{back[0]:.1f}" y2="{back[1]:.1f}"'
            f' stroke="{colour}" stroke-width="{width}"{dash}/>'
            f'<polygon points="{points}" fill="{colour}"/>'
            # Beside its own line: the labels of a pair of opposite links part ways.
            + _text(mx - uy * (offset * 2.5), my + ux * (offset * 2.5) - 4, label + counts,
                    10, colour))


def chart_svg(graph: CaseGraph, state: ChartState, *, title: str = "") -> str:
    """The chart as a standalone SVG document (an empty chart gives a small note)."""
    nodes, key_of = _visible(graph, state)
    if not nodes:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40"'
                ' viewBox="0 0 320 40"><text x="10" y="25" font-size="13">'
                'This chart has no cards to show.</text></svg>')
    pairs: dict[tuple[str, str], list[LinkRow]] = {}
    for link in graph.links_among(list(key_of)):
        a, b = key_of[link.subject_id], key_of[link.object_id]
        if a != b and a in nodes and b in nodes:
            pairs.setdefault((a, b), []).append(link)
    xs = [n.x for n in nodes.values()]
    ys = [n.y for n in nodes.values()]
    left, top = min(xs) - MARGIN * 1.6, min(ys) - MARGIN
    width, height = max(xs) - min(xs) + MARGIN * 3.2, max(ys) - min(ys) + MARGIN * 2
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f}'
           f' {width:.1f} {height:.1f}" width="{min(1000.0, width):.0f}"'
           f' height="{min(1000.0, width) * height / width:.0f}"'
           ' font-family="DejaVu Sans, Arial, sans-serif">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}"'
               ' fill="#ffffff"/>')
    for (a, b), links in sorted(pairs.items()):
        reverse = (b, a) in pairs
        out.append(_link(nodes[a], nodes[b], links, 6.0 if reverse else 0.0))
    for node in sorted(nodes.values(), key=lambda n: n.key):
        out.append(_shape(node))
        out.append(_text(node.x, node.y + RADIUS + 15, node.label, 12, "#222222"))
        if node.badge:
            bx, by = node.x + RADIUS * 0.6, node.y - RADIUS - 6
            out.append(f'<rect x="{bx:.1f}" y="{by - 10:.1f}" width="{len(node.badge) * 7 + 8}"'
                       ' height="14" rx="3" fill="#c62828"/>'
                       f'<text x="{bx + 4:.1f}" y="{by + 1:.1f}" font-size="10"'
                       f' fill="#ffffff">{escape(node.badge)}</text>')
    out.append("</svg>")
    return "".join(out)
