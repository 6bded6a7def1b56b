"""Commands about a case as a whole: new, demo, open, show, search.

Also the argument types the other command module shares. The store is imported
inside the handlers, so ``--help`` never pays for them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.cli import gui
from osint_desk.cli.output import (
    case_json,
    clean,
    counts_json,
    emit_json,
    highlighted,
    hit_json,
    line,
    one_line,
    warn,
)
from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import (
    NewerCaseFileError,
    NotACaseFileError,
    NotFoundError,
    ValidationError,
)
from osint_desk.core.model import normalize_reliability

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

CASE_SUFFIX = ".osintcase"
SEARCH_KINDS = ("case", "source", "excerpt", "entity", "relationship", "sanction")


# -- argument types shared by the command modules ------------------------------------------


def date_arg(value: str) -> PartialDate:
    """An ISO 8601 date, partial allowed; a bad one is a usage error with the reason."""
    try:
        return PartialDate.parse(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def reliability_arg(value: str) -> str:
    try:
        grade = normalize_reliability(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if grade is None:
        raise argparse.ArgumentTypeError("reliability must be one of A-F")
    return grade


def int_range_arg(low: int, high: int, what: str) -> Any:
    """An argparse type for a whole number within [low, high]."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            message = f"{what} must be a whole number, not {value!r}"
            raise argparse.ArgumentTypeError(message) from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{what} must be {low}-{high}, not {number}")
        return number

    return parse


def size_arg(value: str) -> str:
    if not re.fullmatch(r"[1-9]\d{1,4}x[1-9]\d{1,4}", value):
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT in pixels, not {value!r}")
    return value


def kind_arg(value: str) -> str:
    kind = value.strip().lower()
    if kind not in SEARCH_KINDS:
        raise argparse.ArgumentTypeError(
            f"unknown kind {value!r}; use one of: {', '.join(SEARCH_KINDS)}")
    return kind


def add_case(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="the case file (.osintcase)")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")


def open_case(path: str, *, read_only: bool) -> CaseStore:
    """Open an existing case; the store's errors already say what is wrong with the file.

    An encrypted case's passphrase comes from ``cli.passphrase`` (environment, file, prompt).
    """
    from osint_desk.cli.passphrase import open_store

    return open_store(path, read_only=read_only)


# -- the commands ---------------------------------------------------------------------------


def register(commands: Any) -> None:
    """Add this module's commands to the ``osint-desk`` parser."""
    p = commands.add_parser("new", help="create an empty case",
                            description="Create an empty case file. An existing file is"
                            " never overwritten.")
    add_case(p)
    p.add_argument("--title", required=True, help="the case title")
    p.add_argument("--summary", default="", metavar="MD", help="summary (Markdown)")
    p.add_argument("--author", default="", help="author or team")
    p.add_argument("--marking", default="", help="handling marking, e.g. TLP:AMBER")
    add_json(p)
    p.set_defaults(handler=cmd_new)

    p = commands.add_parser("demo", help="write the demo case (Kirby / DPRK / Wagner)",
                            description="Write the demo case: one article, its excerpts,"
                            " cards, relationships and OFAC sanctions records.")
    add_case(p)
    p.add_argument("--force", action="store_true",
                   help="replace CASE if it already is an OSINT Desk case")
    p.add_argument("--refresh", action="store_true",
                   help="write CASE if it is missing, or if it is a demo case nobody has"
                   " changed and the demo's content is newer; else leave it as it is")
    add_json(p)
    p.set_defaults(handler=cmd_demo)

    p = commands.add_parser("open", help="open a case in the desktop window",
                            description="Open CASE in the desktop window; without CASE, the"
                            " window opens on its welcome page (what the desktop menu does).")
    p.add_argument("case", metavar="CASE", nargs="?", help="the case file (.osintcase)")
    p.add_argument("--read-only", action="store_true", help="open without allowing changes")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="save a screenshot of the window to FILE.png and quit")
    p.add_argument("--show", metavar="WHAT",
                   help="what to show first: source[:ID], card[:ID or name], search:QUERY,"
                   " screening[:To decide|Decided|All], chart[:NAME], timeline[:CARD], map,"
                   " review[:SOURCE or case], duplicates or lists")
    p.add_argument("--theme", choices=("light", "dark"), help="colour theme")
    p.add_argument("--size", type=size_arg, metavar="WxH", help="window size in pixels")
    p.set_defaults(handler=cmd_open)

    p = commands.add_parser("show", help="the case's title, id, marking and counts",
                            description="Show the case's metadata and how many records it"
                            " holds.")
    add_case(p)
    add_json(p)
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("search", help="search everything in a case",
                            description="Ranked full-text search across sources, excerpts,"
                            " cards, relationships and sanctions. Words, \"quoted phrases\","
                            " prefix* and OR are understood.")
    add_case(p)
    p.add_argument("query", metavar="QUERY", help="what to look for")
    p.add_argument("--kind", action="append", type=kind_arg, metavar="K",
                   help=f"only this kind (repeatable): {', '.join(SEARCH_KINDS)}")
    p.add_argument("--limit", type=int_range_arg(1, 10_000, "the limit"), default=20,
                   metavar="N", help="at most N hits (default 20)")
    add_json(p)
    p.set_defaults(handler=cmd_search)


def cmd_new(args: argparse.Namespace) -> int:
    from osint_desk.core.store import CaseStore

    path = Path(args.case)
    _refuse_existing(path)
    if not path.name.endswith(CASE_SUFFIX):
        warn(f"{path} does not end in {CASE_SUFFIX}; the GUI's file dialogs look for that")
    with CaseStore.create(path, args.title, summary=args.summary, author=args.author,
                          marking=args.marking) as store:
        meta = store.meta()
    if args.json:
        emit_json({"case": case_json(meta, str(path))})
    else:
        line(f"created {clean(meta.case_id)} {clean(meta.title)} ({clean(str(path))})")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from osint_desk.core.demo import demo_is_outdated, write_demo_case

    path = Path(args.case)
    if args.refresh and path.exists():
        if not demo_is_outdated(path):
            if not args.json:
                line(f"kept the demo case at {clean(str(path))} (up to date, changed by"
                     " someone, or open)")
            else:
                with open_case(str(path), read_only=True) as store:
                    emit_json({"case": case_json(store.meta(), str(path)),
                               "counts": counts_json(store.counts()), "kept": True})
            return 0
    elif path.exists() or path.is_symlink():
        if not args.force:
            raise NotACaseFileError(f"{path}: a file already exists there; use --force to"
                                    " replace it with the demo case")
        _check_replaceable(path)
    elif not path.parent.is_dir():
        raise NotACaseFileError(f"{path}: the folder {path.parent} does not exist")
    elif not path.name.endswith(CASE_SUFFIX):
        warn(f"{path} does not end in {CASE_SUFFIX}; the GUI's file dialogs look for that")
    with write_demo_case(path) as store:
        meta, counts = store.meta(), store.counts()
    if args.json:
        emit_json({"case": case_json(meta, str(path)), "counts": counts_json(counts)})
    else:
        line(f"created the demo case {clean(meta.case_id)} at {clean(str(path))}: {counts.sources}"
             f" source, {counts.excerpts} excerpts, {counts.entities} cards,"
             f" {counts.relationships} relationships, {counts.sanctions} sanctions records")
    return 0


def _refuse_existing(path: Path) -> None:
    if path.exists() or path.is_symlink():
        raise NotACaseFileError(f"{path}: a file already exists there; choose another name")


def _check_replaceable(path: Path) -> None:
    """``--force`` replaces a case, never some other file that happens to have the name."""
    try:
        open_case(str(path), read_only=True).close()
    except NewerCaseFileError:
        return
    except NotACaseFileError as exc:
        raise NotACaseFileError(f"{exc}; --force replaces only OSINT Desk cases") from None


def cmd_open(args: argparse.Namespace) -> int:
    if not args.case:
        return gui.launch(None, args.gui_argv)
    path = Path(args.case)
    if not path.exists():
        raise NotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise NotACaseFileError(f"{path}: is a folder, not a case file")
    return gui.launch(path, args.gui_argv)


def cmd_show(args: argparse.Namespace) -> int:
    with open_case(args.case, read_only=True) as store:
        meta, counts = store.meta(), store.counts()
    if args.json:
        emit_json({"case": case_json(meta, args.case), "counts": counts_json(counts)})
        return 0
    rows = [("title", meta.title), ("id", meta.case_id), ("author", meta.author),
            ("marking", meta.marking), ("created", meta.created_at),
            ("updated", meta.updated_at)]
    for label, value in rows:
        line(f"{label + ':':<15}{one_line(value) or '-'}")
    for label, number in counts_json(counts).items():
        line(f"{label + ':':<15}{number}")
    if meta.summary.strip():
        line()
        line(clean(meta.summary).rstrip())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    kinds = tuple(dict.fromkeys(args.kind)) if args.kind else None
    with open_case(args.case, read_only=True) as store:
        hits = store.search(args.query, kinds=kinds, limit=args.limit)
    if args.json:
        emit_json({"query": args.query, "kinds": list(kinds or ()),
                   "hits": [hit_json(hit) for hit in hits]})
        return 0
    if not hits:
        line(f"no hits for {clean(args.query)!r}", sys.stderr)
        return 0
    tty = sys.stdout.isatty()
    for hit in hits:
        line(f"{one_line(hit.kind):<13}{one_line(hit.id)}  {one_line(hit.label)}")
        snippet = " ".join(hit.snippet.split("\n"))
        # highlighted() cleans the snippet itself; markup keeps its bold escapes.
        line(f"{'':<13}{highlighted(snippet, hit.highlights, tty=tty)}", markup=True)
    return 0
