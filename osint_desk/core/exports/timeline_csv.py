"""The timeline's items as one CSV table, for a spreadsheet or another timeline tool.

Written like the case tables (``tables.py``): UTF-8 with a byte-order mark, RFC 4180 with CRLF,
every text cell through ``tables.cell`` so a quote or a card name that starts with ``=`` never
reaches a spreadsheet as a formula. Each row keeps the date as the case holds it (``start``,
``end``, with their precision) beside the interval it means in UTC (``earliest_utc``,
``latest_utc``), so "2018" is never exported as 1 January 2018. Dates that could not be
placed follow the items as rows with a ``problem`` and no interval: an export of a damaged
case says what it left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from osint_desk.core.exports.staging import staged
from osint_desk.core.exports.tables import ENCODING, write_table
from osint_desk.core.timeline import Timeline, TimelineItem, When, iso_utc, offset_text

HEADER = ("id", "kind", "start", "start_precision", "end", "end_precision", "earliest_utc",
          "latest_utc", "utc_offset", "precision", "text", "detail", "cards", "card_ids",
          "excerpt_id", "source_id", "relationship_id", "sanction_id", "evidence",
          "credibility", "reliability", "stance", "tags", "note", "error", "problem")


def _offsets(item: TimelineItem) -> str:
    """The source's own offsets: "UTC+09:00", "UTC+09:00/UTC-05:00" for a period whose ends
    differ, "" when none was given. "UTC" first, so no cell starts like a formula ("+09:00")."""
    found = [f"UTC{offset_text(w.offset)}" for w in (item.start, item.end)
             if w and w.offset is not None]
    return "/".join(dict.fromkeys(found))


def _text(when: When | None) -> str | None:
    return None if when is None else when.text


def _precision(when: When | None) -> str | None:
    return None if when is None else when.precision.value


def rows(timeline: Timeline) -> Iterator[Sequence[Any]]:
    """The table's rows: items in time order, then the dates that could not be placed."""
    for item in timeline.items:
        yield (item.id, item.kind.value, _text(item.start), _precision(item.start),
               _text(item.end), _precision(item.end), iso_utc(item.earliest),
               iso_utc(item.latest), _offsets(item), item.precision.value, item.text,
               item.detail, "; ".join(timeline.card_names(item)), "; ".join(item.card_ids),
               item.excerpt_id, item.source_id, item.relationship_id, item.sanction_id,
               "; ".join(f"{ev.excerpt_id}:{ev.role}" for ev in item.evidence),
               item.credibility, item.reliability, item.stance, "; ".join(item.tags),
               item.note, "yes" if item.error else "", item.error_reason)
    for problem in timeline.problems:
        kind, record_id = problem.record
        yield (f"{problem.kind.value}:{record_id}:{problem.field}", problem.kind.value,
               problem.value, None, None, None, None, None, None, None,
               f"{kind.value} {record_id}, {problem.field}", "", "", "",
               *(record_id if kind.value == wanted else None
                 for wanted in ("excerpt", "source", "relationship", "sanction")),
               "", None, None, None, "", "", "", problem.reason)


def write_timeline_csv(handle: TextIO, timeline: Timeline) -> None:
    """The table on a text handle opened with ``newline=""`` (and ``ENCODING`` for a file)."""
    write_table(handle, HEADER, rows(timeline))


def export_timeline_csv(timeline: Timeline, out: Path) -> Path:
    """Write the table to ``out`` (a temporary file beside it, renamed when complete)."""
    out = Path(out)
    with staged(out, "CSV file") as temp, temp.open("w", encoding=ENCODING,
                                                    newline="") as handle:
        write_timeline_csv(handle, timeline)
    return out
