"""What ingest hands to the store: a file turned into text, plus what it says about itself."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from osint_desk.core.dates import PartialDate
from osint_desk.core.model import SourceKind

#: A capture format's verdict on its own bytes (see ``CapturedSource.integrity``).
Integrity = Literal["valid", "mismatch", "absent"]


@dataclass(frozen=True)
class CapturedSource:
    """A file read into memory, ready to become a Source; nothing has been stored yet.

    ``text`` is what excerpt offsets will index, so it is final here: newlines normalised to
    ``\\n``, no BOM, no NUL, leading and trailing blank lines removed and nothing else touched.
    ``original`` is kept byte for byte as the evidentiary copy.

    ``capture`` is what a capture format says about itself (MHTML's snapshot URL and date, a
    WARC record's target URI, date and digest, EXIF tags…): JSON values only, stored with the
    source as they were read. ``integrity`` is the format's own check of its bytes where it has
    one (a WARC digest, a WACZ hash list): "valid", "mismatch" or "absent"; None where the
    format has nothing to check. ``retrieved`` is when the capture says it was made (a WARC
    record's date, MHTML's ``Date``); None for a plain file, which is retrieved on import.
    ``parts`` are the sources found inside this one (the pages
    of a WARC, a mail's attachments); each is stored as a source of its own, linked to this
    one, in the same transaction.
    """

    filename: str
    kind: SourceKind
    media_type: str
    original: bytes
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    retrieved: PartialDate | None = None  # when a capture was made (its own record of it)
    language: str | None = None
    page_map: tuple[int, ...] | None = None
    warnings: tuple[str, ...] = ()
    capture: Mapping[str, object] | None = None
    integrity: Integrity | None = None
    parts: tuple[CapturedSource, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` in ``text``, for paged documents; else None."""
        if self.page_map is None:
            return None
        # An empty page starts where the next one does; the later page owns that offset.
        return max(1, bisect_right(self.page_map, offset))
