"""Cross-case references: a card of another case is found by alias or identifier."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from osint_desk.core.paths import user_data_dir
from osint_desk.core.store import CaseStore
from osint_desk.core.xref import all_xrefs, also_in, index_case, index_path


def _case(path: Path, title: str) -> CaseStore:
    return CaseStore.create(path, title, actor="tester")


def test_xref_finds_a_card_of_another_case_by_alias(tmp_path: Path) -> None:
    with _case(tmp_path / "b.osintcase", "Case B") as other:
        there = other.entities.add("person", "Yevgeny Viktorovich Prigozhin",
                                   aliases=["Евгений Пригожин"])
        other.entities.add("person", "Somebody Else")
        index_case(other)
        other_id = other.meta().case_id
    with _case(tmp_path / "a.osintcase", "Case A") as case:
        here = case.entities.add("person", "ЕВГЕНИЙ ПРИГОЖИН")
        unrelated = case.entities.add("person", "Dmitry Utkin")
        index_case(case)
        refs = also_in(case, here.id)
        assert [(r.other_title, r.other_card_id, r.other_card_name, r.matched_on)
                for r in refs] == [("Case B", there.id, "Yevgeny Viktorovich Prigozhin", "name")]
        assert refs[0].other_case_id == other_id
        assert Path(refs[0].other_path) == (tmp_path / "b.osintcase").resolve()
        assert also_in(case, unrelated.id) == []
    assert index_path().parent == user_data_dir()


def test_xref_matches_identifiers_ignoring_spaces_and_never_stores_text(tmp_path: Path) -> None:
    with _case(tmp_path / "b.osintcase", "Case B") as other:
        ship = other.entities.add("vessel", "Sea Star", attributes={"imoNumber": "IMO 9123456"})
        other.sources.add(title="secret", text="A confidential line about Sea Star.")
        index_case(other)
    with _case(tmp_path / "a.osintcase", "Case A") as case:
        case.entities.add("vessel", "Ocean Pearl", attributes={"imoNumber": "imo-9123-456"})
        refs = all_xrefs(case)
        assert [(r.other_card_id, r.matched_on) for r in refs] == [(ship.id, "identifier")]
    dumped = "\n".join(sqlite3.connect(index_path()).iterdump())
    assert "confidential" not in dumped


def test_a_case_that_vanished_is_dropped_and_the_index_is_bounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone.osintcase"
    with _case(gone, "Gone") as other:
        other.entities.add("person", "Dmitry Utkin")
        index_case(other)
    gone.unlink()
    with _case(tmp_path / "a.osintcase", "Case A") as case:
        card = case.entities.add("person", "Dmitry Utkin")
        assert also_in(case, card.id) == []
    conn = sqlite3.connect(index_path())
    assert [r[0] for r in conn.execute("SELECT title FROM cases")] == []
    monkeypatch.setattr("osint_desk.core.xref.MAX_CASES", 2)
    for n in range(3):
        with _case(tmp_path / f"c{n}.osintcase", f"C{n}") as other:
            index_case(other)
    titles = {r[0] for r in sqlite3.connect(index_path()).execute("SELECT title FROM cases")}
    assert len(titles) == 2 and "C2" in titles


def test_a_case_made_anew_at_the_same_path_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    with _case(path, "Old demo") as old:
        old.entities.add("person", "Dmitry Utkin")
        index_case(old)
    path.unlink()
    with _case(path, "New demo") as new:
        card = new.entities.add("person", "Dmitry Utkin")
        assert also_in(new, card.id) == []  # not "also in" the case that was here before
        index_case(new)
    titles = [r[0] for r in sqlite3.connect(index_path()).execute("SELECT title FROM cases")]
    assert titles == ["New demo"]
