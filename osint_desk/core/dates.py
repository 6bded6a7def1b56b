"""Dates as the world gives them: partial ("2018", "2022-11"), whole days, or instants.

A partial date is stored with its precision and never padded into a fake day. An instant keeps
the offset the source gave (``2022-12-22T18:30+09:00``) and also has a UTC form for sorting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from osint_desk.core.errors import ValidationError


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


_PARTIAL = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_INSTANT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?"
    r"(?P<tz>Z|z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date or instant with its precision.

    ``value`` is canonical ISO 8601 at the given precision: ``2022``, ``2022-12``,
    ``2022-12-22``, ``2022-12-22T18:30+09:00``, ``2022-12-22T18:30:05Z`` or, when the
    source gave a time without an offset, ``2022-12-22T18:30`` (local time, zone unknown).
    """

    value: str
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ISO 8601, partial allowed; raise ValidationError with the reason."""
        raw = text.strip()
        m = _PARTIAL.match(raw)
        if m:
            year, month, day = int(m["y"]), m["m"], m["d"]
            if month is None:
                if year < 1:
                    raise ValidationError(f"{text!r} is not a valid year")
                return cls(f"{year:04d}", Precision.YEAR)
            if not 1 <= int(month) <= 12:
                raise ValidationError(f"{text!r} has no month {month}")
            if day is None:
                return cls(f"{year:04d}-{month}", Precision.MONTH)
            try:
                dt.date(year, int(month), int(day))
            except ValueError as exc:
                raise ValidationError(f"{text!r} is not a valid date: {exc}") from None
            return cls(raw, Precision.DAY)
        m = _INSTANT.match(raw)
        if not m:
            raise ValidationError(
                f"{text!r} is not an ISO 8601 date; use e.g. 2022, 2022-12, 2022-12-22 "
                "or 2022-12-22T18:30+09:00"
            )
        try:
            dt.date.fromisoformat(m["date"])
            dt.time(int(m["h"]), int(m["mi"]), int(m["s"] or 0))
        except ValueError as exc:
            raise ValidationError(f"{text!r} is not a valid date and time: {exc}") from None
        precision = Precision.SECOND if m["s"] else Precision.MINUTE
        clock = f"{m['h']}:{m['mi']}" + (f":{m['s']}" if m["s"] else "")
        tz = m["tz"]
        if tz is None:
            suffix = ""
        elif tz in ("Z", "z"):
            suffix = "Z"
        else:
            digits = tz.replace(":", "")
            hours, minutes = int(digits[1:3]), int(digits[3:5])
            if hours > 23 or minutes > 59:
                raise ValidationError(f"{text!r} has an impossible UTC offset {tz}")
            suffix = f"{digits[0]}{digits[1:3]}:{digits[3:5]}"
        return cls(f"{m['date']}T{clock}{suffix}", precision)

    @classmethod
    def from_datetime(cls, moment: dt.datetime) -> PartialDate:
        """An instant at second precision; an aware datetime keeps its offset."""
        return cls.parse(moment.replace(microsecond=0).isoformat())

    @property
    def has_offset(self) -> bool:
        return self.precision in (Precision.MINUTE, Precision.SECOND) and (
            self.value.endswith("Z") or re.search(r"[+-]\d{2}:\d{2}$", self.value) is not None
        )

    def utc(self) -> str | None:
        """The instant in UTC (``...Z``) when a time and offset are known, else None."""
        if not self.has_offset:
            return None
        moment = dt.datetime.fromisoformat(self.value.replace("Z", "+00:00"))
        moment = moment.astimezone(dt.UTC)
        if self.precision is Precision.MINUTE:
            return moment.strftime("%Y-%m-%dT%H:%MZ")
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def sort_key(self) -> str:
        """A string that sorts chronologically with other dates (UTC where known)."""
        return self.utc() or self.value

    def __str__(self) -> str:
        return self.value


def parse_optional(text: str | None) -> PartialDate | None:
    """``None`` or empty stays None; anything else must parse."""
    if text is None or not str(text).strip():
        return None
    return PartialDate.parse(str(text))


def utc_now() -> str:
    """The current instant in UTC, ISO 8601 with microseconds and ``Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
