"""A date of the case as an interval of real time, so that partial dates sort honestly.

The case stores dates as the world gives them (``core/dates.py``): "2018", "2022-11",
"2022-12-22" or an instant with the offset the source gave. A timeline cannot place "2018" at
1 January without lying, so every date here is the interval it really names: the whole year,
the whole month, the whole (UTC) day. An instant with an offset is one point, compared in UTC
but shown with its own offset. A time without an offset names a wall clock somewhere on Earth,
so it is the interval of every real zone (UTC+14 to UTC-12) — wide, but true.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from osint_desk.core.dates import PartialDate, Precision
from osint_desk.core.errors import ValidationError

UTC = dt.UTC
_LAST_MS = dt.timedelta(milliseconds=1)
#: The earliest and latest wall clocks on Earth: UTC+14 (Line Islands) and UTC-12.
ZONE_AHEAD = dt.timedelta(hours=14)
ZONE_BEHIND = dt.timedelta(hours=12)
_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.MINUTE: 3,
         Precision.SECOND: 4}
_QUALIFIER = {Precision.YEAR: "year only", Precision.MONTH: "month only"}
#: How much of a hostile value a message repeats.
SHOWN_CHARS = 80
#: Longer than any ISO 8601 date the case stores ("2022-12-22T18:30:05.123456+09:00" is 32).
LONGEST_DATE = 40


@dataclass(frozen=True, slots=True)
class When:
    """One stored date with the interval of UTC instants it may mean.

    ``text`` is the canonical stored form (``2018``, ``2022-12-22T18:30+09:00``), kept so that
    nothing is shown as more precise than it was given; ``offset`` is the source's own UTC
    offset for an instant (``None`` when it gave none, or for a date without a time)."""

    text: str
    precision: Precision
    earliest: dt.datetime  # aware, UTC
    latest: dt.datetime  # aware, UTC; equal to earliest for an instant with an offset
    offset: dt.timedelta | None = None

    @property
    def has_time(self) -> bool:
        return self.precision in (Precision.MINUTE, Precision.SECOND)

    @property
    def zone_unknown(self) -> bool:
        """A time of day without an offset: 18:30 where?"""
        return self.has_time and self.offset is None

    @property
    def is_partial(self) -> bool:
        """Year or month only: an interval the view draws as a fuzzy span."""
        return self.precision in _QUALIFIER


def coarser(first: Precision, second: Precision) -> Precision:
    """The less precise of two precisions (a period is as precise as its vaguer end)."""
    return first if _RANK[first] <= _RANK[second] else second


def parse_when(value: object) -> When:
    """The interval a stored date means; ``ValidationError`` (its reason) when it cannot be
    placed: not text, not ISO 8601, year 0, or outside what a datetime can hold."""
    if not isinstance(value, str):
        raise ValidationError(f"a date must be text, not {type(value).__name__}")
    if len(value) > LONGEST_DATE:
        raise ValidationError(f"{shown(value)} is too long to be a date")
    date = PartialDate.parse(value)
    try:
        return _interval(date)
    except (ValueError, OverflowError) as exc:
        raise ValidationError(f"{shown(value)} cannot be placed in time: {exc}") from None


def _interval(date: PartialDate) -> When:
    text, precision = date.value, date.precision
    if precision is Precision.YEAR:
        year = int(text[:4])
        return When(text, precision, dt.datetime(year, 1, 1, tzinfo=UTC),
                    dt.datetime(year, 12, 31, 23, 59, 59, 999000, tzinfo=UTC))
    if precision is Precision.MONTH:
        year, month = int(text[:4]), int(text[5:7])
        start = dt.datetime(year, month, 1, tzinfo=UTC)  # raises for year 0
        last = calendar.monthrange(year, month)[1]
        return When(text, precision, start,
                    dt.datetime(year, month, last, 23, 59, 59, 999000, tzinfo=UTC))
    if precision is Precision.DAY:
        day = dt.date.fromisoformat(text)
        start = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        return When(text, precision, start, start + dt.timedelta(days=1) - _LAST_MS)
    moment = dt.datetime.fromisoformat(text)
    offset = moment.utcoffset()
    if offset is not None:
        utc = moment.astimezone(UTC)  # OverflowError at the ends of the calendar
        return When(text, precision, utc, utc, offset)
    wall = moment.replace(tzinfo=UTC)
    return When(text, precision, _shift(wall, -ZONE_AHEAD), _shift(wall, ZONE_BEHIND))


def _shift(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``moment + delta``, held at the calendar's ends (an honest bound, not an error)."""
    try:
        return moment + delta
    except OverflowError:
        return dt.datetime.max.replace(tzinfo=UTC) if delta > dt.timedelta(0) else \
            dt.datetime.min.replace(tzinfo=UTC)


def qualifier(when: When) -> str:
    """What a reader must be told beside the date: "year only", "month only", "time zone
    unknown", or "" for a day or an instant with its offset."""
    if when.zone_unknown:
        return "time zone unknown"
    return _QUALIFIER.get(when.precision, "")


def when_text(when: When) -> str:
    """The date as the case holds it, with its qualifier: "2018 (year only)",
    "2022-12-22", "2022-12-22T18:30+09:00", "2022-12-22T18:30 (time zone unknown)"."""
    note = qualifier(when)
    return f"{when.text} ({note})" if note else when.text


def span_text(start: When | None, end: When | None) -> str:
    """A period in words: "2018 (year only) – 2022-11 (month only)", "from 2018", "until …"."""
    if start is not None and end is not None:
        return f"{when_text(start)} – {when_text(end)}"
    if start is not None:
        return f"from {when_text(start)}"
    if end is not None:
        return f"until {when_text(end)}"
    return ""


def iso_utc(moment: dt.datetime) -> str:
    """An instant in UTC to the millisecond: ``2018-12-31T23:59:59.999Z``."""
    m = moment.astimezone(UTC)  # strftime's %Y does not pad years before 1000
    return (f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:"
            f"{m.second:02d}.{m.microsecond // 1000:03d}Z")


def offset_text(offset: dt.timedelta | None) -> str:
    """``+09:00``, ``-05:30``, ``+00:00``; "" when none was given."""
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def shown(value: object) -> str:
    """A stored value repeated in a message: quoted, control characters visible, bounded."""
    text = repr(value) if not isinstance(value, str) else repr(value[:SHOWN_CHARS])
    return text + ("…" if isinstance(value, str) and len(value) > SHOWN_CHARS else "")
