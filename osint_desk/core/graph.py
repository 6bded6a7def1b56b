"""The case as a network: what the link chart (and graph exports) compute on, without Qt.

``load_graph`` reads every live card and relationship in a few batched queries
(``store.graph``); the rest is plain Python over that snapshot — neighbours by predicate or
card type, how many neighbours of each shown card are not on a chart yet, the links among a
chosen set of cards — so a view can answer "what would expanding this node add" without
going back to the database, and tests can check it without a window.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from osint_desk.core.model import likelihood_words
from osint_desk.core.store.case_store import CaseStore
from osint_desk.core.store.graph_data import LinkEvidenceRow, LinkRow, NodeRow

__all__ = ["CaseGraph", "LinkEvidenceRow", "LinkRow", "NodeRow", "confidence_words",
           "load_graph"]


def confidence_words(confidence: int | None) -> str:
    """The ICD 203 expression of likelihood for a confidence in percent ("" when unset)."""
    return "" if confidence is None else likelihood_words(confidence)


@dataclass
class CaseGraph:
    """Cards and relationships of one case, indexed for neighbour questions."""

    nodes: dict[str, NodeRow]
    links: dict[str, LinkRow]
    _adjacent: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        adjacent: dict[str, list[str]] = {node: [] for node in self.nodes}
        for link in self.links.values():
            adjacent.setdefault(link.subject_id, []).append(link.id)
            if link.object_id != link.subject_id:
                adjacent.setdefault(link.object_id, []).append(link.id)
        self._adjacent = adjacent

    @classmethod
    def of(cls, nodes: Iterable[NodeRow], links: Iterable[LinkRow]) -> CaseGraph:
        """A graph of these rows; links whose ends are not among the nodes are left out."""
        by_id = {node.id: node for node in nodes}
        return cls(by_id, {link.id: link for link in links
                           if link.subject_id in by_id and link.object_id in by_id})

    def links_of(self, node_id: str) -> list[LinkRow]:
        """Relationships with the card at either end, in creation order."""
        return [self.links[link] for link in self._adjacent.get(node_id, ())]

    def neighbours(self, node_id: str, *, predicates: Collection[str] | None = None,
                   types: Collection[str] | None = None) -> set[str]:
        """Cards linked to *node_id*, optionally only by these predicates or of these types."""
        found: set[str] = set()
        for link in self.links_of(node_id):
            if predicates is not None and link.predicate not in predicates:
                continue
            other = link.object_id if link.subject_id == node_id else link.subject_id
            if types is not None and self.nodes[other].type not in types:
                continue
            found.add(other)
        found.discard(node_id)
        return found

    def hidden_neighbours(self, shown: Collection[str]) -> dict[str, int]:
        """For each shown card, how many of its neighbours are not shown (0 included)."""
        visible = set(shown)
        return {node: len(self.neighbours(node) - visible) for node in visible
                if node in self.nodes}

    def links_among(self, shown: Collection[str]) -> list[LinkRow]:
        """The relationships with both ends among *shown*, in creation order."""
        visible = set(shown)
        return [link for link in self.links.values()
                if link.subject_id in visible and link.object_id in visible]

    def neighbour_predicates(self, node_id: str) -> dict[str, int]:
        """Predicate -> number of links of the card: the choices of "add neighbours by"."""
        counts: dict[str, int] = {}
        for link in self.links_of(node_id):
            counts[link.predicate] = counts.get(link.predicate, 0) + 1
        return dict(sorted(counts.items()))


def load_graph(store: CaseStore) -> CaseGraph:
    """Every live card and relationship of the case (two reads of a few queries each)."""
    return CaseGraph.of(store.graph.nodes(), store.graph.links())
