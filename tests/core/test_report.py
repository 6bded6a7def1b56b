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


def _note(markdown: str, quote_start: str) -> str:
    return next(line for line in markdown.splitlines()
                if line.startswith("[^") and f"“{quote_start}" in line)


def _definitions(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if re.match(r"\[\^\d+\]:", line)]


def test_note_carries_what_a_reader_needs(demo: CaseStore) -> None:
    report = compose_report(demo)
    delivery = next(e for e in demo.excerpts.list() if e.quote.startswith("We can confirm"))
    source = demo.sources.get(delivery.source_id)
    note = _note(report.markdown, "We can confirm")
    assert "]: **John Kirby** (asserts): “We can confirm" in note  # who spoke, and how
    assert f"published {source.published}" in note and "retrieved" in note
    assert "Grade **B2** (usually reliable source; probably true)" in note
    assert source.text_sha256 in note
    assert report.sources == 1 and "## Sources" in report.markdown
    # Without a speaker, the words are the source's own.
    assert "]: The article (reports): “The Wagner Group is controlled" in _note(
        report.markdown, "The Wagner Group is controlled")


def test_the_denial_names_who_denies_and_through_whom(demo: CaseStore) -> None:
    report = compose_report(demo)
    denial = _note(report.markdown, "In a statement carried by KCNA")
    assert "**North Korean Ministry of Foreign Affairs** (denies), via KCNA: “In a" in denial
    assert "Grade **B4** (usually reliable source; doubtful)" in denial
    # One note, whether the denial is cited against a claim or as what North Korea says: the
    # role is said where it is cited.
    number = re.match(r"\[\^(\d+)\]:", denial).group(1)  # type: ignore[union-attr]
    supplied = next(line for line in report.markdown.splitlines()
                    if line.startswith("- **North Korea** *supplied* **Wagner Group**"))
    assert f"Contradicted by: **North Korean Ministry of Foreign Affairs** (denies), via KCNA" \
           f"[^{number}]" in supplied
    findings = report.markdown[report.markdown.index("## Key findings"):
                               report.markdown.index("## Entity profiles")]
    assert f"denies any arms deal with Russia[^{number}]" in findings
    assert "Contradicting evidence" not in report.markdown


def test_each_excerpt_has_exactly_one_note(demo: CaseStore) -> None:
    report = compose_report(demo)
    definitions = _definitions(report.markdown)
    excerpts = demo.excerpts.list()
    assert report.notes == len(definitions) == len(excerpts)  # the demo cites every excerpt
    for excerpt in excerpts:
        holding = [d for d in definitions if f"“{text(excerpt.quote)}” — " in d]
        assert len(holding) == 1, (excerpt.quote[:40], holding)
    # And every reference to an excerpt uses its one number: no number is defined twice.
    numbers = [re.match(r"\[\^(\d+)\]:", d).group(1) for d in definitions]  # type: ignore
    assert len(numbers) == len(set(numbers))
    doc = lxml_html.document_fromstring(render_html(report.markdown, report.meta))
    notes = [_norm(li.text_content()) for li in doc.xpath('//div[@class="footnote"]//li')]
    assert len(notes) == len(set(notes)) == len(excerpts)


def _ungraded_case(store: CaseStore) -> tuple[str, str]:
    source = store.sources.add(text="Kirby said Wagner paid. KCNA denied it. Nobody knows.",
                               title="kirby", kind="document")
    kirby = store.entities.add("Person", "John Kirby")
    wagner = store.entities.add("Organization", "Wagner Group")
    paid = store.excerpts.add_by_quote(source.id, "Kirby said Wagner paid.", credibility=2,
                                       speaker_id=kirby.id, stance="asserts",
                                       entity_ids=[wagner.id])
    denied = store.excerpts.add_by_quote(source.id, "KCNA denied it.", entity_ids=[wagner.id])
    store.relationships.add(wagner.id, "paid", kirby.id,
                            evidence=[(paid.id, "supports"), (denied.id, "contradicts")])
    return paid.id, denied.id


def test_an_ungraded_source_prints_ungraded_never_a_minus(store: CaseStore) -> None:
    _ungraded_case(store)
    markdown = compose_report(store).markdown
    paid = _note(markdown, "Kirby said Wagner paid.")
    assert "Source reliability ungraded; credibility **2** (probably true)" in paid
    denied = _note(markdown, "KCNA denied it.")
    assert "Ungraded (neither the source's reliability nor the excerpt's credibility" in denied
    assert "source ungraded, credibility 2; characters" in markdown  # the evidence appendix
    assert "Reliability ungraded." in markdown  # the bibliography
    # No dash before a digit that could read as a negative grade ("–2", "-2", "Grade –").
    for line in markdown.splitlines():
        assert not re.search(r"(?<!\w)[–-]\s?\d", line), line
    assert "Grade –" not in markdown and "not graded" not in markdown
    page = lxml_html.document_fromstring(render_html(markdown, store.meta())).text_content()
    assert "ungraded" in page and not re.search(r"(?<!\w)[–-]\s?\d", page)


def test_cards_without_relationships_show_their_excerpts_and_records(demo: CaseStore) -> None:
    markdown = compose_report(demo).markdown
    trump = markdown[markdown.index("### Donald Trump"):]
    trump = trump[:trump.index("\n### ")]
    assert "#### Relationships" not in trump and "#### Excerpts" in trump
    ira = next(e for e in demo.excerpts.list() if e.quote.startswith("One of them is"))
    assert re.search(r"> “One of them is the Internet Research Agency.*”\[\^\d+\]"
                     r" — the article \(reports\)", trump)
    assert ira.quote[:60] in trump
    # A speaker's profile lists what it said, by stance.
    kirby = markdown[markdown.index("### John Kirby"):]
    assert re.search(r"\*\*Statements\*\* \(7\): asserts(\[\^\d+\],?){7}", kirby)


def test_a_card_with_only_a_sanctions_record_or_nothing(store: CaseStore) -> None:
    listed = store.entities.add("Company", "Listed Co")
    store.sanctions.add(listed.id, "OFAC", list_name="SDN", programs=["CYBER2"],
                        entry_ref="123", listed_on="2018-03-15")
    store.entities.add("Person", "Nobody Yet")
    markdown = compose_report(store).markdown
    profile = markdown[markdown.index("### Listed Co"):markdown.index("\n## Sanctions\n")]
    assert "#### Sanctions records" in profile
    assert "OFAC entry 123 (CYBER2), listed 2018-03-15, status active." in profile
    nobody = markdown[markdown.index("### Nobody Yet"):]
    assert "*No relationship, excerpt or sanctions record is attached to this card yet.*" \
        in nobody[:nobody.index("\n## ")]


def test_cover_states_the_case(demo: CaseStore) -> None:
    markdown = compose_report(demo).markdown
    cover = markdown[:markdown.index("## Summary")]
    assert cover.startswith("# North Korean arms for the Wagner Group")
    assert "| **Handling** | PUBLIC — demo case built from a single news article |" in cover
    assert "| **Author** | OSINT Desk demo |" in cover and "| **Report date** |" in cover
    assert ("| **Case holds** | 1 source, 21 excerpts, 21 cards, 21 relationships,"
            " 4 sanctions records |") in cover
    doc = lxml_html.document_fromstring(render_html(markdown, demo.meta()))
    table = doc.xpath("//h1/following-sibling::table[1]")[0]
    assert not table.xpath(".//thead")  # the form has no empty header row
    assert table.xpath(".//td")[0].text_content() == "Handling"


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
