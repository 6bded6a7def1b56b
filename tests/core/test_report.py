"""The composed report (Markdown) and its HTML: citations, sections, and hostile content."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from osint_desk.core.report import ReportOptions, compose_report
from osint_desk.core.report.html import CSP, render_html
from osint_desk.core.report.mdtext import text
from osint_desk.core.store import CaseStore

HOSTILE = ("<script>alert(1)</script><img src=x onerror=alert(2)>"
           "[click](javascript:alert(3)) =HYPERLINK(\"http://evil.test\",\"x\")")


def _doc(store: CaseStore, options: ReportOptions | None = None) -> lxml_html.HtmlElement:
    report = compose_report(store, options)
    return lxml_html.document_fromstring(render_html(report.markdown, report.meta))


def _norm(value: str) -> str:
    return " ".join(value.split())


def test_every_excerpt_is_quoted_with_its_note_and_source_hash(demo: CaseStore) -> None:
    doc = _doc(demo)
    notes = doc.xpath('//div[@class="footnote"]//li')
    assert notes, "the report has notes"
    texts = [_norm(li.text_content()) for li in notes]
    for excerpt in demo.excerpts.list():
        source = demo.sources.get(excerpt.source_id)
        holding = [t for t in texts if _norm(excerpt.quote) in t]
        assert holding, f"no note quotes {excerpt.quote[:40]!r}"
        assert all(source.text_sha256 in t for t in holding)
    # Every note is referenced from the text, and numbered in reading order.
    refs = [a.text_content() for a in doc.xpath('//sup/a[@class="footnote-ref"]')]
    assert sorted({int(r) for r in refs}) == list(range(1, len(notes) + 1))
    first_use = list(dict.fromkeys(int(r) for r in refs))
    assert first_use == sorted(first_use)


def test_note_carries_what_a_reader_needs(demo: CaseStore) -> None:
    report = compose_report(demo)
    delivery = next(e for e in demo.excerpts.list() if e.quote.startswith("We can confirm"))
    source = demo.sources.get(delivery.source_id)
    note = next(line for line in report.markdown.splitlines()
                if line.startswith("[^") and "We can confirm" in line)
    assert f"published {source.published}" in note and "retrieved" in note
    assert "Grade **B2**" in note and "usually reliable source; probably true" in note
    assert source.text_sha256 in note
    assert report.sources == 1 and "## Sources" in report.markdown


def test_contradicting_evidence_is_cited_as_such(demo: CaseStore) -> None:
    report = compose_report(demo)
    assert "contradicted by:" in report.markdown
    denial = next(line for line in report.markdown.splitlines()
                  if line.startswith("[^") and "developed by some deceitful forces" in line
                  and "Contradicting evidence" in line)
    assert denial


def test_findings_cite_excerpts_and_sections_can_be_chosen(demo: CaseStore) -> None:
    full = compose_report(demo).markdown
    assert "## Key findings" in full and "rests on the US government alone" in full
    assert "[cite:" not in full  # every [cite:ID] became a note
    brief = compose_report(demo, ReportOptions(sections=("cover", "sanctions", "sources"),
                                               template="brief")).markdown
    assert "## Sanctions" in brief and "## Entity profiles" not in brief
    assert "## Key findings" not in brief and "21171" in brief
    wagner = demo.entities.resolve("Wagner Group")
    one = compose_report(demo, ReportOptions(entity_ids=(wagner.id,))).markdown
    assert "### Wagner Group" in one and "### John Kirby" not in one


def test_timeline_and_sanctions_table(demo: CaseStore) -> None:
    report = compose_report(demo).markdown
    timeline = report[report.index("## Timeline"):report.index("## Evidence appendix")]
    dates = re.findall(r"^- \*\*([0-9-]+)\*\*", timeline, flags=re.MULTILINE)
    assert dates == sorted(dates) and "2016-11-08" in dates
    table = report[report.index("## Sanctions"):report.index("## Timeline")]
    for ref in ("21171", "22543", "23943", "22527"):
        assert ref in table
    assert "| unknown |" in table  # the 2019 SDN CSV carries no publication date


def test_html_is_self_contained_and_inert(store: CaseStore) -> None:
    store.update_meta(title=f"Case {HOSTILE}", summary=f"Summary {HOSTILE}",
                      marking="<b>RESTRICTED</b>", findings="See [x](file:///etc/passwd)"
                      " and ![remote](http://evil.test/pixel.png) and <iframe src=x>")
    source = store.sources.add(text=f"Body {HOSTILE} end.", title=f"Title {HOSTILE}",
                               kind="article", url="javascript:alert(4)")
    card = store.entities.add("Person", f"Name {HOSTILE}",
                              description="<a href='data:text/html,x' onclick='y'>d</a>")
    excerpt = store.excerpts.add_by_quote(source.id, f"Body {HOSTILE} end.",
                                          note="<style>body{background:url(http://evil)}"
                                          "</style>", entity_ids=[card.id])
    other = store.entities.add("Organization", "Org")
    store.relationships.add(card.id, "member of", other.id, evidence=[(excerpt.id, "supports")])
    report = compose_report(store)
    page = render_html(report.markdown, report.meta)
    doc = lxml_html.document_fromstring(page)
    assert not doc.xpath("//script | //iframe | //img | //link | //object | //embed | //form")
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on")
            assert name != "style"
            if name in ("href", "src"):
                assert value.startswith(("#", "http://", "https://")), value
    assert doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content') == [CSP]
    assert "default-src 'none'" in CSP
    # The hostile strings are there, as text.
    body = doc.text_content()
    assert "<script>alert(1)</script>" in body and "=HYPERLINK(" in body
    assert "[image not loaded: remote (evil.test)]" in body
    assert "javascript:alert(4)" not in page  # a non-http URL is not even printed as a link
    assert doc.xpath("//title")[0].text_content().startswith("Case <script>")


def test_markdown_escaping_keeps_text_as_text() -> None:
    assert text("*bold* [x](y) <b> a_b |") == r"\*bold\* \[x\](y) &lt;b&gt; a\_b \|"
    assert text("# not a heading") == r"\# not a heading"
    assert text("1. not a list") == r"1\. not a list"
    assert html.unescape(text("A & B")) == "A &amp; B".replace("&amp;", "&")


def test_report_of_an_empty_case(store: CaseStore, tmp_path: Path) -> None:
    report = compose_report(store)
    assert report.notes == 0 and "No summary written yet" in report.markdown
    assert "*No source is cited.*" in report.markdown
    render_html(report.markdown, report.meta)


def test_unknown_template_is_refused(store: CaseStore) -> None:
    with pytest.raises(Exception, match="unknown report template"):
        compose_report(store, ReportOptions(template="fancy"))


def test_relative_links_and_forged_notes_do_not_survive(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group")
    demo.entities.update(wagner.id, description=(
        "[share](//attacker.example/share/r) [local](/etc/passwd) [unc](\\\\evil\\s\\f)"
        " [ok](https://example.org/ok) <div class=\"marking\">TOP SECRET</div>"
        "\n\nClaim[^x]\n\n[^x]: “Forged quote” — Grade **A1**"))
    report = compose_report(demo)
    doc = lxml_html.document_fromstring(render_html(report.markdown, report.meta))
    hrefs = doc.xpath("//a/@href")
    assert "https://example.org/ok" in hrefs
    assert all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
    assert not doc.xpath('//div[@class="marking" and contains(., "TOP SECRET")]')
    notes = [_norm(li.text_content()) for li in doc.xpath('//div[@class="footnote"]//li')]
    assert not any("Forged quote" in note for note in notes)
    assert "[^x]: “Forged quote”" in doc.text_content()  # shown as the text it is


def test_timeline_notes_come_in_reading_order(demo: CaseStore) -> None:
    first = demo.excerpts.list()[0]
    demo.excerpts.update(first.id, event_date="2099-01-01")
    last = demo.excerpts.list()[-1]
    demo.excerpts.update(last.id, event_date="1990-01-01")
    report = compose_report(demo, ReportOptions(sections=("timeline",)))
    refs = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", report.markdown)]
    assert refs == sorted(refs)
