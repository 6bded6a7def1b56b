"""What the timeline says about an item: its tooltip and the side panel's details.

Every string from the case (quotes, titles, names, notes) passes ``for_display`` and is
escaped: a quote is shown, never obeyed. A partial date says it is one ("2018 (year only)");
an excerpt whose words date the event relatively ("last month") says how the analyst
resolved it, against the source's own date.
"""

from __future__ import annotations

from html import escape

from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import KIND_LABELS, Timeline, TimelineItem, when_text
from osint_desk.ui.timeline.lanes import relative_phrase

QUOTE_CHARS = 400


def _e(text: str | None) -> str:
    return escape(for_display(text or ""))


def grade(item: TimelineItem) -> str:
    """The Admiralty grade of an excerpt ("B2"), a source's reliability alone, or ""."""
    reliability = item.reliability or ""
    credibility = "" if item.credibility is None else str(item.credibility)
    if not reliability and not credibility:
        return ""
    return f"{reliability or '?'}{credibility or '?'}" if item.excerpt_id else reliability


def resolved(item: TimelineItem) -> str:
    """How a relative date was read: "“last month” → 2022-11 (month only), said on
    2022-12-22"; "" when the words date nothing relatively."""
    phrase = relative_phrase(item)
    if not phrase or item.start is None:
        return ""
    said = f", said on {item.anchor.text}" if item.anchor is not None else ""
    return f"“{phrase}” → {when_text(item.start)}{said}"


def tooltip(item: TimelineItem, timeline: Timeline | None = None) -> str:
    """Rich text for the hover: date, kind, the quote (or what happened), source, grade."""
    lines = [f"<b>{_e(item.date_text())}</b> — {_e(KIND_LABELS.get(item.kind, item.kind))}"]
    if item.error:
        lines.append(f"<span style='color:#e03131'><b>Date error:</b>"
                     f" {_e(item.error_reason)}</span>")
    text = item.text if len(item.text) <= QUOTE_CHARS else item.text[:QUOTE_CHARS] + "…"
    lines.append(f"“{_e(text)}”" if item.quote else _e(text))
    if item.detail:
        lines.append(f"<i>{_e(item.detail)}</i>")
    graded = grade(item)
    if graded:
        lines.append(f"Grade {_e(graded)}" + (f", {_e(item.stance)}" if item.stance else ""))
    relative = resolved(item)
    if relative:
        lines.append(f"Resolved relative date: {_e(relative)}")
    if timeline is not None and item.card_ids:
        names = [name for name in timeline.card_names(item) if name]
        if names:
            lines.append("Cards: " + _e(", ".join(names[:8])) + ("…" if len(names) > 8 else ""))
    if item.tags:
        lines.append("Tags: " + _e(", ".join(item.tags)))
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"


def details(item: TimelineItem, timeline: Timeline | None = None) -> str:
    """The side panel's text: the tooltip, with the analyst's note when there is one."""
    body = tooltip(item, timeline)
    if item.note:
        # Notes are Markdown: rendered and sanitised as the card view does (raw "**" read as
        # noise under Xvfb), images blocked, links inert in this label.
        from osint_desk.core.markdown_render import render_markdown

        note = item.note if len(item.note) <= 600 else item.note[:600] + "…"
        body += f"<p><b>Note:</b></p>{render_markdown(for_display(note))}"
    return body


def count_tip(count: int, first: str, last: str) -> str:
    return f"{count} items, {first} – {last}<br>Zoom in (+, the wheel or a double-click)" \
           " to see them one by one."
