"""``verify``: is this case what its history says it is?

Four checks, each naming what fails (and a fifth when asked): the audit log's hash chain
(``audit_chain``: the first entry that was changed, removed or put in), every source and
excerpt having its creation in the log (which shows entries cut from the log's end, or the
whole log emptied, when they had created evidence), every excerpt against its source's text
and every source text and original file against its SHA-256 (``evidence_check``); given a
head noted earlier (``since``: printed by an earlier verify, shown in Case properties, or the
case copy of an evidence bundle), that the log still holds that entry — the only way to see
entries cut from the end that created no evidence, or a log rewritten from some entry on.
Read only; run on the task runner in the GUI (a case of 100,000 excerpts takes seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from osint_desk.core.store.audit_chain import (
    ChainReport,
    check_chain,
    entries_with_hash,
    unlogged_records,
)
from osint_desk.core.store.evidence_check import Problem, verify_evidence

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

SHOWN = 20  # evidence problems named; the rest are counted
UNLOGGED_LIMIT = 1000  # records missing from the log that are looked for
_UNLOGGED = "its creation is not in the audit log"


@dataclass(frozen=True)
class SinceCheck:
    """Does the log still hold the entry whose hash was noted? ``entry`` is its id."""

    noted: str
    entry: int | None
    rows: int
    ambiguous: bool = False

    @property
    def holds(self) -> bool:
        return self.entry is not None and not self.ambiguous

    def __str__(self) -> str:
        noted = self.noted if len(self.noted) <= 16 else self.noted[:12] + "…"  # all in JSON
        if self.ambiguous:
            return (f"since {noted}: more than one entry has a hash starting so; give"
                    " more of it")
        if self.entry is None:
            return (f"since {noted}: NO entry of the log has this hash — entries were cut"
                    " from its end, or it was rewritten, after it was noted")
        added = self.rows - self.entry
        return (f"since {noted}: the log holds it (entry {self.entry:,} of {self.rows:,});"
                f" {added:,} entr{'y' if added == 1 else 'ies'} added after it")


@dataclass(frozen=True)
class VerifyReport:
    chain: ChainReport
    evidence: list[Problem] = field(default_factory=list)
    sources: int = 0  # sources whose text, excerpts and original were checked
    unlogged: list[Problem] = field(default_factory=list)  # evidence the log never created
    since: SinceCheck | None = None

    @property
    def intact(self) -> bool:
        return (self.chain.intact and not self.evidence and not self.unlogged
                and (self.since is None or self.since.holds))

    def lines(self) -> list[str]:
        """The report as a user reads it, the verdict first."""
        out = ["Verified: the case is intact." if self.intact
               else "Verification FAILED: the case was changed outside OSINT Desk."]
        out.append(str(self.chain))
        if self.since is not None:
            out.append(str(self.since))
        if self.unlogged:
            many = len(self.unlogged) >= UNLOGGED_LIMIT
            out.append(f"audit log: {'at least ' if many else ''}{len(self.unlogged)} record"
                       f"{'s are' if len(self.unlogged) != 1 else ' is'} not in it (entries"
                       " were removed from its end, or all of them):")
            out += [f"  {problem}" for problem in self.unlogged[:SHOWN]]
            if len(self.unlogged) > SHOWN:
                out.append(f"  … and {len(self.unlogged) - SHOWN} more")
        if not self.evidence:
            out.append("evidence: 1 source, its excerpts and original match their hashes"
                       if self.sources == 1 else
                       f"evidence: {self.sources:,} sources, their excerpts and originals"
                       " match their hashes")
        else:
            out.append(f"evidence: {len(self.evidence)} record"
                       f"{'s' if len(self.evidence) != 1 else ''} no longer match"
                       f"{'es' if len(self.evidence) == 1 else ''} what was captured:")
            out += [f"  {problem}" for problem in self.evidence[:SHOWN]]
            if len(self.evidence) > SHOWN:
                out.append(f"  … and {len(self.evidence) - SHOWN} more")
        return out


def verify_case(store: CaseStore, progress: Callable[[int], None] | None = None, *,
                since: str | None = None) -> VerifyReport:
    """The chain, then the evidence (``progress`` gets the sources checked so far); with
    ``since`` (a hash, or the start of one, of an entry noted earlier) that entry too."""
    chain = check_chain(store._ctx.conn)  # the store's own connection, as evidence_check
    since_check = None
    if since is not None:
        noted = since.strip().lower()
        found = entries_with_hash(store._ctx.conn, noted)
        since_check = SinceCheck(noted, found[0] if found else None, chain.rows,
                                 ambiguous=len(found) > 1)
    checked = [0]

    def counted(done: int) -> None:
        checked[0] = done
        if progress is not None:
            progress(done)

    unlogged = [Problem(kind, record_id, _UNLOGGED) for kind, record_id
                in unlogged_records(store._ctx.conn, UNLOGGED_LIMIT)]
    problems = verify_evidence(store, progress=counted)
    return VerifyReport(chain, problems, checked[0], unlogged, since_check)
