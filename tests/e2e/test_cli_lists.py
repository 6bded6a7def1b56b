"""``osint-desk lists`` end to end, in a subprocess, with the real sample files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SANCTIONS

REPO = Path(__file__).resolve().parents[2]
SAMPLES = SANCTIONS
pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)


def test_import_show_update_remove(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    out = cli.run("lists", "show").stdout
    assert "no lists imported" in out
    report = cli.json("lists", "import", SAMPLES / "ofac_sdn_csv_full_2019")
    assert (report["list_key"], report["added"], report["total"]) == ("ofac-sdn", 7379, 7379)
    assert report["published"] is None
    un = cli.run("lists", "import", SAMPLES / "un_consolidated_2026-02-27.xml").stdout
    assert "un-sc: 1003 entries (added 1003, removed 0, changed 0)" in un
    assert "published 2026-02-27" in un
    cons = sorted((SAMPLES / "ofac_cons_csv_2025").glob("cons_*.csv"))
    report = cli.json("lists", "import", *cons, "--published", "2025-12-19")
    assert (report["total"], report["published"]) == (442, "2025-12-19")
    # A publication that removes most of the list (here: the 2025 subset) is refused, and
    # replaces the old one once --replace confirms it.
    err = cli.fails("lists", "import", SAMPLES / "ofac_sdn_csv_subset_2025",
                    says="would remove 7,373 of 7,379 entries (99.9 %)")
    assert "update refused, the library is unchanged" in err and "--replace" in err
    report = cli.json("lists", "import", SAMPLES / "ofac_sdn_csv_subset_2025", "--replace")
    assert report["total"] == 17 and report["removed"] + report["changed"] >= 7362
    shown = {row["list_key"]: row for row in cli.json("lists", "show")}
    assert {k: v["entries"] for k, v in shown.items()} == {
        "ofac-cons": 442, "ofac-sdn": 17, "un-sc": 1003}
    assert shown["ofac-sdn"]["has_previous"] and not shown["un-sc"]["has_previous"]
    assert shown["un-sc"]["published"] == "2026-02-27"
    table = cli.run("lists", "show").stdout
    assert "unknown" in table and "UN Security Council" in table
    assert shown["un-sc"]["file_sha256"][:12] in table
    assert cli.run("lists", "remove", "ofac-cons").stdout.strip() == "removed ofac-cons"
    assert [r["list_key"] for r in cli.json("lists", "show")] == ["ofac-sdn", "un-sc"]


def test_errors_are_one_line_on_stderr(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa">]><a>&a;</a>',
                    encoding="utf-8")
    err = cli.run("lists", "import", bomb, code=1).stderr
    assert err.startswith("osint-desk: error: ") and "bomb.xml" in err and "refused" in err
    err = cli.run("lists", "import", SAMPLES / "README.md", code=1).stderr
    assert "README.md: not a list format" in err
    err = cli.run("lists", "import", SAMPLES / "un_consolidated_subset_derived.xml",
                  "--format", "eu-xml", code=1).stderr
    assert "expected <export>" in err
    err = cli.run("lists", "import", tmp_path / "missing.xml", code=1).stderr
    assert "missing.xml: no such file" in err
    err = cli.run("lists", "remove", "nope", code=1).stderr
    assert "no list 'nope'" in err
    err = cli.run("lists", "import", SAMPLES / "eu_fsf_xml_excerpt_2024-12-11.xml",
                  "--published", "yesterday", code=2).stderr
    assert "yesterday" in err
    assert cli.json("lists", "show") == []


def test_formats_without_a_published_sample(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    fixtures = REPO / "tests" / "core" / "fixtures" / "sanctions"
    report = cli.json("lists", "import", fixtures / "ofac_sdn_tempuri_sample.xml")
    assert (report["list_key"], report["total"], report["published"]) == (
        "ofac-sdn", 3, "2018-12-20")
    report = cli.json("lists", "import", fixtures / "uk_sanctions_list_sample.csv",
                      "--format", "uk-csv")
    assert (report["list_key"], report["total"]) == ("uk-fcdo", 2)
    err = cli.run("lists", "import", fixtures / "uk_sanctions_list_sample.csv",
                  "--format", "eu-csv", code=1).stderr
    assert "uk_sanctions_list_sample.csv: line 1: the header lacks" in err


def test_a_refused_update_then_replace_and_restore(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    sdn = SAMPLES / "ofac_sdn_csv_full_2019"
    cli.run("lists", "import", sdn, "--published", "2019-05-01")
    err = cli.fails("lists", "import", sdn / "sdn.csv", says="ofac-sdn: update refused")
    assert ("would remove 9,675 of 11,712 aliases (83 %). It comes from sdn.csv alone; the"
            " held publication came from add.csv, alt.csv, sdn.csv, sdn_comments.csv.") in err
    assert err.count("\n") == 1  # one line, no traceback
    assert cli.json("lists", "show")[0]["published"] == "2019-05-01"  # unchanged

    out = cli.run("lists", "import", sdn / "sdn.csv", "--replace").stdout
    assert "ofac-sdn: 7379 entries (added 0, removed 0, changed 6067)" in out
    table = cli.run("lists", "show").stdout.splitlines()
    assert table[0].split()[-1] == "PREVIOUS" and table[1].split()[-1] == "2019-05-01"

    out = cli.run("lists", "restore", "ofac-sdn").stdout
    assert out.startswith("ofac-sdn: restored the previous publication, 7379 entries")
    assert "published 2019-05-01" in out and "again redoes the update" in out
    [shown] = cli.json("lists", "show")
    assert (shown["published"], shown["names"]) == ("2019-05-01", 19091)
    assert (shown["has_previous"], shown["previous_published"]) == (True, None)
    report = cli.json("lists", "restore", "ofac-sdn")  # redo
    assert (report["published"], report["total"]) == (None, 7379)
    cli.fails("lists", "restore", "un-sc", says="un-sc: no previous publication is kept")
