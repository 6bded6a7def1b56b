"""PDF and ODT of the report, laid out by Qt: the quotes are in them, links stay safe."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument

from osint_desk.core.demo import build_demo_case
from osint_desk.core.report import compose_report
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import CaseMeta
from osint_desk.docwriter import pdf
from osint_desk.docwriter.odt import write_odt
from osint_desk.docwriter.pagination import paginate
from osint_desk.docwriter.pdf import lay_out, pdf_writer, write_pdf


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


def _pdf_text(path: Path) -> list[str]:
    return [_norm(page.extract_text()) for page in PdfReader(path).pages]


def test_pdf_notes_say_who_spoke_with_the_grade_and_no_duplicate(qapp: object,
                                                                 tmp_path: Path) -> None:
    with build_demo_case(tmp_path / "demo.osintcase") as demo:
        report = compose_report(demo)
        quotes = [e.quote for e in demo.excerpts.list()]
    out = tmp_path / "report.pdf"
    write_pdf(report.markdown, report.meta, out)
    pages = _pdf_text(out)
    extracted = "".join(pages)
    notes = extracted[extracted.rindex("Notes1."):]
    assert _norm("1. John Kirby (asserts): “We can confirm that North Korea") in notes
    assert _norm("North Korean Ministry of Foreign Affairs (denies), via KCNA: “In a statement"
                 " carried by KCNA") in notes
    assert _norm("The article (reports): “The Wagner Group is controlled") in notes
    assert _norm("Grade B2 (usually reliable source; probably true)") in notes
    assert _norm("Grade B4 (usually reliable source; doubtful)") in notes
    for quote in quotes:  # one note per excerpt: the KCNA denial is not printed twice
        assert notes.count(_norm(f"“{quote}”")) == 1, quote[:50]
    assert "Contradictingevidence" not in extracted
    # The cover page holds the case's particulars, its summary and its findings.
    for words in ("Handling", "Author", "OSINT Desk demo", "Report date",
                  "1 source, 21 excerpts, 21 cards", "Summary", "Key findings"):
        assert _norm(words) in pages[0], words


def test_pdf_of_an_ungraded_source_says_ungraded(qapp: object, tmp_path: Path) -> None:
    with CaseStore.create(tmp_path / "u.osintcase", "Kirby", actor="tester") as store:
        source = store.sources.add(text="Kirby said Wagner paid.", title="kirby",
                                   kind="document")
        kirby = store.entities.add("Person", "John Kirby")
        store.excerpts.add_by_quote(source.id, "Kirby said Wagner paid.", credibility=2,
                                    speaker_id=kirby.id, stance="asserts",
                                    entity_ids=[kirby.id])
        report = compose_report(store)
    out = tmp_path / "u.pdf"
    write_pdf(report.markdown, report.meta, out)
    extracted = "".join(_pdf_text(out))
    assert _norm("John Kirby (asserts): “Kirby said Wagner paid.”") in extracted
    assert _norm("Source reliability ungraded; credibility 2 (probably true)") in extracted
    assert not re.search(r"Grade[–-]|[–-]2\(", extracted)


def _widowed_headings(document: QTextDocument) -> list[str]:
    """Headings whose first line of text is on a later page than they are."""
    document.pageCount()  # laid out to the end: every block has its lines
    height = document.pageSize().height()
    layout = document.documentLayout()
    widowed, block = [], document.begin()
    while block.isValid():
        following = block.next()
        while following.isValid() and (not following.text().strip()
                                        or following.blockFormat().headingLevel()):
            following = following.next()
        if block.blockFormat().headingLevel() and following.isValid() \
                and following.layout().lineCount():
            top = layout.blockBoundingRect(block).top()
            line = following.layout().lineAt(0)
            text_bottom = layout.blockBoundingRect(following).top() + line.y() + line.height()
            if int(top // height) != int((text_bottom - 1) // height):
                widowed.append(block.text())
        block = block.next()
    return widowed


def test_no_heading_ends_a_page(qapp: object, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Sections of every length, so that headings fall at every height of a page.
    markdown = "# Widows\n\n" + "\n\n".join(
        f"## Section {n}\n\n### Part {n}\n\n" + " ".join(["Some words of text."] * (7 * (n % 9)))
        for n in range(1, 60))
    meta = CaseMeta("id", "Widows", "", "", "", "", "", "")
    added: list[int] = []

    def counted(document: QTextDocument, height: float) -> int:
        added.append(paginate(document, height))
        return added[-1]

    monkeypatch.setattr(pdf, "paginate", counted)
    writer = pdf_writer(tmp_path / "layout.pdf", "Widows")
    document = lay_out(markdown, meta, writer)
    assert added[0] > 0 and document.pageCount() > 5
    assert _widowed_headings(document) == []
    del document
    del writer


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
