"""``osint-desk screen`` end to end, in a subprocess, against the SDN 2019 and UN samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SANCTIONS

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    runner = Cli(tmp_path_factory.mktemp("screen"))
    runner.run("lists", "import", SANCTIONS / "ofac_sdn_csv_full_2019")
    runner.run("lists", "import", SANCTIONS / "un_consolidated_2026-02-27.xml")
    return runner


@pytest.mark.parametrize("query", ["Yevgeny Prigozhin", "Евгений Пригожин",
                                   "Jewgeni Prigoschin", "Prigozhin, Evgeniy"])
def test_prigozhin_text_and_json(cli: Cli, query: str) -> None:
    out = cli.run("screen", query, "--type", "person").stdout.splitlines()
    assert out[0].split()[:3] == ["SCORE", "LIST", "ENTRY"]
    assert out[1].split()[1:3] == ["ofac-sdn", "21171"]
    assert "PRIGOZHIN, Yevgeniy Viktorovich" in out[1] and "aligned parts" in out[1]
    data = cli.json("screen", query)
    assert data["query"]["name"] == query and data["query"]["threshold"] == 0.69
    top = data["hits"][0]
    assert (top["list_key"], top["entry_ref"], top["schema"]) == ("ofac-sdn", "21171", "Person")
    assert top["listed_name"] == "PRIGOZHIN, Yevgeniy Viktorovich" and top["score"] >= 0.69
    assert top["programs"] and top["birth_dates"] == ["1961-06-01"]
    assert len(top["list_sha256"]) == 64 and top["authority"] == "OFAC"


def test_wagner_and_concord(cli: Cli) -> None:
    assert cli.json("screen", "Wagner Group")["hits"][0]["entry_ref"] == "22543"
    refs = [h["entry_ref"] for h in cli.json("screen", "Concord Catering", "--limit", "3")["hits"]]
    assert refs[0] == "22527" and "22526" not in refs


@pytest.mark.parametrize("query", ["John Kirby", "James Cleverly"])
def test_no_hits(cli: Cli, query: str) -> None:
    out = cli.run("screen", query).stdout
    assert out == f"No listed entry scores at or above 0.69 for \u201c{query}\u201d.\n"
    assert cli.json("screen", query)["hits"] == []


def test_options(cli: Cli) -> None:
    data = cli.json("screen", "Yevgeny Prigozhin", "--birth-year", "1961", "--country",
                    "Russia", "--limit", "1", "--threshold", "0.5")
    assert len(data["hits"]) == 1
    assert "birth year 1961 agrees" in data["hits"][0]["explanation"]
    out = cli.run("screen", "John Kirby", "--threshold", "0.9").stdout
    assert "at or above 0.9 for" in out


@pytest.mark.parametrize("args", [["--type", "planet"], ["--threshold", "1.5"],
                                  ["--limit", "0"], ["--birth-year", "61"], []])
def test_usage_errors(cli: Cli, args: list[str]) -> None:
    names = [] if not args else ["Anyone"]
    result = cli.run("screen", *names, *args, code=2)
    assert "usage:" in result.stderr


@pytest.mark.parametrize("name", ["", "   ", "-- !! --", "x" * 1001])
def test_a_name_with_nothing_to_screen_is_a_usage_error(cli: Cli, name: str) -> None:
    """Not "No listed entry scores…" (which reads as a clean result): no name was given."""
    result = cli.run("screen", "--", name, code=2)
    assert "usage:" in result.stderr and "argument NAME" in result.stderr
    assert result.stdout == ""


def test_empty_library(tmp_path: Path) -> None:
    result = Cli(tmp_path).run("screen", "John Kirby", code=1)
    assert result.stdout == ""
    assert "empty" in result.stderr and "osint-desk lists import" in result.stderr
