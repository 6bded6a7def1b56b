"""The one background-task runner: long work off the GUI thread, with progress and Cancel.

After Anki's ``taskman`` / ``CollectionOp``: a front hands ``TaskRunner.run`` a plain function
of a :class:`TaskContext` (it opens its own case or library connection — SQLite connections
belong to the thread that made them) and says what to do when it is done, failed or was
cancelled. The runner owns the threads; a front never touches ``QThread``.

- ``context.progress(done, total, label)`` may be called from the work as often as it likes
  (the GUI gets at most one update per ``PROGRESS_INTERVAL_S``, plus the last one);
- ``Task.cancel()`` is safe from any thread (a ``threading.Event``: the worker's thread is busy,
  so a queued call would arrive only after the work); the work sees it as
  ``context.cancelled`` or ``context.check()`` raising :class:`TaskCancelled`;
- exactly one of the callbacks runs, on the GUI thread, after the thread has ended, so it may
  start the next task; ``OsintDeskError`` reaches ``on_failed`` as its message, any other
  exception as "<what> stopped: <type>: <message>" (a bug must not kill a thread silently);
- ``TaskRunner.shutdown()`` cancels everything and waits (closing a case, quitting).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from osint_desk.core.errors import OsintDeskError

T = TypeVar("T")
PROGRESS_INTERVAL_S = 0.05


class TaskCancelled(Exception):
    """Raised by ``TaskContext.check`` (or by the work itself) to stop at a safe point."""


class TaskContext:
    """What the work function gets: progress reporting and the cancel flag."""

    def __init__(self, emit: Callable[[int, int, str], None], cancel: threading.Event) -> None:
        self._emit = emit
        self._cancel = cancel
        self._last = 0.0
        self._pending: tuple[int, int, str] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` when Cancel was pressed."""
        if self._cancel.is_set():
            raise TaskCancelled

    def progress(self, done: int, total: int = 0, label: str = "") -> None:
        """Report progress (``total`` 0: unknown); throttled, the last one always arrives."""
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S or done >= total > 0:
            self._last, self._pending = now, None
            self._emit(done, total, label)
        else:
            self._pending = (done, total, label)

    def flush(self) -> None:
        if self._pending is not None:
            self._emit(*self._pending)
            self._pending = None


class _Worker(QObject):
    """Runs the work on its thread; the outcome is read once the thread has ended (the
    thread's end orders the write before the read), so no signal can be left in a queue."""

    progressed = Signal(int, int, str)

    def __init__(self, work: Callable[[TaskContext], Any], what: str,
                 cancel: threading.Event) -> None:
        super().__init__()
        self._work, self._what, self._cancel = work, what, cancel
        self.outcome: tuple[str, object] = ("failed", f"{what} stopped before it began")

    @Slot()
    def run(self) -> None:
        context = TaskContext(self.progressed.emit, self._cancel)
        try:
            value = self._work(context)
            context.flush()
            outcome: tuple[str, object] = (
                ("cancelled", None) if self._cancel.is_set() and value is None
                else ("done", value))
        except TaskCancelled:
            outcome = ("cancelled", None)
        except OsintDeskError as exc:
            outcome = ("failed", str(exc))
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            outcome = ("failed", f"{name}{exc.strerror or exc}")
        except Exception as exc:  # a bug must not kill the thread silently
            outcome = ("failed", f"{self._what} stopped: {type(exc).__name__}: {exc}")
        self.outcome = outcome
        thread = QThread.currentThread()
        if thread is not None:  # ends the thread's loop as run() returns, even while the
            thread.quit()  # GUI thread is blocked in wait()


class Task(QObject, Generic[T]):
    """A running piece of work: Cancel it, wait for it, or follow its signals."""

    progressed = Signal(int, int, str)
    finished = Signal()  # after the callback, once the thread has ended

    def __init__(self, runner: TaskRunner, work: Callable[[TaskContext], T], what: str,
                 on_done: Callable[[T], None] | None,
                 on_failed: Callable[[str], None] | None,
                 on_cancelled: Callable[[], None] | None) -> None:
        super().__init__(runner)
        self.what = what
        self._runner = runner
        self._cancel = threading.Event()
        self._callbacks = (on_done, on_failed, on_cancelled)
        self._thread = QThread(self)
        self._worker = _Worker(work, what, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._thread.finished.connect(self._on_thread_finished)

    @property
    def running(self) -> bool:
        return self._thread.isRunning() or self in self._runner.tasks

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next safe point; safe from any thread."""
        self._cancel.set()

    def wait(self) -> None:
        """Block until the work has returned (closing or quitting only)."""
        self._thread.wait()

    def _start(self) -> None:
        self._thread.start()

    def _on_thread_finished(self) -> None:
        self._thread.wait()
        self._runner._forget(self)
        on_done, on_failed, on_cancelled = self._callbacks
        kind, value = self._worker.outcome
        try:
            if self._runner.closed:
                return
            if kind == "done" and on_done is not None:
                on_done(value)  # type: ignore[arg-type]
            elif kind == "failed" and on_failed is not None:
                on_failed(str(value))
            elif kind == "cancelled" and on_cancelled is not None:
                on_cancelled()
        finally:
            self.finished.emit()
            # Not deleteLater(): a caller may still hold the task (or be inside a wait on its
            # ``finished``). Let go of the runner's ownership from a later event instead;
            # Python frees the task when the last reference to it goes.
            QTimer.singleShot(0, self, self._release)  # not once the task is gone

    def _release(self) -> None:
        # The worker goes with the task: its thread has ended, so nothing can still reach it
        # (a deleteLater() would wait for an event loop that thread will never run again).
        self.setParent(None)


class TaskRunner(QObject):
    """Starts tasks and keeps them until they end; one per window, passed to the fronts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks: list[Task[Any]] = []
        self.closed = False
        app = QCoreApplication.instance()
        if app is not None:  # quitting without shutdown() must not destroy a running QThread
            app.aboutToQuit.connect(self.shutdown)

    def run(self, work: Callable[[TaskContext], T], *, what: str = "The task",
            on_done: Callable[[T], None] | None = None,
            on_failed: Callable[[str], None] | None = None,
            on_cancelled: Callable[[], None] | None = None) -> Task[T]:
        """Start *work* on its own thread. *what* names it in failure messages ("The
        import"). A work function that returns None after a Cancel counts as cancelled."""
        if self.closed:
            raise RuntimeError("the task runner has been shut down")
        task: Task[T] = Task(self, work, what, on_done, on_failed, on_cancelled)
        self.tasks.append(task)
        task._start()
        return task

    def busy(self) -> bool:
        return bool(self.tasks)

    def shutdown(self) -> None:
        """Cancel every task and wait for each; no callback runs after this."""
        self.closed = True
        for task in list(self.tasks):
            task.cancel()
        for task in list(self.tasks):
            task.wait()

    def _forget(self, task: Task[Any]) -> None:
        if task in self.tasks:
            self.tasks.remove(task)


def window_tasks(widget: QWidget) -> TaskRunner:
    """The task runner of *widget*'s window (``MainWindow.tasks``); outside a window (a test,
    a dialog on its own) a new one owned by the application, not by the widget: closing a
    tab must not destroy a running thread."""
    window = widget.window()
    found = getattr(window, "tasks", None) if window is not widget else None
    if isinstance(found, TaskRunner):
        return found
    return TaskRunner(QCoreApplication.instance())
