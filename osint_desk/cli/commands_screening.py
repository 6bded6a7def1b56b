"""``osint-desk screen-case`` and ``osint-desk decide``: screen a case's cards, decide on hits.

Results are kept in the case; a decision (confirm, dismiss) is remembered by card + authority
+ entry reference, so screening again asks only about what is new.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import add_json, open_case
from osint_desk.cli.commands_screen import threshold_arg
from osint_desk.cli.output import clean, emit_json, line, one_line
from osint_desk.core.errors import NotFoundError, ValidationError

if TYPE_CHECKING:  # the store, the library and matching are imported by the commands
    from osint_desk.core.store import CaseStore
    from osint_desk.core.store.screening_results import SanctionCheck, ScreeningHit, ScreeningRun

STATUS_WORDS = {"open": "to decide", "held": "already on the card",
                "confirmed": "confirmed", "dismissed": "dismissed"}


def register(commands: Any) -> None:
    """Add ``screen-case`` and ``decide`` to the ``osint-desk`` parser."""
    p = commands.add_parser(
        "screen-case", help="screen every card of a case against the imported lists",
        description="Screen each person, organisation, vessel and aircraft card (its name and"
        " strong aliases) against the imported sanctions lists and keep the results in the"
        " case. Records already on a card are recognised; decisions made before are not asked"
        " again; records on cards are compared with the lists as imported now.")
    p.set_defaults(handler=cmd_screen_case)
    p.defer(_screen_case_arguments)

    d = commands.add_parser(
        "decide", help="confirm or dismiss a screening hit",
        description="Confirm a hit (attach the listed entry to the card as a sanctions record,"
        " with the list's name, publication date, file hash and entry reference), dismiss it"
        " (it will not be proposed again), or reopen it. HIT is the id `screen-case` prints"
        " (the last 8 characters are enough).")
    d.add_argument("case", metavar="CASE", help="the case file")
    d.add_argument("hit", metavar="HIT", help="the hit id, or its last 8 or more characters")
    d.add_argument("decision", choices=("confirm", "dismiss", "reopen"))
    d.add_argument("--note", default=None, help="why (kept with the decision)")
    add_json(d)
    d.set_defaults(handler=cmd_decide)


def _screen_case_arguments(p: argparse.ArgumentParser) -> None:
    from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD

    p.add_argument("case", metavar="CASE", help="the case file")
    p.add_argument("--card", action="append", metavar="CARD", default=None,
                   help="screen only this card (id, name or alias); may be repeated")
    p.add_argument("--threshold", type=threshold_arg, default=DEFAULT_THRESHOLD, metavar="X",
                   help=f"lowest score proposed, 0-1 (default {DEFAULT_THRESHOLD:g})")
    p.add_argument("--all", action="store_true",
                   help="list dismissed hits too (normally only counted)")
    add_json(p)


def _cards(store: CaseStore, names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    return [store.entities.resolve(name).id for name in names]


def cmd_screen_case(args: argparse.Namespace) -> int:
    from osint_desk.core.case_screening import screen_case
    from osint_desk.core.sanctions.library import ListLibrary

    with open_case(args.case, read_only=False) as store, ListLibrary() as library:
        run = screen_case(store, library, entity_ids=_cards(store, args.card),
                          threshold=args.threshold)
        cards = set(run.scope)
        hits = [h for h in store.screening.list() if h.entity_id in cards]
        checks = [c for c in store.screening.checks() if c.entity_id in cards]
    if args.json:
        emit_json({"run": _run_dict(run), "hits": [_hit_dict(h) for h in hits],
                   "checks": [_check_dict(c) for c in checks]})
        return 0
    _print_run(run, hits, checks, show_dismissed=args.all)
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=False) as store:
        hit = find_hit(store, args.hit)
        if args.decision == "confirm":
            hit = store.screening.confirm(hit.id, note=args.note)
        elif args.decision == "dismiss":
            hit = store.screening.dismiss(hit.id, note=args.note or "")
        else:
            hit = store.screening.reopen(hit.id)
    if args.json:
        emit_json(_hit_dict(hit))
        return 0
    what = {"confirm": "Confirmed", "dismiss": "Dismissed", "reopen": "Reopened"}
    line(f"{what[args.decision]}: {one_line(hit.entity_name)} \u2194 {one_line(hit.authority)}"
         f" {one_line(hit.entry_ref)} {one_line(hit.listed_name)}")
    if args.decision == "confirm" and hit.sanction_id:
        line(f"Sanctions record {clean(hit.sanction_id)} is on the card, copied from"
             f" {one_line(hit.list_name)} (published {clean(hit.list_published) or 'unknown'},"
             f" file SHA-256 {clean(hit.list_sha256[:16])}…).")
    return 0


def find_hit(store: CaseStore, text: str) -> ScreeningHit:
    """A hit by its id or a unique tail of it (8 characters or more)."""
    wanted = text.strip().lower()
    if len(wanted) < 8:
        raise ValidationError("give the hit id or at least its last 8 characters")
    found = [h for h in store.screening.list() if h.id == wanted or h.id.endswith(wanted)]
    if not found:
        raise NotFoundError(f"no screening hit with id {text!r}; run `osint-desk screen-case`")
    if len(found) > 1:
        raise ValidationError(f"{text!r} names {len(found)} hits; give more of the id")
    return found[0]


def _print_run(run: ScreeningRun, hits: list[ScreeningHit], checks: list[SanctionCheck],
               *, show_dismissed: bool) -> None:
    lists = ", ".join(f"{one_line(str(x['list_name']))} ({_published(x['published'])})"
                      for x in run.lists) or "none"
    line(f"Screened {run.cards} cards ({run.names} names) at threshold {run.threshold:g}"
         f" against: {lists}.")
    if run.skipped:
        kinds = ", ".join(f"{n} {one_line(kind)}" for kind, n in sorted(run.skipped.items()))
        line(f"Not screened (lists do not list these): {kinds}.")
    counts = {s: sum(h.status == s for h in hits) for s in STATUS_WORDS}
    line(f"{counts['open']} to decide ({run.new_hits} new), {counts['held']} already on cards,"
         f" {counts['confirmed']} confirmed, {counts['dismissed']} dismissed;"
         f" {sum(c.flagged for c in checks)} records changed on their list.")
    shown = [h for h in hits if show_dismissed or h.status != "dismissed"]
    if shown:
        line()
        _print_hits(shown)
    flagged = [c for c in checks if c.flagged]
    if flagged:
        line()
        line("Records whose list now says something else:")
        for check in flagged:
            for change in check.changes:
                line(f"  {clean(check.sanction_id)}  {clean(change)}")
    if counts["open"]:
        line()
        line("Decide with: osint-desk decide CASE HIT confirm|dismiss [--note TEXT]")


def _published(value: object) -> str:
    return f"published {one_line(str(value))}" if value else "publication date unknown"


def _print_hits(hits: list[ScreeningHit]) -> None:
    rows = [("HIT", "STATUS", "CARD", "SCORE", "LIST", "ENTRY", "LISTED NAME", "WHY")]
    for hit in hits:
        rows.append((one_line(hit.id[-8:]), STATUS_WORDS[hit.status], one_line(hit.entity_name, 30),
                     f"{hit.score:.2f}", one_line(hit.list_key, 24), one_line(hit.entry_ref, 14),
                     one_line(hit.listed_name, 40),
                     clean(f"{hit.query} \u2192 {hit.matched_name}: {hit.explanation}")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        line("  ".join([*cells, " ".join(row[-1].split())]).rstrip())


def _run_dict(run: ScreeningRun) -> dict[str, Any]:
    return {"id": run.id, "at": run.at, "actor": run.actor, "cards": run.cards,
            "names": run.names, "threshold": run.threshold, "lists": list(run.lists),
            "hits": run.hits, "new_hits": run.new_hits, "flagged": run.flagged,
            "skipped": run.skipped}


def _hit_dict(hit: ScreeningHit) -> dict[str, Any]:
    return {"id": hit.id, "status": hit.status, "card_id": hit.entity_id,
            "card": hit.entity_name, "card_type": hit.entity_type, "authority": hit.authority,
            "entry_ref": hit.entry_ref, "list_key": hit.list_key, "list_name": hit.list_name,
            "list_published": hit.list_published, "list_sha256": hit.list_sha256,
            "score": hit.score, "query": hit.query, "matched_name": hit.matched_name,
            "listed_name": hit.listed_name, "explanation": hit.explanation,
            "programs": hit.entry.get("programs", []), "sanction_id": hit.sanction_id,
            "decided_at": hit.decided_at, "decided_by": hit.decided_by, "note": hit.note,
            "entry": hit.entry}


def _check_dict(check: SanctionCheck) -> dict[str, Any]:
    return {"sanction_id": check.sanction_id, "card_id": check.entity_id,
            "list_key": check.list_key, "list_published": check.list_published,
            "list_sha256": check.list_sha256, "still_listed": check.entry is not None,
            "changes": list(check.changes), "flagged": check.flagged,
            "checked_at": check.checked_at}
