"""Commands watch add|list|remove, xref: watch terms and cross-case references (issue 16).

``watch`` keeps the names, patterns and identifiers a case looks out for; adding one scans
the case's sources, and new imports are scanned as they arrive. ``xref`` indexes the case in
the user data folder's cross-case index (card names, aliases, identifiers; never text) and
lists, for every card, the cards of the user's other cases that match it.
"""

from __future__ import annotations

import argparse
from typing import Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import emit_json, line, one_line


def register(commands: Any) -> None:
    """Add this module's commands to the parser's subcommands."""
    p = commands.add_parser(
        "watch", help="watch terms: names, patterns, identifiers a case looks out for",
        description="Keep a list of terms the case watches for. A name matches like card"
        " names (case, accents and scripts folded); a pattern is a regular expression (at most"
        " 200 characters, nested repetition refused, half a second per source); an identifier"
        " matches exactly with spaces, dashes, dots and slashes ignored. Adding a term scans"
        " the case's sources; imported sources are scanned as they arrive.")
    sub = p.add_subparsers(dest="watch_command", required=True, metavar="add|list|remove")
    a = sub.add_parser("add", help="watch a new term (and scan the sources for it)")
    a.add_argument("case", metavar="CASE")
    a.add_argument("term", metavar="TERM")
    a.add_argument("--kind", choices=("name", "pattern", "identifier"), default="name")
    a.add_argument("--note", default="", metavar="TEXT", help="why this term is watched")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(handler=cmd_watch_add)
    ls = sub.add_parser("list", help="list the watched terms (and their hits)")
    ls.add_argument("case", metavar="CASE")
    ls.add_argument("--hits", action="store_true", help="also list what matched, where")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=cmd_watch_list)
    rm = sub.add_parser("remove", help="stop watching a term (its past hits are hidden)")
    rm.add_argument("case", metavar="CASE")
    rm.add_argument("term_id", metavar="TERM_ID")
    rm.set_defaults(handler=cmd_watch_remove)

    x = commands.add_parser(
        "xref", help="cards of this case that are also in your other cases",
        description="Index CASE in the cross-case index of the user data folder (card names,"
        " aliases and identifiers, never source text; at most 500 cases), then list for every"
        " card the cards of other indexed cases with the same folded name or alias or the same"
        " identifier (registrationNumber, imoNumber, idNumber, taxNumber...). Cases whose file"
        " is gone are dropped from the index.")
    x.add_argument("case", metavar="CASE")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(handler=cmd_xref)


def cmd_watch_add(args: argparse.Namespace) -> int:
    from osint_desk.core.store.watch import watch_of

    with open_case(args.case, read_only=False) as store:
        watch = watch_of(store)
        term = watch.add(args.term, args.kind, args.note)
        hits = [h for h in watch.hits() if h.term_id == term.id]
    if args.json:
        emit_json({"id": term.id, "term": term.term, "kind": term.kind, "note": term.note,
                   "hits": len(hits)})
    else:
        line(f"watching {term.kind} {one_line(term.term)!r} as {term.id}: {len(hits)} hit(s)")
    return 0


def cmd_watch_list(args: argparse.Namespace) -> int:
    from osint_desk.core.store.watch import watch_of

    with open_case(args.case, read_only=True) as store:
        watch = watch_of(store)
        terms = watch.list()
        hits = watch.hits() if args.hits else []
        unseen = watch.unseen_count()
    if args.json:
        data: dict[str, Any] = {"unseen": unseen, "terms": [
            {"id": t.id, "term": t.term, "kind": t.kind, "note": t.note,
             "created_at": t.created_at} for t in terms]}
        if args.hits:
            data["hits"] = [{"term_id": h.term_id, "term": h.term, "source_id": h.source_id,
                             "start": h.start, "end": h.end, "matched": h.matched,
                             "excerpt_id": h.excerpt_id, "seen": h.seen} for h in hits]
        emit_json(data)
        return 0
    if not terms:
        line("no watch terms")
    for t in terms:
        note = f"  ({one_line(t.note, 60)})" if t.note else ""
        line(f"{t.id}  {t.kind:<10}  {one_line(t.term, 60)}{note}")
    for h in hits:
        mark = " " if h.seen else "*"
        line(f"{mark} {h.source_id} [{h.start}:{h.end}] {one_line(h.matched, 60)!r}"
             f" <- {one_line(h.term, 40)}")
    line(f"{unseen} unseen hit(s)")
    return 0


def cmd_watch_remove(args: argparse.Namespace) -> int:
    from osint_desk.core.store.watch import watch_of

    with open_case(args.case, read_only=False) as store:
        watch_of(store).remove(args.term_id)
    line(f"no longer watching {args.term_id}")
    return 0


def cmd_xref(args: argparse.Namespace) -> int:
    from osint_desk.core.xref import all_xrefs, index_case

    with open_case(args.case, read_only=True) as store:
        index_case(store)
        refs = all_xrefs(store)
        names = store.entities.names({r.card_id for r in refs})
    if args.json:
        emit_json([{"card_id": r.card_id, "card_name": names.get(r.card_id, ""),
                    "case_path": r.other_path, "case_id": r.other_case_id,
                    "case_title": r.other_title, "other_card_id": r.other_card_id,
                    "other_card_name": r.other_card_name, "matched_on": r.matched_on}
                   for r in refs])
        return 0
    if not refs:
        line("no card of this case is in another indexed case")
    for r in refs:
        line(f"{one_line(names.get(r.card_id, r.card_id), 50)}: also in"
             f" {one_line(r.other_title, 50)} (card {one_line(r.other_card_name, 50)},"
             f" {r.other_card_id}) - {r.other_path}")
    return 0
