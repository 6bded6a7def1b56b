"""Reversible merges of cards: every reference moves to the survivor; Split puts it all back.

The member cards are soft-deleted, never removed; what moved is kept in the merge record's
journal (``merge_journal``), so ``split`` restores every member, row and link as it was.
``CARD_REFERENCES`` names every column that refers to a card and how a merge handles it; a
test walks the schema and fails on a column that is not listed, so no future table is missed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from osint_desk.core.chart.state import ChartState
from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.entities import clean_name, name_key
from osint_desk.core.store.merge_journal import Journal, counts, reindex_touched, undo

MAX_MEMBERS = 50
VERDICTS = ("negative", "unsure")
#: (table, column) -> how a merge treats it; public ids in text/JSON columns included.
CARD_REFERENCES: dict[tuple[str, str], str] = {
    ("entity_aliases", "entity_id"): "moved (a duplicate name is retired)",
    ("excerpts", "speaker_id"): "moved",
    ("excerpts", "channel_id"): "moved",
    ("mentions", "entity_id"): "moved (same mention combined)",
    ("relationships", "subject_id"): "moved (same relationship combined with its evidence)",
    ("relationships", "object_id"): "moved (same relationship combined with its evidence)",
    ("sanctions", "entity_id"): "moved (same authority and entry combined with evidence)",
    ("screening_hits", "entity_id"): "moved (kept on the member when the survivor has it)",
    ("taggings", "target_id"): "moved (public id of the card)",
    ("charts", "state"): "moved (card ids in the chart)",
    ("suggestion_judgements", "entity_id"): "moved",
    ("card_judgements", "a_id"): "kept: a judgement is about the member itself",
    ("card_judgements", "b_id"): "kept: a judgement is about the member itself",
    ("merges", "survivor_id"): "kept: the merge record itself",
}


@dataclass(frozen=True)
class Merge:
    id: str
    survivor_id: str
    member_ids: tuple[str, ...]
    created_new: bool
    created_at: str
    split_at: str | None
    #: alias public id -> "merged from <card id>": the names a merge gave the survivor.
    alias_origins: dict[str, str]


class Merges:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    # -- merge ----------------------------------------------------------------------------

    def merge(self, card_ids: list[str], *, into: str | None = None,
              new_name: str | None = None) -> Merge:
        """Merge the cards into ``into`` (one of them; default the first) or, with
        ``new_name``, into a new card of that name. One transaction, audited."""
        ids = list(dict.fromkeys(card_ids))
        if len(ids) < 2:
            raise ValidationError("a merge needs at least two different cards")
        if len(ids) > MAX_MEMBERS:
            raise ValidationError(f"a merge takes at most {MAX_MEMBERS} cards")
        if into is not None and new_name is not None:
            raise ValidationError("merge into one of the cards or into a new card, not both")
        if into is not None and into not in ids:
            raise ValidationError(f"the surviving card {into} is not one of the merged cards")
        ctx = self._ctx
        with ctx.write():
            rows = {pid: ctx.rowid("entities", pid, what="card") for pid in ids}
            types = {ctx.scalar("SELECT type FROM entities WHERE id = ?", (r,))
                     for r in rows.values()}
            if len(types) > 1:
                raise ValidationError("only cards of the same type can be merged")
            journal = Journal(ctx)
            now = ctx.now()
            if new_name is not None:  # the new card's name is its own, not an alias
                name = clean_name(new_name)
                survivor = journal.new("entities", {
                    "public_id": new_id(), "type": types.pop(), "name": name,
                    "name_key": name_key(name), "description": "", "attributes": "{}",
                    "created_at": now, "updated_at": now, "deleted_at": None})
                members = ids
            else:
                survivor = rows[into or ids[0]]
                members = [pid for pid in ids if rows[pid] != survivor]
            merge_pid = self._finish(journal, rows, survivor, members, new_name is not None)
        return self.get(merge_pid)

    def remerge(self, merge_id: str) -> Merge:
        """Redo a merge that was split: the same members into the same survivor (a card the
        merge created comes back with its id), as a new merge record."""
        old = self.get(merge_id)
        if old.split_at is None:
            raise ValidationError(f"merge {merge_id} is in place: split it first")
        ctx = self._ctx
        with ctx.write():
            rows = {pid: ctx.rowid("entities", pid, what="card") for pid in old.member_ids}
            journal = Journal(ctx)
            survivor = ctx.rowid("entities", old.survivor_id, live=not old.created_new,
                                 what="card")
            if old.created_new:
                journal.set("entities", survivor, {"deleted_at": None})
            reuse = {origin.removeprefix("merged from "): alias
                     for alias, origin in old.alias_origins.items()}
            merge_pid = self._finish(journal, rows, survivor, list(old.member_ids),
                                     old.created_new, reuse)
        return self.get(merge_pid)

    def _finish(self, journal: Journal, rows: dict[str, int], survivor: int,
                members: list[str], created_new: bool,
                reuse: dict[str, str] | None = None) -> str:
        """Move the members onto the survivor and keep the merge record (in a write)."""
        ctx = self._ctx
        now = ctx.now()
        survivor_pid = str(ctx.public_id("entities", survivor))
        origins: dict[str, str] = {}
        for pid in members:
            _move_card(ctx, journal, rows[pid], pid, survivor, survivor_pid, origins,
                       (reuse or {}).get(pid))
        merge_pid = new_id()
        ctx.insert("merges", {
            "public_id": merge_pid, "survivor_id": survivor,
            "members": json.dumps(members), "created_new": int(created_new),
            "journal": json.dumps({"steps": journal.steps, "aliases": origins}),
            "actor": ctx.actor, "created_at": now, "split_at": None})
        reindex_touched(ctx, journal.steps)
        ctx.audit("merge", "merges", merge_pid, None, {
            "survivor": survivor_pid, "members": members, "new": created_new,
            "changed": counts(journal.steps)})
        return merge_pid

    # -- split ----------------------------------------------------------------------------

    def split(self, merge_id: str) -> Merge:
        """Undo a merge: every member, row and link back as it was (one transaction)."""
        ctx = self._ctx
        with ctx.write():
            row = ctx.one("SELECT * FROM merges WHERE public_id = ?", (merge_id,))
            if row is None:
                raise NotFoundError(f"no merge with id {merge_id}")
            if row["split_at"] is not None:
                raise ValidationError(f"merge {merge_id} was already split")
            cards = {row["survivor_id"], *self._member_rows(row)}
            for later in ctx.all("SELECT * FROM merges WHERE id > ? AND split_at IS NULL",
                                 (row["id"],)):
                if cards & {later["survivor_id"], *self._member_rows(later)}:
                    raise ValidationError(
                        f"merge {later['public_id']} came later and involves these cards:"
                        " split it first")
            steps = json.loads(row["journal"])["steps"]
            undo(ctx, steps)
            now = ctx.now()
            ctx.conn.execute("UPDATE merges SET split_at = ? WHERE id = ?", (now, row["id"]))
            reindex_touched(ctx, steps)
            ctx.audit("split", "merges", merge_id, {"split_at": None}, {
                "split_at": now, "members": json.loads(row["members"]),
                "restored": counts(steps)})
        return self.get(merge_id)

    def _member_rows(self, row: Any) -> set[int]:
        return {self._ctx.rowid("entities", pid, live=False)
                for pid in json.loads(row["members"])}

    # -- reading --------------------------------------------------------------------------

    def get(self, merge_id: str) -> Merge:
        row = self._ctx.one("SELECT * FROM merges WHERE public_id = ?", (merge_id,))
        if row is None:
            raise NotFoundError(f"no merge with id {merge_id}")
        return self._merge(row)

    def list(self, *, card_id: str | None = None, include_split: bool = False) -> list[Merge]:
        """Merges, newest first; with ``card_id``, those the card survived or was part of."""
        where = "" if include_split else " WHERE split_at IS NULL"
        out = [self._merge(r) for r in self._ctx.all(f"SELECT * FROM merges{where}"
                                                      " ORDER BY id DESC")]
        if card_id is not None:
            out = [m for m in out if card_id == m.survivor_id or card_id in m.member_ids]
        return out

    def _merge(self, row: Any) -> Merge:
        data = json.loads(row["journal"])
        return Merge(row["public_id"], str(self._ctx.public_id("entities", row["survivor_id"])),
                     tuple(json.loads(row["members"])), bool(row["created_new"]),
                     row["created_at"], row["split_at"], dict(data.get("aliases", {})))

    # -- judgements -----------------------------------------------------------------------

    def judge_pair(self, a: str, b: str, verdict: str | None) -> str | None:
        """Record that two cards are not (``negative``) or maybe not (``unsure``) the same;
        ``None`` clears it. Returns the verdict it replaced (what an undo passes back)."""
        if verdict is not None and verdict not in VERDICTS:
            raise ValidationError(f"a judgement is one of {', '.join(VERDICTS)}")
        ctx = self._ctx
        with ctx.write():
            x, y = sorted((ctx.rowid("entities", a, live=False, what="card"),
                           ctx.rowid("entities", b, live=False, what="card")))
            if x == y:
                raise ValidationError("a judgement needs two different cards")
            old = ctx.scalar("SELECT verdict FROM card_judgements WHERE a_id = ? AND b_id = ?",
                             (x, y))
            if old == verdict:
                return None if old is None else str(old)
            ctx.conn.execute("DELETE FROM card_judgements WHERE a_id = ? AND b_id = ?", (x, y))
            if verdict is not None:
                ctx.insert("card_judgements", {"a_id": x, "b_id": y, "verdict": verdict,
                                               "created_at": ctx.now()})
            pair = f"{ctx.public_id('entities', x)} {ctx.public_id('entities', y)}"
            ctx.audit("judge", "card_judgements", pair,
                      None if old is None else {"verdict": old},
                      None if verdict is None else {"verdict": verdict})
        return None if old is None else str(old)

    def judgements(self) -> dict[tuple[str, str], str]:
        """(card id, card id) in sorted order -> verdict, for ``possible_duplicates``."""
        return {tuple(sorted((r[0], r[1]))): r[2] for r in self._ctx.all(
            "SELECT a.public_id, b.public_id, j.verdict FROM card_judgements j"
            " JOIN entities a ON a.id = j.a_id JOIN entities b ON b.id = j.b_id")}

def _move_card(ctx: StoreContext, journal: Journal, member: int, member_pid: str,
               survivor: int, survivor_pid: str, origins: dict[str, str],
               reuse: str | None = None) -> None:
    """Move every reference of one member card onto the survivor, through the journal
    (``reuse``: the alias an earlier, split merge gave the survivor for this member)."""
    keys = {r["name_key"] for r in ctx.all(
        "SELECT name_key FROM entity_aliases WHERE entity_id = ? AND deleted_at IS NULL",
        (survivor,))}
    keys.add(ctx.scalar("SELECT name_key FROM entities WHERE id = ?", (survivor,)))
    card = row_dict(ctx.one("SELECT * FROM entities WHERE id = ?", (member,)))
    now = ctx.now()
    for alias in ctx.all("SELECT id, name_key FROM entity_aliases"
                         " WHERE entity_id = ? AND deleted_at IS NULL", (member,)):
        if alias["name_key"] in keys:
            journal.set("entity_aliases", alias["id"], {"deleted_at": now})
        else:
            journal.set("entity_aliases", alias["id"], {"entity_id": survivor})
            keys.add(alias["name_key"])
    old = None if reuse is None else ctx.scalar(
        "SELECT id FROM entity_aliases WHERE public_id = ? AND entity_id = ?", (reuse, survivor))
    if card["name_key"] not in keys and old is not None:
        journal.set("entity_aliases", int(old), {"deleted_at": None})
        origins[str(reuse)] = f"merged from {member_pid}"
    elif card["name_key"] not in keys:
        alias_pid = new_id()
        journal.new("entity_aliases", {
            "public_id": alias_pid, "entity_id": survivor, "name": card["name"],
            "name_key": card["name_key"], "kind": "strong", "script": None, "language": None,
            "created_at": now, "updated_at": now, "deleted_at": None})
        origins[alias_pid] = f"merged from {member_pid}"
    for column in ("speaker_id", "channel_id"):
        for row in ctx.all(f"SELECT id FROM excerpts WHERE {column} = ?", (member,)):
            journal.set("excerpts", row["id"], {column: survivor})
    for row in ctx.all("SELECT * FROM mentions WHERE entity_id = ?", (member,)):
        taken = ctx.scalar("SELECT 1 FROM mentions WHERE excerpt_id = ? AND entity_id = ?",
                           (row["excerpt_id"], survivor)) is not None
        journal.move("mentions", row_dict(row), "entity_id", survivor, taken)
    _move_relationships(ctx, journal, member, survivor)
    _move_sanctions(ctx, journal, member, survivor)
    for row in ctx.all("SELECT id, authority, entry_ref FROM screening_hits"
                       " WHERE entity_id = ?", (member,)):
        if ctx.scalar("SELECT 1 FROM screening_hits WHERE entity_id = ? AND authority = ?"
                      " AND entry_ref = ?", (survivor, row["authority"], row["entry_ref"])) is None:
            journal.set("screening_hits", row["id"], {"entity_id": survivor})
    for row in ctx.all("SELECT * FROM taggings WHERE target_kind = 'entity' AND target_id = ?",
                       (member_pid,)):
        taken = ctx.scalar("SELECT 1 FROM taggings WHERE tag_id = ? AND target_kind = 'entity'"
                           " AND target_id = ?", (row["tag_id"], survivor_pid)) is not None
        journal.move("taggings", row_dict(row), "target_id", survivor_pid, taken)
    for row in ctx.all("SELECT id, state FROM charts WHERE instr(state, ?) > 0", (member_pid,)):
        try:
            state = _renamed(ChartState.from_json(row["state"]), member_pid, survivor_pid)
        except ValidationError:  # a chart that cannot be read is left as it is
            continue
        journal.set("charts", row["id"], {"state": state.to_json()})
    for row in ctx.all("SELECT id FROM suggestion_judgements WHERE entity_id = ?", (member,)):
        journal.set("suggestion_judgements", row["id"], {"entity_id": survivor})
    journal.set("entities", member, {"deleted_at": now})


def _move_relationships(ctx: StoreContext, journal: Journal, member: int, survivor: int) -> None:
    now = ctx.now()
    for rel in ctx.all("SELECT * FROM relationships WHERE (subject_id = ? OR object_id = ?)"
                       " AND deleted_at IS NULL", (member, member)):
        subject = survivor if rel["subject_id"] == member else rel["subject_id"]
        obj = survivor if rel["object_id"] == member else rel["object_id"]
        if subject == obj:  # "member same as survivor": nothing left to say
            journal.set("relationships", rel["id"], {"deleted_at": now})
            continue
        same = ctx.scalar("SELECT id FROM relationships WHERE subject_id = ? AND predicate = ?"
                          " AND object_id = ? AND deleted_at IS NULL AND id != ?",
                          (subject, rel["predicate"], obj, rel["id"]))
        if same is None:
            journal.set("relationships", rel["id"], {"subject_id": subject, "object_id": obj})
            continue
        _move_evidence(ctx, journal, "relationship_evidence", "relationship_id", rel["id"], same)
        journal.set("relationships", rel["id"], {"deleted_at": now})


def _move_sanctions(ctx: StoreContext, journal: Journal, member: int, survivor: int) -> None:
    now = ctx.now()
    for rec in ctx.all("SELECT * FROM sanctions WHERE entity_id = ? AND deleted_at IS NULL",
                       (member,)):
        same = None if not rec["entry_ref"] else ctx.scalar(
            "SELECT id FROM sanctions WHERE entity_id = ? AND authority = ? AND entry_ref = ?"
            " AND deleted_at IS NULL", (survivor, rec["authority"], rec["entry_ref"]))
        if same is None:
            journal.set("sanctions", rec["id"], {"entity_id": survivor})
            continue
        _move_evidence(ctx, journal, "sanction_evidence", "sanction_id", rec["id"], same)
        for hit in ctx.all("SELECT id FROM screening_hits WHERE sanction_id = ?", (rec["id"],)):
            journal.set("screening_hits", hit["id"], {"sanction_id": same})
        journal.set("sanctions", rec["id"], {"deleted_at": now})


def _move_evidence(ctx: StoreContext, journal: Journal, table: str, column: str,
                   old: int, new: int) -> None:
    for row in ctx.all(f"SELECT * FROM {table} WHERE {column} = ?", (old,)):
        taken = ctx.scalar(f"SELECT 1 FROM {table} WHERE {column} = ? AND excerpt_id = ?"
                           " AND role = ?", (new, row["excerpt_id"], row["role"])) is not None
        journal.move(table, row_dict(row), column, new, taken)


def _renamed(state: ChartState, old: str, new: str) -> ChartState:
    """The chart with card ``old`` shown as ``new`` (dropped when ``new`` is on it already)."""
    if new in state.nodes:
        return state.without_cards([old])
    nodes = {new if card == old else card: node for card, node in state.nodes.items()}
    groups = {gid: replace(g, members=tuple(new if m == old else m for m in g.members))
              for gid, g in state.groups.items()}
    history = tuple(tuple(new if c == old else c for c in step) for step in state.history)
    return replace(state, nodes=nodes, groups=groups, history=history)

