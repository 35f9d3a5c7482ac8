"""The batch's worker processes: results in order, errors raised where the batch is read,
memory bounded when one task is slow, and nothing left running or waiting however the
batch ends."""

from __future__ import annotations

import multiprocessing
import os
import signal
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
