"""The import loop, run on the task runner so many files never freeze the window.

It opens its own connection to the case file: the GUI's connection belongs to the GUI thread.
``import_files`` commits each file in its own transaction, so stopping between files (Cancel)
leaves exactly the finished files in the case, each whole. An error part-way keeps what was
already imported, and says so, rather than losing the outcomes of the files before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.importer import ImportOutcome, import_files
from osint_desk.core.store import CaseStore
from osint_desk.ui.tasks import TaskContext


@dataclass
class ImportRun:
    """The outcome of each file that was reached, and the error that stopped the run."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    error: str = ""


def run_import(context: TaskContext, case_path: Path, actor: str, paths: Sequence[Path],
               options: dict[str, str | None] | None = None) -> ImportRun:
    """Import *paths* one by one; progress ``(done, total, name about to start)`` before each
    file and ``(done, total, "")`` at the end; stop before the next file on Cancel."""
    run = ImportRun()
    total = len(paths)
    with CaseStore.open(Path(case_path), actor=actor) as store:
        try:
            results = import_files(store, list(paths), **dict(options or {}))
            for path in paths:
                if context.cancelled:
                    break
                context.progress(len(run.outcomes), total, Path(path).name)
                run.outcomes.append(next(results))
        except OsintDeskError as exc:
            run.error = str(exc)
        except Exception as exc:  # keep what was imported before the fault
            run.error = f"The import stopped: {type(exc).__name__}: {exc}"
    context.progress(len(run.outcomes), total, "")
    context.flush()
    return run
