"""Files dropped on the window: which local paths to import.

A file dropped by name is passed on whatever its type, so an unsupported one gets the
importer's clear "unsupported file type" message rather than vanishing. A dropped folder is
opened one level deep and contributes only the files ingest can read. Remote URLs are ignored:
the app never fetches anything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

from osint_desk.core.ingest import SUPPORTED_SUFFIXES


def _folder_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except OSError:
        return []
    return [entry for entry in entries
            if entry.suffix.lower() in SUPPORTED_SUFFIXES and not entry.name.startswith(".")
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
