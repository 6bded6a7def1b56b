"""The case as a network, read in a few queries: cards, links, their evidence counts.

The link chart and the graph exports ask for hundreds or thousands of cards at once; reading
them through ``entities.get`` and ``relationships.of_entity`` would be a query (or three) per
card. Here each kind of fact is one query over the whole case (or over a set of cards given
as a JSON array), grouped in SQL: nodes, links with their supporting / contradicting / context
counts, sanctions authorities, and the evidence of one link with everything its panel shows.
Only live records count: a deleted card, excerpt or source drops out of every figure.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from osint_desk.core.store.context import StoreContext

# A live excerpt in a live source: the condition every evidence and mention count uses.
_LIVE_EXCERPT = "x.deleted_at IS NULL AND src.deleted_at IS NULL"


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One card as the chart draws it."""

    id: str
    type: str
    name: str
    mentions: int  # live excerpts that mention the card, or have it as speaker or channel
    authorities: tuple[str, ...]  # of its live, active sanctions records


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One relationship as the chart draws it, with its evidence counted by role."""

    id: str
    subject_id: str
    predicate: str
    object_id: str
    start: str | None
    end: str | None
    confidence: int | None
    supports: int
    contradicts: int
    context: int


@dataclass(frozen=True, slots=True)
class LinkEvidenceRow:
    """One excerpt on a link, with what the evidence panel shows of it."""

    excerpt_id: str
    role: str
    quote: str
    source_id: str
    source_title: str
    source_reliability: str | None
    credibility: int | None
    speaker: str | None
    stance: str | None
    event_date: str | None


def _ids_json(entity_ids: Collection[str] | None) -> str | None:
    return None if entity_ids is None else json.dumps(sorted(set(entity_ids)))


class GraphData:
    """Batched reads of the case's network (``CaseStore.graph``)."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def size(self) -> int:
        """Live cards plus live relationships: how large a read of the network will be."""
        return int(self._ctx.scalar(
            "SELECT (SELECT count(*) FROM entities WHERE deleted_at IS NULL)"
            " + (SELECT count(*) FROM relationships WHERE deleted_at IS NULL)"))

    def nodes(self, entity_ids: Collection[str] | None = None) -> list[NodeRow]:
        """Live cards (all, or those of *entity_ids* that exist), by name."""
        wanted = _ids_json(entity_ids)
        rows = self._ctx.all(
            "SELECT e.id, e.public_id, e.type, e.name FROM entities e"
            " WHERE e.deleted_at IS NULL AND (?1 IS NULL OR e.public_id IN"
            " (SELECT value FROM json_each(?1))) ORDER BY e.name_key, e.id", (wanted,))
        rowids = json.dumps([row["id"] for row in rows])
        # As the card counts them (``excerpts.of_entity``): mentioned, speaking or channel,
        # in a live excerpt of a live source. The few dead excerpts are left out rather than
        # each hit joined to its excerpt and source: 150,000 mentions in 0.1 s, not 0.7.
        mentions = {row[0]: row[1] for row in self._ctx.conn.execute(
            "WITH wanted(id) AS (SELECT value FROM json_each(?)),"
            " hits(entity_id, excerpt_id) AS ("
            " SELECT entity_id, excerpt_id FROM mentions WHERE entity_id IN wanted"
            " UNION SELECT speaker_id, id FROM excerpts WHERE speaker_id IN wanted"
            " UNION SELECT channel_id, id FROM excerpts WHERE channel_id IN wanted),"
            " dead(id) AS (SELECT id FROM excerpts WHERE deleted_at IS NOT NULL"
            " UNION SELECT x.id FROM sources src JOIN excerpts x ON x.source_id = src.id"
            " WHERE src.deleted_at IS NOT NULL)"
            " SELECT entity_id, count(*) FROM hits WHERE excerpt_id NOT IN dead"
            " GROUP BY entity_id", (rowids,))}
        authorities: dict[int, list[str]] = {}
        for entity, authority in self._ctx.conn.execute(
                "SELECT DISTINCT entity_id, authority FROM sanctions WHERE deleted_at IS NULL"
                " AND status = 'active' AND entity_id IN (SELECT value FROM json_each(?))"
                " ORDER BY entity_id, authority", (rowids,)):
            authorities.setdefault(entity, []).append(authority)
        return [NodeRow(row["public_id"], row["type"], row["name"],
                        int(mentions.get(row["id"], 0)),
                        tuple(authorities.get(row["id"], ()))) for row in rows]

    def links(self, entity_ids: Collection[str] | None = None, *,
              touching: bool = False) -> list[LinkRow]:
        """Live relationships between live cards: all of them; with *entity_ids*, those with
        both ends among them, or (``touching``) at least one end among them."""
        wanted = _ids_json(entity_ids)
        join = "OR" if touching else "AND"
        rows = self._ctx.all(
            "SELECT r.id, r.public_id, s.public_id AS subject, r.predicate,"
            " o.public_id AS object, r.start_date, r.end_date, r.confidence"
            " FROM relationships r JOIN entities s ON s.id = r.subject_id"
            " JOIN entities o ON o.id = r.object_id"
            " WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL AND o.deleted_at IS NULL"
            f" AND (?1 IS NULL OR (s.public_id IN (SELECT value FROM json_each(?1)) {join}"
            " o.public_id IN (SELECT value FROM json_each(?1)))) ORDER BY r.id", (wanted,))
        counts: dict[int, dict[str, int]] = {}
        for rel, role, count in self._ctx.conn.execute(
                "SELECT v.relationship_id, v.role, count(*) FROM relationship_evidence v"
                " JOIN excerpts x ON x.id = v.excerpt_id"
                f" JOIN sources src ON src.id = x.source_id WHERE {_LIVE_EXCERPT}"
                " AND v.relationship_id IN (SELECT value FROM json_each(?))"
                " GROUP BY v.relationship_id, v.role",
                (json.dumps([row["id"] for row in rows]),)):
            counts.setdefault(rel, {})[role] = int(count)
        out = []
        for row in rows:
            by_role = counts.get(row["id"], {})
            out.append(LinkRow(
                row["public_id"], row["subject"], row["predicate"], row["object"],
                row["start_date"], row["end_date"], row["confidence"],
                by_role.get("supports", 0), by_role.get("contradicts", 0),
                by_role.get("context", 0)))
        return out

    def link_evidence(self, relationship_id: str) -> list[LinkEvidenceRow]:
        """The live evidence of one relationship, in source then text order."""
        rowid = self._ctx.rowid("relationships", relationship_id, what="relationship")
        rows = self._ctx.all(
            "SELECT x.public_id, v.role, x.quote, src.public_id AS source, src.title,"
            " src.reliability, x.credibility, sp.name AS speaker, x.stance, x.event_date"
            " FROM relationship_evidence v JOIN excerpts x ON x.id = v.excerpt_id"
            " JOIN sources src ON src.id = x.source_id"
            " LEFT JOIN entities sp ON sp.id = x.speaker_id AND sp.deleted_at IS NULL"
            f" WHERE v.relationship_id = ? AND {_LIVE_EXCERPT}"
            " ORDER BY src.id, x.start_offset", (rowid,))
        return [LinkEvidenceRow(row["public_id"], row["role"], row["quote"], row["source"],
                                row["title"], row["reliability"], row["credibility"],
                                row["speaker"], row["stance"], row["event_date"])
                for row in rows]
