"""Files dropped on the window: which local paths to import.

A file dropped by name is passed on whatever its type, so an unsupported one gets the
importer's clear "unsupported file type" message rather than vanishing. A dropped folder is
opened one level deep and contributes only the files ingest can read. Remote URLs are ignored:
the app never fetches anything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

from osint_desk.core.ingest import SUPPORTED_SUFFIXES, suffix_of
from osint_desk.core.store.opening import CASE_SUFFIX


def _folder_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except OSError:
        return []
    return [entry for entry in entries
            if suffix_of(entry.name) in SUPPORTED_SUFFIXES and not entry.name.startswith(".")
            and entry.is_file()]


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local files to import, in drop order, each once."""
    if not mime.hasUrls():
        return []
    found: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            found.extend(_folder_files(path))
        elif path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


def accepts(mime: QMimeData) -> bool:
    """True when a drop would import at least one file (drag-enter feedback)."""
    return bool(paths_from_mime(mime))


def split_cases(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Case files (opened, never imported as sources) apart from the files to import."""
    cases = [p for p in paths if p.suffix.lower() == CASE_SUFFIX]
    return cases, [p for p in paths if p.suffix.lower() != CASE_SUFFIX]


def drop_cue(paths: list[Path], case_title: str | None) -> str:
    """What dropping will do, said while the files are dragged over the window."""
    cases, files = split_cases(paths)
    if cases:
        return f"Drop to open the case {cases[0].name}"
    if case_title is None:
        return ""
    count = f"{len(files)} file" + ("s" if len(files) != 1 else "")
    return f"Drop to import {count} into “{case_title}”"
