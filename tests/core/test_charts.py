"""Saved link charts: state edits, exact round trips, storage, and hostile chart JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from osint_desk.core.chart.state import MAX_NODES, ChartState
from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.exports.ftm import export_ftm
from osint_desk.core.store import CaseStore
from osint_desk.core.store.audit_view import KINDS
from osint_desk.core.store.dump import _REFERENCES
from osint_desk.core.store.repair import TABLE_ORDER, repair_case


def _state() -> ChartState:
    state = ChartState().with_cards({"a": (0.0, 0.0), "b": (120.5, -3.25), "c": (7, 8)})
    state = state.pinned(["a"]).hidden(["c"])
    state, _gid = state.grouped(["b", "c"], "  Shell   companies ", group_id="g1")
    return state.with_cards({"d": (1, 2), "e": (3, 4)}, expansion=True)


def test_edits_and_an_exact_round_trip() -> None:
    state = _state()
    assert state.nodes["a"].pinned and state.nodes["c"].hidden
    (gid, group), = state.groups.items()
    assert group.label == "Shell companies" and group.members == ("b", "c")
    assert state.group_of("c") == gid and state.group_of("a") is None
    assert state.history == (("d", "e"),)
    again = ChartState.from_json(state.to_json())
    assert again == state
    assert again.to_json() == state.to_json()
    back = state.step_back()
    assert set(back.nodes) == {"a", "b", "c"} and back.history == ()
    assert state.moved({"a": (5, 6)}).nodes["a"].x == 5.0
    assert state.with_cards({"a": (99, 99)}).nodes["a"].x == 0.0  # kept where it was


def test_groups_follow_their_members() -> None:
    state = _state()
    gid = next(iter(state.groups))
    regrouped, other = state.grouped(["c", "d", "e"], "Couriers")
    assert gid not in regrouped.groups  # b alone is no group
    assert regrouped.groups[other].members == ("c", "d", "e")
    assert state.without_cards(["b"]).groups == {}
    assert state.relabelled(gid, "Fronts").groups[gid].label == "Fronts"
    assert not state.collapsed(gid, False).groups[gid].collapsed
    assert state.ungrouped(gid).groups == {}
    with pytest.raises(ValidationError, match="at least two"):
        state.grouped(["a", "zzz"], "x")
    with pytest.raises(ValidationError, match="label"):
        state.grouped(["a", "b"], "   ")
    with pytest.raises(ValidationError, match="layout"):
        state.with_layout("spiral")


@pytest.mark.parametrize(("text", "message"), [
    ("[]", "form"),
    ('{"version": 2}', "form"),
    ('{"version": 1, "nodes": {"a": [1e309, 0, 0, 0]}}', "cannot be read"),
    ('{"version": 1, "nodes": {"a": ["x", 0, 0, 0]}}', "cannot be read"),
    ('{"version": 1, "nodes": {"a": [1, 2]}}', "cannot be read"),
    ('{"version": 1, "nodes": {"' + "x" * 65 + '": [1, 2, 0, 0]}}', "cannot be read"),
    ('{"version": 1, "nodes": {}, "layout": "spiral"}', "cannot be read"),
    ('{"version": 1, "nodes": {"a": [0, 0, 0, 0], "b": [0, 0, 0, 0]}, "groups": {"g": {"label": "'
     + "l" * 300 + '", "members": ["a", "b"]}}}', "label"),
    ('{"version": 1, "nodes": ' + "[" * 100 + "]" * 100 + "}", "cannot be read"),
    ("{" * 5, "cannot be read"),
])
def test_hostile_chart_json_is_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ChartState.from_json(text)


def test_too_many_cards_is_refused() -> None:
    nodes = {f"c{i}": [0, 0, 0, 0] for i in range(MAX_NODES + 1)}
    with pytest.raises(ValidationError, match="at most"):
        ChartState.from_json(json.dumps({"version": 1, "nodes": nodes}))


def test_charts_are_saved_in_the_case(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group").id
    chart = demo.charts.create("Wagner network",
                               ChartState().with_cards({wagner: (10.0, 20.0)}))
    assert demo.charts.list() == [(chart.id, "Wagner network")]
    saved = demo.charts.save(chart.id, _state())
    assert demo.charts.get(chart.id).state == saved.state == _state()
    demo.charts.rename(chart.id, "DPRK supply")
    assert demo.charts.get(chart.id).name == "DPRK supply"
    demo.charts.delete(chart.id)
    assert demo.charts.list() == []
    with pytest.raises(NotFoundError):
        demo.charts.get(chart.id)
    assert demo.charts.restore(chart.id).state == _state()
    actions = [line.action for line in demo.audit_lines(limit=10)
               if line.record_id == chart.id]
    assert len(actions) == 5
    with pytest.raises(ValidationError):
        demo.charts.create("   ")


def test_a_chart_survives_closing_and_reopening(demo: CaseStore) -> None:
    chart = demo.charts.create("Saved", _state())
    path = demo.path
    demo.close()
    with CaseStore.open(path) as again:
        assert again.charts.get(chart.id).state.to_json() == _state().to_json()


def test_a_repaired_copy_keeps_the_charts(demo: CaseStore, tmp_path: Path) -> None:
    chart = demo.charts.create("Kept", _state())
    path = demo.path
    demo.close()
    clean = tmp_path / "clean.osintcase"
    repair_case(path, clean)
    with CaseStore.open(clean) as repaired:
        assert repaired.charts.get(chart.id).state == _state()


def test_every_table_is_known_to_repair_dump_and_the_audit_view(demo: CaseStore) -> None:
    """A table added later must be copied by repair, compared by dump and named in the log."""
    tables = {row[0] for row in demo._ctx.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'search_%' AND name != '_sqlite_migrations'")}
    assert tables <= set(TABLE_ORDER)
    assert tables - {"case_meta", "blobs", "audit_log", "merges"} <= set(_REFERENCES)
    assert tables - {"case_meta", "blobs", "audit_log", "mentions"} - set(KINDS) == set()


def test_a_chart_exports_as_ftm_of_just_its_cards_and_links(demo: CaseStore) -> None:
    names = {e.name: e.id for e in demo.entities.list()}
    chosen = {names["Yevgeny Prigozhin"], names["Wagner Group"], names["Vladimir Putin"]}
    out = io.StringIO()
    export_ftm(demo, out, cards=chosen)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    by_schema: dict[str, list[dict[str, object]]] = {}
    for entity in lines:
        by_schema.setdefault(str(entity["schema"]), []).append(entity)
    card_ids = {f"osd-{card}" for card in chosen}
    assert {e["id"] for e in lines if e["schema"] in ("Person", "Organization")} == card_ids
    ids = {e["id"] for e in lines}
    for entity in lines:  # a closed set: every reference points inside the file
        for values in entity["properties"].values():  # type: ignore[attr-defined]
            for value in values:
                if isinstance(value, str) and value.startswith("osd-"):
                    assert value in ids, (entity["schema"], value)
    documents = [e for e in lines if "bodyText" in e["properties"]]  # type: ignore[operator]
    assert len(documents) == 1  # the one article the three are cited from
    links = [e for e in lines if e["schema"] not in ("Person", "Organization", "Mention",
                                                     "Sanction") and e not in documents]
    assert len(links) == 2  # controls, associate of
    assert len(by_schema["Sanction"]) == 2  # Prigozhin's and Wagner's OFAC records
