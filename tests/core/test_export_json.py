"""The full JSON dump: complete (deleted records too), by public id, stable, UTF-8."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.json_dump import FORMAT, FORMAT_VERSION, export_json
from osint_desk.core.store import CaseStore


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def test_demo_dump_is_complete_and_carries_source_text(demo: CaseStore, tmp_path: Path) -> None:
    export_json(demo, tmp_path / "case.json")
    doc = _load(tmp_path / "case.json")
    assert doc["format"] == FORMAT and doc["format_version"] == FORMAT_VERSION
    meta = demo.meta()
    assert doc["case"]["case_id"] == meta.case_id and doc["case"]["title"] == meta.title
    assert doc["case"]["created_at"] == meta.created_at
    records = doc["records"]
    counts = demo.counts()
    assert len(records["sources"]) == counts.sources
    assert len(records["excerpts"]) == counts.excerpts
    assert len(records["entities"]) == counts.entities
    assert len(records["relationships"]) == counts.relationships
    assert len(records["sanctions"]) == counts.sanctions
    assert records["mentions"] and records["relationship_evidence"] and records["taggings"]
    for source in records["sources"]:
        stored = demo.sources.get(source["public_id"])
        assert source["text"] == stored.text
        assert hashlib.sha256(source["text"].encode("utf-8")).hexdigest() == source[
            "text_sha256"]
    by_id = {s["public_id"]: s["text"] for s in records["sources"]}
    for excerpt in records["excerpts"]:
        text = by_id[excerpt["source_id"]]
        assert text[excerpt["start_offset"]:excerpt["end_offset"]] == excerpt["quote"]
    # JSON held in columns comes out as JSON values, not strings.
    assert all(isinstance(e["attributes"], dict) for e in records["entities"])
    assert all(isinstance(s["programs"], list) for s in records["sanctions"])
    assert all(isinstance(s["provenance"], dict) for s in records["sanctions"])
    # No rowids: records are known by public id only.
    for rows in records.values():
        assert all("id" not in row for row in rows)
    ids = [e["public_id"] for e in records["entities"]]
    assert ids == sorted(ids)


def test_deleted_records_are_in_the_dump_marked_by_deleted_at(demo: CaseStore,
                                                              tmp_path: Path) -> None:
    excerpt = demo.excerpts.list()[0]
    card = demo.entities.add("Person", "Short-lived card")
    demo.entities.delete(card.id)
    demo.excerpts.delete(excerpt.id)
    export_json(demo, tmp_path / "case.json")
    records = _load(tmp_path / "case.json")["records"]
    dumped = {x["public_id"]: x for x in records["excerpts"]}
    assert dumped[excerpt.id]["deleted_at"] is not None
    assert sum(x["deleted_at"] is None for x in records["excerpts"]) == demo.counts().excerpts
    cards = {e["public_id"]: e for e in records["entities"]}
    assert cards[card.id]["deleted_at"] is not None and cards[card.id]["name"] == card.name


def test_audit_log_is_included_in_order_unless_left_out(demo: CaseStore,
                                                        tmp_path: Path) -> None:
    export_json(demo, tmp_path / "with.json")
    export_json(demo, tmp_path / "without.json", include_audit=False)
    audit = _load(tmp_path / "with.json")["audit_log"]
    assert audit[0]["action"] == "create" and audit[0]["table"] == "case_meta"
    assert [a["seq"] for a in audit] == sorted(a["seq"] for a in audit)
    assert len(audit) == len(demo.audit_entries(limit=-1))
    assert isinstance(audit[0]["after"], dict)
    assert "audit_log" not in _load(tmp_path / "without.json")


def test_output_is_stable_sorted_utf8(store: CaseStore, tmp_path: Path) -> None:
    text = "Доклад: <script>alert(1)</script> 金正恩 said \"=HYPERLINK(1)\"."
    source = store.sources.add(text=text, title="<script>alert('t')</script>")
    store.entities.add("Person", "Ким Чен Ын", description='=HYPERLINK("http://evil","x")')
    store.excerpts.add(source.id, 0, 6, note="<img src=x onerror=alert(1)>")
    first, second = io.StringIO(), io.StringIO()
    export_json(store, first)
    export_json(store, second)
    one, two = json.loads(first.getvalue()), json.loads(second.getvalue())
    assert one.pop("exported_at") and two.pop("exported_at")
    assert one == two
    raw = first.getvalue()
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, sort_keys=True,
                             indent=2) + "\n"
    assert "Ким Чен Ын" in raw and "\\u" not in raw
    # Hostile text is data here, kept exactly.
    assert one["records"]["sources"][0]["title"] == "<script>alert('t')</script>"
    assert one["records"]["sources"][0]["text"] == text
    assert one["records"]["entities"][0]["description"] == '=HYPERLINK("http://evil","x")'
    path = tmp_path / "case.json"
    export_json(store, path)
    assert "Ким Чен Ын" in path.read_bytes().decode("utf-8")


def test_bad_destinations_are_refused_cleanly(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(OsintDeskError, match="is a folder"):
        export_json(store, tmp_path)
    with pytest.raises(OsintDeskError, match="does not exist"):
        export_json(store, tmp_path / "missing" / "case.json")
    assert not list(tmp_path.glob("**/*.part"))
