"""Commands suggest, accept, reject: the suggestion review (issue 16).

A suggestion is named by its span: SOURCE START END (code-point offsets into the source's
text, as ``suggest`` prints them) and, where one span could be read as two kinds, ``--kind``.
Its id ``SOURCE:START:END:KIND`` is stable across runs (it depends only on the text).
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from typing import Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import emit_json, line, one_line
from osint_desk.core.errors import ValidationError


def register(commands: Any) -> None:
    """Add this module's commands to the parser's subcommands."""
    p = commands.add_parser(
        "suggest", help="list what a case's sources name: people, organisations, places...",
        description="Suggest cards from the text of the case's sources (or one --source):"
        " names of existing cards and aliases, names in the imported sanctions lists, places"
        " in the offline gazetteer, e-mail addresses, phone numbers, IBANs, wallets, IMO and"
        " MMSI numbers, aircraft registrations, sums of money, dates, and names guessed from"
        " capitalisation. Each line: SOURCE START END, kind, the text, and why. What was"
        " rejected in this case, or ignored everywhere, is not listed. Nothing is written.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--source", metavar="ID", help="only this source")
    p.add_argument("--kind", action="append", metavar="KIND",
                   help="only this kind (repeatable): person, organization, place, money...")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_suggest)

    p = commands.add_parser(
        "accept", help="accept a suggestion: link its span to a card (new or existing)",
        description="Accept the suggestion at SOURCE START END: the span becomes a mention of"
        " --card ID, or of a new card of --type TYPE (default: the type the suggestion"
        " guessed) named by the span's text or --name. The mention goes on an existing"
        " excerpt covering the span, or on a new excerpt of the sentence holding it. A sum,"
        " a date or an identifier accepted without --card is kept as a new excerpt of its"
        " sentence (a date's excerpt dated with the day it resolves to).")
    _span_arguments(p)
    p.add_argument("--card", metavar="ID", help="an existing card (id or exact name)")
    p.add_argument("--type", metavar="TYPE", help="the new card's type (Person, Company...)")
    p.add_argument("--name", metavar="NAME", help="the new card's name (default: the text)")
    p.set_defaults(handler=cmd_accept)

    p = commands.add_parser(
        "reject", help="reject a suggestion: never propose this text as this kind again",
        description="Reject the suggestion at SOURCE START END: its text (folded: case,"
        " accents and spacing aside) is not suggested again as that kind anywhere in this"
        " case. --always ignores it in every case (a file in the user data folder).")
    _span_arguments(p)
    p.add_argument("--always", action="store_true", help="ignore it in every case too")
    p.set_defaults(handler=cmd_reject)


def _span_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="CASE")
    p.add_argument("source", metavar="SOURCE", help="the source id")
    p.add_argument("start", metavar="START", type=int)
    p.add_argument("end", metavar="END", type=int)
    p.add_argument("--kind", metavar="KIND",
                   help="the suggestion's kind (default: the kind suggested for the span)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _suggestion_json(item: Any) -> dict[str, Any]:
    return {"id": item.id, "source": item.source_id, "start": item.start, "end": item.end,
            "text": item.text, "kind": item.kind, "key": item.key, "reason": item.reason,
            "confidence": item.confidence, "card_type": item.card_type,
            "origin": item.origin, "card": item.entity_id, "value": item.value}


def _library(stack: ExitStack) -> Any:
    from osint_desk.core.sanctions.library import ListLibrary, default_path

    if not default_path().exists():
        return None  # no lists imported: suggest without them (never create the library)
    return stack.enter_context(ListLibrary(rekey=False))


def cmd_suggest(args: argparse.Namespace) -> int:
    from osint_desk.core.extract.suggest import Suggester

    with ExitStack() as stack:
        store = stack.enter_context(open_case(args.case, read_only=True))
        suggester = Suggester(store, library=_library(stack))
        ids = [args.source] if args.source else store.sources.ids()
        found = [item for source_id in ids for item in suggester.suggest_source(source_id)
                 if not args.kind or item.kind in args.kind]
    if args.json:
        emit_json({"suggestions": [_suggestion_json(item) for item in found]})
        return 0
    for item in found:
        card = f" [card {item.entity_id}]" if item.entity_id else ""
        value = f" = {item.value}" if item.value else ""
        line(one_line(f"{item.source_id} {item.start} {item.end}  {item.kind:<13}"
                      f" {item.text!r}{value}  ({item.reason}){card}", 300))
    line(f"{len(found)} suggestion{'s' if len(found) != 1 else ''}")
    return 0


def _suggested_kind(store: Any, args: argparse.Namespace) -> str:
    """The kind given, else the kind suggested for exactly this span."""
    return _suggested(store, args)[0]


def _suggested(store: Any, args: argparse.Namespace) -> tuple[str, str | None]:
    """The kind (given, else suggested for exactly this span) and the suggestion's value
    (a date's resolved day) when one is suggested there."""
    from osint_desk.core.extract.suggest import Suggester

    items = Suggester(store, use_places=True).suggest_source(args.source)
    for item in items:
        if (item.start, item.end) == (args.start, args.end) and args.kind in (None, item.kind):
            return item.kind, item.value
    if args.kind:
        return str(args.kind), None
    raise ValidationError(f"nothing is suggested at {args.start}-{args.end} of source"
                          f" {args.source}: give --kind KIND")


def cmd_accept(args: argparse.Namespace) -> int:
    from osint_desk.core.store.judgements import Judgements

    with open_case(args.case, read_only=False) as store:
        kind, value = _suggested(store, args)
        card = store.entities.resolve(args.card).id if args.card else None
        judgement = Judgements.of(store).accept(args.source, args.start, args.end, kind,
                                                entity_id=card, card_type=args.type,
                                                name=args.name, event_date=value)
    if args.json:
        emit_json({"judgement": judgement.id, "verdict": "accepted", "kind": kind,
                   "text": judgement.text, "card": judgement.entity_id,
                   "excerpt": judgement.excerpt_id, "created_card": judgement.created_card,
                   "created_excerpt": judgement.created_excerpt})
    else:
        made = "new card" if judgement.created_card else "card"
        card_text = f"{made} {judgement.entity_id}, " if judgement.entity_id else ""
        line(f"accepted {judgement.text!r} as {kind}: {card_text}excerpt {judgement.excerpt_id}")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from osint_desk.core.extract import ignore_list
    from osint_desk.core.store.judgements import Judgements

    with open_case(args.case, read_only=False) as store:
        kind = _suggested_kind(store, args)
        judgement = Judgements.of(store).reject(args.source, args.start, args.end, kind)
    if args.always:
        ignore_list.add(kind, judgement.key)
    if args.json:
        emit_json({"judgement": judgement.id, "verdict": "rejected", "kind": kind,
                   "text": judgement.text, "key": judgement.key, "always": args.always})
    else:
        where = "in every case" if args.always else "in this case"
        line(f"rejected {judgement.text!r} as {kind}: not suggested again {where}")
    return 0
