"""Reading one source: its details, its text with excerpts and card names marked, find."""

from osint_desk.ui.reader.source_reader import SourceReader

__all__ = ["SourceReader"]
