"""The report's sections other than the profiles, each as Markdown.

Everything taken from the case goes through ``mdtext.text`` unless the user wrote it as
Markdown (summary, findings, notes); citations become footnote references.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from osint_desk.core.dates import utc_now
from osint_desk.core.model import CREDIBILITY, ENTITY_TYPE_LABELS, RELIABILITY
from osint_desk.core.report.citations import Citations, grade, safe_url, source_hashes
from osint_desk.core.report.mdtext import block, cell, demote, replace_cites, text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import CaseMeta, Entity, Evidence, Excerpt, Sanction


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def cover(meta: CaseMeta, counts: dict[str, int]) -> str:
    """Title and the case's particulars as a table; summary and findings follow on the page.

    The table has no header row (the renderers drop an empty one): it reads as a form."""
    date = meta.report_date or utc_now()[:10]
    rows = [("Handling", text(meta.marking) if meta.marking else "*no handling marking set*")]
    if meta.author:
        rows.append(("Author", text(meta.author)))
    rows.append(("Report date", text(date)))
    contents = [_count(counts.get("sources", 0), "source"),
                _count(counts.get("excerpts", 0), "excerpt"),
                _count(counts.get("entities", 0), "card"),
                _count(counts.get("relationships", 0), "relationship"),
                _count(counts.get("sanctions", 0), "sanctions record")]
    rows.append(("Case holds", ", ".join(contents)))
    rows.append(("Case id", f"`{meta.case_id}`"))
    lines = [f"# {text(meta.title)}", "", "| | |", "|---|---|"]
    lines += [f"| **{label}** | {value} |" for label, value in rows]
    lines += ["", "*Every statement drawn from a source carries a numbered note: who said it"
              " and how (speaker, stance, channel), the exact words, where they come from,"
              " their grade (source reliability A–F and credibility 1–6, explained under Sources)"
              " and the source's SHA-256.*"]
    return "\n".join(lines)


def user_section(title: str, markdown: str, citations: Citations, empty: str) -> str:
    """Summary or findings: the user's Markdown, with ``[cite:ID]`` made into notes."""
    body = block(replace_cites(demote(markdown), citations.cite)) or f"*{empty}*"
    return f"## {title}\n\n{body}"


def sanctions_table(store: CaseStore, entities: Iterable[Entity],
                    citations: Citations) -> str:
    rows: list[tuple[Entity, Sanction]] = [
        (entity, record) for entity in entities for record in store.sanctions.of_entity(
            entity.id)]
    lines = ["## Sanctions", ""]
    if not rows:
        return "\n".join([*lines, "*No sanctions records are attached to these cards.*"])
    lines += ["| Card | Authority | Programs | Entry | Listed | List published | Status |",
              "|---|---|---|---|---|---|---|"]
    for entity, record in rows:
        notes = role_refs(citations, record.evidence)
        listed = record.listed_on or "—"
        if record.delisted_on:
            listed += f" (delisted {record.delisted_on})"
        entry = cell(record.entry_ref)
        if record.listed_name:
            entry += f" ({text(record.listed_name)})"
        lines.append(
            f"| {cell(entity.name)} | {cell(record.authority)} | {cell(', '.join(record.programs))}"
            f" | {entry}{notes} | {cell(listed)} | {cell(record.list_published or 'unknown')}"
            f" | {cell(record.status)} |")
    lines += ["", "*List publication dates and file hashes are those of the list file each"
              " record was copied from; \u201cunknown\u201d means the file carries no date.*"]
    hashes = sorted({(r.list_name, r.list_sha256) for _e, r in rows if r.list_sha256})
    if hashes:
        lines += [""] + [f"- {text(name)}: SHA-256 `{digest}`" for name, digest in hashes]
    return "\n".join(lines)


def role_refs(citations: Citations, evidence: Iterable[Evidence]) -> str:
    """Notes for a table cell; a role other than support is said: "(contradicts)[^4]"."""
    return ",".join(citations.cite(ev.excerpt_id) if ev.role == "supports"
                    else f" ({text(ev.role)}){citations.cite(ev.excerpt_id)}" for ev in evidence)


def _quoted(citations: Citations, excerpt: Excerpt, quote: str) -> str:
    voice = citations.voice(excerpt)
    return f"{voice + ': ' if voice else ''}“{text(quote)}”{citations.cite(excerpt.id)}"


def timeline(store: CaseStore, entities: list[Entity], citations: Citations) -> str:
    """Dated excerpts, events (cards with a date) and listings, oldest first.

    Items are sorted before anything is cited, so the notes are numbered in reading order."""
    wanted = {e.id for e in entities}
    items: list[tuple[str, int, Callable[[], str]]] = []

    def add(date: str, render: Callable[[], str]) -> None:
        items.append((date, len(items), render))

    for excerpt in store.excerpts.list():
        if not excerpt.event_date:
            continue
        linked = set(store.excerpts.entity_ids(excerpt.id))
        if wanted and not linked & wanted and excerpt.speaker_id not in wanted:
            continue
        quote = excerpt.quote if len(excerpt.quote) <= 160 else excerpt.quote[:159] + "…"
        add(excerpt.event_date, partial(_quoted, citations, excerpt, quote))
    for entity in entities:
        date = entity.attributes.get("date") or entity.attributes.get("startDate")
        if isinstance(date, str) and date.strip():
            label = ENTITY_TYPE_LABELS.get(entity.type, entity.type)
            line = f"**{text(entity.name)}** ({text(label.lower())})"
            add(date, partial(str, line))
        for record in store.sanctions.of_entity(entity.id):
            if record.listed_on:
                line = (f"{text(record.authority)} lists **{text(entity.name)}**"
                        f" ({text(', '.join(record.programs)) or 'no program given'};"
                        f" entry {text(record.entry_ref or '—')})")
                add(record.listed_on, partial(str, line))
            if record.delisted_on:
                line = f"{text(record.authority)} delists **{text(entity.name)}**"
                add(record.delisted_on, partial(str, line))
    lines = ["## Timeline", ""]
    if not items:
        return "\n".join([*lines, "*Nothing in the case is dated yet.*"])
    lines += [f"- **{text(date)}** — {render()}" for date, _n, render in sorted(
        items, key=lambda i: (i[0], i[1]))]
    return "\n".join(lines)


def evidence_appendix(store: CaseStore, citations: Citations) -> str:
    """Every excerpt of every cited source, in the order of the text, with its grade."""
    lines = ["## Evidence appendix", ""]
    if not citations.sources:
        return "\n".join([*lines, "*No evidence is cited.*"])
    for number, source in enumerate(list(citations.sources), 1):
        lines += [f"### {number}. {text(source.title)}", ""]
        for excerpt in store.excerpts.for_source(source.id):
            page = source.page_of(excerpt.start)
            where = f"characters {excerpt.start}–{excerpt.end}" + (
                f", p. {page}" if page is not None else "")
            extras = [grade(source, excerpt), where]
            if excerpt.event_date:
                extras.append(f"event {excerpt.event_date}")
            voice = citations.voice(excerpt, source)
            lines += [f"> “{text(excerpt.quote)}”{citations.cite(excerpt.id)}"
                      f" — {voice + '; ' if voice else ''}*{text('; '.join(extras))}*", ""]
            if excerpt.translation:
                lines += [f"> *Translation:* {text(excerpt.translation)}", ""]
    return "\n".join(lines).rstrip()


def bibliography(citations: Citations) -> str:
    lines = ["## Sources", ""]
    if not citations.sources:
        return "\n".join([*lines, "*No source is cited.*"])
    for number, source in enumerate(citations.sources, 1):
        parts = [f"*{text(source.title)}*"]
        parts += [text(p) for p in (source.outlet, source.author) if p]
        if source.published:
            parts.append(f"published {text(source.published)}")
        if source.retrieved:
            parts.append(f"retrieved {text(source.retrieved)}")
        reliability = (f"Reliability {source.reliability}"
                       f" ({RELIABILITY.get(source.reliability, '').lower()})"
                       if source.reliability else "Reliability ungraded")
        url = f" <{source.url}>" if safe_url(source.url) else ""
        kept = (f" Original file {text(source.original_filename)}."
                if source.original_filename else "")
        lines.append(f"{number}. {', '.join(parts)}.{url} {text(reliability)}.{kept}"
                     f" {source_hashes(source)}.")
    return "\n".join([*lines, "", GRADES])


GRADES = ("*Grades.* A note's grade pairs the source's reliability — " + ", ".join(
    f"{key} {value.lower()}" for key, value in RELIABILITY.items()) + " — with the excerpt's"
    " credibility — " + ", ".join(f"{key} {value.lower()}" for key, value in CREDIBILITY.items())
    + ". “Ungraded” means the analyst has given that part no grade.")
