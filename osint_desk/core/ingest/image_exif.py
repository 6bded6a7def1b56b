"""EXIF tags read with exifread: kept as text, bounded, with GPS and the time taken decoded.

exifread is given only the TIFF block ``image_formats`` cut out of the file (at most 1 MiB), so
its reads stay inside that block; it is told to skip maker notes and thumbnails. Whatever it
raises on a broken block becomes a warning: the picture is still imported, without tags.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import exifread

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import ValidationError

_log = logging.getLogger(__name__)

#: Tags kept from one image: a phone photo has 60-120, and past a few hundred the rest is
#: vendor noise that would swamp the description.
MAX_EXIF_TAGS = 500
#: Characters kept of one tag's value (a description or a copyright line is short; a value
#: this long is a blob printed as numbers).
MAX_EXIF_VALUE_CHARS = 1_000
# Thumbnails and maker notes (vendor blobs), and the offsets that only chain the IFDs.
#: IFDs in one block (IFD0, its thumbnail, EXIF, GPS, interoperability: 5 in a real photo),
#: entries in all of them (real: 50-300), and values exifread would decode one by one (real:
#: a few hundred, plus a maker note's bytes). exifread spends ~10 µs a value, so a crafted
#: block of 64 KiB asking for millions took 50 s; past these bounds its tags are not read.
MAX_EXIF_IFDS = 16
MAX_EXIF_ENTRIES = 5_000
MAX_EXIF_VALUES = 100_000
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_POINTERS = frozenset((0x8769, 0x8825, 0xA005, 0x014A))  # EXIF, GPS, interop, SubIFDs
_MAKER_NOTE = 0x927C
_SKIPPED = ("JPEGThumbnail", "TIFFThumbnail", "Thumbnail ", "EXIF MakerNote", "MakerNote ",
            "Image ExifOffset", "Image GPSInfo", "EXIF InteroperabilityOffset")
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")


@dataclass
class ExifFacts:
    """The tags as text, and what they say about where, when and with what."""

    tags: dict[str, str] = field(default_factory=dict)
    gps: dict[str, float] | None = None
    taken: PartialDate | None = None
    warnings: list[str] = field(default_factory=list)


def clean(value: str) -> str:
    """One line of text: control characters (NUL, newlines…) as spaces, runs of them as one."""
    chars = (" " if unicodedata.category(char) == "Cc" else char for char in value)
    return " ".join("".join(chars).split())


def read_exif(block: bytes) -> ExifFacts:
    """Interpret a TIFF-structured EXIF block; never raises on a broken one."""
    facts = ExifFacts()
    problem = _too_costly(block)
    if problem:
        facts.warnings.append(f"the EXIF block is malformed or too large to read ({problem}); "
                              "its tags were not read")
        return facts
    try:
        raw: dict[str, Any] = exifread.process_file(
            io.BytesIO(block), details=False, extract_thumbnail=False)
    except Exception as exc:  # exifread raises many types on damaged blocks
        _log.info("EXIF block unreadable: %s", exc)
        facts.warnings.append("the EXIF block is damaged; its tags were not read")
        return facts
    for key, tag in raw.items():
        if key.startswith(_SKIPPED):
            continue
        if len(facts.tags) >= MAX_EXIF_TAGS:
            facts.warnings.append(f"the image has more than {MAX_EXIF_TAGS} EXIF tags; the "
                                  "rest were not kept")
            break
        value = clean(str(getattr(tag, "printable", tag)))
        if len(value) > MAX_EXIF_VALUE_CHARS:
            value = value[: MAX_EXIF_VALUE_CHARS - 1] + "…"
        if value:
            facts.tags[clean(str(key))] = value
    facts.gps = _gps(raw, facts.warnings)
    facts.taken = _taken(facts.tags, facts.warnings)
    return facts


def _too_costly(block: bytes) -> str:
    """Why exifread must not be given ``block`` (its IFDs walked here first), or ""."""
    order = "<" if block.startswith(b"II") else ">"
    pending = [struct.unpack(order + "I", block[4:8])[0]]
    seen: set[int] = set()
    entries = values = 0
    while pending:
        at = pending.pop()
        if at == 0 or at in seen:
            continue
        seen.add(at)
        if len(seen) > MAX_EXIF_IFDS:
            return f"more than {MAX_EXIF_IFDS} IFDs"
        if at + 2 > len(block):
            return "an IFD lies past its end"
        (count,) = struct.unpack(order + "H", block[at:at + 2])
        end = at + 2 + 12 * count
        if end + 4 > len(block):
            return "an IFD runs past its end"
        entries += count
        if entries > MAX_EXIF_ENTRIES:
            return f"more than {MAX_EXIF_ENTRIES:,} tags"
        for entry in range(at + 2, end, 12):
            tag, kind, many = struct.unpack(order + "HHI", block[entry:entry + 8])
            if kind == 2 or kind not in _TYPE_SIZES:
                values += 1
            elif many < 1000 or tag == _MAKER_NOTE:
                values += many
            if tag in _POINTERS and kind in (4, 13):
                pending.append(struct.unpack(order + "I", block[entry + 8:entry + 12])[0])
        if values > MAX_EXIF_VALUES:
            return f"more than {MAX_EXIF_VALUES:,} values"
        pending.append(struct.unpack(order + "I", block[end:end + 4])[0])
    return ""


def _ratios(tag: Any) -> list[float] | None:
    """A tag's RATIONAL values as floats; None if any is missing or divides by zero."""
    values = getattr(tag, "values", None)
    if not isinstance(values, list) or not values:
        return None
    numbers: list[float] = []
    for value in values:
        num, den = getattr(value, "num", None), getattr(value, "den", None)
        if isinstance(value, int):
            num, den = value, 1
        if not isinstance(num, int) or not isinstance(den, int) or den == 0:
            return None
        numbers.append(num / den)
    return numbers


def _degrees(raw: dict[str, Any], axis: str, limit: float) -> float | None:
    parts = _ratios(raw.get(f"GPS GPS{axis}"))
    ref = clean(str(raw.get(f"GPS GPS{axis}Ref", ""))).upper()[:1]
    if parts is None or not 1 <= len(parts) <= 3 or ref not in ("N", "S", "E", "W"):
        return None
    degrees, minutes, seconds = (*parts, 0.0, 0.0)[:3]
    value = degrees + minutes / 60 + seconds / 3600
    if not 0 <= value <= limit or not 0 <= minutes < 60 or not 0 <= seconds < 60:
        return None
    return -value if ref in ("S", "W") else value


def _gps(raw: dict[str, Any], warnings: list[str]) -> dict[str, float] | None:
    if not any(key.startswith(("GPS GPSLatitude", "GPS GPSLongitude")) for key in raw):
        return None
    latitude = _degrees(raw, "Latitude", 90.0)
    longitude = _degrees(raw, "Longitude", 180.0)
    if latitude is None or longitude is None:
        warnings.append("the EXIF GPS position is incomplete or impossible; it was not read "
                        "as a place (its tags are kept as they are)")
        return None
    gps = {"latitude": round(latitude, 7), "longitude": round(longitude, 7)}
    altitude = _ratios(raw.get("GPS GPSAltitude"))
    if altitude is not None and len(altitude) == 1 and abs(altitude[0]) < 100_000:
        below = clean(str(raw.get("GPS GPSAltitudeRef", ""))) in ("1", "Below Sea Level")
        gps["altitude"] = round(-altitude[0] if below else altitude[0], 2)
    return gps


def _taken(tags: dict[str, str], warnings: list[str]) -> PartialDate | None:
    """DateTimeOriginal (the camera's clock when the shutter fired), with its UTC offset when
    the camera recorded one; a zeroed or impossible value is reported, not guessed at."""
    stamp = tags.get("EXIF DateTimeOriginal")
    if stamp is None:
        return None
    found = _EXIF_DATE.match(stamp)
    offset = tags.get("EXIF OffsetTimeOriginal", "")
    if found:
        year, month, day, hour, minute, second = found.groups()
        iso = f"{year}-{month}-{day}T{hour}:{minute}:{second}"
        if _OFFSET.match(offset):
            iso += offset
        try:
            return PartialDate.parse(iso)
        except ValidationError:
            pass
    warnings.append(f"the EXIF date taken ({stamp[:40]!r}) is not a valid date; it was not "
                    "used as the publication date")
    return None
