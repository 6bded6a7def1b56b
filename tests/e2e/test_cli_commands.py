"""The command line end to end: ``python -m osint_desk`` in a subprocess, as users run it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli

from osint_desk.cli import main
from osint_desk.core.store import APPLICATION_ID, SCHEMA_VERSION

MIXED = ("Заявление МИД: «Никаких поставок не было».\n"
         "中文报道称朝鲜向瓦格纳集团交付了武器。\n"
         "Reactions: 👨‍👩‍👧 family emoji, 🇺🇦 flag, 👍🏽 thumbs.\n"
         "Café — naïve déjà vu.")


@pytest.fixture(scope="module")
def demo_cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cli, Path]]:
    """The demo case, built once by the CLI and only read by the tests that share it."""
    tmp = tmp_path_factory.mktemp("demo")
    cli = Cli(tmp)
    case = tmp / "demo.osintcase"
    cli.run("demo", case)
    yield cli, case


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def case(cli: Cli) -> Path:
    path = cli.tmp / "work.osintcase"
    cli.run("new", path, "--title", "Work case", "--author", "Tester", "--marking", "TLP:AMBER")
    return path


def _import(cli: Cli, case: Path, name: str, text: str) -> str:
    path = cli.tmp / name
    path.write_text(text, encoding="utf-8")
    report = cli.json("import", case, path)
    assert report["files"][0]["status"] == "imported", report
    return str(report["files"][0]["source_id"])


# -- the demo case ------------------------------------------------------------------------


def test_demo_case_counts_and_file_markers(demo_cli: tuple[Cli, Path]) -> None:
    cli, case = demo_cli
    shown = cli.json("show", case)
    counts = shown["counts"]
    assert counts["sources"] >= 1 and counts["excerpts"] >= 12
    assert counts["entities"] >= 15 and counts["relationships"] >= 8
    assert counts["sanctions"] == 4
    assert shown["case"]["title"] and len(shown["case"]["id"]) == 36
    with sqlite3.connect(f"{case.resolve().as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert APPLICATION_ID == 0x4F53444B
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    text = cli.run("show", case).stdout
    assert "sanctions:" in text and shown["case"]["id"] in text


def test_search_finds_every_kind_and_aliases_in_other_scripts(demo_cli: tuple[Cli, Path]) -> None:
    cli, case = demo_cli
    found = cli.json("search", case, "Prigozhin", "--limit", "200")
    assert {"source", "excerpt", "entity"} <= {hit["kind"] for hit in found["hits"]}
    for hit in found["hits"]:
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower().startswith("prigozhin")
        if hit["kind"] == "excerpt":
            assert hit["parent_id"] and isinstance(hit["score"], float)
    cyrillic = cli.json("search", case, "Пригожин")["hits"]
    assert any(h["kind"] == "entity" and "Prigozhin" in h["label"] for h in cyrillic)
    only = cli.json("search", case, "Prigozhin", "--kind", "entity")["hits"]
    assert only and {h["kind"] for h in only} == {"entity"}
    piped = cli.run("search", case, "Prigozhin", "--limit", "3").stdout
    assert "[Prigozhin]" in piped and "\x1b[" not in piped  # no escapes when not a TTY


def test_dossier_shows_relationships_both_ways(demo_cli: tuple[Cli, Path]) -> None:
    cli, case = demo_cli
    dossier = cli.json("entity", "show", case, "Wagner Group")
    directions = {view["direction"] for view in dossier["relationships"]}
    assert directions == {"outgoing", "incoming"}
    assert all(view["other"]["name"] for view in dossier["relationships"])
    assert dossier["excerpts"] and dossier["sources"]
    text = cli.run("entity", "show", case, "Wagner Group").stdout
    assert "Relationships (" in text and "Excerpts (" in text
    listed = cli.json("entity", "list", case, "--type", "person")
    assert listed["count"] == len(listed["entities"]) > 0
    assert {e["type"] for e in listed["entities"]} == {"Person"}


def test_every_help_exits_zero(cli: Cli) -> None:
    commands = [[], ["new"], ["demo"], ["open"], ["show"], ["search"], ["import"], ["excerpt"],
                ["excerpt", "add"], ["entity"], ["entity", "add"], ["entity", "show"],
                ["entity", "list"], ["relate"]]
    for command in commands:
        result = cli.run(*command, "--help")
        assert result.stdout.startswith("usage: osint-desk"), command
    assert cli.run("--version").stdout.startswith("osint-desk ")


def test_headless_commands_never_import_qt(cli: Cli, case: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "osint_desk", "show", str(case)],
        env=cli.env, capture_output=True, text=True, check=True)
    assert "PySide6" not in result.stderr


# -- creating cases -----------------------------------------------------------------------


def test_new_refuses_an_existing_file_and_warns_about_the_suffix(cli: Cli, case: Path) -> None:
    before = case.read_bytes()
    cli.fails("new", case, "--title", "Again", says="already exists")
    assert case.read_bytes() == before
    other = cli.tmp / "notes.db"
    result = cli.run("new", other, "--title", "Odd name")
    assert ".osintcase" in result.stderr and other.exists()
    shown = cli.json("show", case)["case"]
    assert (shown["title"], shown["author"], shown["marking"]) == (
        "Work case", "Tester", "TLP:AMBER")


def test_demo_refuses_to_overwrite_unless_forced_and_only_a_case(cli: Cli, case: Path) -> None:
    old_id = cli.json("show", case)["case"]["id"]
    cli.fails("demo", case, says="--force")
    cli.run("demo", case, "--force")
    shown = cli.json("show", case)
    assert shown["case"]["id"] != old_id and shown["counts"]["sanctions"] == 4
    assert not [p for p in cli.tmp.iterdir() if p.name.endswith(".tmp")]
    thesis = cli.tmp / "thesis.txt"
    thesis.write_text("my thesis", encoding="utf-8")
    cli.fails("demo", thesis, "--force", says="only OSINT Desk cases")
    assert thesis.read_text(encoding="utf-8") == "my thesis"


def test_demo_refresh_writes_a_missing_or_outdated_demo_and_keeps_a_changed_one(
        cli: Cli, case: Path) -> None:
    """``dev.py run`` says ``demo --refresh``: after a pull the window shows the new demo,
    and an analyst's work in their copy of the demo is never written over."""
    demo = cli.tmp / "demo.osintcase"
    assert "created the demo case" in cli.run("demo", "--refresh", demo).stdout
    first = cli.json("show", demo)["case"]["id"]
    assert "kept the demo case" in cli.run("demo", "--refresh", demo).stdout  # up to date
    os.utime(demo, (0, 0))  # written long before the demo's content
    cli.run("demo", "--refresh", demo)
    second = cli.json("show", demo)["case"]["id"]
    assert second != first
    cli.run("entity", "add", demo, "--type", "Person", "--name", "Dmitry Utkin")  # the user's own
    os.utime(demo, (0, 0))
    kept = cli.json("demo", "--refresh", demo)
    assert kept["kept"] and kept["case"]["id"] == second
    assert cli.json("entity", "show", demo, "Dmitry Utkin")["entity"]["name"] == "Dmitry Utkin"
    # Never another case, whatever its age: it is not the demo's.
    old_id = cli.json("show", case)["case"]["id"]
    os.utime(case, (0, 0))
    assert cli.json("demo", "--refresh", case)["case"]["id"] == old_id


# -- errors -------------------------------------------------------------------------------


def test_errors_are_one_clear_message_and_a_nonzero_exit(cli: Cli, case: Path) -> None:
    cli.fails("show", cli.tmp / "missing.osintcase", says="no such file")
    text_file = cli.tmp / "notes.txt"
    text_file.write_text("not a case", encoding="utf-8")
    cli.fails("show", text_file, says="not an OSINT Desk case")
    cli.fails("entity", "show", case, "Nobody", says="no card named 'Nobody'")
    cli.fails("open", cli.tmp / "typo.osintcase", says="no such file")
    source = _import(cli, case, "kcna.txt", "KCNA said the report was a rumour.")
    cli.fails("import", case, text_file, "--published", "2022-13", code=2, says="no month 13")
    cli.fails("relate", case, "A", "owns", "B", "--start", "2022-02-30", code=2,
              says="not a valid date")
    cli.fails("import", case, text_file, "--reliability", "G", code=2, says="A-F")
    cli.fails("excerpt", "add", case, "--source", source, "--start", "3", code=2,
              says="--start and --end go together")
    cli.fails("excerpt", "add", case, "--source", source, "--start", "9", "--end", "3",
              says="outside the source text")
    cli.fails("excerpt", "add", case, "--source", source, "--quote", "not in the text",
              says="is not in the source text")
    cli.fails("excerpt", "add", case, "--source", source, "--credibility", "7",
              "--quote", "KCNA", code=2, says="credibility")
    cli.fails("search", case, "x", "--kind", "planet", code=2, says="unknown kind")
    cli.fails("bogus", code=2, says="invalid choice")
    assert cli.json("show", case)["counts"]["excerpts"] == 0


def test_an_ambiguous_card_lists_the_candidates(cli: Cli, case: Path) -> None:
    one = cli.json("entity", "add", case, "--type", "Person", "--name", "Yevgeny Prigozhin",
                   "--alias", "Chef")["entity"]
    added = cli.run("entity", "add", case, "--type", "ORGANIZATION", "--name", "Concord",
                    "--alias", "chef", "--json")
    assert "already has the name" in added.stderr  # warned, but allowed
    two = json.loads(added.stdout)["entity"]
    assert two["type"] == "Organization"
    message = cli.fails("entity", "show", case, "CHEF", says="ambiguous")
    assert one["id"] in message and two["id"] in message
    cli.fails("relate", case, "chef", "funded", "Concord", says="ambiguous")
    assert cli.json("entity", "show", case, one["id"])["entity"]["name"] == "Yevgeny Prigozhin"


def test_an_unexpected_failure_is_an_internal_error_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setenv("OSINT_DESK_HOME", str(tmp_path))
    monkeypatch.delenv("OSINT_DESK_DEBUG", raising=False)
    monkeypatch.setattr("osint_desk.core.store.CaseStore.open", broken)
    assert main(["show", str(tmp_path / "x.osintcase")]) == 70
    err = capsys.readouterr().err
    assert err.startswith("osint-desk: internal error: RuntimeError: boom second line")
    assert "Traceback" not in err


# -- importing ----------------------------------------------------------------------------


def test_import_reports_each_file_and_keeps_the_good_ones(cli: Cli, case: Path) -> None:
    good = cli.tmp / "kirby.txt"
    good.write_text("Kirby: North Korea completed an initial weapons delivery.", "utf-8")
    copy = cli.tmp / "kirby-copy.txt"
    copy.write_bytes(good.read_bytes())
    bad = cli.tmp / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))

    result = cli.run("import", case, good, copy, bad, code=1)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("imported ") and "kirby" in lines[0]
    source_id = lines[0].split()[1]
    assert lines[1].startswith(f"duplicate of {source_id}")
    assert "failed: scan.txt: " in result.stderr
    assert cli.json("show", case)["counts"]["sources"] == 1

    again = cli.run("import", case, good, bad, "--json", code=1)
    report = json.loads(again.stdout)
    assert [f["status"] for f in report["files"]] == ["duplicate", "failed"]
    assert report["files"][0]["source_id"] == source_id
    assert (report["imported"], report["duplicates"], report["failed"]) == (0, 1, 1)

    dated = cli.tmp / "briefing.txt"
    dated.write_text("Briefing transcript, 22 December.", "utf-8")
    (entry,) = cli.json("import", case, dated, "--title", "White House briefing",
                        "--url", "https://example.org/b", "--published",
                        "2022-12-22T18:30+09:00", "--reliability", "b")["files"]
    assert (entry["status"], entry["title"]) == ("imported", "White House briefing")
    cli.fails("import", case, good, dated, "--title", "One title", says="one source")


def test_excerpts_by_quote_in_any_script(cli: Cli, case: Path) -> None:
    source = _import(cli, case, "mixed.txt", MIXED)
    for quote in ("«Никаких поставок не было»", "朝鲜向瓦格纳集团", "👨‍👩‍👧 family emoji, 🇺🇦",
                  "👍🏽", "naïve"):
        excerpt = cli.json("excerpt", "add", case, "--source", source, "--quote", quote)
        excerpt = excerpt["excerpt"]
        assert excerpt["quote"] == quote
        assert (excerpt["start"], excerpt["end"]) == (MIXED.index(quote),
                                                      MIXED.index(quote) + len(quote))
    by_offsets = cli.json("excerpt", "add", case, "--source", source, "--start", "0", "--end",
                          "10")["excerpt"]
    assert by_offsets["quote"] == MIXED[:10]
    cli.fails("excerpt", "add", case, "--source", source, "--quote", "👨",
              says="splits a character")
    with sqlite3.connect(f"{case.resolve().as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT s.text, e.start_offset, e.end_offset, e.quote FROM"
                            " excerpts e JOIN sources s ON s.id = e.source_id").fetchall()
    assert len(rows) == 6
    assert all(text[start:end] == quote for text, start, end, quote in rows)


def test_excerpt_links_relationships_with_evidence_and_both_directions(
    cli: Cli, case: Path
) -> None:
    source = _import(cli, case, "kcna.txt",
                     "The White House said North Korea delivered arms to Wagner. KCNA said"
                     " North Korea never sold arms to Russia.")
    for kind, name, alias in (("PublicBody", "North Korea", "DPRK"),
                              ("Organization", "Wagner Group", "ЧВК Вагнер"),
                              ("Organization", "KCNA", "Korean Central News Agency")):
        cli.run("entity", "add", case, "--type", kind, "--name", name, "--alias", alias)
    claim = cli.json("excerpt", "add", case, "--source", source, "--quote",
                     "North Korea delivered arms to Wagner", "--stance", "asserts",
                     "--credibility", "3", "--event-date", "2022-11",
                     "--entity", "DPRK", "--entity", "ЧВК Вагнер")["excerpt"]
    denial = cli.json("excerpt", "add", case, "--source", source, "--quote",
                      "North Korea never sold arms to Russia", "--stance", "denies",
                      "--channel", "KCNA", "--speaker", "North Korea")["excerpt"]
    assert len(claim["entity_ids"]) == 2 and claim["event_date"] == "2022-11"
    assert denial["channel_id"] and denial["speaker_id"]

    supplied = cli.json("relate", case, "DPRK", "supplied", "Wagner Group", "--evidence",
                        claim["id"], "--evidence", f"{denial['id']}:contradicts",
                        "--start", "2022-11", "--confidence", "60")["relationship"]
    assert {(e["excerpt_id"], e["role"]) for e in supplied["evidence"]} == {
        (claim["id"], "supports"), (denial["id"], "contradicts")}
    assert supplied["likelihood"] == "likely"
    assert (supplied["subject"]["name"], supplied["object"]["name"]) == (
        "North Korea", "Wagner Group")
    cli.run("relate", case, "KCNA", "speaks for", "North Korea")
    cli.fails("relate", case, "DPRK", "supplied", "Wagner Group", "--start", "2023",
              "--end", "2022", says="ends (2022) before it starts (2023)")

    dossier = cli.json("entity", "show", case, "North Korea")
    views = {(v["direction"], v["predicate"], v["other"]["name"]): v
             for v in dossier["relationships"]}
    assert set(views) == {("outgoing", "supplied", "Wagner Group"),
                          ("incoming", "speaks for", "KCNA")}
    roles = {e["role"] for e in views["outgoing", "supplied", "Wagner Group"]["evidence"]}
    assert roles == {"supports", "contradicts"}
    assert {e["id"] for e in dossier["excerpts"]} == {claim["id"], denial["id"]}
    assert [s["id"] for s in dossier["sources"]] == [source]
    text = cli.run("entity", "show", case, "DPRK").stdout
    assert "contradicts: excerpt " + denial["id"] in text


def test_read_commands_leave_the_file_untouched(cli: Cli, case: Path) -> None:
    _import(cli, case, "a.txt", "Some text about Wagner.")
    with sqlite3.connect(case) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    audit_rows = _audit_count(case)
    cli.run("show", case)
    cli.run("search", case, "Wagner")
    cli.run("entity", "list", case)
    assert _audit_count(case) == audit_rows


def _audit_count(case: Path) -> int:
    with sqlite3.connect(f"{case.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_open_passes_the_gui_options_through(demo_cli: tuple[Cli, Path]) -> None:
    pytest.importorskip("PySide6.QtWidgets", exc_type=ImportError)
    cli, case = demo_cli
    shot = cli.tmp / "shot.png"
    cli.run("open", case, "--read-only", "--screenshot", shot, "--size", "640x480",
            "--theme", "dark")
    assert shot.read_bytes().startswith(b"\x89PNG")
    cli.fails("open", case, "--size", "big", code=2, says="WIDTHxHEIGHT")


def test_open_without_a_case_shows_the_welcome_page(tmp_path: Path) -> None:
    """What the desktop entry runs (``Exec=osint-desk open %f`` with no file)."""
    pytest.importorskip("PySide6.QtWidgets", exc_type=ImportError)
    cli = Cli(tmp_path)
    shot = tmp_path / "welcome.png"
    cli.run("open", "--screenshot", shot, "--size", "800x600")
    assert shot.read_bytes().startswith(b"\x89PNG")
