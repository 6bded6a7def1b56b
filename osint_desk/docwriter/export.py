"""Writing a report or the case's data to a file, in any format: one door for CLI and GUI.

Report formats take the composed (possibly edited) Markdown; data formats read the store.
Every file is written beside its target first and moved into place, so a failed export never
leaves half a file under the name the user chose.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.bundle import write_bundle
from osint_desk.core.exports.ftm import export_ftm
from osint_desk.core.exports.json_dump import export_json
from osint_desk.core.exports.tables import export_csv
from osint_desk.core.report import ReportOptions, compose_report
from osint_desk.core.report.html import render_html
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import CaseMeta

REPORT_FORMATS = ("html", "pdf", "odt", "md", "bundle")
DATA_FORMATS = ("ftm", "csv", "json")
FORMATS = REPORT_FORMATS + DATA_FORMATS
SUFFIXES = {"html": ".html", "pdf": ".pdf", "odt": ".odt", "md": ".md", "bundle": ".zip",
            "ftm": ".ftm.json", "csv": ".zip", "json": ".json"}


def _atomic(out: Path, write: Callable[[Path], object]) -> None:
    if out.is_dir():
        raise OsintDeskError(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise OsintDeskError(f"{out}: the folder {out.parent} does not exist")
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        write(Path(temp))
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is a normal file
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def pdf_bytes(markdown_text: str, meta: CaseMeta) -> bytes:
    from osint_desk.docwriter.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="osint-desk-pdf-") as tmp:
        path = Path(tmp) / "report.pdf"
        write_pdf(markdown_text, meta, path)
        return path.read_bytes()


def export_report(store: CaseStore, fmt: str, out: Path, *,
                  options: ReportOptions | None = None, markdown_text: str | None = None) -> Path:
    """Write the report as ``fmt`` to ``out``; ``markdown_text`` is the user's edited version."""
    meta = store.meta()
    text = markdown_text if markdown_text is not None else compose_report(store, options).markdown
    if fmt == "md":
        _atomic(out, lambda p: p.write_text(text, "utf-8"))
    elif fmt == "html":
        _atomic(out, lambda p: p.write_text(render_html(text, meta), "utf-8"))
    elif fmt == "pdf":
        from osint_desk.docwriter.pdf import write_pdf

        _atomic(out, lambda p: write_pdf(text, meta, p))
    elif fmt == "odt":
        from osint_desk.docwriter.odt import write_odt

        _atomic(out, lambda p: write_odt(text, meta, p))
    elif fmt == "bundle":
        write_bundle(store, out, report_html=render_html(text, meta),
                     report_pdf=pdf_bytes(text, meta))
    else:
        raise OsintDeskError(f"unknown report format {fmt!r}; one of {', '.join(REPORT_FORMATS)}")
    return out


def export_data(store: CaseStore, fmt: str, out: Path) -> Path:
    """Write the case's data as FtM JSON lines, CSV tables (a .zip or a folder) or JSON."""
    if fmt == "ftm":
        _atomic(out, lambda p: export_ftm(store, p))
    elif fmt == "json":
        _atomic(out, lambda p: export_json(store, p))
    elif fmt == "csv":
        export_csv(store, out)
    else:
        raise OsintDeskError(f"unknown data format {fmt!r}; one of {', '.join(DATA_FORMATS)}")
    return out


def export(store: CaseStore, fmt: str, out: Path, *, options: ReportOptions | None = None,
           markdown_text: str | None = None) -> Path:
    if fmt in REPORT_FORMATS:
        return export_report(store, fmt, out, options=options, markdown_text=markdown_text)
    return export_data(store, fmt, out)
