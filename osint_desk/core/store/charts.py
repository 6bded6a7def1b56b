"""Saved link charts: several named charts per case, each a ``ChartState`` kept as JSON.

Every save is audited with what changed in size (cards, groups), not the whole state, so the
log stays readable; deleting is soft, like every other record, so it can be undone.
"""

from __future__ import annotations

import builtins
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext

if TYPE_CHECKING:
    # Imported where a chart is read or made: the navigator lists the names at every start.
    from osint_desk.core.chart.state import ChartState


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    name: str
    state: ChartState
    created_at: str
    updated_at: str


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("a chart needs a name")
    from osint_desk.core.chart.state import MAX_LABEL_CHARS

    if len(cleaned) > MAX_LABEL_CHARS:
        raise ValidationError(f"a chart name is {MAX_LABEL_CHARS} characters at most")
    return cleaned


def _summary(state: ChartState) -> dict[str, int]:
    return {"cards": len(state.nodes), "groups": len(state.groups)}


class Charts:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx
        # The last state read per chart, with its JSON: a chart of 2,000 cards takes 11 ms to
        # check and parse, and a layout's save and redraw were parsing it three times.
        # A ChartState is immutable, so the same one can be handed out again.
        self._parsed: dict[str, tuple[str, ChartState]] = {}

    def _state(self, chart_id: str, text: str) -> ChartState:
        known = self._parsed.get(chart_id)
        if known is not None and known[0] == text:
            return known[1]
        from osint_desk.core.chart.state import ChartState

        state = ChartState.from_json(text)
        self._parsed[chart_id] = (text, state)
        return state

    def _chart(self, row: sqlite3.Row) -> Chart:
        return Chart(row["public_id"], row["name"], self._state(row["public_id"], row["state"]),
                     row["created_at"], row["updated_at"])

    def create(self, name: str, state: ChartState | None = None) -> Chart:
        from osint_desk.core.chart.state import ChartState

        state = state or ChartState()
        ctx = self._ctx
        public_id, now, cleaned = new_id(), ctx.now(), _name(name)
        with ctx.write():
            ctx.conn.execute(
                "INSERT INTO charts (public_id, name, state, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)", (public_id, cleaned, state.to_json(), now, now))
            ctx.audit("create", "charts", public_id, None, {"name": cleaned, **_summary(state)})
        return self.get(public_id)

    def get(self, chart_id: str) -> Chart:
        rowid = self._ctx.rowid("charts", chart_id, what="chart")
        row = self._ctx.one("SELECT * FROM charts WHERE id = ?", (rowid,))
        assert row is not None
        return self._chart(row)

    def list(self) -> builtins.list[tuple[str, str]]:
        """(id, name) of the live charts, by name; states are read with ``get``."""
        return [(row["public_id"], row["name"]) for row in self._ctx.all(
            "SELECT public_id, name FROM charts WHERE deleted_at IS NULL"
            " ORDER BY name COLLATE NOCASE, id")]

    def save(self, chart_id: str, state: ChartState) -> Chart:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("charts", chart_id, what="chart")
            before = self._state(chart_id, str(ctx.scalar(
                "SELECT state FROM charts WHERE id = ?", (rowid,))))
            text = state.to_json()
            ctx.conn.execute("UPDATE charts SET state = ?, updated_at = ? WHERE id = ?",
                             (text, ctx.now(), rowid))
            ctx.audit("update", "charts", chart_id, _summary(before), _summary(state))
        return self.get(chart_id)  # parsed from what was written (positions rounded)

    def rename(self, chart_id: str, name: str) -> Chart:
        ctx = self._ctx
        cleaned = _name(name)
        with ctx.write():
            rowid = ctx.rowid("charts", chart_id, what="chart")
            old = ctx.scalar("SELECT name FROM charts WHERE id = ?", (rowid,))
            ctx.conn.execute("UPDATE charts SET name = ?, updated_at = ? WHERE id = ?",
                             (cleaned, ctx.now(), rowid))
            ctx.audit("update", "charts", chart_id, {"name": old}, {"name": cleaned})
        return self.get(chart_id)

    def delete(self, chart_id: str) -> None:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("charts", chart_id, what="chart")
            now = ctx.now()
            ctx.conn.execute("UPDATE charts SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, rowid))
            ctx.audit("delete", "charts", chart_id, None, {"deleted_at": now})

    def restore(self, chart_id: str) -> Chart:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("charts", chart_id, live=False, what="chart")
            ctx.conn.execute("UPDATE charts SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                             (ctx.now(), rowid))
            ctx.audit("restore", "charts", chart_id, None, None)
        return self.get(chart_id)
