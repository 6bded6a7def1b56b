"""``osint-desk screen-case`` and ``osint-desk decide`` end to end, on the demo case."""

from __future__ import annotations

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SANCTIONS

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    runner = Cli(tmp_path_factory.mktemp("screen_case"))
    runner.run("lists", "import", SANCTIONS / "ofac_sdn_csv_full_2019")
    runner.run("lists", "import", SANCTIONS / "un_consolidated_2026-02-27.xml")
    return runner


def test_demo_case_text_and_json(cli: Cli) -> None:
    case = cli.tmp / "demo.osintcase"
    cli.run("demo", case)
    out = cli.run("screen-case", case).stdout
    assert "Screened 18 cards" in out and "Not screened (lists do not list these): 2 Address," \
        " 1 Event." in out
    assert "0 to decide (0 new), 4 already on cards" in out
    data = cli.json("screen-case", case)
    assert {(h["card"], h["entry_ref"], h["status"]) for h in data["hits"]} == {
        ("Yevgeny Prigozhin", "21171", "held"), ("Wagner Group", "22543", "held"),
        ("Internet Research Agency", "23943", "held"), ("Concord Catering", "22527", "held")}
    assert data["run"]["new_hits"] == 0 and len(data["checks"]) == 4
    assert {x["list_key"] for x in data["run"]["lists"]} == {"ofac-sdn", "un-sc"}


def test_confirm_then_screen_again(cli: Cli) -> None:
    case = cli.tmp / "new.osintcase"
    cli.run("new", case, "--title", "Concord")
    cli.run("entity", "add", case, "--type", "organization",
            "--name", "Concord Management and Consulting")
    cli.run("entity", "add", case, "--type", "person", "--name", "Yevgeny Prigozhin")
    data = cli.json("screen-case", case)
    hits = {h["entry_ref"]: h for h in data["hits"]}
    assert hits["21171"]["status"] == "open" and hits["22526"]["status"] == "open"
    out = cli.run("screen-case", case).stdout
    assert "to decide" in out and "osint-desk decide CASE HIT" in out

    confirmed = cli.json("decide", case, hits["21171"]["id"][-8:], "confirm")
    assert confirmed["status"] == "confirmed" and confirmed["sanction_id"]
    said = cli.run("decide", case, hits["22526"]["id"], "dismiss", "--note", "not ours").stdout
    assert said.startswith("Dismissed: Concord Management and Consulting")

    again = cli.json("screen-case", case)
    assert again["run"]["new_hits"] == 0
    status = {h["entry_ref"]: (h["status"], h["note"]) for h in again["hits"]}
    assert status["21171"][0] == "confirmed" and status["22526"] == ("dismissed", "not ours")
    card = cli.json("entity", "show", case, "Yevgeny Prigozhin")
    records = card["sanctions"]
    assert [(r["authority"], r["entry_ref"]) for r in records] == [("OFAC", "21171")]
    assert len(records[0]["list_sha256"]) == 64


def test_bad_input(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> None:
    case = cli.tmp / "bad.osintcase"
    cli.run("new", case, "--title", "Bad")
    cli.fails("decide", case, "1234", "confirm", says="at least its last 8 characters")
    cli.fails("decide", case, "12345678", "confirm", says="no screening hit")
    cli.fails("screen-case", case, "--card", "Nobody", says="Nobody")
    cli.fails("screen-case", cli.tmp / "missing.osintcase", says="no such file")
    empty = Cli(tmp_path_factory.mktemp("empty_library"))
    other = empty.tmp / "c.osintcase"
    empty.run("new", other, "--title", "C")
    empty.fails("screen-case", other, says="import a list")
