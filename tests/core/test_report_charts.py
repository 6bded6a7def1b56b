"""A saved chart in the report: its drawing where the text marks it, its links with notes."""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from osint_desk.core.chart.layout import force_layout
from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import load_graph
from osint_desk.core.report import ReportOptions, compose_report
from osint_desk.core.report.html import body_html
from osint_desk.core.store import CaseStore
from osint_desk.docwriter.export import export_report

# The PDF and ODT are laid out by Qt in this process.
pytestmark = pytest.mark.usefixtures("document_app")


def _chart(store: CaseStore, name: str = "DPRK supply") -> str:
    graph = load_graph(store)
    names = {n.name: n.id for n in graph.nodes.values()}
    cards = [names[n] for n in ("North Korea", "Wagner Group", "Yevgeny Prigozhin", "KCNA")]
    links = [(x.subject_id, x.object_id) for x in graph.links_among(cards)]
    return store.charts.create(name, ChartState().with_cards(force_layout(cards, links))).id


def test_the_section_lists_the_links_with_their_notes(demo: CaseStore) -> None:
    chart_id = _chart(demo)
    report = compose_report(demo)
    text = report.markdown
    section = text[text.index("## Link charts"):text.index("## Timeline")]
    assert "### DPRK supply" in section and "{{chart:" + chart_id + "}}" in section
    row = next(line for line in section.splitlines() if "| supplied |" in line)
    assert row.startswith("| North Korea | supplied | Wagner Group |")
    assert "4 for, 1 against" in row and "(contradicts)[^" in row
    assert "| controls |" in section and "| represents |" in section
    assert "Vladimir Putin" not in section  # not on the chart
    none = compose_report(demo, ReportOptions(chart_ids=()))
    assert "## Link charts" not in none.markdown
    assert "drawn when the report is exported" in body_html(text)  # the preview says so


def test_html_pdf_and_odt_carry_the_drawing(demo: CaseStore, tmp_path: Path) -> None:
    chart_id = _chart(demo)
    export_report(demo, "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text("utf-8")
    data = re.search(r'<img alt="Link chart: DPRK supply" src="data:image/svg\+xml;base64,'
                     r'([A-Za-z0-9+/=]+)"', page)
    assert data is not None and "{{chart:" not in page
    svg = ElementTree.fromstring(base64.b64decode(data.group(1)))
    assert "Wagner Group" in "".join(svg.itertext())
    export_report(demo, "pdf", tmp_path / "r.pdf")
    reader = PdfReader(tmp_path / "r.pdf")
    pages = [p for p in reader.pages if "Link charts" in " ".join((p.extract_text() or "").split())]
    assert pages and any(p.images for p in pages), "the chart's page holds its image"
    export_report(demo, "odt", tmp_path / "r.odt")
    with zipfile.ZipFile(tmp_path / "r.odt") as odt:
        pictures = [n for n in odt.namelist() if n.startswith("Pictures/")]
        assert pictures and odt.read(pictures[0])[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0",
                                                           b"\xff\xd8\xff\xe1")
    assert chart_id


def test_a_marker_for_a_chart_that_is_gone(demo: CaseStore, tmp_path: Path) -> None:
    chart_id = _chart(demo)
    text = compose_report(demo).markdown
    demo.charts.delete(chart_id)
    export_report(demo, "html", tmp_path / "r.html", markdown_text=text)
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "[link chart not found]" in page and 'alt="Link chart' not in page
    assert page.count("data:image/svg") == 1  # the case's map only
    forged = text + "\n\n{{chart:../../etc/passwd}}\n"
    export_report(demo, "html", tmp_path / "f.html", markdown_text=forged)
    assert "etc/passwd" in (tmp_path / "f.html").read_text("utf-8")  # left as inert text
