"""``osint-desk watch`` and ``xref`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from cli_runner import Cli


def test_watch_add_list_remove_and_import_flags_the_watched_name(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    case = tmp_path / "a.osintcase"
    cli.run("new", case, "--title", "Case A")
    (tmp_path / "note.txt").write_text("Dmitry Utkin was seen in Bangui.\n", encoding="utf-8")
    cli.run("import", case, tmp_path / "note.txt")
    added = cli.json("watch", "add", case, "dmitry UTKIN", "--note", "commander")
    assert added["kind"] == "name" and added["hits"] == 1
    listed = cli.json("watch", "list", case, "--hits")
    assert [t["id"] for t in listed["terms"]] == [added["id"]]
    assert [h["matched"] for h in listed["hits"]] == ["Dmitry Utkin"]
    assert listed["unseen"] == 1
    assert "Dmitry Utkin" in cli.run("watch", "list", case, "--hits").stdout
    cli.fails("watch", "add", case, "(a+)+$", "--kind", "pattern", says="nested repetition")
    cli.run("watch", "remove", case, added["id"])
    assert cli.json("watch", "list", case, "--hits") == {"unseen": 0, "terms": [], "hits": []}
    cli.fails("watch", "remove", case, added["id"], says="no watch term")


def test_xref_lists_the_card_of_another_case_by_alias(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    a, b = tmp_path / "a.osintcase", tmp_path / "b.osintcase"
    cli.run("new", a, "--title", "Case A")
    cli.run("new", b, "--title", "Case B")
    there = cli.json("entity", "add", b, "--type", "Person", "--name",
                     "Dmitry Valeryevich Utkin",
                     "--alias", "Дмитрий Уткин")
    cli.run("entity", "add", a, "--type", "Person", "--name", "дмитрий уткин")
    assert cli.json("xref", a) == []  # B is not indexed yet
    cli.run("xref", b)
    refs = cli.json("xref", a)
    assert [(r["case_title"], r["other_card_id"], r["matched_on"]) for r in refs] == [
        ("Case B", there["entity"]["id"], "name")]
    assert "also in Case B" in cli.run("xref", a).stdout
