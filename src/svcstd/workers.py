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
import pickle
import signal
import traceback
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, NamedTuple, TypeVar

from svcstd.errors import WorkerEnded

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
# Held while workers are forked: each is born with them held, not exposed to the main
# process's handlers (Ctrl-C, output cleanup) until it has set its own.
_HELD = {signal.SIGINT, signal.SIGTERM}


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
    raised at its turn, after the results before it, with the worker's traceback as a
    note; a worker that ends without its result is :class:`WorkerEnded`. Leaving the
    iterator early (close, an exception, Ctrl-C) ends every worker before it returns, and
    workers end by themselves when the main process is gone (their pipe's end of file)."""
    workers = _started(min(jobs, len(tasks)), call, start, start_args)
    try:
        yield from _ordered(workers, tasks)
    finally:
        _end(workers)


def _started(count: int, call: Callable[..., Any], start: Callable[..., None], args: tuple[Any, ...]) -> list[_Worker]:
    workers: list[_Worker] = []
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            for _ in range(count):
                ours, theirs = _context.Pipe()
                # The main process's ends, this worker's own among them, are closed in the
                # child: held there, they would keep it from seeing the main process end.
                inherited = [*(worker.pipe for worker in workers), ours]
                process = _context.Process(target=_serve, args=(theirs, inherited, call, start, args), daemon=True)
                process.start()
                theirs.close()  # the worker's end lives in the worker only: its end is our end of file
                workers.append(_Worker(process, ours))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal held meanwhile is raised here...
    except BaseException:
        _end(workers)  # ...and ends the workers forked so far
        raise
    return workers


def _ordered(workers: list[_Worker], tasks: Sequence[Task]) -> Generator[Result, None, None]:
    sent = 0  # tasks handed out
    handed = 0  # results yielded
    done: dict[int, tuple[bool, Any]] = {}  # results (or errors) that wait for an earlier one
    load = {worker.pipe: 0 for worker in workers}  # tasks each worker holds
    while handed < len(tasks):
        for worker in workers:
            while load[worker.pipe] < IN_FLIGHT and sent < min(len(tasks), handed + AHEAD * len(workers)):
                try:
                    worker.pipe.send((sent, tasks[sent]))
                except OSError:  # it ended while it had nothing to do
                    raise _ended(worker) from None
                load[worker.pipe] += 1
                sent += 1
        ready = wait([worker.pipe for worker in workers if load[worker.pipe]])
        for worker in workers:
            if worker.pipe in ready:
                index, ok, value = _received(worker)
                load[worker.pipe] -= 1
                done[index] = (ok, value)
        while handed in done:
            ok, value = done.pop(handed)
            if not ok:
                raise value
            handed += 1
            yield value


def _received(worker: _Worker) -> tuple[int, bool, Any]:
    try:
        return worker.pipe.recv()
    except (EOFError, OSError):
        raise _ended(worker) from None


def _ended(worker: _Worker) -> WorkerEnded:
    worker.process.join(1)
    return WorkerEnded(worker.process.exitcode)


def _end(workers: list[_Worker]) -> None:
    """End every worker still alive (nothing more is wanted of it, busy or idle), wait
    for it, and close its pipe."""
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
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler (output cleanup)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the main process while it forked us
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
            pipe.send(reply)  # pickled whole before a byte is written
        except OSError:  # the main process is gone or stopped reading
            return
        except Exception as error:  # a result that cannot cross to the main process: a bug, said as one
            pipe.send((index, False, _portable(error)))


def _failure(start: Callable[..., None], args: tuple[Any, ...]) -> Exception | None:
    """What ``start`` raised, if anything: the answer to every task (a bug, exit 3)."""
    try:
        start(*args)
    except Exception as error:
        return _portable(error)
    return None


def _answer(index: int, call: Callable[..., Any], task: tuple[Any, ...]) -> tuple[int, bool, Any]:
    try:
        return (index, True, call(*task))
    except Exception as error:
        return (index, False, _portable(error))


def _portable(error: Exception) -> Exception:
    """``error`` with the worker's traceback as a note, as the main process will rebuild
    it; one that cannot be rebuilt there (its constructor takes other arguments than it
    keeps) becomes a RuntimeError with its type and message."""
    trace = "in a worker process:\n" + traceback.format_exc()
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note(trace)
    return error
