"""The case in time: every dated thing as an item with honest bounds, without Qt.

``load_timeline(store)`` reads every dated record (excerpt event dates, relationship periods,
sanctions listings and delistings, source publication and capture dates, cards' own dates) in
one query per kind and returns a ``Timeline``: ``TimelineItem``s sorted by real time, the
``DateProblem``s of dates that could not be placed, and the cards' names. A partial date is
the interval it names ("2018" is the whole year), an instant keeps its original offset.
``TimelineFilter`` is the view's filter (cards, tags, kinds, grades, stance), shared with the
report and the CSV export (``core/exports/timeline_csv.py``).
"""

from osint_desk.core.timeline.build import load_timeline
from osint_desk.core.timeline.items import (
    KIND_LABELS,
    DateProblem,
    ItemKind,
    Timeline,
    TimelineFilter,
    TimelineItem,
    time_range,
)
from osint_desk.core.timeline.when import (
    When,
    iso_utc,
    offset_text,
    parse_when,
    qualifier,
    span_text,
    when_text,
)

__all__ = ["KIND_LABELS", "DateProblem", "ItemKind", "Timeline", "TimelineFilter",
           "TimelineItem", "When", "iso_utc", "load_timeline", "offset_text", "parse_when",
           "qualifier", "span_text", "time_range", "when_text"]
