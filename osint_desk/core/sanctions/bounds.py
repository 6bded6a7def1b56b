"""Bringing one list entry within the library's limits before it is stored and keyed.

Whatever the importer, an entry passes here on its way into the library: names lose control
characters and broken surrogates, and anything past a limit of ``limits`` is cut or left out
with a warning naming the file, the entry and the limit. Real entries pass unchanged, and
the check is a few length tests for them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from osint_desk.core.sanctions.entries import Address, Identifier, ListEntry
from osint_desk.core.sanctions.limits import (
    MAX_ALIASES,
    MAX_ENTRY_NAME_CHARS,
    MAX_NAME_CHARS,
    MAX_REF_CHARS,
    MAX_REMARKS_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    MAX_WARNINGS,
)

# C0/C1 controls (tab and newlines become spaces anyway) and lone surrogates: a name holding
# one can be neither shown nor stored as UTF-8.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
T = TypeVar("T")
_TEXTS = ("birth_dates", "nationalities", "countries", "programs", "links")


def cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters, at a space when one is near the end."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit * 0.8 else head).rstrip()


def clean_name(name: str) -> str:
    return _UNSHOWABLE.sub(" ", name) if _UNSHOWABLE.search(name) else name


def _fits(e: ListEntry) -> bool:
    """True when the entry surely needs no change (real entries): counts and lengths, and
    ``isprintable`` (C speed; false for controls and surrogates) on the names joined."""
    if max(len(e.aliases), len(e.original_script_names), len(e.birth_dates),
           len(e.nationalities), len(e.countries), len(e.addresses), len(e.identifiers),
           len(e.programs), len(e.links)) > min(MAX_ALIASES, MAX_VALUES) \
            or len(e.entry_ref) > MAX_REF_CHARS or len(e.remarks) > MAX_REMARKS_CHARS:
        return False
    names = [e.name, *e.original_script_names, *[a.name for a in e.aliases]]
    joined = "".join(names)
    if len(joined) > MAX_ENTRY_NAME_CHARS or max(map(len, names)) > MAX_NAME_CHARS \
            or not joined.isprintable() or not e.name.strip():
        return False
    values = [*e.birth_dates, *e.nationalities, *e.countries, *e.programs, *e.links,
              *[a.text for a in e.addresses], *[a.country or "" for a in e.addresses],
              *[i.value for i in e.identifiers], *[i.kind for i in e.identifiers],
              *[i.country or "" for i in e.identifiers], ""]
    return max(map(len, values)) <= MAX_VALUE_CHARS


def bound_entry(entry: ListEntry, source: str) -> tuple[ListEntry | None, list[str]]:
    """The entry within the limits (``None``: skipped) and a warning for each change."""
    if _fits(entry):
        return entry, []
    ref = clean_name(entry.entry_ref)
    where = f"{source}: entry {cut(ref, 80)}{'...' if len(ref) > 80 else ''}"
    if len(entry.entry_ref) > MAX_REF_CHARS:
        return None, [f"{where}: skipped, its reference has {len(entry.entry_ref):,}"
                      f" characters (limit {MAX_REF_CHARS:,})"]
    warnings: list[str] = []
    changes: dict[str, Any] = {}
    budget = [MAX_ENTRY_NAME_CHARS]

    def name(text: str, what: str) -> str | None:
        """The name cleaned and cut; None once the entry's names are over budget."""
        if budget[0] < 0:
            return None
        text = clean_name(text)
        if len(text) > MAX_NAME_CHARS:
            warnings.append(f"{where}: {what} of {len(text):,} characters cut to"
                            f" {MAX_NAME_CHARS:,} (limit on the length of a name)")
            text = cut(text, MAX_NAME_CHARS)
        budget[0] -= len(text)
        if budget[0] < 0:
            warnings.append(f"{where}: its names pass {MAX_ENTRY_NAME_CHARS:,} characters in"
                            f" all; the {what} there and all after it left out (limit on the"
                            " names of one entry)")
            return None
        return text

    primary = name(entry.name, "name") or ""
    if not primary.strip():
        return None, [f"{where}: skipped, no name is left once control characters are"
                      " removed"]
    if primary != entry.name:
        changes["name"] = primary
    scripts = tuple(n for s in _first(entry.original_script_names, "original-script names",
                                      where, warnings) if (n := name(s, "original-script name")))
    if scripts != entry.original_script_names:
        changes["original_script_names"] = scripts
    aliases = tuple(a if n == a.name else dataclasses.replace(a, name=n)
                    for a in _first(entry.aliases, "aliases", where, warnings, MAX_ALIASES)
                    if (n := name(a.name, "alias")))
    if aliases != entry.aliases:
        changes["aliases"] = aliases
    for field in _TEXTS:
        values: tuple[str, ...] = getattr(entry, field)
        bounded = tuple(cut(v, MAX_VALUE_CHARS)
                        for v in _first(values, field.replace("_", " "), where, warnings))
        if bounded != values:
            changes[field] = bounded
    addresses = tuple(a if max(len(a.text), len(a.country or "")) <= MAX_VALUE_CHARS
                      else Address(cut(a.text, MAX_VALUE_CHARS),
                                   cut(a.country or "", MAX_VALUE_CHARS) or None)
                      for a in _first(entry.addresses, "addresses", where, warnings))
    if addresses != entry.addresses:
        changes["addresses"] = addresses
    identifiers = tuple(
        i if max(len(i.kind), len(i.value), len(i.country or "")) <= MAX_VALUE_CHARS
        else Identifier(cut(i.kind, MAX_VALUE_CHARS), cut(i.value, MAX_VALUE_CHARS),
                        cut(i.country or "", MAX_VALUE_CHARS) or None)
        for i in _first(entry.identifiers, "identifiers", where, warnings))
    if identifiers != entry.identifiers:
        changes["identifiers"] = identifiers
    if len(entry.remarks) > MAX_REMARKS_CHARS:
        warnings.append(f"{where}: remarks of {len(entry.remarks):,} characters cut to"
                        f" {MAX_REMARKS_CHARS:,} (limit on remarks)")
        changes["remarks"] = cut(entry.remarks, MAX_REMARKS_CHARS)
    if not changes:
        return entry, warnings
    return dataclasses.replace(entry, **changes), warnings


class Warnings:
    """The warnings of one import: the first ``MAX_WARNINGS`` kept, the rest counted."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.more = 0

    def add(self, warnings: list[str]) -> None:
        for warning in warnings:
            if len(self.kept) < MAX_WARNINGS:
                self.kept.append(warning)
            else:
                self.more += 1

    def result(self) -> tuple[str, ...]:
        more = [f"... and {self.more:,} more warnings"] if self.more else []
        return (*self.kept, *more)


def _first(values: tuple[T, ...], what: str, where: str, warnings: list[str],
           limit: int = MAX_VALUES) -> tuple[T, ...]:
    """The first ``limit`` values, with a warning when there are more."""
    if len(values) <= limit:
        return values
    warnings.append(f"{where}: {len(values):,} {what}; only the first {limit:,} kept"
                    f" (limit on {what} per entry)")
    return values[:limit]
