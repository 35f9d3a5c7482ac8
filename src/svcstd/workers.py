"""Worker processes for a batch: calls spread over N processes, results in order, and a
batch that stops for any reason (Ctrl-C, SIGTERM, a consumer that stops, a bug) ends its
workers at once.

Not ``concurrent.futures.ProcessPoolExecutor``: it has no public way to stop workers that
are running, and a worker ended in the middle of sending a result leaves the executor's
manager thread waiting forever on the half-sent message, a thread its exit hook then
joins: the process never ends. Here each worker has a pipe of its own and the main
process reads them itself, with no thread: a worker that is ended is an end of file on
its pipe, and nothing waits at exit (the workers are daemons, which multiprocessing ends
at exit if a batch was left unfinished).
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, NamedTuple, TypeVar

Task = TypeVar("Task", bound=tuple[Any, ...])
Result = TypeVar("Result")

# Tasks sent to a worker before its first result is back: the next one is there as soon as
# it sends a result, while the main process is still writing the one before.
IN_FLIGHT = 2
# Results that may wait for an earlier one, per worker: memory stays flat when one center
# takes much longer than the rest.
AHEAD = 4

# Forked, not spawned: workers start in a few milliseconds with the main process's modules.
_context = multiprocessing.get_context("fork")


class WorkerEnded(RuntimeError):
    """A worker process ended without sending its result (killed, or out of memory)."""


class _Worker(NamedTuple):
    process: multiprocessing.process.BaseProcess
    pipe: Connection


def run_ordered(
    call: Callable[..., Result],
    tasks: Sequence[Task],
    *,
    jobs: int,
    start: Callable[..., None],
    start_args: tuple[Any, ...] = (),
) -> Generator[Result, None, None]:
    """``call(*task)`` for each task, in ``jobs`` processes that each ran ``start(*start_args)``
    first; yields the results in the order of ``tasks``. An exception raised by a call is
    raised here, with the worker's traceback as a note; leaving the iterator early (close,
    an exception, Ctrl-C) ends every worker before it returns."""
    workers = _started(min(jobs, len(tasks)), call, start, start_args)
    try:
        yield from _ordered(workers, tasks)
    finally:
        _end(workers)


def _started(count: int, call: Callable[..., Any], start: Callable[..., None], args: tuple[Any, ...]) -> list[_Worker]:
    workers: list[_Worker] = []
    # Ctrl-C is held while workers are forked, so that each is born with it held, not
    # exposed until it ignores it; one pressed meanwhile reaches this process afterwards.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for _ in range(count):
            ours, theirs = _context.Pipe()
            inherited = [worker.pipe for worker in workers]  # closed in the child: see _serve
            process = _context.Process(target=_serve, args=(theirs, inherited, call, start, args), daemon=True)
            process.start()
            theirs.close()  # the worker's end lives in the worker only: its end is our end of file
            workers.append(_Worker(process, ours))
    except BaseException:
        _end(workers)
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return workers


def _ordered(workers: list[_Worker], tasks: Sequence[Task]) -> Generator[Result, None, None]:
    sent = 0  # tasks handed out
    handed = 0  # results yielded
    done: dict[int, Result] = {}  # results that wait for an earlier one
    load = {worker.pipe: 0 for worker in workers}  # tasks each worker holds
    while handed < len(tasks):
        for worker in workers:
            while load[worker.pipe] < IN_FLIGHT and sent < min(len(tasks), handed + AHEAD * len(workers)):
                worker.pipe.send((sent, tasks[sent]))
                load[worker.pipe] += 1
                sent += 1
        ready = wait([worker.pipe for worker in workers if load[worker.pipe]])
        for worker in workers:
            if worker.pipe in ready:
                index, ok, value = _received(worker)
                load[worker.pipe] -= 1
                if not ok:
                    raise value
                done[index] = value
        while handed in done:
            result = done.pop(handed)
            handed += 1
            yield result


def _received(worker: _Worker) -> tuple[int, bool, Any]:
    try:
        return worker.pipe.recv()
    except (EOFError, OSError):
        worker.process.join(1)
        raise WorkerEnded(f"a worker process ended without its result (exit code {worker.process.exitcode})") from None


def _end(workers: list[_Worker]) -> None:
    """Stop every worker: those with work left are ended, idle ones see their pipe close."""
    for worker in workers:
        if worker.process.is_alive():
            worker.process.terminate()
    for worker in workers:
        worker.process.join()
        worker.pipe.close()


def _serve(
    pipe: Connection,
    inherited: list[Connection],
    call: Callable[..., Any],
    start: Callable[..., None],
    args: tuple[Any, ...],
) -> None:
    """A worker: run ``start``, then answer each task with ``(index, ok, result or error)``
    until the main process closes its end or ends it."""
    # Ctrl-C reaches every process of the terminal's group: the main process alone acts on
    # it (and ends the workers), so workers print no tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held by the main process while it forked us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler (output cleanup)
    # The main process's ends of earlier workers' pipes came along with the fork: held
    # here, they would keep those workers from seeing the main process end.
    for other in inherited:
        other.close()
    failed = _failure(start, args)
    while True:
        try:
            index, task = pipe.recv()
        except (EOFError, OSError):
            return
        reply = (index, False, failed) if failed else _answer(index, call, task)
        try:
            pipe.send(reply)
        except OSError:  # the main process is gone or stopped reading
            return
        except Exception as error:  # a result or error that cannot be pickled: a bug, said as one
            pipe.send((index, False, RuntimeError(f"{type(error).__name__}: {error}")))


def _failure(start: Callable[..., None], args: tuple[Any, ...]) -> Exception | None:
    """What ``start`` raised, if anything: the answer to every task (a bug, exit 3)."""
    try:
        start(*args)
    except Exception as error:
        return _noted(error)
    return None


def _answer(index: int, call: Callable[..., Any], task: tuple[Any, ...]) -> tuple[int, bool, Any]:
    try:
        return (index, True, call(*task))
    except Exception as error:
        return (index, False, _noted(error))


def _noted(error: Exception) -> Exception:
    error.add_note("in a worker process:\n" + traceback.format_exc())
    return error
