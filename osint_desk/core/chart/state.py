"""What a saved link chart holds: which cards, where, pinned or hidden, grouped, laid out how.

A chart names cards by public id and stores their positions, so it survives reopening exactly;
a card deleted from the case is simply not drawn while it is gone. States are immutable: every
edit returns a new state, so an undo step is "put the previous state back". The JSON comes
from a case file someone else may have written, so ``ChartState.from_json`` checks it like any
other input: bounded size and counts, finite numbers, known keys, a clear message otherwise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from osint_desk.core import bounded_json
from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id

LAYOUTS = ("force", "hierarchical", "circular")
MAX_NODES = 20_000
MAX_GROUPS = 2_000
MAX_HISTORY = 50  # expansions the user can step back through
MAX_STATE_CHARS = 8_000_000
MAX_ID_CHARS = 64
MAX_LABEL_CHARS = 200
COORDINATE_LIMIT = 1e7


@dataclass(frozen=True, slots=True)
class ChartNode:
    """One card on the chart."""

    x: float
    y: float
    pinned: bool = False  # layouts leave it where the user put it
    hidden: bool = False  # on the chart (and counted) but not drawn


@dataclass(frozen=True, slots=True)
class ChartGroup:
    """Several cards shown as one labelled node while collapsed."""

    label: str
    members: tuple[str, ...]
    collapsed: bool = True


@dataclass(frozen=True)
class ChartState:
    nodes: Mapping[str, ChartNode] = field(default_factory=dict)
    groups: Mapping[str, ChartGroup] = field(default_factory=dict)
    layout: str = "force"
    #: The cards each "add neighbours" brought in, newest last (for "step back").
    history: tuple[tuple[str, ...], ...] = ()

    # -- edits (each returns a new state) -------------------------------------------------

    def with_cards(self, positions: Mapping[str, tuple[float, float]], *,
                   expansion: bool = False) -> ChartState:
        """Add cards at these positions (cards already on the chart keep theirs). With
        ``expansion`` the added ones are remembered as one step to go back through."""
        nodes = dict(self.nodes)
        added = tuple(card for card in positions if card not in nodes)
        for card in added:
            x, y = positions[card]
            nodes[card] = ChartNode(_coordinate(x), _coordinate(y))
        _check_count(len(nodes))
        history = self.history
        if expansion and added:
            history = (*history, added)[-MAX_HISTORY:]
        return replace(self, nodes=nodes, history=history)

    def without_cards(self, cards: Iterable[str]) -> ChartState:
        """Take cards off the chart (not out of the case); emptied groups go too."""
        gone = set(cards)
        nodes = {card: node for card, node in self.nodes.items() if card not in gone}
        groups = {}
        for group_id, group in self.groups.items():
            members = tuple(m for m in group.members if m not in gone)
            if len(members) >= 2:
                groups[group_id] = replace(group, members=members)
        history = tuple(step for step in (tuple(c for c in s if c not in gone)
                                          for s in self.history) if step)
        return replace(self, nodes=nodes, groups=groups, history=history)

    def step_back(self) -> ChartState:
        """Undo the last expansion: the cards it added leave the chart."""
        if not self.history:
            return self
        return replace(self.without_cards(self.history[-1]), history=self.history[:-1])

    def moved(self, positions: Mapping[str, tuple[float, float]]) -> ChartState:
        nodes = dict(self.nodes)
        for card, (x, y) in positions.items():
            if card in nodes:
                nodes[card] = replace(nodes[card], x=_coordinate(x), y=_coordinate(y))
        return replace(self, nodes=nodes)

    def pinned(self, cards: Iterable[str], pinned: bool = True) -> ChartState:
        return self._flag(cards, pinned=pinned)

    def hidden(self, cards: Iterable[str], hidden: bool = True) -> ChartState:
        return self._flag(cards, hidden=hidden)

    def _flag(self, cards: Iterable[str], **flag: bool) -> ChartState:
        nodes = dict(self.nodes)
        for card in cards:
            if card in nodes:
                nodes[card] = replace(nodes[card], **flag)
        return replace(self, nodes=nodes)

    def grouped(self, cards: Iterable[str], label: str,
                group_id: str | None = None) -> tuple[ChartState, str]:
        """Group these cards (each leaves any group it was in); returns the group's id."""
        members = tuple(dict.fromkeys(card for card in cards if card in self.nodes))
        if len(members) < 2:
            raise ValidationError("a group needs at least two cards on the chart")
        label = _label(label)
        taken = set(members)
        groups = {}
        for gid, group in self.groups.items():
            rest = tuple(m for m in group.members if m not in taken)
            if len(rest) >= 2:
                groups[gid] = replace(group, members=rest)
        if len(groups) >= MAX_GROUPS:
            raise ValidationError(f"a chart has at most {MAX_GROUPS} groups")
        gid = group_id or new_id()
        groups[gid] = ChartGroup(label, members)
        return replace(self, groups=groups), gid

    def ungrouped(self, group_id: str) -> ChartState:
        groups = {gid: g for gid, g in self.groups.items() if gid != group_id}
        return replace(self, groups=groups)

    def relabelled(self, group_id: str, label: str) -> ChartState:
        if group_id not in self.groups:
            raise ValidationError("no such group on this chart")
        groups = dict(self.groups)
        groups[group_id] = replace(groups[group_id], label=_label(label))
        return replace(self, groups=groups)

    def collapsed(self, group_id: str, collapsed: bool) -> ChartState:
        if group_id not in self.groups:
            raise ValidationError("no such group on this chart")
        groups = dict(self.groups)
        groups[group_id] = replace(groups[group_id], collapsed=collapsed)
        return replace(self, groups=groups)

    def with_layout(self, layout: str) -> ChartState:
        if layout not in LAYOUTS:
            raise ValidationError(f"layout is one of {', '.join(LAYOUTS)}, not {layout!r}")
        return replace(self, layout=layout)

    def group_of(self, card: str) -> str | None:
        return next((gid for gid, g in self.groups.items() if card in g.members), None)

    # -- JSON ------------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "version": 1, "layout": self.layout,
            "nodes": {card: [round(n.x, 2), round(n.y, 2), int(n.pinned), int(n.hidden)]
                      for card, n in sorted(self.nodes.items())},
            "groups": {gid: {"label": g.label, "members": list(g.members),
                             "collapsed": g.collapsed}
                       for gid, g in sorted(self.groups.items())},
            "history": [list(step) for step in self.history],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ChartState:
        """The state a case file holds; ``ValidationError`` naming what is wrong."""
        if len(text) > MAX_STATE_CHARS:
            raise ValidationError("the chart is too large to open")
        try:
            data = bounded_json.loads(text)
        except bounded_json.JsonLineError as exc:
            raise ValidationError(f"the chart cannot be read: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValidationError("the chart was saved in a form this OSINT Desk does not read")
        try:
            return cls._from_data(data)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise ValidationError(f"the chart cannot be read: {exc}") from None

    @classmethod
    def _from_data(cls, data: dict[str, Any]) -> ChartState:
        raw_nodes = data.get("nodes", {})
        if not isinstance(raw_nodes, dict):
            raise TypeError("nodes is not an object")
        _check_count(len(raw_nodes))
        nodes = {}
        for card, value in raw_nodes.items():
            x, y, pinned, hidden = value
            nodes[_card(card)] = ChartNode(_coordinate(x), _coordinate(y), bool(pinned),
                                           bool(hidden))
        raw_groups = data.get("groups", {})
        if not isinstance(raw_groups, dict) or len(raw_groups) > MAX_GROUPS:
            raise ValueError("too many groups")
        groups = {}
        for gid, value in raw_groups.items():
            members = tuple(_card(m) for m in value["members"] if m in nodes)
            if len(members) >= 2:
                groups[_card(gid)] = ChartGroup(_label(value["label"]), members,
                                                bool(value.get("collapsed", True)))
        history = tuple(tuple(_card(c) for c in step if c in nodes)
                        for step in data.get("history", [])[-MAX_HISTORY:])
        layout = data.get("layout", "force")
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}")
        return cls(nodes, groups, layout, tuple(step for step in history if step))


def _check_count(count: int) -> None:
    if count > MAX_NODES:
        raise ValidationError(f"a chart holds at most {MAX_NODES:,} cards")


def _coordinate(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number) or abs(number) > COORDINATE_LIMIT:
        raise ValueError(f"a position out of range ({value!r})")
    return number


def _card(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        raise ValueError("a card or group id is not a short string")
    return value


def _label(value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError("a group label is text")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationError("a group needs a label")
    if len(cleaned) > MAX_LABEL_CHARS:
        raise ValidationError(f"a group label is {MAX_LABEL_CHARS} characters at most")
    return cleaned
