"""``verify``: is this case what its history says it is?

Three checks, each naming what fails: the audit log's hash chain (``audit_chain``: the first
entry that was changed, removed or put in), every excerpt against its source's text and every
source text and original file against its SHA-256 (``evidence_check``). Read only; run on the
task runner in the GUI (a case of 100,000 excerpts takes seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from osint_desk.core.store.audit_chain import ChainReport, check_chain
from osint_desk.core.store.evidence_check import Problem, verify_evidence

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

SHOWN = 20  # evidence problems named; the rest are counted


@dataclass(frozen=True)
class VerifyReport:
    chain: ChainReport
    evidence: list[Problem] = field(default_factory=list)
    sources: int = 0  # sources whose text, excerpts and original were checked

    @property
    def intact(self) -> bool:
        return self.chain.intact and not self.evidence

    def lines(self) -> list[str]:
        """The report as a user reads it, the verdict first."""
        out = ["Verified: the case is intact." if self.intact
               else "Verification FAILED: the case was changed outside OSINT Desk."]
        out.append(str(self.chain))
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

    problems = verify_evidence(store, progress=counted)
    return VerifyReport(chain, problems, checked[0])
