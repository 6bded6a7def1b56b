"""Screening results kept in the case: proposals, the user's decisions, and list-change checks.

A proposal is keyed by card + authority + entry reference, never by a row of the list
library (which is rebuilt on every list update), so a decision survives re-screening and list
updates. Each proposal carries a copy of the listed entry as it was screened, so confirming it
needs no library and the case explains itself. A check compares a sanctions record on a card
with its entry in the list as it now stands; what differs is derived, never typed in.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.records import Sanction
from osint_desk.core.store.sanction_diff import record_changes
from osint_desk.core.store.sanctions import Sanctions

STATUSES = ("open", "confirmed", "dismissed", "held")
_HIT_SELECT = ("SELECT h.*, e.public_id AS entity_public_id, e.name AS entity_name,"
               " e.type AS entity_type, s.public_id AS sanction_public_id"
               " FROM screening_hits h JOIN entities e ON e.id = h.entity_id"
               " LEFT JOIN sanctions s ON s.id = h.sanction_id")
_CHECK_SELECT = ("SELECT c.*, s.public_id AS sanction_public_id, e.public_id AS entity_public_id"
                 " FROM sanction_checks c JOIN sanctions s ON s.id = c.sanction_id"
                 " JOIN entities e ON e.id = s.entity_id"
                 " WHERE s.deleted_at IS NULL AND e.deleted_at IS NULL")
# Proposal fields a re-screen refreshes (the decision fields are the user's).
_REFRESHED = ("list_key", "list_name", "list_published", "list_sha256", "score", "query",
              "matched_name", "listed_name", "explanation", "entry", "entry_sha256")


@dataclass(frozen=True, slots=True)
class Finding:
    """One listed entry proposed for one card by a screening run (input to ``record``)."""

    entity_id: str
    authority: str
    entry_ref: str
    list_key: str
    list_name: str
    list_published: str | None
    list_sha256: str
    score: float
    query: str
    matched_name: str
    listed_name: str
    explanation: str
    entry: dict[str, Any]
    entry_sha256: str


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """A sanctions record on a card against its list as it now stands (``entry`` None: gone)."""

    sanction_id: str
    list_key: str
    list_name: str
    list_published: str | None
    list_sha256: str
    entry: dict[str, Any] | None
    entry_sha256: str | None


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    """A proposal as the case keeps it, with the user's decision."""

    id: str
    entity_id: str
    entity_name: str
    entity_type: str
    authority: str
    entry_ref: str
    list_key: str
    list_name: str
    list_published: str | None
    list_sha256: str
    score: float
    query: str
    matched_name: str
    listed_name: str
    explanation: str
    entry: dict[str, Any]
    entry_sha256: str
    status: str
    sanction_id: str | None
    decided_at: str | None
    decided_by: str | None
    note: str
    first_seen: str
    last_seen: str


@dataclass(frozen=True, slots=True)
class SanctionCheck:
    """What the list now says about a record on a card, and what differs from the record."""

    sanction_id: str
    entity_id: str
    list_key: str
    list_name: str
    list_published: str | None
    list_sha256: str
    entry: dict[str, Any] | None
    entry_sha256: str | None
    changes: tuple[str, ...]
    acknowledged: bool
    checked_at: str

    @property
    def flagged(self) -> bool:
        """The list differs from the record and the user has not said to keep the record."""
        return bool(self.changes) and not self.acknowledged


@dataclass(frozen=True, slots=True)
class ScreeningRun:
    """One screening pass: when, against which lists, and what came of it."""

    id: str
    at: str
    actor: str
    scope: tuple[str, ...]
    threshold: float
    lists: tuple[dict[str, Any], ...]
    cards: int
    names: int
    hits: int
    new_hits: int
    flagged: int
    skipped: dict[str, int] = field(default_factory=dict)


def _token(changes: Iterable[str], entry_sha256: str | None) -> str:
    text = json.dumps([list(changes), entry_sha256], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _to_hit(row: sqlite3.Row) -> ScreeningHit:
    return ScreeningHit(
        id=row["public_id"], entity_id=row["entity_public_id"], entity_name=row["entity_name"],
        entity_type=row["entity_type"], authority=row["authority"], entry_ref=row["entry_ref"],
        list_key=row["list_key"], list_name=row["list_name"],
        list_published=row["list_published"], list_sha256=row["list_sha256"],
        score=row["score"], query=row["query"], matched_name=row["matched_name"],
        listed_name=row["listed_name"], explanation=row["explanation"],
        entry=json.loads(row["entry"]), entry_sha256=row["entry_sha256"], status=row["status"],
        sanction_id=row["sanction_public_id"], decided_at=row["decided_at"],
        decided_by=row["decided_by"], note=row["note"], first_seen=row["first_seen"],
        last_seen=row["last_seen"])


def _to_check(row: sqlite3.Row, record: Sanction) -> SanctionCheck:
    """The differences are worked out now, from the record as it is (a hand edit counts)."""
    entry = json.loads(row["entry"]) if row["entry"] else None
    changes = record_changes(record, entry, row["list_name"], row["list_published"])
    return SanctionCheck(
        sanction_id=row["sanction_public_id"], entity_id=row["entity_public_id"],
        list_key=row["list_key"], list_name=row["list_name"],
        list_published=row["list_published"], list_sha256=row["list_sha256"],
        entry=entry, entry_sha256=row["entry_sha256"], changes=changes,
        acknowledged=row["acknowledged"] == _token(changes, row["entry_sha256"]),
        checked_at=row["checked_at"])


class ScreeningResults:
    """``store.screening``: record a run, decide on proposals, follow list changes."""

    def __init__(self, ctx: StoreContext, sanctions: Sanctions) -> None:
        self._ctx = ctx
        self._sanctions = sanctions

    # -- recording a run ----------------------------------------------------------------

    def record(self, *, entity_ids: Iterable[str], findings: Iterable[Finding],
               checks: Iterable[RecordCheck], threshold: float,
               lists: Iterable[dict[str, Any]], names: int,
               skipped: dict[str, int] | None = None) -> ScreeningRun:
        """Keep one run's results. Decisions stay; re-running with the same lists changes
        nothing but the run log (idempotent)."""
        ctx = self._ctx
        scope = list(dict.fromkeys(entity_ids))
        with ctx.write():
            now = ctx.now()
            # A card or record deleted while the screening ran is left out, not an error.
            found = {eid: ctx.scalar("SELECT id FROM entities WHERE public_id = ?"
                                     " AND deleted_at IS NULL", (eid,)) for eid in scope}
            rows = {eid: int(rowid) for eid, rowid in found.items() if rowid is not None}
            scope = [eid for eid in scope if eid in rows]
            seen: set[tuple[int, str, str]] = set()
            new_hits = hits = 0
            for finding in findings:
                if finding.entity_id not in rows:
                    continue
                key = (rows[finding.entity_id], finding.authority, finding.entry_ref)
                if key in seen:
                    continue
                seen.add(key)
                hits += 1
                new_hits += self._record_finding(key, finding, now)
            self._drop_stale(rows, seen)
            for check in checks:
                if ctx.scalar("SELECT 1 FROM sanctions WHERE public_id = ? AND deleted_at IS"
                              " NULL", (check.sanction_id,)):
                    self._record_check(check, now)
            flagged = sum(c.flagged for c in self.checks() if c.entity_id in rows)
            lists_json = json.dumps(list(lists), ensure_ascii=False, sort_keys=True)
            run_id = new_id()
            values: dict[str, Any] = {"public_id": run_id, "at": now, "actor": ctx.actor,
                      "scope": json.dumps(scope), "threshold": threshold, "lists": lists_json,
                      "cards": len(scope), "names": names, "hits": hits, "new_hits": new_hits,
                      "flagged": flagged}
            ctx.insert("screening_runs", values)
            ctx.audit("screen", "screening_runs", run_id, None,
                      {k: v for k, v in values.items() if k != "scope"})
        return ScreeningRun(run_id, now, ctx.actor, tuple(scope), threshold,
                            tuple(json.loads(lists_json)), len(scope), names, hits, new_hits,
                            flagged, dict(skipped or {}))

    def _live_record(self, key: tuple[int, str, str]) -> int | None:
        """The card's live record of that listing (authority compared without case)."""
        value = self._ctx.scalar(
            "SELECT id FROM sanctions WHERE entity_id = ? AND lower(authority) = lower(?)"
            " AND entry_ref = ? AND deleted_at IS NULL ORDER BY id LIMIT 1", key)
        return None if value is None else int(value)

    def _record_finding(self, key: tuple[int, str, str], finding: Finding, now: str) -> int:
        """Insert or refresh one proposal; 1 when it is new and waits for a decision."""
        ctx = self._ctx
        fresh: dict[str, Any] = {
            name: getattr(finding, name) for name in _REFRESHED if name != "entry"}
        fresh["entry"] = json.dumps(finding.entry, ensure_ascii=False, sort_keys=True)
        fresh["score"] = round(float(finding.score), 4)
        record = self._live_record(key)
        row = ctx.one("SELECT * FROM screening_hits WHERE entity_id = ? AND authority = ?"
                      " AND entry_ref = ?", key)
        if row is None:
            values = {"public_id": new_id(), "entity_id": key[0], "authority": key[1],
                      "entry_ref": key[2], **fresh, "status": "held" if record else "open",
                      "sanction_id": record, "note": "", "first_seen": now, "last_seen": now}
            ctx.insert("screening_hits", values)
            ctx.audit("create", "screening_hits", values["public_id"], None,
                      {k: v for k, v in values.items() if k != "entry"})
            return 0 if record else 1
        changes = {k: v for k, v in fresh.items() if row[k] != v}
        status = row["status"]
        if record is not None and status == "open":
            changes.update(status="held", sanction_id=record)
        elif record is not None and row["sanction_id"] != record and status != "dismissed":
            changes["sanction_id"] = record
        elif record is None and status in ("held", "confirmed"):
            changes.update(status="open", decided_at=None, decided_by=None,
                           note="the sanctions record on the card was removed; decide again")
        if changes:
            changes["last_seen"] = now
            ctx.update("screening_hits", row["id"], changes)
            ctx.audit("update", "screening_hits", row["public_id"],
                      {k: row[k] for k in changes if k != "entry"},
                      {k: v for k, v in changes.items() if k != "entry"})
        return 0

    def _drop_stale(self, rows: dict[str, int], seen: set[tuple[int, str, str]]) -> None:
        """Open proposals the run no longer makes go; decisions are kept."""
        ctx = self._ctx
        for entity_row in rows.values():
            for row in ctx.all("SELECT * FROM screening_hits WHERE entity_id = ?",
                               (entity_row,)):
                key = (entity_row, row["authority"], row["entry_ref"])
                if key in seen or row["status"] == "dismissed":
                    continue
                if row["status"] != "open" and self._live_record(key) is not None:
                    continue
                ctx.conn.execute("DELETE FROM screening_hits WHERE id = ?", (row["id"],))
                ctx.audit("delete", "screening_hits", row["public_id"],
                          {"status": row["status"], "entry_ref": row["entry_ref"]}, None)

    def _record_check(self, check: RecordCheck, now: str) -> None:
        ctx = self._ctx
        sanction = self._sanctions.get(check.sanction_id)
        rowid = ctx.rowid("sanctions", check.sanction_id, what="sanctions record")
        changes = record_changes(sanction, check.entry, check.list_name, check.list_published)
        row = ctx.one("SELECT * FROM sanction_checks WHERE sanction_id = ?", (rowid,))
        values: dict[str, Any] = {
            "list_key": check.list_key, "list_name": check.list_name,
            "list_published": check.list_published, "list_sha256": check.list_sha256,
            "entry": (json.dumps(check.entry, ensure_ascii=False, sort_keys=True)
                      if check.entry is not None else None),
            "entry_sha256": check.entry_sha256,
            "changes": json.dumps(list(changes), ensure_ascii=False)}
        if row is None:
            ctx.insert("sanction_checks", {"sanction_id": rowid, **values, "acknowledged": None,
                                           "checked_at": now})
            ctx.audit("create", "sanction_checks", check.sanction_id, None,
                      {"list_key": check.list_key, "changes": list(changes)})
            return
        differ = {k: v for k, v in values.items() if row[k] != v}
        if differ:
            ctx.update_where("sanction_checks", "sanction_id", rowid, {**differ, "checked_at": now})
            ctx.audit("update", "sanction_checks", check.sanction_id,
                      {"changes": json.loads(row["changes"])}, {"changes": list(changes)})

    # -- reading ------------------------------------------------------------------------

    def list(self, *, entity_id: str | None = None,
             statuses: Iterable[str] | None = None) -> builtins.list[ScreeningHit]:
        where, params = ["e.deleted_at IS NULL"], []
        if entity_id is not None:
            where.append("e.public_id = ?")
            params.append(entity_id)
        if statuses is not None:
            wanted = builtins.list(statuses)
            where.append(f"h.status IN ({', '.join('?' * len(wanted))})")
            params += wanted
        rows = self._ctx.all(
            f"{_HIT_SELECT} WHERE {' AND '.join(where)}"
            " ORDER BY CASE h.status WHEN 'open' THEN 0 WHEN 'held' THEN 1"
            " WHEN 'confirmed' THEN 1 ELSE 2 END, h.score DESC, e.name_key, h.entry_ref",
            params)
        return [_to_hit(row) for row in rows]

    def get(self, hit_id: str) -> ScreeningHit:
        rowid = self._ctx.rowid("screening_hits", hit_id, live=False, what="screening result")
        row = self._ctx.one(f"{_HIT_SELECT} WHERE h.id = ?", (rowid,))
        assert row is not None
        return _to_hit(row)

    def checks(self, *, entity_id: str | None = None,
               flagged_only: bool = False) -> builtins.list[SanctionCheck]:
        sql, params = _CHECK_SELECT, []
        if entity_id is not None:
            sql += " AND e.public_id = ?"
            params.append(entity_id)
        found = [_to_check(row, self._sanctions.get(row["sanction_public_id"]))
                 for row in self._ctx.all(sql + " ORDER BY e.name_key, s.id", params)]
        return [c for c in found if c.flagged] if flagged_only else found

    def check_of(self, sanction_id: str) -> SanctionCheck | None:
        found = self._ctx.all(_CHECK_SELECT + " AND s.public_id = ?", (sanction_id,))
        return _to_check(found[0], self._sanctions.get(sanction_id)) if found else None

    def runs(self) -> builtins.list[ScreeningRun]:
        rows = self._ctx.all("SELECT * FROM screening_runs ORDER BY id DESC")
        return [ScreeningRun(r["public_id"], r["at"], r["actor"], tuple(json.loads(r["scope"])),
                             r["threshold"], tuple(json.loads(r["lists"])), r["cards"],
                             r["names"], r["hits"], r["new_hits"], r["flagged"]) for r in rows]

    # -- decisions ----------------------------------------------------------------------

    def confirm(self, hit_id: str, note: str | None = None) -> ScreeningHit:
        """Attach the listed entry to the card as a sanctions record with its provenance.

        Confirming again after an undo brings back the same record (same id)."""
        ctx = self._ctx
        with ctx.write():
            hit = self.get(hit_id)
            key = (ctx.rowid("entities", hit.entity_id, what="card"), hit.authority,
                   hit.entry_ref)
            if self._live_record(key) is not None:
                raise ValidationError("this listing is already on the card (a sanctions record"
                                      " with that authority and entry reference)")
            previous = self._previous_record(hit)
            if previous is not None:
                sanction = self._sanctions.restore(previous)
            else:
                sanction = self._sanctions.add(hit.entity_id, hit.authority,
                                               **_record_fields(hit, ctx.now()))
            self._decide(hit, "confirmed", note, sanction_id=sanction.id)
            self._record_check(RecordCheck(sanction.id, hit.list_key, hit.list_name,
                                           hit.list_published, hit.list_sha256, hit.entry,
                                           hit.entry_sha256), ctx.now())
        return self.get(hit_id)

    def dismiss(self, hit_id: str, note: str = "") -> ScreeningHit:
        """Not this card's listing; the next screening will not propose it again."""
        with self._ctx.write():
            hit = self.get(hit_id)
            if hit.status in ("confirmed", "held"):
                raise ValidationError("this listing is on the card; remove the sanctions"
                                      " record instead")
            self._decide(hit, "dismissed", note)
        return self.get(hit_id)

    def reopen(self, hit_id: str) -> ScreeningHit:
        """Back to undecided; a record made by confirming is removed (soft, restorable)."""
        with self._ctx.write():
            hit = self.get(hit_id)
            if hit.status == "confirmed" and hit.sanction_id is not None and self._ctx.scalar(
                    "SELECT 1 FROM sanctions WHERE public_id = ? AND deleted_at IS NULL",
                    (hit.sanction_id,)):
                self._sanctions.delete(hit.sanction_id)
            self._decide(hit, "open", "")
        return self.get(hit_id)

    def _previous_record(self, hit: ScreeningHit) -> str | None:
        """The record an undone confirmation left behind (deleted), if any."""
        value = self._ctx.scalar(
            "SELECT s.public_id FROM screening_hits h JOIN sanctions s ON s.id = h.sanction_id"
            " WHERE h.public_id = ? AND s.deleted_at IS NOT NULL", (hit.id,))
        return None if value is None else str(value)

    def _decide(self, hit: ScreeningHit, status: str, note: str | None, *,
                sanction_id: str | None = None) -> None:
        """Set the decision. The link to a record is only ever replaced, never cleared: a
        record an undone confirmation left (deleted) is brought back by the next confirm."""
        ctx = self._ctx
        rowid = ctx.rowid("screening_hits", hit.id, live=False)
        before = row_dict(ctx.one("SELECT status, sanction_id, decided_at, decided_by, note"
                                  " FROM screening_hits WHERE id = ?", (rowid,)))
        open_ = status == "open"
        values: dict[str, Any] = {
            "status": status, "decided_at": None if open_ else ctx.now(),
            "decided_by": None if open_ else ctx.actor,
            "note": hit.note if note is None else note}
        if sanction_id is not None:
            values["sanction_id"] = ctx.rowid("sanctions", sanction_id)
        ctx.update("screening_hits", rowid, values)
        ctx.audit(status if status != "open" else "reopen", "screening_hits", hit.id, before,
                  values)

    # -- list changes -------------------------------------------------------------------

    def apply_list_update(self, sanction_id: str) -> Sanction:
        """Make the record say what the list now says (programs, name, dates, status)."""
        with self._ctx.write():
            check = self.check_of(sanction_id)
            if check is None:
                raise ValidationError("this record has not been checked against a list")
            if check.entry is None:
                sanction = self._sanctions.update(sanction_id, status="delisted")
            else:
                sanction = self._sanctions.update(sanction_id, **_list_fields(check))
            self.refresh_check(sanction_id)
        return sanction

    def restore_record(self, sanction_id: str, values: dict[str, Any]) -> Sanction:
        """Undo of ``apply_list_update``: put the record's old values back."""
        with self._ctx.write():
            sanction = self._sanctions.update(sanction_id, **values)
            self.refresh_check(sanction_id)
        return sanction

    def refresh_check(self, sanction_id: str) -> SanctionCheck | None:
        """Recompute what differs after the record itself was edited."""
        check = self.check_of(sanction_id)
        if check is None:
            return None
        with self._ctx.write():
            self._record_check(RecordCheck(sanction_id, check.list_key, check.list_name,
                                           check.list_published, check.list_sha256, check.entry,
                                           check.entry_sha256), self._ctx.now())
        return self.check_of(sanction_id)

    def acknowledge(self, sanction_id: str, keep: bool = True) -> SanctionCheck:
        """Keep the record as it is despite these differences (until the list changes again)."""
        ctx = self._ctx
        with ctx.write():
            check = self.check_of(sanction_id)
            if check is None:
                raise ValidationError("this record has not been checked against a list")
            token = _token(check.changes, check.entry_sha256) if keep else None
            rowid = ctx.rowid("sanctions", sanction_id)
            ctx.update_where("sanction_checks", "sanction_id", rowid, {"acknowledged": token})
            ctx.audit("acknowledge" if keep else "unacknowledge", "sanction_checks",
                      sanction_id, None, {"changes": list(check.changes)})
        result = self.check_of(sanction_id)
        assert result is not None
        return result


def _record_fields(hit: ScreeningHit, now: str) -> dict[str, Any]:
    entry = hit.entry
    return {
        "list_name": hit.list_name, "programs": entry.get("programs", []),
        "entry_ref": hit.entry_ref, "listed_name": entry.get("name") or hit.listed_name,
        "listed_on": entry.get("listed_on"), "status": "active",
        "reason": entry.get("remarks") or "", "list_published": hit.list_published,
        "list_sha256": hit.list_sha256,
        "provenance": {
            "copied_by": "screening", "list_key": hit.list_key, "list_name": hit.list_name,
            "published": hit.list_published, "file_sha256": hit.list_sha256,
            "entry_sha256": hit.entry_sha256, "screened_at": now, "score": hit.score,
            "query": hit.query, "matched_name": hit.matched_name,
            "explanation": hit.explanation},
    }


def _list_fields(check: SanctionCheck) -> dict[str, Any]:
    entry = check.entry or {}
    fields: dict[str, Any] = {
        "programs": entry.get("programs", []), "listed_name": entry.get("name"),
        "status": "active", "list_published": check.list_published,
        "list_sha256": check.list_sha256, "list_name": check.list_name}
    if entry.get("listed_on"):
        fields["listed_on"] = entry["listed_on"]
    return fields
