"""An export on a worker thread: laying out a long PDF must not freeze the window.

The worker opens its own read-only connection to the case (SQLite connections belong to the
thread that made them) and writes through ``docwriter.export``, which writes beside the
target and renames, so a failure leaves no half file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.report import ReportOptions
from osint_desk.core.store import CaseStore
from osint_desk.docwriter.export import export


class ExportWorker(QObject):
    """``succeeded(path)`` or ``failed(message)``, then ``finished``."""

    succeeded = Signal(str)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case_path: Path, fmt: str, out: Path,
                 options: ReportOptions | None = None, markdown_text: str | None = None) -> None:
        super().__init__()
        self.case_path, self.fmt, self.out = Path(case_path), fmt, Path(out)
        self.options, self.markdown_text = options, markdown_text

    @Slot()
    def run(self) -> None:
        try:
            with CaseStore.open(self.case_path, read_only=True) as store:
                export(store, self.fmt, self.out, options=self.options,
                       markdown_text=self.markdown_text)
            self.succeeded.emit(str(self.out))
        except OsintDeskError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{self.out}: {exc.strerror or exc}")
        except Exception as exc:  # a bug must not kill the thread silently
            self.failed.emit(f"The export stopped: {type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()


def start(parent: QObject, worker: ExportWorker) -> QThread:
    """Run ``worker`` on a new thread owned by ``parent``; the thread ends with the work.

    Listen to the thread's ``finished`` (not the worker's) before waiting on the thread:
    ``quit`` is called directly from the worker's thread, so it never queues behind a wait."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
