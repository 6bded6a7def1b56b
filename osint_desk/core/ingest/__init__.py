"""Turning files (text, pages, PDFs, web captures, mail, Word, photos) into captured sources."""

from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from osint_desk.core.ingest.reader import (
    SUPPORTED_SUFFIXES,
    read_source_bytes,
    read_source_file,
    suffix_of,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TEXT_BYTES",
    "SUPPORTED_SUFFIXES",
    "CapturedSource",
    "read_source_bytes",
    "read_source_file",
    "suffix_of",
]
