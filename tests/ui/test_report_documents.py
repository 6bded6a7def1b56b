"""PDF and ODT of the report, laid out by Qt: the quotes are in them, links stay safe."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from pypdf import PdfReader

from osint_desk.core.demo import build_demo_case
from osint_desk.core.report import compose_report
from osint_desk.core.store import CaseStore
from osint_desk.docwriter.odt import write_odt
from osint_desk.docwriter.pdf import write_pdf


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).replace("\u00ad", "")
    return re.sub(r"\s+", "", value)


def _hostile_case(path: Path) -> CaseStore:
    store = CaseStore.create(path, "Hostile <script>alert(1)</script>", actor="tester",
                             marking="RESTRICTED <b>x</b>")
    source = store.sources.add(text="He said: <a href='javascript:alert(1)'>x</a> here.",
                               title="[t](javascript:alert(2))", kind="article",
                               url="https://example.org/a")
    card = store.entities.add("Person", "Name [x](file:///etc/passwd)",
                              description="[ok](https://example.org/b) [bad](data:text/html,x)")
    store.excerpts.add_by_quote(source.id, "He said:", entity_ids=[card.id])
    store.update_meta(findings="[local](file:///etc/passwd) and [js](javascript:alert(3))")
    return store


def test_pdf_holds_every_quote_and_only_safe_links(qapp: object, tmp_path: Path) -> None:
    with build_demo_case(tmp_path / "demo.osintcase") as demo:
        report = compose_report(demo)
        quotes = [e.quote for e in demo.excerpts.list()]
    out = tmp_path / "report.pdf"
    pages = write_pdf(report.markdown, report.meta, out)
    reader = PdfReader(out)
    assert len(reader.pages) == pages > 3
    extracted = _norm("".join(page.extract_text() for page in reader.pages))
    for quote in quotes:
        assert _norm(quote) in extracted, quote[:50]
    assert "Page1of" in extracted and _norm(report.meta.marking) in extracted
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not uri or uri.startswith(("http://", "https://")), uri


def test_odt_holds_every_quote(qapp: object, tmp_path: Path) -> None:
    with build_demo_case(tmp_path / "demo.osintcase") as demo:
        report = compose_report(demo)
        quotes = [e.quote for e in demo.excerpts.list()]
    out = tmp_path / "report.odt"
    write_odt(report.markdown, report.meta, out)
    with zipfile.ZipFile(out) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = odt.read("content.xml").decode("utf-8")
    plain = _norm(re.sub(r"<[^>]+>", "", content).replace("&apos;", "'")
                  .replace("&quot;", '"').replace("&amp;", "&"))
    for quote in quotes:
        assert _norm(quote) in plain, quote[:50]


def test_hostile_content_never_becomes_a_link(qapp: object, tmp_path: Path) -> None:
    with _hostile_case(tmp_path / "h.osintcase") as store:
        report = compose_report(store)
    pdf, odt = tmp_path / "h.pdf", tmp_path / "h.odt"
    write_pdf(report.markdown, report.meta, pdf)
    write_odt(report.markdown, report.meta, odt)
    uris = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uris.append(str(action.get("/URI", "")))
    assert "https://example.org/b" in uris  # real links stay links
    assert all(u.startswith(("http://", "https://")) for u in uris if u), uris
    with zipfile.ZipFile(odt) as archive:
        content = archive.read("content.xml").decode("utf-8")
    hrefs = re.findall(r'xlink:href="([^"]*)"', content)
    assert all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
    assert "https://example.org/b" in hrefs
    for bad in ("javascript:", "file:", "data:"):
        assert not any(bad in h for h in hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # the title, as text
