"""Whether a new publication may replace the held one without the user confirming it.

An update is one transaction that swaps every entry of a list, so a file that is not what it
seems (one file of a four-file OFAC set, a truncated download, an old file picked by mistake)
would silently throw away most of a list. ``check_update`` compares what is held with what
is coming — a pure function over two ``Publication`` summaries, computed by the library from
the rows it already has in hand (no second parse) — and refuses, naming what would be lost.
The caller confirms with ``replace=True``; the replaced publication is archived either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.entries import ListEntry

#: Refuse when more than this share of the held entries would go. Real updates delist a
#: handful at a time: a weekly OFAC SDN update removes well under 1 % of ~12,000 entries and
#: the UN list a few entries a year, so 10 % is far above routine delisting and well below
#: what a truncated file or a partial file set removes (sdn.csv alone keeps no addresses,
#: so every entry changes; a half file removes half).
MAX_ENTRY_LOSS = 0.10
#: Refuse when more than this share of the held aliases (names other than the primary one)
#: would go. Publishers do rewrite aliases, so this is looser than for entries; but aliases
#: are what screening finds people by, and losing a quarter of them is what a missing
#: alt.csv (83 % of the SDN aliases) or a parser regression looks like, not an update.
MAX_ALIAS_LOSS = 0.25


class ListUpdateRefused(OsintDeskError):
    """An update would lose data (entries, aliases), comes from another file set or format,
    or is older than the held publication; nothing was changed. ``reasons`` says each."""

    def __init__(self, list_key: str, reasons: list[str]) -> None:
        self.list_key = list_key
        self.reasons = tuple(reasons)
        super().__init__(f"{list_key}: update refused, the library is unchanged. This"
                         f" publication {'. It '.join(reasons)}.")


@dataclass(frozen=True)
class Publication:
    """What the check needs of one publication of a list (held, or coming in)."""

    published: str | None
    file_sha256: str
    source_files: tuple[str, ...]
    #: The format name ("ofac-csv"); None when not recorded (libraries before version 5).
    format: str | None
    #: ``entry_ref -> content hash`` of every entry.
    digests: Mapping[str, str]
    #: ``entry_ref -> alias names`` (casefolded); only the entries whose content differs
    #: from the other side are needed: the others lose nothing.
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: How many aliases the whole publication has.
    alias_count: int = 0


def aliases_of(entry: ListEntry) -> frozenset[str]:
    """The names of an entry other than its primary name, compared without case."""
    return frozenset(name.casefold() for name, _s, _sc, primary in entry.all_names()
                     if not primary)


def alias_total(entries: Mapping[str, tuple[ListEntry, str, str]]) -> int:
    return sum(sum(1 for n in e.all_names() if not n[3]) for e, _t, _d in entries.values())


def differing(held: Mapping[str, str], coming: Mapping[str, str]) -> list[str]:
    """The held entries that are removed or changed by the coming publication."""
    return [ref for ref, digest in held.items() if coming.get(ref) != digest]


def update_problems(held: Publication, coming: Publication) -> list[str]:
    """Why ``coming`` must not silently replace ``held`` (empty: it may). The identical
    publication (same file hash) is never a problem."""
    if held.file_sha256 == coming.file_sha256:
        return []
    problems: list[str] = []
    loss = _loss(held, coming)
    if loss:
        problems.append(loss)
    files = _file_set(held, coming)
    if files:
        problems.append(files)
    if _older(coming.published, held.published):
        problems.append(f"is dated {coming.published}, older than the held {held.published}")
    return problems


def check_update(list_key: str, held: Publication, coming: Publication) -> None:
    """Raise ``ListUpdateRefused`` when ``update_problems`` finds any."""
    problems = update_problems(held, coming)
    if problems:
        raise ListUpdateRefused(list_key, problems)


def _loss(held: Publication, coming: Publication) -> str:
    gone = [ref for ref in held.digests if ref not in coming.digests]
    lost_aliases = sum(len(held.aliases.get(ref, frozenset())
                           - coming.aliases.get(ref, frozenset()))
                       for ref in differing(held.digests, coming.digests))
    parts = []
    entries, aliases = len(held.digests), held.alias_count
    if entries and len(gone) / entries > MAX_ENTRY_LOSS:
        parts.append(f"{len(gone):,} of {entries:,} entries ({_share(len(gone), entries)})")
    if aliases and lost_aliases / aliases > MAX_ALIAS_LOSS:
        parts.append(f"{lost_aliases:,} of {aliases:,} aliases"
                     f" ({_share(lost_aliases, aliases)})")
    return "would remove " + " and ".join(parts) if parts else ""


def _share(part: int, whole: int) -> str:
    """"11 %"; one decimal (rounded down) when rounding would hide that the share is above
    the limit, or that something is left ("99.9 %", not "100 %")."""
    percent = 100 * part / whole
    text = f"{percent:.0f}"
    if int(text) in (round(100 * MAX_ENTRY_LOSS), round(100 * MAX_ALIAS_LOSS)) or (
            text == "100" and part < whole):
        text = f"{int(percent * 10) / 10:.1f}"
    return f"{text} %"


def _file_set(held: Publication, coming: Publication) -> str:
    """A set of several files must come back as the same set of file names; a single file
    may be renamed (publishers and users put dates in its name), so only its format counts."""
    if held.format and coming.format and held.format != coming.format:
        return (f"is in the {coming.format} format; the held publication was read as"
                f" {held.format}")
    names_held = {name.casefold() for name in held.source_files}
    names_coming = {name.casefold() for name in coming.source_files}
    several = len(names_held) > 1 or len(names_coming) > 1
    if not several or names_held == names_coming or not names_held:
        return ""
    alone = " alone" if len(coming.source_files) == 1 else ""
    return (f"comes from {', '.join(sorted(coming.source_files))}{alone}; the held"
            f" publication came from {', '.join(sorted(held.source_files))}")


def _older(coming: str | None, held: str | None) -> bool:
    """True when ``coming`` is surely before ``held``: compared at the precision both have
    ("2024" is not older than "2024-05-06"); an unknown date is never older."""
    if not coming or not held:
        return False
    try:
        a, b = PartialDate.parse(coming).value, PartialDate.parse(held).value
    except OsintDeskError:
        return False
    size = min(len(a), len(b))
    return a[:size] < b[:size]
