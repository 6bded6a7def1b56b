"""``osint-desk merge / split / merges / duplicates / judge`` in a fresh process."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path)
    cli.run("demo", "demo.osintcase")
    cli.run("entity", "add", tmp_path / "demo.osintcase", "--type", "Organization",
            "--name", "ChVK Wagner", "--alias", "Vagnerovtsy")
    return cli


def test_duplicates_merge_split_and_verify(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    before = cli.json("entity", "list", case)
    pairs = cli.json("duplicates", case)["pairs"]
    names = {frozenset((p["a_name"], p["b_name"])) for p in pairs}
    assert frozenset(("Wagner Group", "ChVK Wagner")) in names
    assert "Wagner Group" in cli.run("duplicates", case).stdout

    merge = cli.json("merge", case, "Wagner Group", "ChVK Wagner")
    assert cli.json("merges", case)["count"] == 1
    listed = {e["name"] for e in cli.json("entity", "list", case)["entities"]}
    assert "ChVK Wagner" not in listed and "Wagner Group" in listed
    shown = cli.run("entity", "show", case, "Wagner Group").stdout
    assert "Vagnerovtsy" in shown
    assert not any("ChVK Wagner" in (p["a_name"], p["b_name"])
                   for p in cli.json("duplicates", case)["pairs"])

    result = cli.run("split", case, merge["id"])
    assert result.stdout.startswith("split: ")
    assert cli.json("entity", "list", case) == before
    assert cli.json("merges", case)["count"] == 0
    assert cli.json("merges", case, "--all")["count"] == 1
    cli.fails("split", case, merge["id"], says="already split")
    cli.run("verify", case)


def test_judge_not_same_keeps_a_pair_out(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    judged = cli.json("judge", case, "Wagner Group", "ChVK Wagner", "--unsure")
    assert judged["judgement"] == "unsure" and judged["previous"] is None
    pair = next(p for p in cli.json("duplicates", case)["pairs"]
                if {p["a_name"], p["b_name"]} == {"Wagner Group", "ChVK Wagner"})
    assert pair["judgement"] == "unsure"
    cli.run("judge", case, "Wagner Group", "ChVK Wagner", "--not-same")
    assert not any({p["a_name"], p["b_name"]} == {"Wagner Group", "ChVK Wagner"}
                   for p in cli.json("duplicates", case)["pairs"])


def test_bad_merges_say_what_is_wrong(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    cli.fails("merge", case, "Wagner Group", "Vladimir Putin", says="same type")
    cli.fails("merge", case, "Wagner Group", "Wagner Group", says="two different")
    cli.fails("merge", case, "Wagner Group", "ChVK Wagner", "--into", "Concord Catering",
              says="not one of")
    cli.fails("split", case, "no-such-merge", says="no merge")
    cli.fails("merge", case, "Wagner Group", says="at least two")
    cli.run("judge", case, "Wagner Group", "ChVK Wagner", code=2)  # a verdict is required
