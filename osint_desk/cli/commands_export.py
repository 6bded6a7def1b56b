"""``osint-desk export``: the case as a report (HTML, PDF, ODT, Markdown, evidence bundle) or
as data (FollowTheMoney, CSV, JSON).

PDF, ODT and the bundle are laid out by Qt's text engine without a window (offscreen).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.cli.commands_case import open_case
from osint_desk.cli.output import line
from osint_desk.core.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

# The report package (and the store it reads) is imported when ``export`` is used, not for
# ``--help`` or the other commands: the options that name sections are added on first use.
FORMATS = ("html", "pdf", "odt", "md", "bundle", "ftm", "csv", "json")


def sections_arg(value: str) -> tuple[str, ...]:
    """Comma-separated section names."""
    from osint_desk.core.report import SECTIONS

    wanted = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [part for part in wanted if part not in SECTIONS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"unknown section {', '.join(unknown) or '(none)'}; choose from"
            f" {', '.join(SECTIONS)}")
    return wanted


def register(commands: Any) -> None:
    """Add ``export`` to the ``osint-desk`` parser."""
    p = commands.add_parser(
        "export", help="export a report (html, pdf, odt, md, bundle) or data (ftm, csv, json)",
        description="Write the case as a cited report or as open data. Report formats:"
        " html (one self-contained file that loads nothing), pdf, odt, md (the Markdown the"
        " report is made from), bundle (a zip with the report in HTML and PDF, a consistent"
        " copy of the case, every original source file, SHA256SUMS and VERIFY.md). Data"
        " formats: ftm (FollowTheMoney JSON lines), csv (one table per kind, in a .zip or a"
        " folder; spreadsheet formulas neutralised), json (the full case).")
    p.set_defaults(handler=cmd_export)
    p.defer(_export_arguments)


def _export_arguments(p: argparse.ArgumentParser) -> None:
    from osint_desk.core.report import SECTIONS, TEMPLATES

    p.add_argument("case", metavar="CASE", help="the case file")
    p.add_argument("--format", "-f", choices=FORMATS, required=True, dest="fmt")
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=Path,
                   help="the file to write (for csv: a .zip, or a new folder)")
    p.add_argument("--sections", type=sections_arg, metavar="LIST",
                   help=f"report sections, comma-separated (default all): {', '.join(SECTIONS)}")
    p.add_argument("--card", action="append", metavar="CARD",
                   help="profile only this card (id, name or alias); may be repeated")
    p.add_argument("--template", choices=TEMPLATES, default="default",
                   help="section order (default: default)")
    p.add_argument("--from-markdown", type=Path, metavar="FILE.md",
                   help="render this (edited) Markdown instead of composing the report anew")
    p.add_argument("--chart", metavar="CHART",
                   help="ftm only: just the cards of this saved link chart (id or name), the"
                   " links among them, their sanctions and sources")


def cmd_export(args: argparse.Namespace) -> int:
    from osint_desk.core.report import SECTIONS, ReportOptions
    from osint_desk.docwriter.export import REPORT_FORMATS, export

    report = args.fmt in REPORT_FORMATS
    if not report and (args.sections or args.card or args.from_markdown):
        raise ValidationError("--sections, --card and --from-markdown apply to reports only")
    if args.chart is not None and args.fmt != "ftm":
        raise ValidationError("--chart applies to --format ftm only")
    markdown_text = None
    if args.from_markdown is not None:
        markdown_text = args.from_markdown.read_text("utf-8")
    with open_case(args.case, read_only=True) as store:
        cards = (tuple(store.entities.resolve(name).id for name in args.card)
                 if args.card else None)
        options = ReportOptions(sections=args.sections or tuple(SECTIONS), entity_ids=cards,
                                template=args.template)
        chart_cards = None if args.chart is None else _chart_cards(store, args.chart)
        out = export(store, args.fmt, args.output, options=options,
                     markdown_text=markdown_text, cards=chart_cards)
    line(f"Wrote {out}")
    return 0


def _chart_cards(store: CaseStore, wanted: str) -> list[str]:
    """The cards on the saved chart named (or with the id) *wanted*."""
    charts = store.charts.list()
    found = [chart_id for chart_id, name in charts if wanted in (chart_id, name)]
    if not found:
        names = ", ".join(repr(name) for _id, name in charts) or "none"
        raise NotFoundError(f"no chart {wanted!r} in this case (saved charts: {names})")
    return list(store.charts.get(found[0]).state.nodes)
