"""What ingest hands to the store: a file turned into text, plus what it says about itself."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from osint_desk.core.dates import PartialDate
from osint_desk.core.model import SourceKind


@dataclass(frozen=True)
class CapturedSource:
    """A file read into memory, ready to become a Source; nothing has been stored yet.

    ``text`` is what excerpt offsets will index, so it is final here: newlines normalised to
    ``\\n``, no BOM, no NUL, leading and trailing blank lines removed and nothing else touched.
    ``original`` is kept byte for byte as the evidentiary copy.
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
    language: str | None = None
    page_map: tuple[int, ...] | None = None
    warnings: tuple[str, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` in ``text``, for paged documents; else None."""
        if self.page_map is None:
            return None
        # An empty page starts where the next one does; the later page owns that offset.
        return max(1, bisect_right(self.page_map, offset))
