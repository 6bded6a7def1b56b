"""The case as one Markdown document: the report the user reads, edits and exports.

The template (``resources/report/<name>.md``) orders the sections; sections not chosen are
left out. Sections are composed in reading order so that notes are numbered in the order a
reader meets them; the footnote definitions come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import Template

from osint_desk.core.errors import ValidationError
from osint_desk.core.paths import resources_dir
from osint_desk.core.report.charts import charts_section
from osint_desk.core.report.citations import Citations
from osint_desk.core.report.maps import map_section
from osint_desk.core.report.options import TEMPLATES, ReportOptions
from osint_desk.core.report.profiles import order_cards, profiles
from osint_desk.core.report.sections import (
    bibliography,
    cover,
    evidence_appendix,
    sanctions_table,
    timeline,
    user_section,
)
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import CaseMeta, Entity

_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_PLACEHOLDER = re.compile(r"\$(\w+)")


@dataclass(frozen=True)
class ComposedReport:
    """The Markdown, and what the renderers and the export dialog need to know about it."""

    markdown: str
    meta: CaseMeta
    notes: int
    sources: int
    missing_citations: tuple[str, ...]
    #: Public ids of the sources the report quotes: what an export checks (quotes, hashes).
    cited_sources: tuple[str, ...] = ()


def template_text(name: str) -> str:
    if name not in TEMPLATES:
        raise ValidationError(f"unknown report template {name!r}; one of {', '.join(TEMPLATES)}")
    raw = (resources_dir() / "report" / f"{name}.md").read_text("utf-8")
    return _COMMENT.sub("", raw)


def _cards(store: CaseStore, options: ReportOptions) -> list[Entity]:
    if options.entity_ids is None:
        return order_cards(store, store.entities.list())
    return order_cards(store, [store.entities.get(eid) for eid in options.entity_ids])


def compose_report(store: CaseStore, options: ReportOptions | None = None) -> ComposedReport:
    options = options or ReportOptions()
    meta = store.meta()
    template = template_text(options.template)
    cards = _cards(store, options)
    citations = Citations(store)
    counts = store.counts()
    builders = {
        "cover": lambda: cover(meta, {"sources": counts.sources, "excerpts": counts.excerpts,
                                      "entities": counts.entities,
                                      "relationships": counts.relationships,
                                      "sanctions": counts.sanctions}),
        "summary": lambda: user_section("Summary", meta.summary, citations,
                                        "No summary written yet (Case → Case properties)."),
        "findings": lambda: user_section("Key findings", meta.findings, citations,
                                         "No key findings written yet."),
        "profiles": lambda: profiles(store, cards, citations),
        "sanctions": lambda: sanctions_table(store, cards, citations),
        "charts": lambda: charts_section(store, options.chart_ids, citations),
        "timeline": lambda: timeline(store, cards, citations),
        "map": lambda: map_section(store),
        "evidence": lambda: evidence_appendix(store, citations),
        "sources": lambda: bibliography(citations),
    }
    # Sources and the evidence appendix list what the other sections cited: compose them last,
    # whatever their place in the template.
    order = [key for key in _PLACEHOLDER.findall(template) if key in builders]
    late = [key for key in ("evidence", "sources") if key in order]
    parts: dict[str, str] = {}
    for key in [k for k in order if k not in late] + late:
        parts[key] = builders[key]() if options.wants(key) else ""
    parts["notes"] = citations.definitions()
    values = {key: parts.get(key, "") for key in [*builders, "notes"]}
    body = Template(template).safe_substitute(values)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    # Notes side by side are separated by commas: 10 and 11 never read as 1011.
    body = re.sub(r"(\[\^\d+\])(?=\[\^\d+\])", r"\1,", body)
    return ComposedReport(body, meta, len(citations.notes), len(citations.sources),
                          tuple(citations.missing), tuple(s.id for s in citations.sources))
