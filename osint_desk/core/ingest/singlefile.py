"""Pages saved by SingleFile: the comment it writes says where and when the page was saved.

SingleFile (the browser extension investigators use to keep a page as one HTML file) puts a
comment at the top of the file::

    <!--
     Page saved with SingleFile
     url: https://example.org/news/1
     saved date: Thu Dec 22 2022 18:30:05 GMT+0100 (Central European Standard Time)
    -->

That URL and date are the capture's own record, so they become the source's URL (unless the
page names a canonical one) and its retrieval date, and the comment is kept as capture
metadata. Only the first 64 KiB are searched: the comment is written before the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import ValidationError
from osint_desk.core.ingest.captured import CapturedSource

_HEAD_BYTES = 64 * 1024
_COMMENT = re.compile(
    rb"<!--\s*Page saved with SingleFile\s*(?P<body>.{0,4096}?)-->", re.DOTALL | re.IGNORECASE)
_FIELD = re.compile(r"^\s*(url|saved date|info)\s*:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
# "Thu Dec 22 2022 18:30:05 GMT+0100 (Central European Standard Time)": JavaScript's
# Date.toString(), which SingleFile writes whatever the browser's language.
_JS_DATE = re.compile(
    r"^[A-Z][a-z]{2} (?P<mon>[A-Z][a-z]{2}) (?P<d>\d{1,2}) (?P<y>\d{4}) "
    r"(?P<t>\d{2}:\d{2}:\d{2}) GMT(?P<off>[+-]\d{4})")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def singlefile_metadata(data: bytes) -> dict[str, str] | None:
    """The URL, saved date (as written and as ISO 8601) and info of a SingleFile page."""
    match = _COMMENT.search(data[:_HEAD_BYTES])
    if match is None:
        return None
    body = match["body"].decode("utf-8", "replace")
    fields = {key.lower(): value for key, value in _FIELD.findall(body)}
    meta = {"format": "singlefile"}
    if url := fields.get("url"):
        meta["saved_url"] = url[:2048]
    if saved := fields.get("saved date"):
        meta["saved_date_text"] = saved[:200]
        if iso := _iso(saved):
            meta["saved_date"] = iso
    if info := fields.get("info"):
        meta["info"] = info[:500]
    return meta


def _iso(text: str) -> str | None:
    match = _JS_DATE.match(text.strip())
    if match is None or match["mon"] not in _MONTHS:
        return None
    off = match["off"]
    hour, minute, second = (int(part) for part in match["t"].split(":"))
    try:
        stamp = dt.datetime(int(match["y"]), _MONTHS.index(match["mon"]) + 1, int(match["d"]),
                            hour, minute, second)
    except ValueError:
        return None
    return f"{stamp.isoformat()}{off[:3]}:{off[3:]}"


def with_singlefile_metadata(captured: CapturedSource, data: bytes) -> CapturedSource:
    """``captured`` with the SingleFile comment's URL, date and the comment itself, if any."""
    meta = singlefile_metadata(data)
    if meta is None:
        return captured
    retrieved = captured.retrieved
    if "saved_date" in meta:
        try:
            retrieved = PartialDate.parse(meta["saved_date"])
        except ValidationError:
            retrieved = captured.retrieved
    url = captured.url or meta.get("saved_url")
    return dataclasses.replace(captured, url=url, retrieved=retrieved,
                               capture={**(captured.capture or {}), **meta})
