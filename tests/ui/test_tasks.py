"""The background-task runner: outcomes, progress, Cancel from the GUI, shutdown."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import ValidationError
from osint_desk.ui.tasks import TaskContext, TaskRunner


class Outcome:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.threads: list[int] = []

    def done(self, value: Any) -> None:
        self.calls.append(("done", value))
        self.threads.append(threading.get_ident())

    def failed(self, message: str) -> None:
        self.calls.append(("failed", message))

    def cancelled(self) -> None:
        self.calls.append(("cancelled", None))


def _run(qtbot: QtBot, runner: TaskRunner, work: Any, outcome: Outcome) -> Any:
    task = runner.run(work, what="The sum", on_done=outcome.done, on_failed=outcome.failed,
                      on_cancelled=outcome.cancelled)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    return task


def test_the_work_runs_off_the_gui_thread_and_the_callback_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome = Outcome()
    seen: list[int] = []

    def work(context: TaskContext) -> int:
        seen.append(threading.get_ident())
        return 42

    _run(qtbot, runner, work, outcome)
    assert outcome.calls == [("done", 42)]
    assert seen[0] != threading.get_ident()
    assert outcome.threads == [threading.get_ident()]
    assert not runner.busy()


@pytest.mark.parametrize(("error", "expected"), [
    (ValidationError("the date is not a date"), "the date is not a date"),
    (KeyError("x"), "The sum stopped: KeyError: 'x'"),
    (FileNotFoundError(2, "No such file or directory", "/nowhere/x.txt"),
     "/nowhere/x.txt: No such file or directory"),
])
def test_failures_reach_on_failed_as_a_message(qtbot: QtBot, error: Exception,
                                               expected: str) -> None:
    outcome = Outcome()

    def work(context: TaskContext) -> None:
        raise error

    _run(qtbot, TaskRunner(), work, outcome)
    assert outcome.calls == [("failed", expected)]


def test_progress_arrives_throttled_with_the_last_value(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome = Outcome()
    received: list[tuple[int, int, str]] = []

    def work(context: TaskContext) -> str:
        for done in range(1, 2001):
            context.progress(done, 2000, f"item {done}")
        return "ok"

    task = runner.run(work, on_done=outcome.done)
    task.progressed.connect(lambda *args: received.append(args))
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert received[-1] == (2000, 2000, "item 2000")
    assert len(received) < 200
    assert outcome.calls == [("done", "ok")]


def test_cancel_from_the_gui_stops_the_work_at_its_next_check(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome = Outcome()
    started = threading.Event()
    steps: list[int] = []

    def work(context: TaskContext) -> None:
        started.set()
        for step in range(10_000):
            context.check()
            steps.append(step)
            time.sleep(0.001)

    task = runner.run(work, on_done=outcome.done, on_cancelled=outcome.cancelled)
    assert started.wait(5)
    task.cancel()
    assert task.cancel_requested
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert outcome.calls == [("cancelled", None)]
    assert len(steps) < 10_000


def test_a_callback_may_start_the_next_task(qtbot: QtBot) -> None:
    runner = TaskRunner()
    results: list[int] = []

    def second(value: int) -> None:
        results.append(value)

    def first(value: int) -> None:
        results.append(value)
        runner.run(lambda context: value + 1, on_done=second)

    runner.run(lambda context: 1, on_done=first)
    qtbot.waitUntil(lambda: results == [1, 2] and not runner.busy(), timeout=10_000)


def test_shutdown_cancels_waits_and_runs_no_callback(qtbot: QtBot) -> None:
    runner = TaskRunner()
    outcome = Outcome()
    started = threading.Event()

    def work(context: TaskContext) -> None:
        started.set()
        while not context.cancelled:
            time.sleep(0.001)

    task = runner.run(work, on_done=outcome.done, on_cancelled=outcome.cancelled)
    assert started.wait(5)
    runner.shutdown()
    assert not task._thread.isRunning()
    qtbot.wait(50)
    assert outcome.calls == []
    with pytest.raises(RuntimeError):
        runner.run(lambda context: None)
