"""``osint-desk import-ftm`` end to end, in a subprocess: a round trip of the demo case,
OpenSanctions data, and bad files that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.exports.ftm import export_ftm
from osint_desk.core.store import CaseStore


@pytest.fixture
def exported_demo(tmp_path: Path) -> tuple[Cli, Path, dict[str, int]]:
    """The demo case built by the CLI, exported to FtM (``export`` is another command's job)."""
    cli = Cli(tmp_path)
    demo = tmp_path / "demo.osintcase"
    counts = cli.json("demo", demo)["counts"]
    target = tmp_path / "demo.ftm.json"
    with CaseStore.open(demo, read_only=True) as store:
        export_ftm(store, target)
    return cli, target, counts


def test_round_trip_through_import_ftm(exported_demo: tuple[Cli, Path, dict[str, int]],
                                       tmp_path: Path) -> None:
    cli, target, counts = exported_demo
    copy = tmp_path / "copy.osintcase"
    cli.run("new", copy, "--title", "Copy")
    report = cli.json("import-ftm", copy, target)
    assert report["created"]["cards"] == counts["entities"]
    assert report["created"]["relationships"] == counts["relationships"]
    assert report["created"]["sanctions"] == counts["sanctions"]
    mentions = sum(1 for line in target.read_text("utf-8").splitlines()
                   if json.loads(line)["schema"] == "Mention")
    assert report["skipped"] == {"Mention (FtM carries no excerpt to link)": mentions}
    shown = cli.json("show", copy)["counts"]
    for kind in ("entities", "relationships", "sanctions", "sources"):
        assert shown[kind] == counts[kind], kind
    dossier = cli.json("entity", "show", copy, "Yevgeny Prigozhin")
    assert "Евгений Викторович Пригожин" in json.dumps(dossier, ensure_ascii=False)
    again = cli.run("import-ftm", copy, target).stdout
    lines = len(target.read_text("utf-8").splitlines())
    assert again.startswith(f"Imported demo.ftm.json ({lines} entities):"
                            f" {counts['entities']} cards")
    assert "1 source already in the case" in again


@pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
def test_import_of_opensanctions_entities(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    case = tmp_path / "os.osintcase"
    cli.run("new", case, "--title", "OpenSanctions")
    out = cli.run("import-ftm", case, SANCTIONS / "opensanctions_ftm"
                  / "yente_zala_entities.ftm.json").stdout
    assert "17 cards" in out and "41 sanctions records" in out and "21 relationships" in out
    assert "folded: 11 Address into a card's address" in out
    assert cli.json("show", case)["counts"]["sanctions"] == 41


def test_bad_files_are_one_error_and_change_nothing(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    case = tmp_path / "case.osintcase"
    cli.run("new", case, "--title", "Case")
    before = cli.json("show", case)["counts"]
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "p1", "schema": "Person", "properties": {"name": ["Ann"]}}\n'
                   "oops, not json\n", encoding="utf-8")
    cli.fails("import-ftm", case, bad, says="bad.ftm.json: line 2: not JSON")
    cli.fails("import-ftm", case, tmp_path / "missing.json", says="missing.json")
    cli.fails("import-ftm", tmp_path / "nocase.osintcase", bad, says="nocase.osintcase")
    assert cli.json("show", case)["counts"] == before
    assert cli.run("import-ftm", "--help").stdout.startswith("usage: osint-desk import-ftm")
