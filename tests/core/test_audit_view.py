"""The audit log in words: names instead of ids, changed fields with old and new values."""

from __future__ import annotations

from osint_desk.core.store import CaseStore
from osint_desk.core.store.audit_view import describe_change, short


def test_changes_name_the_record_and_say_what_changed(demo: CaseStore) -> None:
    source = demo.sources.list(limit=1)[0]
    demo.sources.update(source.id, title="Kirby briefing", reliability="C")
    line = demo.audit_lines(limit=1)[0]
    assert line.action == "Changed"
    assert line.record == "source “Kirby briefing”"
    assert line.record_id == source.id
    assert f"title: {short(source.title)} → Kirby briefing" in line.change
    assert "reliability grade: B → C" in line.change
    assert "updated" not in line.change


def test_links_name_both_ends(demo: CaseStore) -> None:
    lines = demo.audit_lines(limit=-1)
    mention = next(ln for ln in lines if ln.action == "Linked card")
    assert mention.record.startswith("excerpt “") and mention.change.startswith("card: “")
    tagged = next(ln for ln in lines if ln.action == "Tagged")
    assert tagged.change.startswith("tag: ")
    for line in lines:
        assert "01a" not in line.record and "_id" not in line.change, line


def test_deleted_records_keep_their_names(demo: CaseStore) -> None:
    card = demo.entities.add("Person", "Short-lived Person")
    demo.entities.delete(card.id)
    assert demo.audit_lines(limit=1)[0].record == "card “Short-lived Person”"
    assert demo.audit_lines(limit=1)[0].action == "Deleted"


def test_values_are_shortened_and_empty_is_a_dash() -> None:
    assert short(None) == "–" and short("") == "–"
    assert short("x" * 100).endswith("…") and len(short("x" * 100)) == 40
    assert describe_change("update", {"title": "a", "updated_at": "t1"},
                           {"title": "b", "updated_at": "t2"}) == "title: a → b"


def test_odd_log_values_from_another_tool_do_not_break_the_view(demo: CaseStore) -> None:
    """A case made elsewhere may hold valid JSON that is not an object in the log."""
    conn = demo._ctx.conn
    conn.execute("INSERT INTO audit_log (at, actor, action, table_name, record_id, before,"
                 " after) VALUES ('2026-01-01T00:00:00Z', 'x', 'update', 'sources', NULL,"
                 " '[1, 2]', '\"text\"')")
    conn.commit()
    line = demo.audit_lines(limit=1)[0]
    assert line.action == "Changed" and line.change == "" and line.record == "source"
