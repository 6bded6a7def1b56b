"""``osint-desk lists``: import, show, restore and remove the official sanctions lists.

The library is one file in the user data folder (``$OSINT_DESK_HOME`` honoured), shared by
every case. An import either replaces the list completely or changes nothing; an update that
would lose data is refused (exit 1, like any error the user can act on) until ``--replace``
confirms it, and ``lists restore`` puts the replaced publication back.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import add_json, date_arg
from osint_desk.cli.output import clean, emit_json, line, one_line, warn
from osint_desk.core.errors import OsintDeskError

if TYPE_CHECKING:  # the library and the list parsers are imported by the commands that use them
    from osint_desk.core.sanctions.library import ImportReport, ListSummary


def register(commands: Any) -> None:
    """Add ``lists import|show|restore|remove`` to the ``osint-desk`` parser."""
    lists = commands.add_parser(
        "lists", help="import, show and remove sanctions lists",
        description="The sanctions-list library shared by all cases: OFAC, UN, EU and"
        " OpenSanctions files, imported offline.")
    actions = lists.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser(
        "import", help="import (or update) a list from its official files",
        description="Import a list publication. The format is detected from the content;"
        " an OFAC CSV set is given as its files or its folder. A newer publication of the"
        " same list replaces the old one atomically; the counts of added, removed and"
        " changed entries are printed. An update that would remove more than 10 % of the"
        " entries or 25 % of the aliases, comes from another file set or format, or is"
        " older than the held publication is refused until --replace confirms it; the"
        " replaced publication is kept for `lists restore`.")
    p.set_defaults(handler=cmd_import)
    p.defer(_import_arguments)

    p = actions.add_parser("show", help="the lists in the library",
                           description="The imported lists with their dates and counts.")
    add_json(p)
    p.set_defaults(handler=cmd_show)

    p = actions.add_parser(
        "restore", help="undo the last update of a list",
        description="Put back the publication the last update replaced (its entries, names"
        " and publication date). The publication replaced now is kept in its place, so"
        " restoring again redoes the update.")
    p.add_argument("list_key", metavar="LIST_KEY", help="e.g. ofac-sdn, un-sc, eu-fsf")
    add_json(p)
    p.set_defaults(handler=cmd_restore)

    p = actions.add_parser("remove", help="remove a list from the library",
                           description="Remove a list and its entries (see `lists show`).")
    p.add_argument("list_key", metavar="LIST_KEY", help="e.g. ofac-sdn, un-sc, eu-fsf")
    p.set_defaults(handler=cmd_remove)


def _import_arguments(p: argparse.ArgumentParser) -> None:
    from osint_desk.core.sanctions.formats import format_names

    p.add_argument("files", nargs="+", metavar="FILE", help="the list file(s) or folder")
    p.add_argument("--format", choices=format_names(), metavar="F",
                   help="the file format, when detection is not wanted:"
                   f" {', '.join(format_names())}")
    p.add_argument("--published", type=date_arg, metavar="DATE",
                   help="publication date, for formats that carry none (OFAC CSV,"
                   " FollowTheMoney); the file's own date wins")
    p.add_argument("--replace", action="store_true",
                   help="replace the list even though the update was refused (it would"
                   " remove many entries or aliases, comes from other files, or is older);"
                   " `lists restore` undoes it")
    add_json(p)


def report_json(report: ImportReport) -> dict[str, Any]:
    return {"list_key": report.list_key, "authority": report.authority,
            "list_name": report.list_name, "added": report.added, "removed": report.removed,
            "changed": report.changed, "total": report.total, "published": report.published,
            "file_sha256": report.file_sha256, "warnings": list(report.warnings)}


def summary_json(summary: ListSummary) -> dict[str, Any]:
    info = summary.info
    return {"list_key": info.list_key, "authority": info.authority,
            "list_name": info.list_name, "published": info.published,
            "file_sha256": info.file_sha256, "source_files": list(info.source_files),
            "imported_at": summary.imported_at, "entries": summary.entry_count,
            "names": summary.name_count, "has_previous": summary.has_previous,
            "previous_published": summary.previous_published}


def cmd_import(args: argparse.Namespace) -> int:
    from osint_desk.core.sanctions.library import ListLibrary, ListUpdateRefused

    published = args.published.value if args.published else None
    with ListLibrary() as library:
        try:
            report = library.import_files([Path(f) for f in args.files], format=args.format,
                                          published=published, replace=args.replace)
        except ListUpdateRefused as exc:
            raise OsintDeskError(
                f"{exc} Check the files; to replace the list anyway, run the same command"
                " with --replace (`osint-desk lists restore"
                f" {exc.list_key}` undoes it).") from None
    return _print_report(args, report)


def _print_report(args: argparse.Namespace, report: ImportReport, head: str = "") -> int:
    if args.json:
        emit_json(report_json(report))
        return 0
    line(f"{one_line(report.list_key)}: {head}{report.total} entries (added {report.added},"
         f" removed {report.removed}, changed {report.changed})")
    line(f"  {one_line(report.list_name)}; published {one_line(report.published) or 'unknown'};"
         f" sha256 {clean(report.file_sha256[:12])}")
    for text in report.warnings:  # names cut to a limit, entries skipped: said, not hidden
        warn(text)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from osint_desk.core.sanctions.library import ListLibrary

    with ListLibrary() as library:
        report = library.restore_previous(args.list_key)
    code = _print_report(args, report, "restored the previous publication, ")
    if not args.json:
        line(f"  the replaced publication is kept: `osint-desk lists restore"
             f" {one_line(report.list_key)}` again redoes the update")
    return code


def cmd_show(args: argparse.Namespace) -> int:
    from osint_desk.core.sanctions.library import ListLibrary

    with ListLibrary() as library:
        summaries = library.lists()
    if args.json:
        emit_json([summary_json(s) for s in summaries])
        return 0
    if not summaries:
        line("no lists imported; use `osint-desk lists import FILE...`")
        return 0
    rows = [("LIST", "AUTHORITY", "NAME", "PUBLISHED", "ENTRIES", "IMPORTED", "SHA256",
             "PREVIOUS")]
    for s in summaries:
        rows.append((one_line(s.info.list_key, 24), one_line(s.info.authority, 24),
                     one_line(s.info.list_name, 48), one_line(s.info.published) or "unknown",
                     str(s.entry_count), one_line(s.imported_at[:16].replace("T", " ")),
                     one_line(s.info.file_sha256[:12]), _previous(s)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [c.rjust(w) if i == 4 else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        line("  ".join(cells).rstrip())
    return 0


def _previous(summary: ListSummary) -> str:
    """What `lists restore` would bring back: "2019-05-01", "unknown date" or nothing."""
    if not summary.has_previous:
        return ""
    return one_line(summary.previous_published) or "unknown date"


def cmd_remove(args: argparse.Namespace) -> int:
    from osint_desk.core.sanctions.library import ListLibrary

    with ListLibrary() as library:
        library.remove(args.list_key)
    line(f"removed {clean(args.list_key)}")
    return 0
