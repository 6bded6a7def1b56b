"""``osint-desk verify CASE|BUNDLE.zip``, ``key`` and ``timestamp-request``: evidence checked.

``verify`` on a case checks the audit log's hash chain and the evidence; on an evidence bundle
it checks every file against SHA256SUMS, the analyst's signature of it and the case copy.
Exit 0 when everything checks, 1 when anything fails (named on stdout); nothing is written.
``key`` shows the analyst's signing key (made on first use) to give to readers of bundles;
``timestamp-request`` writes an RFC 3161 request for any file, to send to a timestamp
authority yourself (OSINT Desk connects nowhere).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import emit_json, line, one_line


def register(commands: Any) -> None:
    p = commands.add_parser(
        "verify", help="check a case's audit chain and evidence, or an evidence bundle",
        description="Check that CASE is what its history says: every entry of the audit log"
        " follows from the one before it (a changed, removed or inserted entry breaks the hash"
        " chain, and the first broken one is named), every excerpt is the exact words of its"
        " source, and every source text and original file matches its SHA-256. Given an"
        " evidence bundle (a .zip from 'export --format bundle'), check every file against"
        " SHA256SUMS (missing, extra or changed), the SSH signature of SHA256SUMS against"
        " signer.pub (its fingerprint is printed: compare it with the analyst's), and the"
        " case copy as above. Exit status 0 when all of it holds, 1 when anything fails."
        " Nothing is written.")
    p.add_argument("case", metavar="CASE", help="the case file, or a bundle .zip, to check")
    p.add_argument("--since", metavar="HEAD", type=since_arg,
                   help="also check that the log still holds the entry with this hash (its"
                   " first 8 or more hex digits: the head an earlier verify printed, or Case"
                   " properties showed), or the head of the case copy in an evidence bundle"
                   " (a .zip) made earlier: entries cut from the log's end, or a log rewritten,"
                   " since then fail here")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser(
        "key", help="show the analyst's signing key (for readers of signed bundles)",
        description="Print the public key that signs your evidence bundles (an OpenSSH"
        " ssh-ed25519 line) and its fingerprint. Give the fingerprint to the readers of"
        " your bundles by some other way than the bundle, so they can tell your signature"
        " from anyone else's. The key is made on first use and kept in the user data folder.")
    p.add_argument("--export", metavar="FILE", type=Path,
                   help="also write the public key line to FILE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_key)

    p = commands.add_parser(
        "timestamp-request", help="write an RFC 3161 timestamp request (.tsq) for a file",
        description="Write a timestamp request for FILE (its SHA-256, a random nonce, asking"
        " for the authority's certificate). OSINT Desk sends it nowhere: send it yourself,"
        " e.g. curl -H 'Content-Type: application/timestamp-query' --data-binary @FILE.tsq"
        " https://freetsa.org/tsr -o FILE.tsr, and keep the reply with the file.")
    p.add_argument("file", metavar="FILE", type=Path, help="the file to timestamp")
    p.add_argument("-o", "--output", metavar="FILE.tsq", type=Path,
                   help="where to write the request (default: FILE.tsq beside FILE)")
    p.set_defaults(handler=cmd_timestamp_request)


def _is_bundle(path: str) -> bool:
    return path.lower().endswith(".zip")


def since_arg(value: str) -> str:
    """A head hash (8 to 64 hex digits) or an evidence bundle's path."""
    text = value.strip().lower()
    if _is_bundle(value):
        return value
    if not 8 <= len(text) <= 64 or any(char not in "0123456789abcdef" for char in text):
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither a head (8 to 64 hex digits, as verify prints it) nor an"
            " evidence bundle .zip")
    return text


def _noted_head(since: str) -> str:
    """The head to look for: given, or the case copy's in a bundle that itself verifies."""
    if not _is_bundle(since):
        return since
    from osint_desk.core.errors import OsintDeskError
    from osint_desk.core.exports.bundle_check import check_bundle

    bundle = check_bundle(Path(since))
    if not bundle.intact or bundle.case is None:
        why = bundle.problems[0] if bundle.problems else "it holds no case copy"
        raise OsintDeskError(f"--since {Path(since).name}: the bundle does not verify ({why});"
                             " its head proves nothing")
    return bundle.case.chain.head


def cmd_verify(args: argparse.Namespace) -> int:
    if _is_bundle(args.case):
        if args.since:
            from osint_desk.core.errors import OsintDeskError

            raise OsintDeskError("--since checks a case file against a head noted earlier;"
                                 " verify the bundle without it")
        return _verify_bundle(args)
    from osint_desk.core.store.verify import verify_case

    since = _noted_head(args.since) if args.since else None
    with open_case(args.case, read_only=True) as store:
        report = verify_case(store, since=since)
    if args.json:
        chain = report.chain
        noted = report.since
        emit_json({"intact": report.intact,
                   "since": None if noted is None else {
                       "head": noted.noted, "entry": noted.entry, "holds": noted.holds,
                       "ambiguous": noted.ambiguous},
                   "audit": {"entries": chain.rows, "intact": chain.intact,
                             "head": chain.head, "broken_at": chain.broken_at,
                             "problem": chain.problem,
                             "unlogged": [{"kind": p.kind, "id": p.record_id}
                                          for p in report.unlogged]},
                   "evidence": {"sources": report.sources,
                                "problems": [{"kind": p.kind, "id": p.record_id,
                                              "detail": p.detail} for p in report.evidence]}})
    else:
        for text in report.lines():
            line(one_line(text, 300))
    return 0 if report.intact else 1


def _verify_bundle(args: argparse.Namespace) -> int:
    from osint_desk.core.exports.bundle_check import check_bundle

    result = check_bundle(Path(args.case))
    if args.json:
        emit_json(result.as_json())
    else:
        for text in result.lines():
            indent = len(text) - len(text.lstrip(" "))
            line(" " * indent + one_line(text, 300))
    return 0 if result.intact else 1


def cmd_key(args: argparse.Namespace) -> int:
    from osint_desk.core.exports.signing_key import key_folder, load_or_create_key

    key = load_or_create_key()
    if args.export is not None:
        from osint_desk.core.exports.staging import staged

        with staged(args.export, "public key file") as temp:
            temp.write_text(key.public_line + "\n", encoding="ascii")
    if args.json:
        emit_json({"public_key": key.public_line, "fingerprint": key.fingerprint,
                   "identity": key.identity, "folder": str(key_folder())})
        return 0
    line(key.public_line)
    line(f"fingerprint: {key.fingerprint} (identity {key.identity})")
    if args.export is not None:
        line(f"Wrote {args.export}")
    return 0


def cmd_timestamp_request(args: argparse.Namespace) -> int:
    from osint_desk.core.exports.staging import staged
    from osint_desk.core.exports.timestamp_request import file_sha256, timestamp_request

    source: Path = args.file
    out: Path = args.output or source.with_name(source.name + ".tsq")
    digest = file_sha256(source)
    with staged(out, ".tsq file") as temp:
        temp.write_bytes(timestamp_request(digest))
    line(f"Wrote {out} (SHA-256 of {source.name}: {digest.hex()})")
    line(f"See it: openssl ts -query -in {out} -text")
    return 0
