"""``osint-desk encrypt`` / ``decrypt``: an encrypted (or plain) copy of a case, beside it.

The copy is checked (it opens with its passphrase, SQLite's integrity check, the same rows in
every table, the same verification verdict) before it is reported; the case itself is only
read. Which copy to keep, and whether to delete the other, is the user's decision.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from osint_desk.cli.output import emit_json, line, one_line


def register(commands: Any) -> None:
    p = commands.add_parser(
        "encrypt", help="write an encrypted copy of a case (SQLCipher)",
        description="Write an encrypted copy of CASE (AES-256, SQLCipher 4), by default"
        " beside it as NAME.encrypted.osintcase. The new passphrase comes from"
        " $OSINT_DESK_PASSPHRASE, --passphrase-file FILE, or is asked twice in the terminal;"
        " it is never stored: without it the copy cannot be opened by anyone. CASE is only"
        " read and is kept.")
    p.add_argument("case", metavar="CASE", help="the plain case to copy (read, not changed)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="the encrypted file to write (must not exist)")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_encrypt)
    p = commands.add_parser(
        "decrypt", help="write a plain (unencrypted) copy of an encrypted case",
        description="Write a plain copy of the encrypted CASE, by default beside it as"
        " NAME.decrypted.osintcase. The passphrase comes from $OSINT_DESK_PASSPHRASE,"
        " --passphrase-file FILE, or is asked in the terminal. CASE is only read and kept.")
    p.add_argument("case", metavar="CASE", help="the encrypted case (read, not changed)")
    p.add_argument("-o", "--output", metavar="OUT", help="the plain file to write")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_decrypt)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from osint_desk.cli.passphrase import new_passphrase
    from osint_desk.core.store.encrypt_copy import encrypt_case

    source = Path(args.case)
    passphrase = new_passphrase(source)
    report = encrypt_case(source, passphrase, args.output)
    return _report(report, args.json, "encrypted")


def cmd_decrypt(args: argparse.Namespace) -> int:
    from osint_desk.cli.passphrase import existing_passphrase
    from osint_desk.core.store.encrypt_copy import decrypt_case

    source = Path(args.case)
    report = decrypt_case(source, existing_passphrase(source), args.output)
    return _report(report, args.json, "plain")


def _report(report: Any, as_json: bool, what: str) -> int:
    if as_json:
        emit_json({"case": str(report.source), "output": str(report.target), "kind": what,
                   "tables": report.tables, "rows": report.rows, "verified": report.verdict})
        return 0
    line(f"Wrote the {what} copy {one_line(str(report.target), 200)}")
    line(f"Checked: {report.rows:,} rows in {report.tables} tables match the case;"
         f" {report.verdict[0].lower()}{report.verdict[1:]}")
    line(f"The case {one_line(report.source.name, 200)} was not changed.")
    return 0
