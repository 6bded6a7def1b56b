"""Writing a report or the case's data to a file, in any format: one door for CLI and GUI.

Report formats take the composed (possibly edited) Markdown; data formats read the store. Every
format quotes excerpts, so the case's evidence is checked first (quotes against their sources,
texts and originals against their SHA-256s; a composed report, only the sources it cites): a
forged case is refused, naming the records, before anything is written. Every file is written
beside its target first (``core.exports.staging``) and moved into place, so a failed export
never leaves half a file under the name the user chose, and a killed one's leftovers go at the
next export there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.bundle import write_bundle
from osint_desk.core.exports.ftm import export_ftm
from osint_desk.core.exports.json_dump import export_json
from osint_desk.core.exports.staging import check_target, scratch, staged
from osint_desk.core.exports.tables import export_csv
from osint_desk.core.report import ReportOptions, compose_report
from osint_desk.core.report.charts import chart_figures
from osint_desk.core.report.figures import Figure
from osint_desk.core.report.html import render_html
from osint_desk.core.report.maps import map_figures
from osint_desk.core.store import CaseStore
from osint_desk.core.store.evidence_check import require_intact_evidence
from osint_desk.core.store.records import CaseMeta

REPORT_FORMATS = ("html", "pdf", "odt", "md", "bundle")
DATA_FORMATS = ("ftm", "csv", "json")
FORMATS = REPORT_FORMATS + DATA_FORMATS
SUFFIXES = {"html": ".html", "pdf": ".pdf", "odt": ".odt", "md": ".md", "bundle": ".zip",
            "ftm": ".ftm.json", "csv": ".zip", "json": ".json"}


Check = Callable[[], None]


def _no_check() -> None:
    """The default ``check``: an export nobody can cancel."""


def _atomic(out: Path, write: Callable[[Path], object], check: Check = _no_check) -> None:
    """Write aside, then ``check`` (a Cancel raises there, and the file is dropped), then
    move into place."""
    with staged(out) as temp:
        write(temp)
        check()


def pdf_bytes(markdown_text: str, meta: CaseMeta, folder: Path,
              figures: Mapping[str, Figure] | None = None) -> bytes:
    """The PDF as bytes (for the bundle), laid out in a scratch file in ``folder``."""
    from osint_desk.docwriter.pdf import write_pdf

    with scratch(folder, "pdf") as path:
        write_pdf(markdown_text, meta, path, figures)
        return path.read_bytes()


def export_report(store: CaseStore, fmt: str, out: Path, *,
                  options: ReportOptions | None = None, markdown_text: str | None = None,
                  check: Check = _no_check) -> Path:
    """Write the report as ``fmt`` to ``out``; ``markdown_text`` is the user's edited version.

    ``check`` is called between the stages and before the file is moved into place; an
    exception it raises (a GUI's Cancel) ends the export with nothing written."""
    if fmt not in REPORT_FORMATS:
        raise OsintDeskError(f"unknown report format {fmt!r}; one of {', '.join(REPORT_FORMATS)}")
    check_target(Path(out), "file")
    what = "the evidence bundle" if fmt == "bundle" else f"the {fmt.upper()} report"
    if markdown_text is None:
        composed = compose_report(store, options)
        # It quotes only the sources it cites (the evidence appendix: all their excerpts).
        require_intact_evidence(store, what, source_ids=composed.cited_sources)
        text = composed.markdown
    else:  # edited text: which quotes it still holds is unknown, so check them all
        require_intact_evidence(store, what)
        text = markdown_text
    check()
    meta = store.meta()
    figures = chart_figures(store, text)  # drawn now, from the case as it is
    figures.update(map_figures(store, text))
    if fmt == "md":
        _atomic(out, lambda p: p.write_text(text, "utf-8"), check)
    elif fmt == "html":
        _atomic(out, lambda p: p.write_text(render_html(text, meta, figures), "utf-8"), check)
    elif fmt == "pdf":
        from osint_desk.docwriter.pdf import write_pdf

        _atomic(out, lambda p: write_pdf(text, meta, p, figures), check)
    elif fmt == "odt":
        from osint_desk.docwriter.odt import write_odt

        _atomic(out, lambda p: write_odt(text, meta, p, figures), check)
    elif fmt == "bundle":
        html = render_html(text, meta, figures)
        pdf = pdf_bytes(text, meta, Path(out).parent, figures)
        check()
        write_bundle(store, out, report_html=html, report_pdf=pdf)
    return out


def export_data(store: CaseStore, fmt: str, out: Path, *, check: Check = _no_check,
                cards: Collection[str] | None = None) -> Path:
    """Write the case's data as FtM JSON lines, CSV tables (a .zip or a folder) or JSON;
    ``check`` as for ``export_report``. *cards* (FtM only): just those cards (a chart's),
    the links among them, their sanctions and the sources they rest on."""
    if fmt not in DATA_FORMATS:
        raise OsintDeskError(f"unknown data format {fmt!r}; one of {', '.join(DATA_FORMATS)}")
    if cards is not None and fmt != "ftm":
        raise OsintDeskError("only the FtM export can be limited to some cards")
    require_intact_evidence(store, f"the {fmt.upper()} export")
    check()
    if fmt == "ftm":
        _atomic(out, lambda p: export_ftm(store, p, cards=cards), check)
    elif fmt == "json":
        _atomic(out, lambda p: export_json(store, p), check)
    else:
        export_csv(store, out)
    return out


def export(store: CaseStore, fmt: str, out: Path, *, options: ReportOptions | None = None,
           markdown_text: str | None = None, check: Check = _no_check,
           cards: Collection[str] | None = None) -> Path:
    if fmt in REPORT_FORMATS:
        return export_report(store, fmt, out, options=options, markdown_text=markdown_text,
                             check=check)
    return export_data(store, fmt, out, check=check, cards=cards)
