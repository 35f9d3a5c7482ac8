"""Hostile files among the inputs: FIFOs and devices are never read, unreadable entries
of a batch folder are reported and skipped, saved reports are checked before use, and
every bound names the option that raises it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile import center_file
from typer.testing import CliRunner

from svcstd.cli import app


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["validate"], ["audit"], ["report"], ["audit", "--waivers"], ["audit", "-r"]])
def test_a_fifo_is_refused_never_waited_on(runner: CliRunner, tmp_path: Path, fifo: Path, command: list[str]) -> None:
    center = center_file(tmp_path)
    args = [*command, str(fifo)] if len(command) == 1 else [command[0], str(center), command[1], str(fifo)]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert f"{fifo} is a FIFO, not a regular file" in result.stderr


def test_a_device_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "/dev/zero", "--lang", "en"])
    assert result.exit_code == 2
    assert "/dev/zero is a device, not a regular file" in result.stderr


def test_a_batch_skips_what_it_cannot_read_and_audits_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    center_file(batch, center_id="good", filename="good.yaml")
    os.mkfifo(batch / "fifo.yaml")
    (batch / "dangling.yaml").symlink_to(batch / "nowhere.yaml")
    (batch / "loop.yaml").symlink_to(batch / "loop.yaml")
    saved = tmp_path / "r.json"
    result = runner.invoke(app, ["audit", str(batch), "-f", "json", "-o", str(saved), "--lang", "en"])
    assert result.exit_code == 2, result.output
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert [c["center"]["id"] for c in report["centers"]] == ["good"]
    skipped = {Path(e["source"]).name for e in report["errors"]}
    assert skipped == {"fifo.yaml", "dangling.yaml", "loop.yaml"}
    assert "is a FIFO" in result.stderr and "No such file or directory" in result.stderr
    assert "Too many levels of symbolic links" in result.stderr


def test_two_centers_with_one_id_are_refused_naming_both_files(runner: CliRunner, tmp_path: Path) -> None:
    first = center_file(tmp_path, center_id="same", filename="a.yaml")
    second = center_file(tmp_path, center_id="same", filename="b.yaml")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["audit", str(tmp_path), "-f", "json", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{second}:2:7: center id same is also the id of {first}" in result.stderr  # where its center.id is
    assert not out.exists()


def test_a_center_folder_is_bounded_as_a_whole(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "big"
    (folder / "processes").mkdir(parents=True)
    center_file(folder)
    process = "- {id: p%d, name: %s}\n"
    for index in range(3):
        (folder / "processes" / f"{index}.yaml").write_text(process % (index, "x" * 500_000), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder), "--max-center-mb", "1", "--lang", "en"])
    assert result.exit_code == 2
    assert "processes/2.yaml:1:1: the center folder is larger than the limit" in result.stderr
    assert "--max-center-mb" in result.stderr


@pytest.mark.parametrize(
    ("body", "last"),
    [
        # 1,000 unknown keys: the first 100, then how many more
        ("center:\n  id: c\n  name: n\n  level: county\n" + "".join(f"  x{i}: 1\n" for i in range(1000)),
         "900 more unknown keys in /center are not shown"),
        # 150 wrong values: the first 100 of the file, then how many more
        ("center: {id: c, name: n, level: county}\nprocesses:\n"
         + "".join(f"  - {{id: p{i}, name: n, promised_days: many}}\n" for i in range(150)),
         "50 more problems in this file are not shown; fix the ones above and run again"),
    ],
)  # fmt: skip
def test_problems_per_file_are_capped_with_a_count_of_the_rest(
    runner: CliRunner, tmp_path: Path, body: str, last: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(f'svcstd: "1"\n{body}', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
    assert len(lines) == 101
    assert lines[-1] == f"{bad}: {last}"


def _saved(runner: CliRunner, tmp_path: Path) -> dict:
    out = tmp_path / "good.json"
    runner.invoke(app, ["audit", str(center_file(tmp_path)), "-f", "json", "-o", str(out), "--as-of", "2026-01-01"])
    return json.loads(out.read_text(encoding="utf-8"))


HOSTILE_REPORTS = {
    "results_not_objects": lambda r: {**r, "results": [1]},
    "score_is_text": lambda r: {**r, "score": {**r["score"], "value": "high"}},
    "center_id_null": lambda r: {**r, "center": {**r["center"], "id": None}},
    "score_infinite": lambda r: {**r, "score": {**r["score"], "value": 1e999}},
    "summary_missing": lambda r: {k: v for k, v in r.items() if k != "summary"},
    "finding_line_text": lambda r: {**r, "results": [{**r["results"][0], "findings": [{"pointer": "", "file": "f", "line": "1", "column": 1, "message": "m"}]}]},
    "batch_of_numbers": lambda r: {"format": "svcstd-batch/1", "lang": "en", "centers": [1, 2]},
    "unknown_key_in_result": lambda r: {**r, "results": [{**r["results"][0], "surprise": 1}]},
    # the points model's keys are typed too (found by the report fuzz target: [] crashed the notes)
    "lost_to_missing_a_list": lambda r: {**r, "score": {**r["score"], "lost_to_missing": []}},
    "cause_unknown": lambda r: {**r, "results": [{**r["results"][0], "findings": [{"pointer": "", "file": "f", "line": 1, "column": 1, "message": "m", "cause": "gremlins"}]}]},
    "manual_result_unknown": lambda r: {**r, "manual": [{"clause": "1", "indicator": "1", "points": 1, "result": "maybe"}]},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE_REPORTS))
def test_a_hostile_saved_report_is_an_input_error(runner: CliRunner, tmp_path: Path, name: str) -> None:
    report = HOSTILE_REPORTS[name](_saved(runner, tmp_path))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report), encoding="utf-8")
    for command in (["report", str(bad)], ["diff", str(bad), str(bad)]):
        result = runner.invoke(app, [*command, "--lang", "en"])
        assert result.exit_code == 2, (command, result.output)
        assert f"{bad}" in result.stderr


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "1" * 5000, '{"format": "svcstd-report/1", "x": NaN}', "\ufeff{", b"\xff\xfe".decode("latin-1")],
)
def test_malformed_json_reports_are_input_errors(runner: CliRunner, tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert str(bad) in result.stderr


def test_a_saved_report_keeps_reading_with_extra_keys_it_does_not_know(runner: CliRunner, tmp_path: Path) -> None:
    report = _saved(runner, tmp_path)
    report["points_assessable"] = 90
    report["score"]["points"] = 3
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    assert runner.invoke(app, ["report", str(path)]).exit_code == 0


def test_an_unreadable_file_or_folder_in_a_batch_is_skipped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads a 000 file, so the permission error is simulated where the file is opened.
    batch = tmp_path / "batch"
    (batch / "sub").mkdir(parents=True)
    center_file(batch, center_id="good", filename="good.yaml")
    locked = center_file(batch, center_id="locked", filename="locked.yaml")
    center_file(batch / "sub", center_id="hidden", filename="x.yaml")
    real_open, real_iterdir = os.open, Path.iterdir

    def refusing_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def refusing_iterdir(self: Path) -> Any:
        if self == batch / "sub":
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(Path, "iterdir", refusing_iterdir)
    result = runner.invoke(app, ["audit", str(batch), "-f", "json", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert [c["center"]["id"] for c in json.loads(result.stdout)["centers"]] == ["good"]
    assert f"cannot read {locked}: Permission denied" in result.stderr
    assert f"cannot read {batch / 'sub'}: Permission denied" in result.stderr


_PEAK = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
stderr = child.stderr.read()
_pid, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024, stderr.decode("utf-8", "replace"), sep="\\n", end="")
"""


def _run_measured(tmp_path: Path, *args: str) -> tuple[int, int, str]:
    """Exit code, peak RSS in MiB and stderr of ``svcstd ARGS`` in a process of its own."""
    command = [sys.executable, "-c", _PEAK, sys.executable, "-m", "svcstd", *args, "--lang", "en"]
    env = {**os.environ, "SVCSTD_CACHE_DIR": str(tmp_path / "cache")}  # the cache is used, as by default
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=True)
    code, peak, stderr = done.stdout.split("\n", 2)
    return int(code), int(peak), stderr


def _sparse(path: Path, size: int = 1 << 30) -> Path:
    """A file of ``size`` bytes that takes no disk: reading it whole takes that much memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_a_huge_center_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    # The result cache's key was the whole file, read before the loader's bound applied.
    big = _sparse(tmp_path / "big.yaml")
    code, peak, stderr = _run_measured(tmp_path, "audit", str(big))
    assert code == 2
    assert f"{big}:1:1: file is larger than the limit of 5242880 bytes" in stderr
    assert peak < 300  # MiB: not the 1 GiB file


def test_files_in_a_center_folder_that_are_not_its_description_are_not_read(tmp_path: Path) -> None:
    # The cache's key read every file under the folder (scans, archives, anything), though
    # only center.yaml and processes/*.yaml make the center.
    folder = tmp_path / "center"
    folder.mkdir()
    center_file(folder)
    _sparse(folder / "attachments" / "scan.pdf")
    code, peak, stderr = _run_measured(tmp_path, "audit", str(folder), "-f", "json", "-o", str(tmp_path / "r.json"))
    assert code in (0, 1), stderr
    assert peak < 300


def test_a_huge_ruleset_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    # The checked-ruleset cache's key read the whole file, before the loader's bound.
    big = _sparse(tmp_path / "rules.yaml")
    code, peak, stderr = _run_measured(tmp_path, "audit", str(center_file(tmp_path)), "-r", str(big))
    assert code == 2
    assert f"{big}:1:1: file is larger than the limit of 5242880 bytes" in stderr
    assert peak < 300
