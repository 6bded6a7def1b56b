"""``osint-desk import-ftm``: load a FollowTheMoney JSON lines file into a case.

The file is checked whole before anything is written and imported in one transaction: a bad
file is an error naming the line and changes nothing. See docs/ftm-export.md for the mapping.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from osint_desk.cli.commands_case import add_case, add_json, open_case
from osint_desk.cli.output import emit_json, line, one_line

CREATED = (("cards", "card"), ("aliases", "alias"), ("relationships", "relationship"),
           ("sanctions", "sanctions record"), ("sources", "source"), ("excerpts", "excerpt"),
           ("evidence", "evidence link"), ("tags", "tag"))


def register(commands: Any) -> None:
    """Add ``import-ftm`` to the ``osint-desk`` parser."""
    p = commands.add_parser(
        "import-ftm", help="import FollowTheMoney JSON lines into a case",
        description="Add the entities of a FollowTheMoney JSON lines file (an OSINT Desk"
        " export, OpenSanctions entities.ftm.json, an Aleph export) to a case: cards with"
        " their aliases and attributes, relationships, sanctions records with their"
        " provenance, and documents with text as sources. Other schemata are counted and"
        " skipped. All or nothing: a bad file changes nothing.")
    add_case(p)
    p.add_argument("file", metavar="FILE", help="the .ftm.json / .jsonl file")
    add_json(p)
    p.set_defaults(handler=cmd_import_ftm)


def cmd_import_ftm(args: argparse.Namespace) -> int:
    from osint_desk.core.exports.ftm_import import import_ftm

    with open_case(args.case, read_only=False) as store:
        report = import_ftm(store, Path(args.file))
    if args.json:
        emit_json(report.to_dict())
        return 0
    made = [f"{report.created[key]} {_plural(what, report.created[key])}"
            for key, what in CREATED if report.created[key]]
    line(f"Imported {one_line(report.file)} ({report.entities} entities):"
         f" {', '.join(made) or 'nothing new'}.")
    if report.reused_sources:
        line(f"  {report.reused_sources} {_plural('source', report.reused_sources)} already"
             " in the case, linked rather than added again")
    for title, counts in (("folded", report.folded), ("skipped", report.skipped)):
        for reason, count in sorted(counts.items()):
            line(f"  {title}: {count} {one_line(reason)}")
    if report.dropped_properties:
        dropped = ", ".join(f"{name} ({count})" for name, count
                            in sorted(report.dropped_properties.items()))
        line(f"  properties not kept: {one_line(dropped, 300)}")
    return 0


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return {"alias": "aliases", "evidence link": "evidence links",
            "sanctions record": "sanctions records"}.get(word, word + "s")
