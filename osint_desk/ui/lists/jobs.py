"""The jobs of the sanctions-lists window — import, restore, remove — as plain work for the
task runner (:mod:`osint_desk.ui.tasks`); nothing here owns a thread or touches a widget.

Each job opens its OWN :class:`ListLibrary` on the library path: a SQLite connection must
stay on the thread that made it, and the dialog's connection belongs to the GUI thread.

Cancel (``TaskContext.cancelled``, a ``threading.Event``) reaches an import through two hooks,
both public API, so the core needs no change:

* while the files are read, the core calls ``progress`` every 500 entries; raising
  :class:`TaskCancelled` there ends the import before anything is written;
* while the entries are written (one transaction), a SQLite progress handler on the job's
  own connection (``library.conn.set_progress_handler``) aborts the statement in hand, so the
  transaction rolls back. Unlike ``Connection.interrupt()`` from another thread, it cannot be
  lost between two statements: once the flag is set, the next thousand SQLite steps end it.

If Cancel arrives after the commit, the list was imported whole: the run says so
(``ListImportRun.cancelled`` is True, and the report is there; nothing was undone).

An update the core refuses (``ListUpdateRefused``: it would lose data) is kept apart
(``ListImportRun.refused``), so the dialog can ask and run the same files again with
``replace=True``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.entries import ListEntry
from osint_desk.core.sanctions.formats import ofac_csv
from osint_desk.core.sanctions.library import ImportReport, ListLibrary, ListUpdateRefused
from osint_desk.core.sanctions.library_io import ListLibraryError
from osint_desk.ui.lists.texts import reading_text, writing_text
from osint_desk.ui.tasks import TaskCancelled, TaskContext

SQL_STEPS = 1000  # SQLite virtual-machine steps between two looks at the Cancel flag


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


def open_library(library_path: Path) -> ListLibrary:
    """The job's own connection; any failure becomes a message naming the file."""
    try:
        return ListLibrary(Path(library_path))
    except OsintDeskError:
        raise
    except Exception as exc:  # an OS or SQLite error: said, not a bug report
        raise ListLibraryError(f"{library_path}: the list library cannot be opened"
                               f" ({type(exc).__name__}: {exc})") from exc


@dataclass
class ListImportRun:
    """What an import did, list by list: the reports of the lists imported, the errors (each
    names its file; that list is unchanged), the refused updates (the file group and the
    core's reasons), and whether Cancel was pressed. The options are kept so a refused
    update can be run again the same way with ``replace=True``."""

    groups: list[list[Path]]
    format: str | None = None
    published: str | None = None
    reports: list[ImportReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: list[tuple[list[Path], str]] = field(default_factory=list)
    cancelled: bool = False


class ListImportJob:
    """Imports file groups (see :func:`group_paths`) one list at a time, each list in its
    own transaction; ``run`` is the work handed to ``TaskRunner.run``.

    Progress is ``(list number - 1, list count, what it does)``: "Reading …, N entries read"
    every 500 entries, "Writing N entries …" when the files are read and the transaction
    begins (that one, and the first of each list, are never dropped by the throttle).
    Cancel stops at once: the list in hand is left as it was, the lists before it stay
    imported, the ones after it are not started.
    """

    def __init__(self, library_path: Path, groups: Sequence[Sequence[Path]],
                 format: str | None = None, published: str | None = None,
                 replace: bool = False) -> None:
        self.library_path = Path(library_path)
        self.groups = [[Path(p) for p in group] for group in groups]
        self.format = format
        self.published = published
        self.replace = replace
        self._context: TaskContext | None = None
        self._step = (0, 1, "")  # (list index, list count, what) for progress
        self._aborted = False

    @property
    def cancelled(self) -> bool:
        return self._context is not None and self._context.cancelled

    def run(self, context: TaskContext) -> ListImportRun:
        self._context = context
        result = ListImportRun(self.groups, self.format, self.published)
        try:
            library = open_library(self.library_path)
        except OsintDeskError as exc:
            result.errors.append(str(exc))
            return result
        library.conn.set_progress_handler(self._sql_progress, SQL_STEPS)
        try:
            self._run(library, result)
        finally:
            library.conn.set_progress_handler(None, 0)
            library.close()
        result.cancelled = context.cancelled
        return result

    def _run(self, library: ListLibrary, result: ListImportRun) -> None:
        count = len(self.groups)
        for index, group in enumerate(self.groups):
            if self.cancelled:
                return
            what = describe(group)
            self._step = (index, count, what)
            self._say(reading_text(what, 0), now=True)
            try:
                report = self._import(library, group)
            except TaskCancelled:
                return
            except ListUpdateRefused as exc:
                if self.cancelled:
                    return
                result.refused.append((group, str(exc)))
            except OsintDeskError as exc:
                if self.cancelled:
                    return
                result.errors.append(str(exc))
            except Exception as exc:
                if self.cancelled:  # the SQLite abort that Cancel asked for
                    return
                result.errors.append(f"{what}: the import stopped ({type(exc).__name__}:"
                                     f" {exc}); the library is unchanged")
            else:
                result.reports.append(report)

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
        self._say(writing_text(self._step[2], count), now=True)

    def _progress(self, done: int) -> None:
        """The core's callback, every 500 entries read; Cancel ends the import here."""
        if self.cancelled:
            raise TaskCancelled
        if done:
            self._say(reading_text(self._step[2], done))

    def _say(self, text: str, now: bool = False) -> None:
        if self._context is None:
            return
        index, count, _what = self._step
        self._context.progress(index, count, text)
        if now:  # a new step: not left behind by the throttle
            self._context.flush()

    def _sql_progress(self) -> int:
        """SQLite's progress handler: non-zero aborts the running statement (once, so the
        core's ROLLBACK that follows is not aborted too)."""
        if self.cancelled and not self._aborted:
            self._aborted = True
            return 1
        return 0


def remove_list(context: TaskContext, library_path: Path, list_key: str) -> str:
    """Remove one list (its entries and screening keys) in one transaction; its key.
    Short and all-or-nothing, so it does not look at Cancel."""
    library = open_library(library_path)
    try:
        library.remove(list_key)
    except OsintDeskError:
        raise
    except Exception as exc:
        raise ListLibraryError(f"{list_key}: the list could not be removed"
                               f" ({type(exc).__name__}: {exc})") from exc
    finally:
        library.close()
    return list_key


def restore_list(context: TaskContext, library_path: Path, list_key: str) -> ImportReport:
    """Put back the previous publication of one list (``ListLibrary.restore_previous``), in
    one transaction."""
    library = open_library(library_path)
    try:
        return library.restore_previous(list_key)
    except OsintDeskError:
        raise
    except Exception as exc:
        raise ListLibraryError(f"{list_key}: the previous publication could not be"
                               f" restored ({type(exc).__name__}: {exc})") from exc
    finally:
        library.close()
