"""Every dated record of a case, read in one query per kind: what the timeline is built from.

The timeline (``core/timeline.py``) and the report's timeline section need every dated thing
at once — on a large case a hundred thousand dated excerpts. Asking ``excerpts.get`` and
``excerpts.entity_ids`` per excerpt would be two queries per row; here each kind is one
statement over the whole case, its cards and evidence gathered in SQL (``group_concat``) so
no row costs a second round trip. Dates come back as the text the case holds: parsing and
judging them (a hostile file may hold anything) is the timeline's work, not the store's.
Only live records count, as in ``graph_data``: a deleted card, excerpt or source drops out.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, NamedTuple

from osint_desk.core.store.context import StoreContext

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

#: FtM properties of a card that date the card itself (an event, a birth, a founding).
CARD_DATE_PROPERTIES = ("date", "startDate", "endDate", "birthDate", "deathDate",
                        "incorporationDate", "dissolutionDate")

# Lists gathered in SQL are joined with the ASCII unit separator, which no id or role holds.
_SEP = "\x1f"

# The evidence of a relationship or sanctions record: "excerpt-id role source-rowid" items,
# supporting first, then in the order the excerpts were cut. The source's liveness is checked
# in Python against ``sources()``: reading ``sources.deleted_at`` row by row would read each
# source's whole text (it is stored before that column), which on a large case costs more
# than everything else together.
_EVIDENCE = (
    "(SELECT group_concat(item, char(31)) FROM (SELECT x.public_id || ' ' || v.role || ' '"
    " || x.source_id AS item FROM {table} v JOIN excerpts x ON x.id = v.excerpt_id"
    " WHERE v.{key} = {owner}.id AND x.deleted_at IS NULL"
    " ORDER BY v.role != 'supports', x.id))")


class SourceRow(NamedTuple):
    """A live source: what an excerpt's item shows of it, and its own two dates.

    Rows are named tuples, not frozen dataclasses: a large case has 100,000 of them, and a
    frozen dataclass takes five times as long to make."""

    id: str
    title: str
    outlet: str | None
    published: Any  # as stored: text in a sound file, anything in a hostile one
    retrieved: Any
    reliability: str | None


class ExcerptDateRow(NamedTuple):
    """A live excerpt (in a live source) with an event date."""

    id: str
    event_date: Any
    quote: str
    note: str
    credibility: int | None
    stance: str | None
    source: SourceRow
    speaker_id: str | None
    channel_id: str | None
    card_ids: tuple[str, ...]  # live cards it mentions (speaker and channel not repeated)


class RelationshipDateRow(NamedTuple):
    id: str
    start: Any
    end: Any
    subject_id: str
    subject_name: str
    predicate: str
    object_id: str
    object_name: str
    confidence: int | None
    note: str
    evidence: tuple[tuple[str, str], ...]  # (excerpt id, role), live excerpts only


class SanctionDateRow(NamedTuple):
    id: str
    listed_on: Any
    delisted_on: Any
    entity_id: str
    entity_name: str
    authority: str
    programs: tuple[str, ...]
    entry_ref: str | None
    status: str
    evidence: tuple[tuple[str, str], ...]


class CardDateRow(NamedTuple):
    id: str
    type: str
    name: str
    dates: dict[str, Any]  # the dating FtM properties the card has, values as stored


def _ids_json(ids: Collection[str] | None) -> str | None:
    return None if ids is None else json.dumps(sorted(set(ids)))


def _strings(raw: Any) -> tuple[str, ...]:
    """A JSON array of strings (a sanctions record's programs); anything else is empty."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return ()
    return tuple(str(v) for v in value if v is not None) if isinstance(value, list) else ()


class TimelineData:
    """Batched reads of a case's dates; one statement per kind, whatever the case size.

    One instance is one read: the live sources are read once (``sources``) and then used to
    keep only the excerpts and evidence of live sources."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx
        self._sources: dict[int, SourceRow] | None = None
        self._cards: dict[str, str] | None = None  # public id by row id (as text)
        self._names: dict[str, str] | None = None  # name by public id

    def sources(self) -> dict[int, SourceRow]:
        """Every live source by rowid (dated or not: an excerpt shows its source's title)."""
        if self._sources is None:
            self._sources = {r[0]: SourceRow._make(r[1:]) for r in self._ctx.conn.execute(
                "SELECT id, public_id, title, outlet, published, retrieved, reliability"
                " FROM sources WHERE deleted_at IS NULL")}
        return self._sources

    def _evidence(self, raw: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(raw, str):
            return ()
        live = self.sources()
        out = []
        for item in raw.split(_SEP):
            parts = item.split(" ")
            if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) in live:
                out.append((parts[0], parts[1]))
        return tuple(out)

    def _named(self) -> dict[str, str]:
        """Every live card's public id by its row id (as text): the excerpt reads gather
        row ids in SQL and name them here, half the time of joining every mention to its
        card in SQL. Read once per instance."""
        if self._cards is None:
            self._read_cards()
        assert self._cards is not None
        return self._cards

    def _read_cards(self) -> None:
        """The live cards, once: row id -> public id, and public id -> name."""
        rows = self._ctx.conn.execute(
            "SELECT id, public_id, name FROM entities WHERE deleted_at IS NULL").fetchall()
        self._cards = {str(r[0]): r[1] for r in rows}
        self._names = {r[1]: r[2] for r in rows}

    def _excerpt_rows(self, columns: str, card_ids: Collection[str] | None) -> Any:
        """The dated live excerpts (all, or those of *card_ids*): *columns*, then the
        source's row id, the mentioned cards' row ids ("12,57") and the speaker's and
        channel's row ids."""
        return self._ctx.conn.execute(
            "WITH wanted(id) AS (SELECT id FROM entities"
            " WHERE public_id IN (SELECT value FROM json_each(?1)))"
            f" SELECT {columns}, x.source_id,"
            " (SELECT group_concat(m.entity_id, ',') FROM mentions m"
            "  WHERE m.excerpt_id = x.id), x.speaker_id, x.channel_id"
            " FROM excerpts x"
            " WHERE x.event_date IS NOT NULL AND x.deleted_at IS NULL AND (?1 IS NULL"
            " OR x.id IN (SELECT excerpt_id FROM mentions WHERE entity_id IN wanted)"
            " OR x.speaker_id IN wanted OR x.channel_id IN wanted) ORDER BY x.id",
            (_ids_json(card_ids),))

    def _cards_of(self, mentioned: str | None) -> tuple[str, ...]:
        """The live cards among "12,57" (row ids), as public ids, in that order."""
        if not mentioned:
            return ()
        named = self._named()
        try:
            return tuple(map(named.__getitem__, mentioned.split(",")))
        except KeyError:  # a deleted card among them
            return tuple(named[c] for c in mentioned.split(",") if c in named)

    def excerpt_dates(self, card_ids: Collection[str] | None = None) -> list[ExcerptDateRow]:
        """Dated excerpts: all, or (*card_ids*) those mentioning, spoken or carried by one of
        those cards — a card's own timeline reads only its excerpts."""
        live = self.sources()
        named = self._named()
        rows = self._excerpt_rows(
            "x.public_id, x.event_date, x.quote, x.note, x.credibility, x.stance", card_ids)
        cards_of = self._cards_of
        return [ExcerptDateRow(r[0], r[1], r[2], r[3], r[4], r[5], live[r[6]],
                               named.get(str(r[8])) if r[8] else None,
                               named.get(str(r[9])) if r[9] else None, cards_of(r[7]))
                for r in rows if r[6] in live]

    def excerpt_sketch(self, card_ids: Collection[str] | None = None,
                       ) -> list[tuple[Any, tuple[str, ...]]]:
        """(event date, card ids) of the dated excerpts of live sources, nothing more: a
        view draws the shape of a large case from it while the items are still read. The
        cards are those ``excerpt_dates`` gives, with the speaker and channel."""
        live = self.sources()
        named = self._named()
        cards_of = self._cards_of
        out: list[tuple[Any, tuple[str, ...]]] = []
        for date, source, mentioned, speaker, channel in self._excerpt_rows(
                "x.event_date", card_ids):
            if source not in live:
                continue
            cards = cards_of(mentioned)
            if speaker or channel:
                extra = (named.get(str(speaker)), named.get(str(channel)))
                cards = tuple(dict.fromkeys(c for c in (*cards, *extra) if c))
            out.append((date, cards))
        return out

    def relationship_dates(self, card_ids: Collection[str] | None = None,
                           ) -> list[RelationshipDateRow]:
        """Dated relationships between live cards: all, or those with an end among
        *card_ids*."""
        evidence = _EVIDENCE.format(table="relationship_evidence", key="relationship_id",
                                    owner="r")
        rows = self._ctx.conn.execute(
            "SELECT r.public_id, r.start_date, r.end_date, s.public_id, s.name, r.predicate,"
            f" o.public_id, o.name, r.confidence, r.note, {evidence}"
            " FROM relationships r JOIN entities s ON s.id = r.subject_id"
            " JOIN entities o ON o.id = r.object_id"
            " WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL AND o.deleted_at IS NULL"
            " AND (r.start_date IS NOT NULL OR r.end_date IS NOT NULL) AND (?1 IS NULL"
            " OR s.public_id IN (SELECT value FROM json_each(?1))"
            " OR o.public_id IN (SELECT value FROM json_each(?1))) ORDER BY r.id",
            (_ids_json(card_ids),))
        return [RelationshipDateRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                                    r[9], self._evidence(r[10])) for r in rows]

    def sanction_dates(self, card_ids: Collection[str] | None = None) -> list[SanctionDateRow]:
        """Dated sanctions records of live cards: all, or those of *card_ids*."""
        evidence = _EVIDENCE.format(table="sanction_evidence", key="sanction_id", owner="n")
        rows = self._ctx.conn.execute(
            "SELECT n.public_id, n.listed_on, n.delisted_on, e.public_id, e.name, n.authority,"
            f" n.programs, n.entry_ref, n.status, {evidence}"
            " FROM sanctions n JOIN entities e ON e.id = n.entity_id"
            " WHERE n.deleted_at IS NULL AND e.deleted_at IS NULL"
            " AND (n.listed_on IS NOT NULL OR n.delisted_on IS NOT NULL) AND (?1 IS NULL"
            " OR e.public_id IN (SELECT value FROM json_each(?1))) ORDER BY n.id",
            (_ids_json(card_ids),))
        return [SanctionDateRow(r[0], r[1], r[2], r[3], r[4], r[5], _strings(r[6]), r[7],
                                r[8], self._evidence(r[9])) for r in rows]

    def card_dates(self, card_ids: Collection[str] | None = None) -> list[CardDateRow]:
        """Cards (all, or *card_ids*) whose FtM attributes carry a dating property (an
        Event's ``date``, a person's ``birthDate``...)."""
        keys = json.dumps(CARD_DATE_PROPERTIES)
        rows = self._ctx.conn.execute(
            "SELECT e.public_id, e.type, e.name,"
            " (SELECT json_group_object(j.key, j.value) FROM json_each(e.attributes) j"
            "  WHERE j.key IN (SELECT value FROM json_each(?1)))"
            " FROM entities e WHERE e.deleted_at IS NULL AND json_valid(e.attributes)"
            " AND json_type(e.attributes) = 'object' AND EXISTS (SELECT 1 FROM"
            " json_each(e.attributes) j WHERE j.key IN (SELECT value FROM json_each(?1)))"
            " AND (?2 IS NULL OR e.public_id IN (SELECT value FROM json_each(?2)))"
            " ORDER BY e.id", (keys, _ids_json(card_ids)))
        out = []
        for r in rows:
            try:
                dates = json.loads(r[3])
            except (TypeError, ValueError):
                continue
            if isinstance(dates, dict):
                out.append(CardDateRow(r[0], r[1], r[2], dates))
        return out

    def card_names(self) -> dict[str, str]:
        """Every live card's name by id: lanes, labels and CSV cells name cards (read with
        the row ids the excerpt reads name cards by: one query for both)."""
        if self._names is None:
            self._read_cards()
        assert self._names is not None
        return dict(self._names)

    def taggings(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Tag names by (target kind, public id), for the tag filter: one query, all tags."""
        found: dict[tuple[str, str], list[str]] = {}
        for kind, target, name in self._ctx.conn.execute(
                "SELECT g.target_kind, g.target_id, t.name FROM taggings g"
                " JOIN tags t ON t.id = g.tag_id WHERE t.deleted_at IS NULL"
                " ORDER BY t.name_key"):
            found.setdefault((kind, target), []).append(name)
        return {key: tuple(names) for key, names in found.items()}


def timeline_data(store: CaseStore) -> TimelineData:
    """The batched date reads of an open case.

    ``CaseStore`` does not carry a ``timeline`` attribute yet (as it carries ``graph``); until
    it does, this reads the store's own context, as ``evidence_check`` reads its connection:
    same connection, same snapshot, same thread."""
    return TimelineData(store._ctx)
