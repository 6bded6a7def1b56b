"""Raw HTML in any Markdown field neither runs nor swallows the report after it (issue 11).

Each payload goes into every Markdown field of a case — summary, findings, card descriptions,
relationship notes, source and excerpt notes, and an imported FtM ``description`` — followed
by a sentinel word. The rendered report must be inert (checked with lxml, an oracle separate
from the sanitiser), and must still hold every section, every sentinel and every note. The
PDF (pypdf text) and the ODT (its content.xml) are made from the same HTML by the CLI, in a
child process, and hold the same sentinels and notes.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from cli_runner import Cli
from lxml import html as lxml_html

from osint_desk.core.exports.ftm_import import import_ftm
from osint_desk.core.markdown_render import render_markdown
from osint_desk.core.report import compose_report
from osint_desk.core.report.html import body_html, render_html
from osint_desk.core.store import CaseStore

PAYLOADS = {
    "style": "<style>",
    "style-closed": "<style>p{display:none}</style>",
    "template": "<template>",
    "math-mglyph": "<math><mglyph><style><img src=x onerror=alert(1)>",
    "svg": "<svg><style>*{}</style><script>alert(1)</script>",
    "svg-onload": "<svg onload=alert(1)>",
    "script": "<script>alert(1)",
    "script-closed": "<script>alert(1)</script>",
    "noscript": "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "textarea": "<textarea>",
    "title": "<title>",
    "xmp": "<xmp>",
    "iframe": "<iframe src=\"javascript:alert(1)\">",
    "plaintext": "<plaintext>",
    "unclosed-tag": "<div class=\"x",
    "unclosed-attr": "<a href='javascript:alert(1)",
    "comment": "<!--",
    "comment-closed": "<!-- hidden -->",
    "cdata": "<![CDATA[",
    "endif": "<![endif]-->",
    "downlevel": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;style&#62; &#x3C;template&#x3E; &amp",
    "js-link": "[click](javascript:alert(1)) <javascript:alert(1)>",
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "event": "<b onmouseover=alert(1)>bold</b>",
    "object": "<object data=x><embed src=x>",
    "base": "<base href=\"http://evil.example/\"><meta http-equiv=refresh content=0>",
    "image": "![x](http://tracker.example/p.gif) <img src=http://tracker.example/q.gif>",
    "processing": "<?xml version=\"1.0\"?><!DOCTYPE x>",
    "nested-lists": "\n".join("  " * depth + "- level" for depth in range(120)),
    "nested-quotes": ">" * 200 + " deep",
    "backticks": "`<style>` ``<template>`` ```<script>",
    "code-fence": "```\n<style>\n",
}
ALLOWED = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre",
           "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table",
           "thead", "tbody", "tr", "th", "td", "sup", "sub", "abbr", "div", "section", "span"}
SAFE_ATTRIBUTES = {"href", "title", "id", "class", "align", "rel"}
SECTIONS = ["Summary", "Key findings", "Entity profiles", "Sanctions", "Timeline",
            "Evidence appendix", "Sources", "Notes"]
FIELDS = ["summary", "findings", "desc-a", "desc-b", "rel-note", "ftm-desc"]


def inert_problems(fragment: str) -> list[str]:
    """What in HTML could run, restyle the page or fetch: an element or attribute outside
    the report's set, a link that is not http(s), mailto or an anchor, a comment."""
    problems = []
    for name in re.findall(r"<\s*/?\s*([A-Za-z][^\s/>]*)", fragment):
        if name.lower() not in ALLOWED:
            problems.append(f"tag {name}")
    if "<!" in fragment or "<?" in fragment:
        problems.append("markup declaration or comment")
    root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            problems.append("comment or processing instruction")
            continue
        if element.tag not in ALLOWED:
            problems.append(f"element {element.tag}")
        for key, value in element.attrib.items():
            if key not in SAFE_ATTRIBUTES:
                problems.append(f"attribute {key} on {element.tag}")
            if key == "href" and not re.match(r"(https?:|mailto:|#)", value.strip(), re.I):
                problems.append(f"link {value!r}")
    return problems


def text_of(fragment: str) -> str:
    return str(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content())


def _ftm_file(path: Path, payload: str) -> Path:
    entity = {"id": "ftm-card-1", "schema": "Person",
              "properties": {"name": ["Imported Person"],
                             "description": [f"Imported {payload}\n\nSENTINEL-ftm-desc"]}}
    path.write_text(json.dumps(entity) + "\n", "utf-8")
    return path


def build_case(path: Path, payload: str) -> CaseStore:
    """Every Markdown field holds the payload, then a sentinel, then a citation."""
    def field(name: str, cite: str) -> str:
        return f"Before {name}: {payload}\n\nSENTINEL-{name} [cite:{cite}]\n\n## After {name}"

    store = CaseStore.create(path, "Payload case", actor="tester")
    source = store.sources.add(text="Alpha said yes. Beta said no. Gamma said maybe.",
                               title="Statements", notes=f"{payload}\n\nSENTINEL-source-notes")
    ex = [store.excerpts.add_by_quote(source.id, q, note=f"{payload} SENTINEL-excerpt-note")
          for q in ("Alpha said yes.", "Beta said no.", "Gamma said maybe.")]
    a = store.entities.add("Person", "Alpha", description=field("desc-a", ex[1].id))
    b = store.entities.add("Person", "Beta", description=field("desc-b", ex[2].id))
    rel = store.relationships.add(a.id, "knows", b.id, note=field("rel-note", ex[0].id))
    store.relationships.set_evidence(rel.id, ex[0].id, "supports")
    store.update_meta(summary=field("summary", ex[0].id), findings=field("findings", ex[1].id))
    import_ftm(store, _ftm_file(path.with_suffix(".ftm.json"), payload))
    return store


def _check_report(fragment: str, notes: int) -> None:
    assert inert_problems(fragment) == []
    words = text_of(fragment)
    for name in FIELDS:
        assert f"SENTINEL-{name}" in words, f"{name}: lost after the payload"
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    headings = [h.text_content().strip() for h in root.iter("h2")]
    assert headings == SECTIONS, headings
    assert len(root.xpath('//div[@class="footnote"]//li')) == notes == 3


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_payload_in_every_field_of_the_report(tmp_path: Path, name: str) -> None:
    with build_case(tmp_path / "case.osintcase", PAYLOADS[name]) as store:
        report = compose_report(store)
        fragment = body_html(report.markdown)
        _check_report(fragment, report.notes)
        page = render_html(report.markdown, store.meta())
        # The page's own <style> is the only one, in the head; the body is the checked fragment.
        assert page.count("<style>") == 1 and page.index("<style>") < page.index("<body>")
        assert page.count("SENTINEL-") == fragment.count("SENTINEL-")


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_payload_in_notes_shown_in_the_app(name: str) -> None:
    """Source and excerpt notes are rendered by ``render_markdown`` (the app's note view)."""
    rendered = render_markdown(f"{PAYLOADS[name]}\n\nSENTINEL-after *kept*")
    assert inert_problems(rendered) == []
    assert "SENTINEL-after" in text_of(rendered)


def test_payload_is_shown_as_text() -> None:
    """Neutralised means visible: the analyst sees what was written."""
    assert "<style>" in text_of(render_markdown("a <style> b"))
    assert "<template>" in text_of(body_html("a <template> b"))


def test_every_payload_at_once_in_pdf_and_odt(tmp_path: Path) -> None:
    """The CLI's PDF and ODT (laid out by Qt from the same HTML) keep every sentinel."""
    payload = "\n\n".join(f"{p}\n\nSENTINEL-{n}-inner" for n, p in PAYLOADS.items()
                          if n not in ("nested-lists", "nested-quotes", "code-fence"))
    case = tmp_path / "case.osintcase"
    build_case(case, payload).close()
    with CaseStore.open(case, read_only=True) as store:
        report = compose_report(store)
        _check_report(body_html(report.markdown), report.notes)
    cli = Cli(tmp_path)
    for fmt in ("html", "pdf", "odt"):
        out = tmp_path / f"r.{fmt}"
        result = cli.run("export", case, "-f", fmt, "-o", out)
        assert out.exists(), result.stderr
    from pypdf import PdfReader

    pdf_text = " ".join(page.extract_text() or "" for page in PdfReader(tmp_path / "r.pdf").pages)
    with zipfile.ZipFile(tmp_path / "r.odt") as odt:
        odt_text = text_of(odt.read("content.xml").decode("utf-8"))
    html_text = text_of((tmp_path / "r.html").read_text("utf-8").split("<body>", 1)[1])
    for where, words in (("html", html_text), ("pdf", pdf_text), ("odt", odt_text)):
        # PDF text extraction may break a word, and gives ligatures ("ﬁ") as such.
        squeezed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", words))
        for name in FIELDS:
            assert f"SENTINEL-{name}" in squeezed, (where, name)
        inner = [n for n in PAYLOADS if f"SENTINEL-{n}-inner" in squeezed]
        assert len(inner) == len(PAYLOADS) - 3, (where, set(PAYLOADS) - set(inner))
        for heading in SECTIONS:
            assert re.sub(r"\s+", "", heading) in squeezed, (where, heading)
