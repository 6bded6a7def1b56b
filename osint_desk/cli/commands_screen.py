"""``osint-desk screen``: screen one name against the imported sanctions lists.

Uses the list library in the user data folder (``$OSINT_DESK_HOME`` honoured); an empty
library is an error that says to run ``osint-desk lists import`` first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import add_json
from osint_desk.cli.output import clean, emit_json, line, one_line

if TYPE_CHECKING:  # the library and matching are imported when ``screen`` is used
    from osint_desk.core.sanctions.screening import ScreeningHit


def schema_arg(value: str) -> str:
    """An entry type (FollowTheMoney schema name), any case."""
    from osint_desk.core.sanctions.entries import SCHEMAS

    for schema in SCHEMAS:
        if schema.lower() == value.strip().lower():
            return schema
    raise argparse.ArgumentTypeError(f"unknown type {value!r}; one of {', '.join(SCHEMAS)}")


MAX_NAME = 1000  # characters: a name, not a document


def name_arg(value: str) -> str:
    """A name or identifier with at least one letter or digit, of a name's length."""
    if not any(char.isalnum() for char in value):
        raise argparse.ArgumentTypeError(
            f"{value!r} holds no letter or digit: give the name to screen")
    if len(value) > MAX_NAME:
        raise argparse.ArgumentTypeError(
            f"a name of {len(value):,} characters is not a name (at most {MAX_NAME:,})")
    return value.strip()


def threshold_arg(value: str) -> float:
    """A score between 0 and 1."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a score between 0 and 1")
    return number


def positive_int(value: str) -> int:
    """A whole number of at least 1."""
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return int(value)


def year_arg(value: str) -> int:
    """A four-digit year."""
    if not (value.strip().isdigit() and len(value.strip()) == 4):
        raise argparse.ArgumentTypeError(f"{value!r} is not a four-digit year")
    return int(value)


def register(commands: Any) -> None:
    """Add ``screen`` to the ``osint-desk`` parser."""
    p = commands.add_parser(
        "screen", help="screen a name or an identifier against the imported sanctions lists",
        description="Rank the listed entries whose names match NAME (any script, word order,"
        " transliteration); a weak alias only when typed exactly. NAME may also be an"
        " identifier (a wallet address, an IMO or passport number): entries holding it come"
        " first. Each hit says which listed name or identifier matched and why. Import lists"
        " first with `osint-desk lists import`.")
    p.set_defaults(handler=cmd_screen)
    p.defer(_screen_arguments)


def _screen_arguments(p: argparse.ArgumentParser) -> None:
    from osint_desk.core.sanctions.entries import SCHEMAS
    from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD

    p.add_argument("name", metavar="NAME", type=name_arg,
                   help="the name (or identifier) to screen")
    p.add_argument("--type", type=schema_arg, metavar="T", dest="schema",
                   help=f"what the name is: {', '.join(SCHEMAS)} (any case)")
    p.add_argument("--birth-year", type=year_arg, metavar="Y",
                   help="a birth year: raises entries born within a year, lowers others")
    p.add_argument("--country", metavar="C",
                   help="a country as the lists write it (e.g. Russia): nudges the score")
    p.add_argument("--limit", type=positive_int, default=10, metavar="N",
                   help="at most N hits (default 10)")
    p.add_argument("--threshold", type=threshold_arg, default=DEFAULT_THRESHOLD, metavar="X",
                   help=f"lowest score reported, 0-1 (default {DEFAULT_THRESHOLD:g})")
    add_json(p)


def cmd_screen(args: argparse.Namespace) -> int:
    hits = _screen(args)
    if args.json:
        emit_json({"query": {"name": args.name, "type": args.schema,
                             "birth_year": args.birth_year, "country": args.country,
                             "threshold": args.threshold, "limit": args.limit},
                   "hits": [hit.to_dict() for hit in hits]})
        return 0
    if not hits:
        line(f"No listed entry scores at or above {args.threshold:g} for"
             f" \u201c{one_line(args.name)}\u201d.")
        return 0
    print_table(hits)
    return 0


def _screen(args: argparse.Namespace) -> list[ScreeningHit]:
    """Screen through a plain read-only connection when the library is up to date (no list
    parsers or migrations imported: most of a fresh process's time); else through
    ``ListLibrary``, which creates, migrates, re-keys or refuses the file."""
    from osint_desk.core.paths import user_data_dir
    from osint_desk.core.sanctions.library_keys import LIBRARY_FILE, open_reader
    from osint_desk.core.sanctions.screening import screen

    options: dict[str, Any] = {"schema": args.schema, "birth_year": args.birth_year,
                               "country": args.country, "limit": args.limit,
                               "threshold": args.threshold}
    reader = open_reader(user_data_dir() / LIBRARY_FILE)
    if reader is not None:
        with reader:
            return screen(reader, args.name, **options)
    from osint_desk.core.sanctions.library import ListLibrary

    with ListLibrary() as library:
        return screen(library, args.name, **options)


def print_table(hits: list[ScreeningHit]) -> None:
    """One row per hit; the explanation, which can be long, comes last and is not cut."""
    rows = [("SCORE", "LIST", "ENTRY", "LISTED NAME", "MATCHED NAME", "PROGRAMS", "WHY")]
    for hit in hits:
        rows.append((f"{hit.score:.2f}", one_line(hit.list_key, 24), one_line(hit.entry_ref, 16),
                     one_line(hit.listed_name, 40), one_line(hit.matched_name, 40),
                     one_line(", ".join(hit.programs), 30), clean(hit.explanation)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        line("  ".join([*cells, " ".join(row[-1].split())]).rstrip())
