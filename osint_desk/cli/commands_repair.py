"""``osint-desk repair``: a clean copy of a case that was refused on open.

A case from someone else may hold triggers or views we did not write; it is refused unread.
Repair copies only the data, through our own schema, into a new file and says what it left.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from osint_desk.cli.output import emit_json, line, one_line


def register(commands: Any) -> None:
    p = commands.add_parser(
        "repair", help="write a clean copy of a refused case (data only)",
        description="Copy the sources, excerpts, cards, relationships, sanctions, tags,"
        " screening results and audit log of CASE into a new case made by this OSINT Desk,"
        " leaving behind every trigger, view, table and column it did not create. Each"
        " excerpt is checked against its source again; rows that fail are listed. CASE is"
        " only read.")
    p.add_argument("case", metavar="CASE", help="the case file to repair (read, not changed)")
    p.add_argument("-o", "--output", required=True, metavar="CLEAN",
                   help="the new case file to write (must not exist)")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_repair)


def cmd_repair(args: argparse.Namespace) -> int:
    from osint_desk.cli.passphrase import existing_passphrase
    from osint_desk.core.store.encryption import looks_encrypted
    from osint_desk.core.store.repair import repair_case

    source = Path(args.case)
    key = existing_passphrase(source) if looks_encrypted(source) else None
    report = repair_case(source, Path(args.output), passphrase=key)
    if args.json:
        emit_json({"output": str(report.output), "dropped": report.dropped,
                   "copied": report.copied, "refused": report.refused})
        return 0
    line(f"Wrote {one_line(str(report.output), 200)}")
    copied = ", ".join(f"{count} {table}" for table, count in report.copied.items() if count)
    line(f"Copied: {copied or 'nothing'}")
    if report.dropped:
        line(f"Left behind ({len(report.dropped)}):")
        for problem in report.dropped:
            line(f"  - {one_line(problem, 200)}")
    for table, reasons in report.refused.items():
        line(f"Rows of {table} refused by the schema ({len(reasons)}):")
        for reason in reasons[:20]:
            line(f"  - {one_line(reason, 200)}")
        if len(reasons) > 20:
            line(f"  … and {len(reasons) - 20} more")
    return 0
