"""The report's sections other than the profiles, each as Markdown.

Everything taken from the case goes through ``mdtext.text`` unless the user wrote it as
Markdown (summary, findings, notes); citations become footnote references.
"""

from __future__ import annotations

from collections.abc import Iterable

from osint_desk.core.dates import utc_now
from osint_desk.core.model import CREDIBILITY, ENTITY_TYPE_LABELS, RELIABILITY
from osint_desk.core.report.citations import Citations, grade, safe_url, source_hashes
from osint_desk.core.report.mdtext import block, cell, demote, replace_cites, text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import CaseMeta, Entity, Evidence, Excerpt, Sanction
from osint_desk.core.timeline import (
    ItemKind,
    TimelineFilter,
    TimelineItem,
    load_timeline,
    qualifier,
)


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


#: What the report's timeline tells: what happened and who listed whom, not when the case's
#: files were published or captured (the bibliography says that) nor relationship periods
#: (the profiles give them with their evidence).
REPORT_KINDS = frozenset({ItemKind.EXCERPT_EVENT, ItemKind.CARD_DATE, ItemKind.SANCTION_LISTED,
                          ItemKind.SANCTION_DELISTED})
# A card's own dates the timeline shows: an event's; a birth date belongs to the profile.
_EVENT_PROPERTIES = frozenset({"date", "startDate/endDate"})
_QUOTE_CHARS = 160


def _date_md(item: TimelineItem) -> str:
    """The date in bold as the case holds it, with what it does not say: "**2018** (year
    only)", never a padded 2018-01-01."""
    if item.is_period or item.start is None:
        return f"**{text(item.date_text())}**"
    note = qualifier(item.start)
    return f"**{text(item.start.text)}**" + (f" ({text(note)})" if note else "")


def _bold_card(label: str, name: str) -> str:
    """"OFAC lists **Yevgeny Prigozhin**": the card's name, which ends the label, in bold."""
    if name and label.endswith(name) and label != name:
        return f"{text(label[: -len(name)])} **{text(name)}**"
    return text(label)


def _timeline_line(item: TimelineItem, cards: dict[str, Entity],
                   citations: Citations) -> str | None:
    entity = cards.get(item.card_ids[0]) if item.card_ids else None
    if item.kind is ItemKind.EXCERPT_EVENT:
        excerpt = citations.excerpt(item.excerpt_id or "")
        if excerpt is None:
            return None
        quote = excerpt.quote if len(excerpt.quote) <= _QUOTE_CHARS else (
            excerpt.quote[: _QUOTE_CHARS - 1] + "…")
        line = _quoted(citations, excerpt, quote)
    elif item.kind is ItemKind.CARD_DATE and entity is not None:
        label = ENTITY_TYPE_LABELS.get(entity.type, entity.type)
        line = f"**{text(entity.name)}** ({text(label.lower())})"
    elif item.kind is ItemKind.SANCTION_LISTED and entity is not None:
        line = f"{_bold_card(item.text, entity.name)} ({text(item.detail)})"
    elif item.kind is ItemKind.SANCTION_DELISTED and entity is not None:
        line = _bold_card(item.text, entity.name)
    else:
        return None
    if item.error:
        line += f" *({text('dates in error: ' + item.error_reason)})*"
    return f"- {_date_md(item)} — {line}"


def timeline(store: CaseStore, entities: list[Entity], citations: Citations) -> str:
    """Dated excerpts, events (cards with a date) and listings, in real time order.

    The items and their order are ``core.timeline``'s (one query per kind; a partial date is
    the interval it names, so "2018" comes before "2018-03-01" and after "2017-12"). They are
    sorted before anything is cited, so the notes are numbered in reading order. With cards
    chosen, an excerpt is kept when it is about one of them (mentioned, speaking, channel)."""
    cards = {entity.id: entity for entity in entities}
    keep = TimelineFilter(kinds=REPORT_KINDS, card_ids=frozenset(cards)) if cards else \
        TimelineFilter(kinds=frozenset({ItemKind.EXCERPT_EVENT}))
    dated = load_timeline(store, keep)
    lines = ["## Timeline", ""]
    shown = [(item, line) for item in dated.items
             if item.kind is not ItemKind.CARD_DATE or item.field in _EVENT_PROPERTIES
             for line in [_timeline_line(item, cards, citations)] if line is not None]
    if not shown:
        lines.append("*Nothing in the case is dated yet.*")
    lines += [line for _item, line in shown]
    if any(item.start is not None and item.start.is_partial for item, _line in shown):
        lines += ["", "*A date given only to the year or month stands for the whole year or"
                  " month: it is placed at its start, and said to be partial.*"]
    unplaced = [p for p in dated.problems if p.kind is not ItemKind.CARD_DATE
                or p.field in ("date", "startDate", "endDate")]
    if unplaced:
        verb = "is" if len(unplaced) == 1 else "are"
        which = "; ".join(f"{p.record[0].value} {p.field.replace('_', ' ')} {p.value}"
                          for p in unplaced[:5])
        more = "…" if len(unplaced) > 5 else ""
        lines += ["", f"*{_count(len(unplaced), 'stored date')} could not be read as a date"
                  f" and {verb} left out: {text(which)}{more}.*"]
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
