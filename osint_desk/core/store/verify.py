"""``verify``: is this case what its history says it is?

Four checks, each naming what fails: the audit log's hash chain (``audit_chain``: the first
entry that was changed, removed or put in), every source and excerpt having its creation in
the log (which shows entries cut from the log's end, or the whole log emptied, when they had
created evidence), every excerpt against its source's text and every source text and original
file against its SHA-256 (``evidence_check``). Read only; run on the task runner in the GUI (a
case of 100,000 excerpts takes seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from osint_desk.core.store.audit_chain import ChainReport, check_chain, unlogged_records
from osint_desk.core.store.evidence_check import Problem, verify_evidence

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

SHOWN = 20  # evidence problems named; the rest are counted
UNLOGGED_LIMIT = 1000  # records missing from the log that are looked for
_UNLOGGED = "its creation is not in the audit log"


@dataclass(frozen=True)
class VerifyReport:
    chain: ChainReport
    evidence: list[Problem] = field(default_factory=list)
    sources: int = 0  # sources whose text, excerpts and original were checked
    unlogged: list[Problem] = field(default_factory=list)  # evidence the log never created

    @property
    def intact(self) -> bool:
        return self.chain.intact and not self.evidence and not self.unlogged

    def lines(self) -> list[str]:
        """The report as a user reads it, the verdict first."""
        out = ["Verified: the case is intact." if self.intact
               else "Verification FAILED: the case was changed outside OSINT Desk."]
        out.append(str(self.chain))
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


def verify_case(store: CaseStore, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """The chain, then the evidence (``progress`` gets the sources checked so far)."""
    chain = check_chain(store._ctx.conn)  # the store's own connection, as evidence_check
    checked = [0]

    def counted(done: int) -> None:
        checked[0] = done
        if progress is not None:
            progress(done)

    unlogged = [Problem(kind, record_id, _UNLOGGED) for kind, record_id
                in unlogged_records(store._ctx.conn, UNLOGGED_LIMIT)]
    problems = verify_evidence(store, progress=counted)
    return VerifyReport(chain, problems, checked[0], unlogged)
