"""Names from the imported sanctions lists found in a text: a strong hint.

The library's strong names are read once per library state (path, size, modification time)
into a dict by folded name; a text's capitalised spans are then looked up in it, so a source
costs a few hundred dictionary look-ups whatever the lists' size.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.sanctions.library import ListLibrary

_SCHEMA_KINDS = {"Person": "person", "Company": "company", "Organization": "organization",
                 "LegalEntity": "organization", "PublicBody": "public_body"}
Listed = tuple[str, str, str, str]  # list key, entry ref, schema, listed name

_cache: dict[tuple[str, int, int], dict[str, Listed]] = {}
_lock = threading.Lock()


def listed_names(library: ListLibrary) -> dict[str, Listed]:
    """Folded listed name → (list, entry, schema, name), cached per library file state."""
    path = Path(library.path)
    try:
        stat = path.stat()
        state = (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        state = (str(path), 0, 0)
    with _lock:
        found = _cache.get(state)
        if found is None:
            found = {}
            for listed in library.names():
                key = fold_name(listed.name)
                if len(key) >= 4 and listed.schema in _SCHEMA_KINDS:
                    found.setdefault(key, (listed.list_key, listed.entry_ref, listed.schema,
                                           listed.name))
            _cache.clear()
            _cache[state] = found
        return found


def find_listed(text: str, spans: Iterable[tuple[int, int]],
                names: dict[str, Listed]) -> Iterator[tuple[int, int, str, str, float, str]]:
    """(start, end, kind, reason, confidence, schema) of each span that is a listed name."""
    if not names:
        return
    for start, end in spans:
        listed = names.get(fold_name(text[start:end]))
        if listed is None:
            continue
        list_key, entry_ref, schema, name = listed
        yield (start, end, _SCHEMA_KINDS[schema],
               f"listed name in {list_key} {entry_ref} ({name})", 0.9, schema)
