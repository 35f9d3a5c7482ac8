"""One Ctrl-C stops a batch: the workers end, nothing is written, one line is printed,
the exit code is 130, and no traceback reaches the user."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import center_copies

from svcstd import audit, output
from svcstd.result import AuditResult


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _signalled_batch(tmp_path: Path, send: Callable[[int], None], lang: str = "en") -> tuple[int, str, Path]:
    """Start ``svcstd audit`` on a large batch at -j 2, call ``send`` with its process id
    once its workers are auditing, and return its exit code, its stderr and its output."""
    batch = tmp_path / "batch"
    batch.mkdir()
    # Enough centers that the batch is surely still running when the signal comes, on a
    # loaded machine too: with 400 (about 4 s at -j 2 when idle) it once exited 1, not 130.
    center_copies(batch, 4000)
    out = tmp_path / "out.json"
    svcstd = shutil.which("svcstd", path=os.path.dirname(sys.executable)) or "svcstd"
    process = subprocess.Popen(
        [svcstd, "audit", str(batch), "-j", "2", "-f", "json", "-o", str(out), "--lang", lang],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        time.sleep(1.0)  # the workers are auditing
        assert process.poll() is None, "the batch ended before the signal"
        send(process.pid)
        _stdout, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, stderr, out


def test_one_ctrl_c_stops_a_parallel_batch(tmp_path: Path) -> None:
    # as a terminal does: to the whole process group
    code, stderr, out = _signalled_batch(tmp_path, lambda pid: os.killpg(pid, signal.SIGINT))
    assert code == 130
    assert stderr == "interrupted (Ctrl-C); nothing was written\n"
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if output.TEMP_MARK in p.name] == []


@pytest.mark.parametrize(("lang", "said"), [("en", "a worker process ended without its result (exit code -9"),
                                            ("zh", "一个工作进程未交回结果就结束了（退出码 -9")])  # fmt: skip
def test_a_killed_worker_is_said_as_such_and_nothing_is_written(tmp_path: Path, lang: str, said: str) -> None:
    # as the system does when memory runs out: one worker, at once
    code, stderr, out = _signalled_batch(tmp_path, lambda pid: os.kill(int(_children(pid)[0]), signal.SIGKILL), lang)
    assert code == 3
    assert stderr.startswith(said) and stderr.count("\n") == 1
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if output.TEMP_MARK in p.name] == []


def test_a_batch_left_early_ends_its_workers_and_leaves_no_thread(tmp_path: Path) -> None:
    # What hung CI for 90 minutes: a batch left while its workers were mid-task left the
    # process pool's manager thread waiting on a half-sent result, and the interpreter's
    # exit joined that thread forever. Nothing may be left that exit would wait for.
    threads = set(threading.enumerate())
    ref = audit.RulesetRef()
    options = audit.AuditOptions(ref.load(), date(2026, 11, 1), "en")
    batch = audit.iter_audits(center_copies(tmp_path, 8), options, jobs=2, ref=ref)
    assert isinstance(next(batch), AuditResult)
    assert len(multiprocessing.active_children()) == 2  # still auditing the others
    batch.close()
    assert multiprocessing.active_children() == []
    assert set(threading.enumerate()) == threads


_CTRL_C_WHILE_WRITING = """
import sys
from datetime import date
from pathlib import Path
import typer
from svcstd import audit
from svcstd.cli.common import run_guarded

paths = [Path(p) for p in sys.argv[1:]]
ref = audit.RulesetRef()
options = audit.AuditOptions(ref.load(), date(2026, 11, 1), "en")

def work():
    for _outcome in audit.iter_audits(paths, options, jobs=2, ref=ref):
        raise KeyboardInterrupt  # while the first result is written, the workers mid-task
    return 0

try:
    run_guarded(work, "en", False)
except typer.Exit as done:  # as click ends a command
    sys.exit(done.exit_code)
"""


def test_ctrl_c_while_a_result_is_written_ends_the_process(tmp_path: Path) -> None:
    # Ctrl-C lands wherever the main process is: often writing a result, outside the
    # batch's generator. The process must end, at once, with 130 and one line.
    paths = [str(path) for path in center_copies(tmp_path, 8)]
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", _CTRL_C_WHILE_WRITING, *paths], capture_output=True, text=True, timeout=60
        )
        assert (done.returncode, done.stderr) == (130, "interrupted (Ctrl-C); nothing was written\n")
