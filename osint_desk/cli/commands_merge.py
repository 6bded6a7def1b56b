"""Commands merge, split, merges, duplicates, judge: reversible merges of cards (issue 16).

Cards (CARD) are named by id, or by an exact name or alias, as in the other commands.
A merge is undone by ``split`` with the merge's id (printed by ``merge`` and ``merges``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import clean, emit_json, line, one_line

if TYPE_CHECKING:  # the store loads when a command runs, not for --help
    from osint_desk.core.store import CaseStore
    from osint_desk.core.store.merges import Merge, Merges


def register(commands: Any) -> None:
    """Add this module's commands to the parser's subcommands."""
    p = commands.add_parser(
        "merge", help="merge cards that are the same (undo with 'split')",
        description="Merge two or more cards of one type into one: every alias, relationship,"
        " mention, speaker/channel, sanctions record, screening hit, tag and chart place of"
        " the others moves to the surviving card (the first CARD, or --into, or a new card"
        " named --new). Each merged card's name becomes an alias of the survivor; two records"
        " of the same list entry (same authority and entry) become one with the evidence of"
        " both; the same relationship twice becomes one. The merged cards are kept, hidden:"
        " 'split CASE MERGE' puts everything back as it was.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("cards", metavar="CARD", nargs="+", help="two or more cards")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--into", metavar="CARD", help="the card that survives (one of CARD)")
    group.add_argument("--new", metavar="NAME", help="merge into a new card named NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_merge)

    p = commands.add_parser(
        "split", help="undo a merge: every card, row and link back as it was",
        description="Undo the merge MERGE (its id, from 'merge' or 'merges'): the merged"
        " cards come back with everything they had, the survivor loses what it gained. A"
        " later merge involving the same cards must be split first.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("merge", metavar="MERGE", help="the merge's id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_split)

    p = commands.add_parser("merges", help="list the merges of a case (newest first)",
                            description="List the merges not split yet (with --all, also"
                            " those split), newest first.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--all", action="store_true", help="also the merges that were split")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_merges)

    p = commands.add_parser(
        "duplicates", help="list cards that may be the same, with reasons",
        description="Propose pairs of cards of one type that may be the same: names and"
        " strong aliases compared by the screening matcher (with birth year and country as"
        " tie-breakers), and shared identifiers (IMO, passport…). Pairs judged not the same"
        " ('judge --not-same') are left out; pairs judged unsure are marked. Nothing is"
        " written.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--threshold", type=float, default=None, metavar="0..1",
                   help="lowest score shown (default: the screening threshold)")
    p.add_argument("--limit", type=int, default=100, metavar="N", help="at most N pairs")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_duplicates)

    p = commands.add_parser(
        "judge", help="record that two cards are not (or maybe not) the same",
        description="Record a judgement on a pair of cards: --not-same keeps the pair out of"
        " 'duplicates' for good, --unsure marks it, --clear forgets the judgement.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("cards", metavar="CARD", nargs=2)
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--not-same", dest="verdict", action="store_const", const="negative")
    verdict.add_argument("--unsure", dest="verdict", action="store_const", const="unsure")
    verdict.add_argument("--clear", dest="verdict", action="store_const", const="clear")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_judge)


def _merges(store: CaseStore) -> Merges:
    from osint_desk.core.store.merges import Merges

    wired = getattr(store, "merges", None)
    return wired if isinstance(wired, Merges) else Merges(store._ctx)


def _merge_json(merge: Merge) -> dict[str, Any]:
    return {"id": merge.id, "survivor": merge.survivor_id, "members": list(merge.member_ids),
            "new_card": merge.created_new, "created_at": merge.created_at,
            "split_at": merge.split_at, "aliases_added": merge.alias_origins}


def _names(store: CaseStore, merge: Merge) -> dict[str, str]:
    return {pid: store.entities.get(pid, include_deleted=True).name
            for pid in (merge.survivor_id, *merge.member_ids)}


def _merge_line(merge: Merge, names: dict[str, str]) -> str:
    members = ", ".join(clean(names[m]) for m in merge.member_ids)
    state = f" (split {merge.split_at})" if merge.split_at else ""
    return (f"{clean(merge.id)}  {members} -> {clean(names[merge.survivor_id])}"
            f" [{clean(merge.survivor_id)}]{state}")


def cmd_merge(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=False) as store:
        ids = [store.entities.resolve(card).id for card in args.cards]
        into = store.entities.resolve(args.into).id if args.into else None
        merge = _merges(store).merge(ids, into=into, new_name=args.new)
        names = _names(store, merge)
    if args.json:
        emit_json(_merge_json(merge))
    else:
        line(f"merged: {_merge_line(merge, names)}")
        line(f"undo with: osint-desk split CASE {merge.id}")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=False) as store:
        merge = _merges(store).split(args.merge)
        names = _names(store, merge)
    if args.json:
        emit_json(_merge_json(merge))
    else:
        line(f"split: {_merge_line(merge, names)}")
    return 0


def cmd_merges(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=True) as store:
        found = _merges(store).list(include_split=args.all)
        lines = [_merge_line(m, _names(store, m)) for m in found]
    if args.json:
        emit_json({"merges": [_merge_json(m) for m in found], "count": len(found)})
    else:
        for text in lines:
            line(text)
        if not found:
            line("no merges")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD
    from osint_desk.core.store.duplicates import possible_duplicates

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 <= threshold <= 1.0 or args.limit < 1:
        line("duplicates: --threshold is 0..1 and --limit at least 1")
        return 2
    with open_case(args.case, read_only=True) as store:
        pairs = possible_duplicates(store, threshold=threshold)[:args.limit]
    if args.json:
        emit_json({"pairs": [{"a": p.a_id, "a_name": p.a_name, "b": p.b_id,
                              "b_name": p.b_name, "score": p.score, "reasons": list(p.reasons),
                              "judgement": p.judgement} for p in pairs], "count": len(pairs)})
        return 0
    for p in pairs:
        mark = "  (judged unsure)" if p.judgement else ""
        line(f"{p.score:.2f}  {clean(p.a_name)} [{clean(p.a_id)}]  ~  {clean(p.b_name)}"
             f" [{clean(p.b_id)}]{mark}")
        for reason in p.reasons[:3]:
            line(f"      {one_line(reason, 120)}")
    if not pairs:
        line("no possible duplicates")
    return 0


def cmd_judge(args: argparse.Namespace) -> int:
    verdict = None if args.verdict == "clear" else args.verdict
    with open_case(args.case, read_only=False) as store:
        a, b = (store.entities.resolve(card) for card in args.cards)
        previous = _merges(store).judge_pair(a.id, b.id, verdict)
    if args.json:
        emit_json({"a": a.id, "b": b.id, "judgement": verdict, "previous": previous})
    else:
        said = {"negative": "not the same", "unsure": "unsure", None: "no judgement"}[verdict]
        line(f"{clean(a.name)} / {clean(b.name)}: {said}")
    return 0
