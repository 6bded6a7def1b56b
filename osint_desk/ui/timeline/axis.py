"""The time axis: which ticks to label at a zoom, from centuries down to hours (no Qt).

Times are POSIX seconds (floats) in UTC: the view maps them to pixels linearly; ticks fall
on calendar boundaries (1 January, the first of a month, midnight), never on a fixed number
of seconds, so "2018" is labelled where 2018 begins. Each tick step also names its context
("2022" above month ticks, "Dec 2022" above day ticks), shown once per coarser unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
HOUR, DAY = 3600.0, 86_400.0
YEAR = 365.2425 * DAY
MONTH = YEAR / 12
#: The closest and farthest the view zooms: two hours, five centuries across.
MIN_SPAN, MAX_SPAN = 2 * HOUR, 500 * YEAR
MIN_TICK_PX = 78.0  # labels stay this far apart
#: (unit, count, its length in seconds), finest first.
STEPS: tuple[tuple[str, int, float], ...] = (
    ("hour", 1, HOUR), ("hour", 3, 3 * HOUR), ("hour", 6, 6 * HOUR), ("hour", 12, 12 * HOUR),
    ("day", 1, DAY), ("day", 2, 2 * DAY), ("day", 7, 7 * DAY), ("month", 1, MONTH),
    ("month", 3, 3 * MONTH), ("month", 6, 6 * MONTH), ("year", 1, YEAR), ("year", 2, 2 * YEAR),
    ("year", 5, 5 * YEAR), ("year", 10, 10 * YEAR), ("year", 20, 20 * YEAR),
    ("year", 50, 50 * YEAR), ("year", 100, 100 * YEAR))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FIRST = dt.datetime(1, 1, 1, tzinfo=UTC)
_LAST = dt.datetime(9999, 12, 31, tzinfo=UTC)


def moment(seconds: float) -> dt.datetime:
    """The UTC datetime of POSIX *seconds*, held within the calendar."""
    try:
        return EPOCH + dt.timedelta(seconds=seconds)
    except OverflowError:
        return _LAST if seconds > 0 else _FIRST


def posix(when: dt.datetime) -> float:
    return (when - EPOCH).total_seconds()


def step_for(px_per_s: float, min_px: float = MIN_TICK_PX) -> tuple[str, int, float]:
    """The finest calendar step whose ticks are at least *min_px* apart."""
    for step in STEPS:
        if step[2] * px_per_s >= min_px:
            return step
    return STEPS[-1]


def _start(unit: str, count: int, at: dt.datetime) -> dt.datetime:
    """The tick at or before *at* (steps aligned to the calendar: 2020, 2025; Jan, Apr)."""
    if unit == "year":
        return at.replace(year=max(1, at.year - at.year % count), month=1, day=1, hour=0,
                          minute=0, second=0, microsecond=0)
    if unit == "month":
        return at.replace(month=1 + (at.month - 1) // count * count, day=1, hour=0, minute=0,
                          second=0, microsecond=0)
    if unit == "day":
        day = at.day if count == 1 else 1 + (at.day - 1) // count * count
        return at.replace(day=day, hour=0, minute=0, second=0, microsecond=0)
    return at.replace(hour=at.hour - at.hour % count, minute=0, second=0, microsecond=0)


def _next(unit: str, count: int, at: dt.datetime) -> dt.datetime:
    if unit == "year":
        return at.replace(year=at.year + count)
    if unit == "month":
        months = at.month - 1 + count
        return at.replace(year=at.year + months // 12, month=months % 12 + 1)
    if unit == "day":
        following = at + dt.timedelta(days=count)
        if count > 1 and following.month != at.month:  # weeks restart on the 1st
            return following.replace(day=1) if following.day < count else following
        return following
    return at + dt.timedelta(hours=count)


def calendar_ticks(unit: str, count: int, t0: float, t1: float,
                   limit: int = 400) -> Iterator[dt.datetime]:
    """Every tick of the step from before *t0* to past *t1* (at most *limit*)."""
    at = _start(unit, count, moment(t0))
    end = moment(t1)
    for _ in range(limit):
        yield at
        if at > end:
            return
        try:
            at = _next(unit, count, at)
        except (ValueError, OverflowError):  # the end of the calendar
            return


def label(unit: str, count: int, at: dt.datetime) -> str:
    """A tick's label at its step: "2018", "Nov", "22", "18:00"."""
    if unit == "year":
        return f"{at.year}"
    if unit == "month":
        return _MONTHS[at.month - 1] if count < 6 or at.month != 1 else f"{at.year}"
    if unit == "day":
        return f"{at.day}"
    return f"{at.hour:02d}:00"


def context_unit(unit: str) -> str | None:
    """The coarser unit named above the ticks: year over months, month over days..."""
    return {"month": "year", "day": "month", "hour": "day"}.get(unit)


def context_label(unit: str, at: dt.datetime) -> str:
    if unit == "year":
        return f"{at.year}"
    if unit == "month":
        return f"{_MONTHS[at.month - 1]} {at.year}"
    return f"{at.day} {_MONTHS[at.month - 1]} {at.year}"


def span_words(seconds: float) -> str:
    """How much time the view shows, for its status line: "30 years", "3 months", "5 h"."""
    if seconds >= 2 * YEAR:
        return f"{seconds / YEAR:.0f} years"
    if seconds >= 2 * MONTH:
        return f"{seconds / MONTH:.0f} months"
    if seconds >= 2 * DAY:
        return f"{seconds / DAY:.0f} days"
    return f"{seconds / HOUR:.0f} hours"
