"""The list-entry model every importer produces, whatever the official format.

One shape for OFAC, UN, EU, UK and OpenSanctions entries, so the library, the screening and
the case records never need to know which file an entry came from. Values stay as published
(names, remarks); only dates are normalised to partial ISO ("1961-06-01", "1961-06", "1961").
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.limits import MAX_DATE_CHARS

#: The FollowTheMoney schemata a list entry may have: what lists name as targets (people,
#: bodies, vessels, aircraft) and the things OpenSanctions lists by number (wallets,
#: securities, vehicles, accounts), which are found by their identifier.
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel",
           "Airplane", "Vehicle", "CryptoWallet", "Security", "BankAccount", "Asset")


class ListFormatError(OsintDeskError):
    """A list file could not be read as the format it claims; names the file (and line)."""


@dataclass(frozen=True)
class Alias:
    """Another name of the entry; weak aliases (low quality) are kept but not screened."""

    name: str
    strength: str = "strong"  # "strong" | "weak"
    script: str | None = None


@dataclass(frozen=True)
class Address:
    text: str
    country: str | None = None


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str
    country: str | None = None


@dataclass(frozen=True)
class ListEntry:
    """One listed person, organisation, vessel or aircraft as its list publishes it."""

    authority: str
    list_key: str
    entry_ref: str
    schema: str
    name: str
    aliases: tuple[Alias, ...] = ()
    original_script_names: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None
    remarks: str = ""
    links: tuple[str, ...] = ()
    #: False for what a list names only as context (an FtM ``target: false`` donor, a
    #: relative): kept and shown, never screened or reported as listed.
    target: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (by hand: ``dataclasses.asdict`` is slow on 10^4 entries)."""
        return {
            "authority": self.authority, "list_key": self.list_key,
            "entry_ref": self.entry_ref, "schema": self.schema, "name": self.name,
            "aliases": [{"name": a.name, "strength": a.strength, "script": a.script}
                        for a in self.aliases],
            "original_script_names": list(self.original_script_names),
            "birth_dates": list(self.birth_dates), "nationalities": list(self.nationalities),
            "countries": list(self.countries),
            "addresses": [{"text": a.text, "country": a.country} for a in self.addresses],
            "identifiers": [{"kind": i.kind, "value": i.value, "country": i.country}
                            for i in self.identifiers],
            "programs": list(self.programs), "listed_on": self.listed_on,
            "remarks": self.remarks, "links": list(self.links),
            # only when False: listed entries keep the JSON (and hash) earlier versions stored
            **({} if self.target else {"target": False}),
        }

    def to_json(self) -> str:
        """Canonical JSON: the library stores it and hashes it."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListEntry:
        """The inverse of ``to_dict`` (the library stores entries as JSON)."""
        values = dict(data)
        values["aliases"] = tuple(Alias(**a) for a in data.get("aliases", ()))
        values["addresses"] = tuple(Address(**a) for a in data.get("addresses", ()))
        values["identifiers"] = tuple(Identifier(**i) for i in data.get("identifiers", ()))
        for key in ("original_script_names", "birth_dates", "nationalities", "countries",
                    "programs", "links"):
            values[key] = tuple(data.get(key, ()))
        return cls(**values)

    def content_sha256(self) -> str:
        """A hash of everything published about the entry: tells a changed entry apart."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    def all_names(self) -> Iterator[tuple[str, str, str | None, bool]]:
        """(name, strength, script, is_primary), each distinct name once, primary first."""
        seen: set[str] = set()
        candidates: list[tuple[str, str, str | None, bool]] = [
            (self.name, "strong", script_of(self.name), True)]
        candidates += [(n, "strong", script_of(n), False) for n in self.original_script_names]
        candidates += [(a.name, a.strength, a.script or script_of(a.name), False)
                       for a in sorted(self.aliases, key=lambda a: a.strength != "strong")]
        for name, strength, script, primary in candidates:
            key = " ".join(name.split())
            if key and key not in seen:
                seen.add(key)
                yield key, strength, script, primary


@dataclass(frozen=True)
class ListInfo:
    """What a list file says about itself, plus the hash that identifies the publication."""

    authority: str
    list_key: str
    list_name: str
    published: str | None
    file_sha256: str
    source_files: tuple[str, ...] = field(default_factory=tuple)
    #: What the importer cut or left out while reading (filled as the entries are read);
    #: the library adds them to ``ImportReport.warnings``. Not part of the list's identity.
    warnings: list[str] = field(default_factory=list, compare=False, repr=False)


# -- helpers shared by the importers ------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def set_sha256(paths: Iterable[Path]) -> str:
    """One file: its SHA-256. A set: SHA-256 of the sorted hex digests joined by newlines."""
    digests = sorted(file_sha256(p) for p in paths)
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def script_of(text: str) -> str | None:
    """The Unicode script of the first letter, when it is not Latin ("Cyrillic", "Arabic"...)."""
    for char in text:
        if char.isalpha():
            try:
                word = unicodedata.name(char).split()[0]
            except ValueError:
                return None
            if word == "LATIN":
                return None
            return {"CJK": "Han", "HANGUL": "Hangul"}.get(word, word.capitalize())
    return None


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]*\.? (\d{4})")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def partial_date(text: str | None) -> str | None:
    """ "01 Jun 1961" / "Jun 1961" / "1961-06-01" / "circa 1961" → partial ISO, else None."""
    if not text:
        return None
    text = text.strip()[:MAX_DATE_CHARS]  # the patterns below cost more than linear time
    match = _ISO.fullmatch(text[:10]) if len(text) >= 4 else None
    if match and (len(text) == 4 or text[4:5] == "-"):
        return "-".join(part for part in match.groups() if part)
    match = _DAY_MONTH_YEAR.search(text)
    if match and match.group(2).lower()[:3] in _MONTHS:
        month = _MONTHS[match.group(2).lower()[:3]]
        day = match.group(1)
        iso = f"{match.group(3)}-{month:02d}"
        return f"{iso}-{int(day):02d}" if day else iso
    year = _YEAR.search(text)
    return year.group(1) if year else None


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Distinct non-empty values, whitespace-collapsed, in first-seen order."""
    out: dict[str, None] = {}
    for value in values:
        if value:
            cleaned = " ".join(value.split())
            if cleaned:
                out.setdefault(cleaned, None)
    return tuple(out)
