"""Text from a case or a list is printed with visible marks, never obeyed by the terminal.

A case and a sanctions list hold ESC sequences (window title, clear screen, CSI) and bidi
overrides in names, ids and titles; no plain-text command may pass them on raw.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from cli_runner import Cli

# ESC, BEL, the 8-bit CSI, and every bidi embedding, override, isolate and mark.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
TITLE_ESC = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H"
SPOOF = "Invoice\u202eexe.pdf"
HEADER = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses",
          "identifiers", "sanctions", "phones", "emails", "program_ids", "dataset",
          "first_seen", "last_seen", "last_change"]


def _list_file(folder: Path) -> Path:
    folder.mkdir()
    path = folder / f"evil{TITLE_ESC}.targets.simple.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow([f"NK-{CLEAR}1\x9b31m", "Person", f"Ivan {SPOOF} Petrov",
                         f"Ivan\u2066 Petrov{TITLE_ESC}", "1961", "ru", "", "",
                         f"Prog{CLEAR}", "", "", f"P{TITLE_ESC}1", "Evil\u202edataset", "",
                         "", ""])
    return path


def _assert_safe(result_text: str, what: str) -> None:
    found = RAW.findall(result_text)
    assert not found, (what, found, result_text[:400])


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    runner = Cli(tmp_path_factory.mktemp("safe_display"))
    runner.run("lists", "import", _list_file(runner.tmp / "lists"))
    return runner


@pytest.fixture(scope="module")
def case(cli: Cli) -> Path:
    path = cli.tmp / "hostile.osintcase"
    cli.run("new", path, "--title", f"Case {TITLE_ESC}{SPOOF}", "--summary", f"S {CLEAR}x",
            "--author", "A\u202eB", "--marking", f"M{TITLE_ESC}")
    cli.run("entity", "add", path, "--type", "Person", "--name", f"Ivan {SPOOF} Petrov",
            "--alias", f"Ivan\u2066 Petrov{TITLE_ESC}", "--description", f"d {CLEAR}")
    cli.run("entity", "add", path, "--type", "Organization", "--name", f"Org{CLEAR}")
    cli.run("relate", path, f"Ivan {SPOOF} Petrov", f"owns{TITLE_ESC}", f"Org{CLEAR}")
    source = cli.tmp / f"note{TITLE_ESC}.txt"
    source.write_text(f"Paid {SPOOF} to Ivan Petrov {CLEAR} in full.\n", "utf-8")
    cli.run("import", path, source, "--title", f"Title {SPOOF}{TITLE_ESC}")
    return path


def test_lists_commands(cli: Cli) -> None:
    shown = cli.run("lists", "show")
    _assert_safe(shown.stdout + shown.stderr, "lists show")
    assert "\u241b" in shown.stdout  # the visible ESC mark
    again = cli.run("lists", "import", _list_file(cli.tmp / "lists-again"))
    _assert_safe(again.stdout + again.stderr, "lists import")


def test_screen_a_name(cli: Cli) -> None:
    result = cli.run("screen", "Ivan Petrov", "--threshold", "0.5")
    _assert_safe(result.stdout + result.stderr, "screen")
    assert "\u21c4" in result.stdout  # the bidi override shown as a mark
    assert "NK-\u241b[2J" in result.stdout


def test_case_commands(cli: Cli, case: Path) -> None:
    runs = [("show", case), ("entity", "list", case),
            ("entity", "show", case, f"Ivan {SPOOF} Petrov"),
            ("search", case, "Ivan"), ("search", case, "Paid"),
            ("screen-case", case, "--threshold", "0.5")]
    for args in runs:
        result = cli.run(*args)
        _assert_safe(result.stdout + result.stderr, " ".join(map(str, args[:2])))
    assert "\u21c4" in cli.run("entity", "list", case).stdout


def test_decide_prints_marks(cli: Cli, case: Path) -> None:
    hits = cli.json("screen-case", case, "--threshold", "0.5")["hits"]
    assert hits, "the hostile entry must be proposed"
    result = cli.run("decide", case, hits[0]["id"], "confirm")
    _assert_safe(result.stdout + result.stderr, "decide")
    dossier = cli.run("entity", "show", case, hits[0]["card_id"])
    _assert_safe(dossier.stdout + dossier.stderr, "entity show after confirm")


def test_errors_naming_file_content(cli: Cli, case: Path) -> None:
    stderr = cli.fails("entity", "show", case, f"Nobody{CLEAR}\u202e")
    _assert_safe(stderr, "error naming a card")
    bad = cli.tmp / "bad"
    bad.mkdir()
    broken = bad / f"b{TITLE_ESC}.targets.simple.csv"
    broken.write_text(",".join(HEADER) + "\n" + ",Person," + "," * 13 + "\n", "utf-8")
    stderr = cli.fails("lists", "import", broken)
    _assert_safe(stderr, "ListFormatError")
    assert "\u241b" in stderr


def test_json_stays_exact(cli: Cli, case: Path) -> None:
    """JSON is for scripts: the exact text, escaped by the encoder, not marked."""
    data = cli.json("show", case)
    assert data["case"]["title"] == f"Case {TITLE_ESC}{SPOOF}"


def test_writing_commands_echo_marks(cli: Cli) -> None:
    """The lines a command prints about what it just wrote quote the file's text marked."""
    path = cli.tmp / "echo.osintcase"
    outputs = [cli.run("new", path, "--title", f"T{TITLE_ESC}")]
    outputs.append(cli.run("entity", "add", path, "--type", "Person", "--name",
                           f"Ivan {SPOOF} Petrov"))
    outputs.append(cli.run("entity", "add", path, "--type", "Organization", "--name",
                           f"Org{CLEAR}"))
    outputs.append(cli.run("relate", path, f"Ivan {SPOOF} Petrov", f"owns{TITLE_ESC}",
                           f"Org{CLEAR}"))
    source = cli.tmp / f"echo{TITLE_ESC}.txt"
    source.write_text(f"Paid {SPOOF} to Org{CLEAR} in full.\n", "utf-8")
    outputs.append(cli.run("import", path, source, "--title", f"Title {SPOOF}"))
    hits = cli.json("search", path, "Paid")["hits"]
    hit = next(h for h in hits if h["kind"] == "source")
    outputs.append(cli.run("excerpt", "add", path, "--source", hit["id"], "--quote",
                           f"Paid {SPOOF}"))
    for result in outputs:
        _assert_safe(result.stdout + result.stderr, " ".join(result.args[3:5]))
    assert "\u21c4" in outputs[-1].stdout and "\u241b" in outputs[3].stdout
