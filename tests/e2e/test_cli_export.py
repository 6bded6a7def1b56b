"""``osint-desk export`` end to end: the demo case in every format, each result opened."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
import zipfile

import pytest
from cli_runner import Cli
from lxml import html as lxml_html
from pypdf import PdfReader


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    runner = Cli(tmp_path_factory.mktemp("export"))
    runner.run("demo", runner.tmp / "demo.osintcase")
    return runner


def test_every_format(cli: Cli) -> None:
    case = cli.tmp / "demo.osintcase"
    outputs = {"html": "r.html", "pdf": "r.pdf", "odt": "r.odt", "md": "r.md",
               "bundle": "b.zip", "ftm": "c.ftm.json", "csv": "t.zip", "json": "c.json"}
    for fmt, name in outputs.items():
        assert cli.run("export", case, "--format", fmt, "-o", cli.tmp / name).stdout == (
            f"Wrote {cli.tmp / name}\n")
    page = lxml_html.document_fromstring((cli.tmp / "r.html").read_text("utf-8"))
    assert page.xpath('//div[@class="footnote"]//li') and not page.xpath("//script")
    reader = PdfReader(cli.tmp / "r.pdf")
    assert len(reader.pages) > 3
    pdf_text = unicodedata.normalize("NFKC", "".join(
        "".join(page.extract_text().split()) for page in reader.pages))  # "ﬀ" is "ff"
    notes = pdf_text[pdf_text.rindex("Notes1."):]
    assert "NorthKoreanMinistryofForeignAffairs(denies),viaKCNA:" in notes
    assert notes.count("“InastatementcarriedbyKCNA") == 1  # the denial is one note
    with zipfile.ZipFile(cli.tmp / "r.odt") as odt:
        assert "Wagner" in odt.read("content.xml").decode("utf-8")
    assert (cli.tmp / "r.md").read_text("utf-8").startswith("# North Korean arms")
    with zipfile.ZipFile(cli.tmp / "b.zip") as bundle:
        manifest = bundle.read("SHA256SUMS").decode("utf-8").splitlines()
        names = set(bundle.namelist())
        for line in manifest:
            digest, path = line.split("  ", 1)
            assert hashlib.sha256(bundle.read(path)).hexdigest() == digest
        unlisted = ("SHA256SUMS", "SHA256SUMS.sig", "SHA256SUMS.tsq")  # made from SHA256SUMS
        assert {p for p in names if p not in unlisted} == {
            line.split("  ", 1)[1] for line in manifest}
        assert {"report/report.html", "report/report.pdf", "VERIFY.md"} <= names
    lines = (cli.tmp / "c.ftm.json").read_text("utf-8").splitlines()
    assert {json.loads(line)["schema"] for line in lines} >= {"Person", "Sanction", "Article"}
    with zipfile.ZipFile(cli.tmp / "t.zip") as tables:
        rows = list(csv.DictReader(io.StringIO(tables.read("entities.csv").decode("utf-8-sig"))))
    assert any(row["name"] == "Wagner Group" for row in rows)
    assert json.loads((cli.tmp / "c.json").read_text("utf-8"))["case"]["title"]


def test_sections_cards_and_edited_markdown(cli: Cli) -> None:
    case = cli.tmp / "demo.osintcase"
    cli.run("export", case, "-f", "md", "-o", cli.tmp / "s.md", "--sections",
            "cover,sanctions", "--card", "Wagner Group")
    text = (cli.tmp / "s.md").read_text("utf-8")
    assert "## Sanctions" in text and "## Entity profiles" not in text
    assert "Wagner Group" in text and "Yevgeny Prigozhin" not in text
    edited = cli.tmp / "edited.md"
    edited.write_text("# My own title\n\nA line I wrote.\n", "utf-8")
    cli.run("export", case, "-f", "html", "-o", cli.tmp / "e.html", "--from-markdown", edited)
    assert "A line I wrote." in (cli.tmp / "e.html").read_text("utf-8")


def test_bad_input(cli: Cli) -> None:
    case = cli.tmp / "demo.osintcase"
    cli.fails("export", case, "-f", "pdf", "-o", cli.tmp / "missing" / "r.pdf",
              says="does not exist")
    cli.fails("export", case, "-f", "json", "-o", cli.tmp / "x.json", "--sections", "cover",
              says="apply to reports only")
    cli.fails("export", case, "-f", "md", "-o", cli.tmp / "x.md", "--sections", "nope",
              code=2, says="unknown section")
    cli.fails("export", case, "-f", "md", "-o", cli.tmp, says="is a folder")


def test_ftm_of_one_saved_chart(cli: Cli) -> None:
    from osint_desk.core.chart.state import ChartState
    from osint_desk.core.store import CaseStore

    case = cli.tmp / "chart-demo.osintcase"
    cli.run("demo", case)
    with CaseStore.open(case) as store:
        ids = {name: store.entities.resolve(name).id for name in (
            "Yevgeny Prigozhin", "Wagner Group", "North Korea")}
        store.charts.create("Wagner supply", ChartState().with_cards(
            {card: (100.0 * n, 0.0) for n, card in enumerate(ids.values())}))
    out = cli.tmp / "chart.ftm.json"
    assert cli.run("export", case, "--format", "ftm", "--chart", "Wagner supply",
                   "-o", out).stdout == f"Wrote {out}\n"
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    parties = {row["id"]: row["properties"]["name"][0] for row in rows
               if row["schema"] in ("Person", "Organization", "PublicBody", "Company")}
    assert sorted(parties.values()) == ["North Korea", "Wagner Group", "Yevgeny Prigozhin"]
    links = [row for row in rows if row["schema"] in ("UnknownLink", "Payment", "Associate")]
    roles = sorted(link["properties"].get("role", [link["schema"]])[0] for link in links)
    assert roles == ["Payment", "controls", "supplied"]  # the three links among the three
    for link in links:
        ends = [value for key in ("subject", "object", "payer", "beneficiary")
                for value in link["properties"].get(key, ())]
        assert ends and set(ends) <= set(parties), link
    whole = cli.tmp / "whole.ftm.json"
    cli.run("export", case, "--format", "ftm", "-o", whole)
    assert len(whole.read_text("utf-8").splitlines()) > len(rows)
    cli.fails("export", case, "--format", "ftm", "--chart", "Nope", "-o", cli.tmp / "x.json",
              says="no chart 'Nope' in this case (saved charts: 'Wagner supply')")
    cli.fails("export", case, "--format", "pdf", "--chart", "Wagner supply", "-o",
              cli.tmp / "x.pdf", says="--chart applies to --format ftm only")
    assert not (cli.tmp / "x.json").exists() and not (cli.tmp / "x.pdf").exists()
