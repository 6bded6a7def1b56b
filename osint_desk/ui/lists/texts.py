"""What the sanctions-lists window says: results of imports, refusals, warnings, questions.

Plain functions over core values, kept out of the dialog so the wording can be read (and
tested) in one place. The dialog passes every text through ``for_display`` before showing it.
"""

from __future__ import annotations

from collections.abc import Sequence

from osint_desk.core.sanctions.library import ImportReport, ListSummary

LIST_FILES_FILTER = ("Sanctions list files (*.xml *.csv *.json *.jsonl *.ndjson);;"
                     "All files (*)")
MAX_WARNINGS = 5  # per list in the status line; the rest are counted

EMPTY_TEXT = (
    "<h3>No sanctions lists imported yet</h3>"
    "<p>Screening compares the names on your cards with the official lists kept here."
    " Download a list from its publisher, then:</p>"
    "<ul>"
    "<li><b>Import files…</b> for one list file: UN Security Council consolidated.xml,"
    " OFAC sdn.xml or consolidated.xml, the EU Financial Sanctions File (XML or CSV), the UK"
    " Sanctions List or OFSI ConList.csv, or OpenSanctions entities.ftm.json.</li>"
    "<li><b>Import folder…</b> for the OFAC legacy CSV set: the folder holding sdn.csv,"
    " add.csv, alt.csv and sdn_comments.csv (or the cons_*.csv files).</li>"
    "</ul>"
    "<p>Files are read on this computer; nothing is downloaded. Importing a newer"
    " publication of a list replaces the old one.</p>"
)


def report_line(report: ImportReport) -> str:
    """"UN Security Council Consolidated List: 1,003 entries (1,003 added, 0 removed,
    0 changed)", plus a note when the publication date is unknown."""
    name = report.list_name or report.list_key
    text = (f"{name}: {report.total:,} entries ({report.added:,} added,"
            f" {report.removed:,} removed, {report.changed:,} changed)")
    if not report.published:
        text += "; publication date unknown"
    return text


def warning_lines(report: ImportReport) -> list[str]:
    """What the import cut or left out (``ImportReport.warnings``), a few, then a count."""
    lines = [f"  Warning: {text}" for text in report.warnings[:MAX_WARNINGS]]
    more = len(report.warnings) - MAX_WARNINGS
    if more > 0:
        lines.append(f"  … and {more:,} more warnings")
    return lines


def import_message(reports: Sequence[ImportReport], errors: Sequence[str],
                   refusals: Sequence[str], groups: int, cancelled: bool) -> str:
    """The status after an import: one line per list, errors and refusals named."""
    lines = [text for report in reports for text in [report_line(report),
                                                     *warning_lines(report)]]
    lines += [*errors, *refusals]
    handled = len(reports) + len(errors) + len(refusals)
    if cancelled and handled < groups:
        head = "Import cancelled; the library is unchanged."
        if reports:
            head = ("Import cancelled; the lists imported before Cancel stay, the rest"
                    " were left as they were.")
        return "\n".join([head, *lines])
    if cancelled:
        lines.insert(0, "Cancel came too late: the import had already finished.")
    if (errors or refusals) and not reports:
        lines.insert(0, "Nothing was imported; the library is unchanged.")
    return "\n".join(lines)


def refusal_text(refusals: Sequence[str]) -> str:
    """The question after refused updates: what each would lose, and what Replace does."""
    what = "this update" if len(refusals) == 1 else "these updates"
    return ("\n\n".join(refusals) + f"\n\nReplace anyway? The list is then replaced by"
            f" {what}; the publication held now is kept, and “Restore previous publication”"
            " brings it back.")


def restore_question(summary: ListSummary) -> str:
    info = summary.info
    previous = summary.previous_published or "publication date unknown"
    current = info.published or "publication date unknown"
    return (f"Restore the previous publication of “{info.list_name}” ({previous})?\n\n"
            f"It replaces the publication held now ({current}, {summary.entry_count:,}"
            f" entries, {summary.name_count:,} names, from"
            f" {', '.join(info.source_files) or 'its file'}), which is kept in its place:"
            " restoring again undoes this.")


def restore_message(report: ImportReport) -> str:
    return f"Restored the previous publication. {report_line(report)}"


def previous_text(summary: ListSummary) -> str:
    """A line for the details and tooltips: is an update of this list undoable?"""
    if not summary.has_previous:
        return ""
    date = summary.previous_published or "publication date unknown"
    return f"Previous publication kept ({date}): “Restore previous publication” puts it back."


def reading_text(what: str, done: int) -> str:
    """Progress while the files of a list are read (``done``: entries so far, 0 at first)."""
    return f"Reading {what}… {done:,} entries read" if done else f"Reading {what}…"


def writing_text(what: str, count: int) -> str:
    return f"Writing {count:,} entries from {what} to the library…"


def step_text(index: int, count: int, text: str) -> str:
    """"List 2 of 3: Reading …" when several lists are imported at once."""
    return f"List {min(index + 1, count)} of {count}: {text}" if count > 1 else text
