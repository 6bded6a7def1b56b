"""The fuzz harness: hypothesis settings, a time bound, and what counts as a failure.

Every importer is fed generated hostile input; the only acceptable outcomes are a result or
an ``OsintDeskError`` (a message fit for a user). Anything else — another exception, a
``RecursionError``, running past the time bound — fails the test. ``pytest --fuzz-long``
runs thousands of cases per importer instead of a few hundred (``FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

from osint_desk.core.errors import OsintDeskError

T = TypeVar("T")

#: Set by tests/conftest.py from ``--fuzz-long`` before any test module is imported.
LONG = os.environ.get("OSINT_DESK_FUZZ_LONG") == "1"
FUZZ_EXAMPLES = 3000 if LONG else 200


def fuzz_settings(examples: int | None = None, **overrides: Any) -> settings:
    """Settings for one fuzz test: no deadline per example (the bound below is per call)."""
    return settings(
        max_examples=examples or FUZZ_EXAMPLES,
        deadline=None,
        derandomize=not LONG,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
        **overrides,
    )


class FuzzTimeout(BaseException):  # BaseException: no `except Exception` hides it
    """The call under test ran past its time bound."""


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Fail (``FuzzTimeout``) when the block runs longer than ``seconds`` (main thread only)."""
    def _expired(signum: int, frame: object) -> None:
        raise FuzzTimeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expect_result_or_user_error(call: Callable[[], T], seconds: float = 10.0) -> T | OsintDeskError:
    """Run ``call`` under the time bound; return its result or the user-facing error it raised.

    Any other exception propagates and fails the test, with its traceback.
    """
    with time_bound(seconds):
        try:
            return call()
        except OsintDeskError as exc:
            assert str(exc).strip(), "a user-facing error must carry a message"
            return exc


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    seconds: float


def run_child(code: str, timeout: float = 60.0, env: dict[str, str] | None = None) -> ChildRun:
    """Run Python ``code`` in a fresh process; report its peak memory (RSS) and wall time.

    For the budget tests (a 63 MB text, a 2,000-page PDF): memory is only measurable per
    process. The child prints nothing of ours; the caller asserts on the figures.
    """
    import time

    wrapper = textwrap.dedent("""
        import resource, sys, json
        exec(compile(sys.stdin.read(), "<child>", "exec"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:  # Linux keeps ru_maxrss across exec (the parent's peak); VmHWM is ours alone
            with open("/proc/self/status") as status:
                peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        except (OSError, StopIteration):
            pass
        sys.stderr.write("\\nPEAK_RSS_KB=%d\\n" % peak)
    """)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", wrapper], input=code, capture_output=True,
                          text=True, timeout=timeout, check=False,
                          env={**os.environ, **(env or {})})
    seconds = time.monotonic() - started
    peak = 0.0
    for text_line in proc.stderr.splitlines():
        if text_line.startswith("PEAK_RSS_KB="):
            peak = int(text_line.split("=", 1)[1]) / 1024
    return ChildRun(proc.returncode, proc.stdout, proc.stderr, peak, seconds)
