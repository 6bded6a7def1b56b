"""Importing, restoring and removing lists on a worker thread, with a Cancel that changes
nothing.

The worker opens its OWN :class:`ListLibrary` on the library path: a SQLite connection must
stay on the thread that made it, and the dialog's connection belongs to the GUI thread.

Cancel has two hooks, both public API, so the core needs no change:

* while the files are read, the core calls ``progress`` every 500 entries and an exception
  raised there ends the import before anything is written;
* while the entries are written (one transaction), a SQLite progress handler on the worker's
  own connection (``library.conn.set_progress_handler``) aborts the statement in hand, so the
  transaction rolls back. Unlike ``Connection.interrupt()`` from another thread, it cannot be
  lost between two statements: once the flag is set, the next thousand SQLite steps end it.

If Cancel arrives after the commit, the list was imported whole and the worker says so
(``imported`` is emitted; ``cancelled`` is then True but nothing was undone).

An update the core refuses (``ListUpdateRefused``: it would lose data) is reported apart
(``refused``), so the dialog can ask and run the same files again with ``replace=True``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.entries import ListEntry
from osint_desk.core.sanctions.formats import ofac_csv
from osint_desk.core.sanctions.library import ImportReport, ListLibrary, ListUpdateRefused

SQL_STEPS = 1000  # SQLite virtual-machine steps between two looks at the Cancel flag


class ImportCancelled(Exception):
    """Raised inside the core's progress callback to end an import the user cancelled."""


def group_paths(paths: Iterable[Path]) -> list[list[Path]]:
    """Which files make one list: the files of one OFAC CSV set (sdn.csv, add.csv, ... or
    cons_*.csv) together; every other file or folder is a list of its own."""
    groups: list[list[Path]] = []
    sets: dict[str, list[Path]] = {}
    for path in (Path(p) for p in paths):
        role = ofac_csv.role_of(path) if not path.is_dir() else None
        if role is None:
            groups.append([path])
        elif role[0] in sets:
            sets[role[0]].append(path)
        else:
            sets[role[0]] = [path]
            groups.append(sets[role[0]])
    return groups


def describe(group: Sequence[Path]) -> str:
    """Short words for a file group: "sdn.csv, add.csv", "ofac_sdn_csv_full_2019 (folder)"."""
    if len(group) == 1 and group[0].is_dir():
        return f"{group[0].name or group[0]} (folder)"
    return ", ".join(path.name or str(path) for path in group)


class _Worker(QObject):
    """What both jobs share: a cancel flag any thread may set, and ``finished`` last."""

    failed = Signal(str)
    finished = Signal()

    def __init__(self, library_path: Path) -> None:
        super().__init__()
        self.library_path = Path(library_path)
        # An Event, not a Qt signal: the worker's thread is busy in run(), so a queued call
        # would only arrive after the whole job.
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; safe to call from any thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _open(self) -> ListLibrary | None:
        try:
            return ListLibrary(self.library_path)
        except OsintDeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # an OS error must not kill the thread silently
            self.failed.emit(f"{self.library_path}: the list library cannot be opened"
                             f" ({type(exc).__name__}: {exc})")
        return None


class ListImportWorker(_Worker):
    """Imports file groups (see :func:`group_paths`) one list at a time, each list in its
    own transaction; move it to a QThread, then ``run``.

    Signals, in order for each list: ``list_started(number, count, what)``, ``progress``
    (entries read so far) every 500 entries, ``writing(entries)`` when the files are read
    and the transaction begins, then ``imported(ImportReport)``, ``refused(index, message)``
    (the update would lose data; ``index`` into ``groups``; ``replace=True`` confirms) or
    ``failed(message)`` (the message names the file; that list is unchanged). ``finished``
    always comes last.
    Cancel stops at once: the list in hand is left as it was, the lists before it stay
    imported, the ones after it are not started.
    """

    list_started = Signal(int, int, str)
    progress = Signal(int)
    writing = Signal(int)
    imported = Signal(object)
    refused = Signal(int, str)

    def __init__(self, library_path: Path, groups: Sequence[Sequence[Path]],
                 format: str | None = None, published: str | None = None,
                 replace: bool = False) -> None:
        super().__init__(library_path)
        self.groups = [[Path(p) for p in group] for group in groups]
        self.format = format
        self.published = published
        self.replace = replace
        self.reports: list[ImportReport] = []
        self._aborted = False

    @Slot()
    def run(self) -> None:
        library = self._open()
        try:
            if library is not None:
                library.conn.set_progress_handler(self._sql_progress, SQL_STEPS)
                try:
                    self._run(library)
                finally:
                    library.conn.set_progress_handler(None, 0)
                    library.close()
        finally:
            self.finished.emit()

    def _run(self, library: ListLibrary) -> None:
        count = len(self.groups)
        for number, group in enumerate(self.groups, 1):
            if self.cancelled:
                return
            what = describe(group)
            self.list_started.emit(number, count, what)
            try:
                report = self._import(library, group)
            except ImportCancelled:
                return
            except ListUpdateRefused as exc:
                if self.cancelled:
                    return
                self.refused.emit(number - 1, str(exc))
            except OsintDeskError as exc:
                if self.cancelled:
                    return
                self.failed.emit(str(exc))
            except Exception as exc:
                if self.cancelled:  # the SQLite abort that Cancel asked for
                    return
                self.failed.emit(f"{what}: the import stopped ({type(exc).__name__}: {exc});"
                                 " the library is unchanged")
            else:
                self.reports.append(report)
                self.imported.emit(report)

    def _import(self, library: ListLibrary, group: list[Path]) -> ImportReport:
        # What ListLibrary.import_files does, with the entries watched on their way in, so
        # the dialog can say when reading ends and writing begins.
        files = formats.expand(group)
        name = self.format or formats.detect(files)
        info, entries = formats.parse(files, name)
        return library.import_entries(info, self._watch(entries), published=self.published,
                                      progress=self._progress, replace=self.replace,
                                      format=name)

    def _watch(self, entries: Iterator[ListEntry]) -> Iterator[ListEntry]:
        count = 0
        for entry in entries:
            count += 1
            yield entry
        self.writing.emit(count)

    def _progress(self, done: int) -> None:
        self.progress.emit(done)
        if self.cancelled:
            raise ImportCancelled

    def _sql_progress(self) -> int:
        """SQLite's progress handler: non-zero aborts the running statement (once, so the
        core's ROLLBACK that follows is not aborted too)."""
        if self._cancel.is_set() and not self._aborted:
            self._aborted = True
            return 1
        return 0


class ListRemoveWorker(_Worker):
    """Removes one list (its entries and screening keys) in one transaction.

    ``removed(list_key)`` or ``failed(message)``, then ``finished``. Removing is short and
    all-or-nothing, so Cancel is not offered for it.
    """

    removed = Signal(str)

    def __init__(self, library_path: Path, list_key: str) -> None:
        super().__init__(library_path)
        self.list_key = list_key

    @Slot()
    def run(self) -> None:
        library = self._open()
        try:
            if library is not None:
                try:
                    library.remove(self.list_key)
                except OsintDeskError as exc:
                    self.failed.emit(str(exc))
                except Exception as exc:
                    self.failed.emit(f"{self.list_key}: the list could not be removed"
                                     f" ({type(exc).__name__}: {exc})")
                else:
                    self.removed.emit(self.list_key)
                finally:
                    library.close()
        finally:
            self.finished.emit()


class ListRestoreWorker(_Worker):
    """Puts back the previous publication of one list (``ListLibrary.restore_previous``), in
    one transaction: ``restored(ImportReport)`` or ``failed(message)``, then ``finished``."""

    restored = Signal(object)

    def __init__(self, library_path: Path, list_key: str) -> None:
        super().__init__(library_path)
        self.list_key = list_key

    @Slot()
    def run(self) -> None:
        library = self._open()
        try:
            if library is not None:
                try:
                    report = library.restore_previous(self.list_key)
                except OsintDeskError as exc:
                    self.failed.emit(str(exc))
                except Exception as exc:
                    self.failed.emit(f"{self.list_key}: the previous publication could not be"
                                     f" restored ({type(exc).__name__}: {exc})")
                else:
                    self.restored.emit(report)
                finally:
                    library.close()
        finally:
            self.finished.emit()
