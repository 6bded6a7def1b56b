"""What the window says when a case cannot be opened, and the way out for a refused one.

A case holding triggers or views we did not write is refused unread (``UnsafeCaseFileError``);
the dialog names them and offers Repair: a clean copy with only the data, which then opens.
Other failures (not a case, newer, damaged) get their message and nothing else to do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from osint_desk.core.errors import OsintDeskError, UnsafeCaseFileError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CASE_SUFFIX
from osint_desk.core.store.opening import unused_sibling


def repaired_name(path: Path) -> Path:
    """``case.osintcase`` → ``case-repaired.osintcase`` (numbered if that exists)."""
    return unused_sibling(path, "-repaired")


def explain_open_failure(parent: QWidget, path: Path, error: OsintDeskError) -> Path | None:
    """Show why ``path`` did not open; for a refused case offer Repair and return the copy."""
    if not isinstance(error, UnsafeCaseFileError):
        QMessageBox.warning(parent, "Cannot open the case", for_display(str(error)))
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "Case refused",
                      f"<b>{for_display(path.name)} was not opened.</b>", parent=parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setInformativeText(
        f"<p>It holds {len(error.problems)} database object(s) that OSINT Desk did not"
        " create (listed under Show Details). Such objects can run when the case is edited —"
        " copying or wiping what you add — or change what the case shows. Nothing in the"
        " file was run or changed.</p><p><b>Repair</b> writes a new case holding only its"
        " data (sources, excerpts, cards, links, sanctions, tags, audit log), checks every"
        " excerpt against its source again, and opens it. The received file stays as it"
        " is.</p>")
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 460px; }")
    box.setDetailedText("\n".join(for_display(problem) for problem in error.problems))
    repair = box.addButton("Repair…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(repair)
    box.exec()
    if box.clickedButton() is not repair:
        return None
    return _repair(parent, path)


def _repair(parent: QWidget, path: Path) -> Path | None:
    from osint_desk.core.store.repair import repair_case

    suggested = repaired_name(path)
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save the repaired case as",
                                            str(suggested), f"Cases (*{CASE_SUFFIX})")
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix != CASE_SUFFIX:
        target = target.with_name(target.name + CASE_SUFFIX)
    # A case is copied in seconds at most; the wait cursor says the window is busy.
    # (Issue 13's background-task runner is where this belongs once it exists.)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = repair_case(path, target)
    except OsintDeskError as exc:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "Repair failed", for_display(str(exc)))
        return None
    QGuiApplication.restoreOverrideCursor()
    left = "\n".join(f"• {for_display(item)}" for item in report.dropped[:12])
    if len(report.dropped) > 12:
        left += f"\n… and {len(report.dropped) - 12} more"
    refused = "".join(f"\n{len(rows)} rows of {table} failed our checks and were not copied."
                      for table, rows in report.refused.items())
    QMessageBox.information(
        parent, "Case repaired",
        f"Wrote {target.name}.\n\nLeft behind:\n{left or 'nothing'}{refused}")
    return target
