"""Commands that add to or read what a case holds: sources, excerpts, cards, relationships.

Cards (CARD) are named by id, or by an exact name or alias; the store's ``resolve`` decides,
so an unknown name and an ambiguous one (with its candidates) read the same here as in the GUI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import (
    add_case,
    add_json,
    date_arg,
    int_range_arg,
    open_case,
    reliability_arg,
)
from osint_desk.cli.output import (
    clean,
    dossier_json,
    dossier_lines,
    emit_json,
    entity_json,
    excerpt_json,
    line,
    one_line,
    relationship_json,
    relationship_line,
    warn,
)
from osint_desk.core.errors import AmbiguousNameError, NotFoundError, ValidationError
from osint_desk.core.model import EvidenceRole, Stance, normalize_entity_type

if TYPE_CHECKING:
    from osint_desk.core.importer import ImportOutcome
    from osint_desk.core.store import CaseStore
    from osint_desk.core.store.records import Entity


def entity_type_arg(value: str) -> str:
    try:
        return normalize_entity_type(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def evidence_arg(value: str) -> tuple[str, str]:
    """``EXCERPT_ID[:ROLE]``; the role defaults to supports."""
    excerpt_id, _, role = value.partition(":")
    excerpt_id = excerpt_id.strip().lower()
    if not excerpt_id:
        raise argparse.ArgumentTypeError(f"{value!r}: give an excerpt id, e.g. ID:contradicts")
    role = role.strip().lower() or EvidenceRole.SUPPORTS.value
    if role not in {r.value for r in EvidenceRole}:
        raise argparse.ArgumentTypeError(
            f"unknown evidence role {role!r}; use {', '.join(r.value for r in EvidenceRole)}")
    return excerpt_id, role


def register(commands: Any) -> None:
    """Add this module's commands to the ``osint-desk`` parser."""
    p = commands.add_parser("import", help="import files as sources",
                            description="Import text, Markdown, HTML and PDF files as sources,"
                            " one whole file at a time: an interrupted run keeps the files"
                            " finished before it. Exit status 1 if any file failed.")
    add_case(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="files to import")
    p.add_argument("--url", help="where the document was found (one file only)")
    p.add_argument("--title", help="the source title (one file only; default: the"
                   " document's own title, else the file name)")
    p.add_argument("--published", type=date_arg, metavar="DATE",
                   help="publication date (overrides the one found in the file)")
    p.add_argument("--retrieved", type=date_arg, metavar="DATE",
                   help="when it was retrieved (default: now, UTC)")
    p.add_argument("--reliability", type=reliability_arg, metavar="A-F",
                   help="Admiralty source reliability grade")
    add_json(p)
    p.set_defaults(handler=cmd_import)

    excerpt = commands.add_parser("excerpt", help="cut excerpts from sources",
                                  description="Cut excerpts (exact words) from sources.")
    actions = excerpt.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser(
        "add", help="cut an excerpt by offsets or by quote",
        description="Cut an excerpt from a source, either by code-point offsets"
        " (--start/--end) or by quoting its exact words (--quote).")
    add_case(p)
    p.add_argument("--source", required=True, metavar="ID", help="the source's id")
    p.add_argument("--start", type=int_range_arg(0, 2**62, "--start"), metavar="N",
                   help="first character (0-based, in code points)")
    p.add_argument("--end", type=int_range_arg(0, 2**62, "--end"), metavar="N",
                   help="one past the last character")
    p.add_argument("--quote", metavar="TEXT", help="the exact words to cut")
    p.add_argument("--occurrence", type=int_range_arg(1, 2**31, "--occurrence"), default=None,
                   metavar="K", help="cut the K-th occurrence of the quote (default 1)")
    p.add_argument("--note", default="", metavar="MD", help="analyst note (Markdown)")
    p.add_argument("--credibility", type=int_range_arg(1, 6, "credibility"), metavar="1-6",
                   help="Admiralty information credibility")
    p.add_argument("--event-date", type=date_arg, metavar="DATE",
                   help="when the described thing happened")
    p.add_argument("--stance", choices=[s.value for s in Stance],
                   help="what the speaker does with the claim")
    p.add_argument("--speaker", metavar="CARD", help="the card who says it")
    p.add_argument("--channel", metavar="CARD", help="the card that carried it")
    p.add_argument("--entity", action="append", default=[], metavar="CARD",
                   help="a card the excerpt mentions (repeatable)")
    add_json(p)
    p.set_defaults(handler=cmd_excerpt_add, parser=p)

    entity = commands.add_parser("entity", help="add, show and list entity cards",
                                 description="Entity cards: people, organisations, states,"
                                 " vessels, events...")
    actions = entity.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("add", help="add a card", description="Add an entity card.")
    add_case(p)
    p.add_argument("--type", required=True, type=entity_type_arg, metavar="TYPE",
                   help="FollowTheMoney schema: Person, Organization, Company, PublicBody,"
                   " Vessel, Event... (case-insensitive)")
    p.add_argument("--name", required=True, help="the card's name")
    p.add_argument("--alias", action="append", default=[], metavar="A",
                   help="another name, in any script (repeatable)")
    p.add_argument("--description", default="", metavar="MD", help="description (Markdown)")
    add_json(p)
    p.set_defaults(handler=cmd_entity_add)

    p = actions.add_parser("show", help="a card's dossier",
                           description="Everything about one card: aliases, attributes,"
                           " excerpts, relationships both ways, sanctions, sources.")
    add_case(p)
    p.add_argument("card", metavar="CARD", help="id, or exact name or alias")
    add_json(p)
    p.set_defaults(handler=cmd_entity_show)

    p = actions.add_parser("list", help="list cards", description="List the cards by name.")
    add_case(p)
    p.add_argument("--type", type=entity_type_arg, metavar="T", help="only cards of this type")
    add_json(p)
    p.set_defaults(handler=cmd_entity_list)

    p = commands.add_parser(
        "relate", help="record a relationship between two cards",
        description="Record that SUBJECT PREDICATE OBJECT, e.g. 'North Korea' supplied"
        " 'Wagner Group', with excerpts as evidence.")
    add_case(p)
    p.add_argument("subject", metavar="SUBJECT", help="card: id, or exact name or alias")
    p.add_argument("predicate", metavar="PREDICATE",
                   help="a short phrase: owns, director of, member of, supplied...")
    p.add_argument("object", metavar="OBJECT", help="card: id, or exact name or alias")
    p.add_argument("--evidence", action="append", type=evidence_arg, default=[],
                   metavar="EXCERPT_ID[:ROLE]",
                   help="an excerpt as evidence; ROLE is supports (default), contradicts"
                   " or context (repeatable)")
    p.add_argument("--start", type=date_arg, metavar="DATE", help="when it began")
    p.add_argument("--end", type=date_arg, metavar="DATE", help="when it ended")
    p.add_argument("--confidence", type=int_range_arg(0, 100, "confidence"), metavar="0-100",
                   help="how likely it is, in percent (shown with ICD 203 words)")
    p.add_argument("--note", default="", metavar="MD", help="analyst note (Markdown)")
    add_json(p)
    p.set_defaults(handler=cmd_relate)


def _card(store: CaseStore, name: str) -> Entity:
    return store.entities.resolve(name)


def cmd_excerpt_add(args: argparse.Namespace) -> int:
    by_offsets = args.start is not None or args.end is not None
    if by_offsets and args.quote is not None:
        args.parser.error("give either --start and --end, or --quote, not both")
    if by_offsets and (args.start is None or args.end is None):
        args.parser.error("--start and --end go together")
    if not by_offsets and args.quote is None:
        args.parser.error("say what to cut: --start N --end N, or --quote TEXT")
    if args.occurrence is not None and args.quote is None:
        args.parser.error("--occurrence goes with --quote")
    source_id = args.source.strip().lower()
    with open_case(args.case, read_only=False) as store:
        fields: dict[str, Any] = {
            "note": args.note, "credibility": args.credibility, "event_date": args.event_date,
            "stance": args.stance,
            "speaker_id": _card(store, args.speaker).id if args.speaker else None,
            "channel_id": _card(store, args.channel).id if args.channel else None,
            "entity_ids": list(dict.fromkeys(_card(store, c).id for c in args.entity)),
        }
        if args.quote is not None:
            excerpt = store.excerpts.add_by_quote(source_id, args.quote,
                                                  occurrence=args.occurrence or 1, **fields)
        else:
            excerpt = store.excerpts.add(source_id, args.start, args.end, **fields)
        entity_ids = store.excerpts.entity_ids(excerpt.id)
    if args.json:
        emit_json({"excerpt": excerpt_json(excerpt, entity_ids)})
    else:
        line(f"added excerpt {clean(excerpt.id)} {excerpt.start}-{excerpt.end}"
             f" “{one_line(excerpt.quote, 80)}”")
    return 0


def cmd_entity_add(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=False) as store:
        for name in [args.name, *args.alias]:
            _warn_if_taken(store, name)
        entity = store.entities.add(args.type, args.name, description=args.description,
                                    aliases=args.alias)
    if args.json:
        emit_json({"entity": entity_json(entity)})
    else:
        line(f"added card {clean(entity.id)} {clean(entity.name)} ({clean(entity.type)})")
    return 0


def _warn_if_taken(store: CaseStore, name: str) -> None:
    """Two cards may share a name, but then only their ids can name them on the command line."""
    try:
        other = store.entities.resolve(name)
    except AmbiguousNameError:
        warn(f"several cards are already named {name!r}; name them by id")
        return
    except (NotFoundError, ValidationError):
        return
    warn(f"{other.name!r} ({clean(other.id)}) already has the name {name!r}; commands will need"
         " an id to tell the cards apart")


def cmd_entity_show(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=True) as store:
        dossier = store.dossier(_card(store, args.card).id)
        mentions = {e.id: store.excerpts.entity_ids(e.id) for e in dossier.excerpts}
    if args.json:
        emit_json(dossier_json(dossier, mentions))
    else:
        for text in dossier_lines(dossier):
            line(text)
    return 0


def cmd_entity_list(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=True) as store:
        entities = store.entities.list(type=args.type)
    if args.json:
        emit_json({"entities": [entity_json(e) for e in entities], "count": len(entities)})
        return 0
    for entity in entities:
        aliases = "; ".join(clean(a.name) for a in entity.aliases)
        line(f"{clean(entity.id)}  {clean(entity.type):<13} {clean(entity.name)}"
             + (f"  ({one_line(aliases, 80)})" if aliases else ""))
    if not entities:
        line("no cards", sys.stderr)
    return 0


def cmd_relate(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=False) as store:
        subject, obj = _card(store, args.subject), _card(store, args.object)
        relationship = store.relationships.add(
            subject.id, args.predicate, obj.id, start=args.start, end=args.end,
            confidence=args.confidence, note=args.note, evidence=args.evidence)
    if args.json:
        ends = {"subject": subject, "object": obj}
        emit_json({"relationship": {
            **relationship_json(relationship),
            **{key: {"id": e.id, "type": e.type, "name": e.name} for key, e in ends.items()},
        }})
    else:
        line(f"related {clean(relationship.id)} "
             f"{relationship_line(subject.name, relationship, obj.name)}")
        for evidence in relationship.evidence:
            line(f"  {clean(evidence.role)}: excerpt {clean(evidence.excerpt_id)}")
    return 0


def _outcome_record(outcome: ImportOutcome) -> dict[str, Any]:
    return {"path": outcome.path, "status": outcome.status, "source_id": outcome.source_id,
            "title": outcome.title, "message": outcome.message,
            "warnings": list(outcome.warnings), "integrity": outcome.integrity,
            "parts": [_outcome_record(part) for part in outcome.parts]}


def _print_outcome(outcome: ImportOutcome, indent: str) -> None:
    """One line per file, then one per part it held (indented), then its warnings."""
    name = Path(outcome.path).name
    what = "part " if indent else ""
    checked = f" [integrity: {outcome.integrity}]" if outcome.integrity else ""
    if outcome.status == "imported":
        line(f"{indent}{what}imported {clean(outcome.source_id)} {one_line(outcome.title)}"
             f" ({clean(name)}){checked}")
    elif outcome.status == "duplicate":
        line(f"{indent}{what}duplicate of {clean(outcome.source_id)} ({clean(name)})")
    else:
        line(f"{indent}{what}failed: {clean(outcome.message)}", sys.stderr)
    for part in outcome.parts:
        _print_outcome(part, indent + "  ")
    for text in outcome.warnings:
        warn(f"{name}: {text}")


def cmd_import(args: argparse.Namespace) -> int:
    from osint_desk.core.importer import import_files

    counts = {"imported": 0, "duplicate": 0, "failed": 0}
    records: list[dict[str, Any]] = []
    with open_case(args.case, read_only=False) as store:
        outcomes = import_files(store, args.files, title=args.title, url=args.url,
                                published=args.published, retrieved=args.retrieved,
                                reliability=args.reliability)
        for outcome in outcomes:
            counts[outcome.status] += 1
            records.append(_outcome_record(outcome))
            if not args.json:
                _print_outcome(outcome, "")
    if args.json:
        emit_json({"files": records, "imported": counts["imported"],
                   "duplicates": counts["duplicate"], "failed": counts["failed"]})
    return 1 if counts["failed"] else 0
