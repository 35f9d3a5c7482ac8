"""One Ctrl-C stops a batch: the workers end, nothing is written, one line is printed,
the exit code is 130, and no traceback reaches the user."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import click
import pytest
from conftest import EXAMPLES

from svcstd import audit, output
from svcstd.cli.common import run_guarded


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def test_one_ctrl_c_stops_a_parallel_batch(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    source = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    # Enough centers that the batch is surely still running when Ctrl-C comes, on a loaded
    # machine too: with 400 (about 4 s at -j 2 when idle) it once exited 1, not 130.
    for index in range(4000):
        (batch / f"c{index:04d}.yaml").write_text(source.replace("id: jinzhong-city", f"id: c{index:04d}", 1))
    out = tmp_path / "out.json"
    svcstd = shutil.which("svcstd", path=os.path.dirname(sys.executable)) or "svcstd"
    process = subprocess.Popen(
        [svcstd, "audit", str(batch), "-j", "2", "-f", "json", "-o", str(out), "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        time.sleep(1.0)  # the workers are auditing
        assert process.poll() is None, "the batch ended before Ctrl-C"
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
        _stdout, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130
    assert stderr == "interrupted (Ctrl-C); nothing was written\n"
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if output.TEMP_MARK in p.name] == []


def test_ctrl_c_while_a_result_is_written_ends_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C lands wherever the main process is: often writing a result, outside the
    # batch's generator, which then still held the workers. They were ended only when the
    # generator was freed at exit, mid-task, and the exit could hang forever on the pipe
    # a worker left half-written (or print a traceback from the pool's threads).
    source = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    paths = []
    for index in range(8):
        path = tmp_path / f"c{index}.yaml"
        path.write_text(source.replace("id: jinzhong-city", f"id: c{index}", 1), encoding="utf-8")
        paths.append(path)
    ref = audit.RulesetRef()
    options = audit.AuditOptions(ref.load(), date(2026, 11, 1), "en")

    def work() -> int:
        for _outcome in audit.iter_audits(paths, options, jobs=2, ref=ref):
            raise KeyboardInterrupt  # while the first result is written
        return 0

    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", lambda code: exits.append(code) or sys.exit(code))
    with pytest.raises((SystemExit, click.exceptions.Exit)):
        run_guarded(work, "en", False)
    assert exits == [130]  # left at once, not through the pool's threads
    assert multiprocessing.active_children() == []
