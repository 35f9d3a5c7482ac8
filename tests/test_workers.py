"""The batch's worker processes: results in order, errors raised where the batch is read,
memory bounded when one task is slow, and nothing left running or waiting however the
batch ends."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from svcstd import workers


def _square(number: int, delay: float = 0.0) -> int:
    time.sleep(delay)
    return number * number


def test_results_come_in_the_order_of_the_tasks() -> None:
    # later tasks finish first: the first sleeps longest
    tasks = [(number, 0.02 * (9 - number)) for number in range(10)]
    assert list(workers.run_ordered(_square, tasks, jobs=3, start=_nothing)) == [n * n for n in range(10)]
    assert multiprocessing.active_children() == []


def _nothing() -> None:
    pass


_started_in: list[int] = []


def _remember_pid() -> None:
    _started_in.append(os.getpid())


def _start_pid(_index: int) -> list[int]:
    return list(_started_in)


def test_each_worker_runs_start_once_before_its_tasks() -> None:
    seen = list(workers.run_ordered(_start_pid, [(i,) for i in range(6)], jobs=2, start=_remember_pid))
    assert all(len(pids) == 1 for pids in seen)  # once per worker, before its first task
    assert 1 <= len({pids[0] for pids in seen}) <= 2  # in two workers at most
    assert os.getpid() not in {pids[0] for pids in seen} and _started_in == []  # never in the main process


def _fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError(f"no {number}")
    return number


def test_an_error_in_a_task_is_raised_with_the_workers_traceback_and_ends_the_workers() -> None:
    batch = workers.run_ordered(_fail_on_three, [(i,) for i in range(8)], jobs=2, start=_nothing)
    assert [next(batch) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="no 3") as raised:
        next(batch)
    assert any("in a worker process" in note and "_fail_on_three" in note for note in raised.value.__notes__)
    assert multiprocessing.active_children() == []


def _refuse_to_start() -> None:
    raise RuntimeError("cannot start")


def test_an_error_in_start_is_raised_for_the_first_task() -> None:
    with pytest.raises(RuntimeError, match="cannot start"):
        list(workers.run_ordered(_square, [(1,), (2,)], jobs=2, start=_refuse_to_start))
    assert multiprocessing.active_children() == []


def _killed_on_two(number: int) -> int:
    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return number


def test_a_worker_killed_mid_task_is_an_error_not_a_hang() -> None:
    with pytest.raises(workers.WorkerEnded, match="exit code -9"):
        list(workers.run_ordered(_killed_on_two, [(i,) for i in range(6)], jobs=2, start=_nothing))
    assert multiprocessing.active_children() == []


def _mark(folder: str, number: int) -> int:
    if number == 0:
        time.sleep(1.0)
    Path(folder, str(number)).touch()
    return number


def test_a_slow_first_task_holds_back_only_a_few_results(tmp_path: Path) -> None:
    # Results wait in memory for an earlier one: their number is bounded, not the batch's.
    batch = workers.run_ordered(_mark, [(str(tmp_path), i) for i in range(200)], jobs=2, start=_nothing)
    assert next(batch) == 0
    started = len(list(tmp_path.iterdir()))
    assert started <= workers.AHEAD * 2 + 1
    assert list(batch) == list(range(1, 200))


def _slow(number: int) -> int:
    time.sleep(0.5)
    return number


def test_closing_a_batch_ends_busy_workers_at_once_and_leaves_no_thread() -> None:
    threads = set(threading.enumerate())
    batch = workers.run_ordered(_slow, [(i,) for i in range(20)], jobs=2, start=_nothing)
    assert next(batch) == 0
    begun = time.monotonic()
    batch.close()  # the workers are mid-task
    assert time.monotonic() - begun < 0.4  # ended, not waited for
    assert multiprocessing.active_children() == []
    assert set(threading.enumerate()) == threads


def _ignore_sigint_status(_index: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_leave_ctrl_c_to_the_main_process() -> None:
    assert list(workers.run_ordered(_ignore_sigint_status, [(0,), (1,)], jobs=2, start=_nothing)) == [True, True]


def test_a_ctrl_c_held_while_workers_are_forked_ends_those_already_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Ctrl-C is raised when _started restores the signal mask, before run_ordered's
    # try: the workers forked so far used to be left running (until the interpreter exits).
    real_start = workers._context.Process.start

    def start_then_ctrl_c(self: multiprocessing.process.BaseProcess) -> None:
        real_start(self)
        os.kill(os.getpid(), signal.SIGINT)  # held: delivered once the mask is restored

    monkeypatch.setattr(workers._context.Process, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        list(workers.run_ordered(_square, [(i,) for i in range(10)], jobs=2, start=_nothing))
    assert multiprocessing.active_children() == []


def _sigterm_status(_index: int) -> bool:
    return signal.getsignal(signal.SIGTERM) is signal.SIG_DFL and signal.SIGTERM not in signal.pthread_sigmask(
        signal.SIG_BLOCK, set()
    )


def test_workers_are_born_with_sigterm_held_and_end_with_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not exposed, between the fork and their own handlers, to the main process's SIGTERM
    # handler (which cleans up outputs by raising in the main process).
    held: list[set[int]] = []
    real_start = workers._context.Process.start

    def start(self: multiprocessing.process.BaseProcess) -> None:
        held.append(set(signal.pthread_sigmask(signal.SIG_BLOCK, set())))
        real_start(self)

    monkeypatch.setattr(workers._context.Process, "start", start)
    assert list(workers.run_ordered(_sigterm_status, [(0,), (1,)], jobs=2, start=_nothing)) == [True, True]
    assert all({signal.SIGINT, signal.SIGTERM} <= mask for mask in held)


def _slow_first(number: int) -> int:
    if number == 0:
        time.sleep(1.0)
    return number


def test_a_worker_killed_while_idle_is_worker_ended_not_an_os_error() -> None:
    # The first worker holds tasks 0 and 1 (task 0 takes a second); the second runs out of
    # tasks (the look-ahead waits for task 0) and is killed while idle: the next task sent
    # to it raised BrokenPipeError, which the CLI's output writer then reported as
    # "cannot write OUT: Broken pipe" (exit 2) instead of a worker that ended (exit 3).
    def kill_the_second_worker() -> None:
        os.kill(max(child.pid for child in multiprocessing.active_children()), signal.SIGKILL)

    killer = threading.Timer(0.5, kill_the_second_worker)
    batch = workers.run_ordered(_slow_first, [(i,) for i in range(40)], jobs=2, start=_nothing)
    killer.start()
    with pytest.raises(workers.WorkerEnded):
        list(batch)
    killer.join()
    assert multiprocessing.active_children() == []


_ORPHANED = """
import multiprocessing, os, signal, time
from svcstd import workers

def slow(number):
    time.sleep(0.3)
    return b"x" * 1_000_000  # more than a socket buffer holds: the send blocks until read

def nothing():
    pass

batch = workers.run_ordered(slow, [(i,) for i in range(20)], jobs=2, start=nothing)
next(batch)
print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no finally, no atexit: as the OOM killer or kill -9 would
"""


def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    # Each worker held the main process's end of its own pipe: killed, the main process
    # left them waiting on it, or blocked sending a result into it, forever (and holding
    # the caller's stdout, so that a caller reading it hung too).
    said = tmp_path / "pids"
    with said.open("w") as stdout:  # a file, not a pipe: orphans holding a pipe would make run() wait
        subprocess.run([sys.executable, "-c", _ORPHANED], stdout=stdout, timeout=60)
    pids = [int(pid) for pid in said.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.1)
    alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


class _TwoPartError(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def _raise_two_part(_index: int) -> int:
    raise _TwoPartError("a.yaml", "no good")


def test_an_error_that_cannot_be_rebuilt_keeps_its_type_and_message() -> None:
    # Rebuilt in the main process from its args, it failed there with a TypeError of its
    # constructor, which said nothing of the error.
    with pytest.raises(RuntimeError, match=r"_TwoPartError: a\.yaml: no good") as raised:
        list(workers.run_ordered(_raise_two_part, [(0,)], jobs=1, start=_nothing))
    assert any("_raise_two_part" in note for note in raised.value.__notes__)


def _unpicklable(_index: int) -> object:
    return lambda: None


def test_a_result_that_cannot_reach_the_main_process_is_an_error_not_a_dead_worker() -> None:
    with pytest.raises(Exception, match="pickle|lambda"):
        list(workers.run_ordered(_unpicklable, [(0,), (1,)], jobs=2, start=_nothing))
    assert multiprocessing.active_children() == []
