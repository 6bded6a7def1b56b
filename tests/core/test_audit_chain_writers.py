"""The audit chain under concurrent writers (issue 15): each entry is chained under SQLite's
write lock, so two connections or two processes appending at once make one chain, never a
fork (two entries after the same head) or a gap."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from osint_desk.core.store import CaseStore
from osint_desk.core.store.audit_chain import GENESIS, check_chain

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from osint_desk.core.store import CaseStore
    path, worker, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    with CaseStore.open(path, actor=f"writer-{worker}") as store:
        while not go.exists():  # both writers start together
            time.sleep(0.005)
        for n in range(count):
            with store.transaction():
                store.entities.add("Person", f"Person {worker}-{n}")
    print("done", flush=True)
""")


def _links(path: Path) -> list[tuple[int, str, str, str]]:
    with CaseStore.open(path, read_only=True) as store:
        report = check_chain(store._ctx.conn)
        assert report.intact, str(report)
        rows = store._ctx.conn.execute(
            "SELECT id, actor, prev_hash, row_hash FROM audit_log ORDER BY id").fetchall()
    return [tuple(row) for row in rows]


def _assert_one_chain(rows: list[tuple[int, str, str, str]]) -> None:
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))  # no gap
    previous = [row[2] for row in rows]
    assert len(set(previous)) == len(previous), "two entries follow the same head (a fork)"
    assert previous[0] == GENESIS
    assert previous[1:] == [row[3] for row in rows[:-1]]


def test_two_processes_appending_at_once_make_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "shared.osintcase"
    CaseStore.create(path, "Shared", actor="creator").close()
    before = len(_links(path))
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])), OSINT_DESK_HOME=str(tmp_path))
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(worker), "150",
                                 str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env) for worker in range(2)]
    time.sleep(1.0)  # both opened and waiting
    go.touch()
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in outputs]
    rows = _links(path)
    _assert_one_chain(rows)
    written = rows[before:]
    assert {actor for _id, actor, *_ in written} == {"writer-0", "writer-1"}
    assert sum(actor == "writer-0" for _id, actor, *_ in written) == len(written) // 2
    # Interleaved, so the writers really were appending at the same time.
    switches = sum(a[1] != b[1] for a, b in itertools.pairwise(written))
    assert switches >= 1


def test_a_second_connection_waits_for_the_first_then_chains_after_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.osintcase"
    CaseStore.create(path, "Shared", actor="creator").close()
    finished = threading.Event()
    failures: list[BaseException] = []

    def write_second() -> None:  # its own connection, in its own thread
        try:
            with CaseStore.open(path, actor="second") as second, second.transaction():
                second.entities.add("Person", "Second")
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            finished.set()

    with CaseStore.open(path, actor="first") as first:
        with first.transaction():
            first.entities.add("Person", "First")  # holds the write lock from here on
            thread = threading.Thread(target=write_second)
            thread.start()
            # The second writer may not read the head (nor write) while the first's change
            # is open: it waits for the lock.
            assert not finished.wait(1.0), failures
        thread.join(timeout=30)
    assert finished.is_set() and failures == []
    rows = _links(path)
    _assert_one_chain(rows)
    actors = [actor for _id, actor, *_ in rows]
    last_first = max(i for i, actor in enumerate(actors) if actor == "first")
    first_second = min(i for i, actor in enumerate(actors) if actor == "second")
    assert last_first < first_second  # the second's entries follow all of the first's
    assert rows[first_second][2] == rows[last_first][3]
