"""``osint-desk verify CASE``: the audit log's hash chain and the evidence, checked.

Exit 0 when everything checks, 1 when anything fails (named on stdout, the first broken link
of the chain and each excerpt, text or original that no longer matches); the case is only
read.
"""

from __future__ import annotations

import argparse
from typing import Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import emit_json, line, one_line


def register(commands: Any) -> None:
    p = commands.add_parser(
        "verify", help="check a case's audit chain and evidence against their hashes",
        description="Check that CASE is what its history says: every entry of the audit log"
        " follows from the one before it (a changed, removed or inserted entry breaks the hash"
        " chain, and the first broken one is named), every excerpt is the exact words of its"
        " source, and every source text and original file matches its SHA-256. Exit status"
        " 0 when all of it holds, 1 when anything fails. The case is only read.")
    p.add_argument("case", metavar="CASE", help="the case file to check")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    from osint_desk.core.store.verify import verify_case

    with open_case(args.case, read_only=True) as store:
        report = verify_case(store)
    if args.json:
        chain = report.chain
        emit_json({"intact": report.intact,
                   "audit": {"entries": chain.rows, "intact": chain.intact,
                             "head": chain.head, "broken_at": chain.broken_at,
                             "problem": chain.problem},
                   "evidence": {"sources": report.sources,
                                "problems": [{"kind": p.kind, "id": p.record_id,
                                              "detail": p.detail} for p in report.evidence]}})
    else:
        for text in report.lines():
            line(one_line(text, 300))
    return 0 if report.intact else 1
