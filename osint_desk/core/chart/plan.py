"""What a chart draws, from the case's network and a saved state, without Qt.

A ``ChartState`` names cards and groups; the case may have lost some of those cards since
(deleted), some are hidden, and the members of a collapsed group are drawn as one node. The
plan answers, in plain data the scene turns into items:

- which cards are drawn as themselves, and where;
- which collapsed groups are drawn as one node (at the centre of their members);
- which links are drawn between which drawn ends (a link to a collapsed group's member ends
  at the group; a link inside one group is not drawn), with an offset so that several links
  between the same two ends (North Korea supplied Wagner, Wagner paid North Korea) do not
  lie on top of each other;
- how many neighbours each card on the chart has that are not on it yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph, LinkRow


@dataclass(frozen=True, slots=True)
class DrawnGroup:
    """A group as drawn: collapsed (one node) or open (a frame around its members)."""

    id: str
    label: str
    members: tuple[str, ...]  # live, shown members
    collapsed: bool
    x: float  # centre of the members
    y: float


@dataclass(frozen=True, slots=True)
class DrawnLink:
    link: LinkRow
    source: str  # the drawn end: a card id or a collapsed group's id
    target: str
    offset: float  # 0 for a lone link; ±0.5, ±1 … across parallel links


@dataclass(frozen=True)
class ChartPlan:
    cards: dict[str, tuple[float, float]]  # cards drawn as themselves
    groups: dict[str, DrawnGroup]
    links: list[DrawnLink]
    hidden_neighbours: dict[str, int]  # per card on the chart (hidden ones too)
    missing: tuple[str, ...] = field(default=())  # cards of the state gone from the case

    def end_of(self, card: str) -> str | None:
        """The drawn node a card is part of (itself or its collapsed group), if drawn."""
        if card in self.cards:
            return card
        return next((gid for gid, group in self.groups.items()
                     if group.collapsed and card in group.members), None)


def plan_chart(graph: CaseGraph, state: ChartState) -> ChartPlan:
    on_chart = [card for card in state.nodes if card in graph.nodes]
    missing = tuple(card for card in state.nodes if card not in graph.nodes)
    shown = {card for card in on_chart if not state.nodes[card].hidden}
    groups: dict[str, DrawnGroup] = {}
    member_of: dict[str, str] = {}
    for gid, group in state.groups.items():
        members = tuple(m for m in group.members if m in shown)
        if not members:
            continue
        xs = [state.nodes[m].x for m in members]
        ys = [state.nodes[m].y for m in members]
        groups[gid] = DrawnGroup(gid, group.label, members, group.collapsed,
                                 sum(xs) / len(xs), sum(ys) / len(ys))
        if group.collapsed:
            member_of.update(dict.fromkeys(members, gid))
    cards = {card: (state.nodes[card].x, state.nodes[card].y)
             for card in on_chart if card in shown and card not in member_of}
    return ChartPlan(cards, groups, _links(graph, shown, member_of),
                     graph.hidden_neighbours(on_chart), missing)


def _links(graph: CaseGraph, shown: set[str], member_of: Mapping[str, str]) -> list[DrawnLink]:
    ends: list[tuple[LinkRow, str, str]] = []
    for link in graph.links_among(shown):
        source = member_of.get(link.subject_id, link.subject_id)
        target = member_of.get(link.object_id, link.object_id)
        if source != target:
            ends.append((link, source, target))
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, (_link, source, target) in enumerate(ends):
        by_pair[(min(source, target), max(source, target))].append(number)
    offsets = [0.0] * len(ends)
    for numbers in by_pair.values():
        middle = (len(numbers) - 1) / 2
        for place, number in enumerate(numbers):
            offsets[number] = place - middle
    return [DrawnLink(link, source, target, offsets[number])
            for number, (link, source, target) in enumerate(ends)]


def moved_cards(plan: ChartPlan, state: ChartState,
                moved: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Card positions after the user dragged drawn nodes to *moved*: a card to where it was
    dropped, a collapsed group's members by the distance the group travelled."""
    cards: dict[str, tuple[float, float]] = {}
    for key, (x, y) in moved.items():
        group = plan.groups.get(key)
        if group is None:
            if key in state.nodes:
                cards[key] = (x, y)
            continue
        dx, dy = x - group.x, y - group.y
        for member in group.members:
            node = state.nodes[member]
            cards[member] = (node.x + dx, node.y + dy)
    return cards
