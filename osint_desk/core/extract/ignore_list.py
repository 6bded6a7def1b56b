""""Always ignore, in every case": (kind, folded text) pairs in a small JSON file in the
user data folder. Read by ``suggest``; a damaged or oversized file counts as empty rather
than stopping the review (the analyst is told through ``load_warnings``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from osint_desk.core.paths import user_data_dir

FILENAME = "ignored-suggestions.json"
MAX_BYTES = 4 * 2**20
MAX_ENTRIES = 50_000


def ignore_file() -> Path:
    return user_data_dir() / FILENAME


def load(path: Path | None = None) -> set[tuple[str, str]]:
    """The (kind, key) pairs to ignore; empty when the file is absent or unreadable."""
    target = path or ignore_file()
    try:
        if target.stat().st_size > MAX_BYTES:
            return set()
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    items = data.get("ignored") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {(str(item[0]), str(item[1])) for item in items[:MAX_ENTRIES]
            if isinstance(item, list) and len(item) == 2}


def _save(pairs: set[tuple[str, str]], path: Path) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"ignored": sorted([k, t] for k, t in pairs)},
                                    ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def add(kind: str, key: str, path: Path | None = None) -> bool:
    """Ignore ``key`` of ``kind`` everywhere; False if it already was."""
    target = path or ignore_file()
    pairs = load(target)
    if (kind, key) in pairs:
        return False
    pairs.add((kind, key))
    _save(pairs, target)
    return True


def remove(kind: str, key: str, path: Path | None = None) -> bool:
    """The inverse of :func:`add` (for undo); False if it was not ignored."""
    target = path or ignore_file()
    pairs = load(target)
    if (kind, key) not in pairs:
        return False
    pairs.discard((kind, key))
    _save(pairs, target)
    return True
