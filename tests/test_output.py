"""The one writer of outputs: devices and FIFOs written through, links followed, inputs
and duplicates refused, the format from the extension, no temporary file left behind,
file-system errors as exit 2."""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import pytest
from hostile import center_file
from typer.testing import CliRunner

from svcstd import output
from svcstd.cli import app
from svcstd.errors import InputError


def _audit(runner: CliRunner, folder: Path, *args: str):  # type: ignore[no-untyped-def]
    center = folder / "center.yaml"
    if not center.exists():
        center_file(folder)
    return runner.invoke(app, ["audit", str(center), "--as-of", "2026-01-01", "--lang", "en", *args])


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if output.TEMP_MARK in p.name]


def test_dev_null_stays_a_device(runner: CliRunner, tmp_path: Path) -> None:
    assert _audit(runner, tmp_path, "-f", "json", "-o", "/dev/null").exit_code == 1
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_device_is_exit_2_with_the_reason(runner: CliRunner, tmp_path: Path) -> None:
    result = _audit(runner, tmp_path, "-f", "json", "-o", "/dev/full")
    assert result.exit_code == 2
    assert "cannot write /dev/full: No space left on device" in result.stderr


def test_a_fifo_is_written_through(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = _audit(runner, tmp_path, "-o", str(fifo))
    reader.join(10)
    assert result.exit_code == 1
    assert received and received[0].startswith("{") and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_symlink_is_followed_and_its_target_replaced(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "real" / "report.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert _audit(runner, tmp_path, "-o", str(link)).exit_code == 1
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("{")
    assert _leftovers(tmp_path) == [] and _leftovers(target.parent) == []


def test_an_input_is_never_an_output(runner: CliRunner, tmp_path: Path) -> None:
    center = center_file(tmp_path)
    before = center.read_bytes()
    result = _audit(runner, tmp_path, "-f", "json", "-o", str(center))
    assert result.exit_code == 2
    assert f"{center} is an input of this run and cannot be an output" in result.stderr
    assert center.read_bytes() == before
    saved = tmp_path / "r.json"
    _audit(runner, tmp_path, "-o", str(saved))
    kept = saved.read_bytes()
    again = runner.invoke(app, ["report", str(saved), "-o", str(saved), "--lang", "en"])
    assert again.exit_code == 2 and saved.read_bytes() == kept
    linked = tmp_path / "alias.yaml"
    linked.symlink_to(center)
    assert _audit(runner, tmp_path, "-f", "json", "-o", str(linked)).exit_code == 2


def test_two_outputs_to_one_file_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.out"
    result = _audit(runner, tmp_path, "-f", "json", "-o", str(out), "-f", "html", "-o", str(tmp_path / "." / "x.out"))
    assert result.exit_code == 2
    assert "two outputs go to the same file" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("r.json", "{"),
        ("r.md", "## "),
        ("r.html", "<!DOCTYPE html>"),
        ("r.sarif", "{"),
        ("r.xml", "<?xml"),
        ("r.txt", ""),
    ],
)
def test_the_format_comes_from_the_extension(runner: CliRunner, tmp_path: Path, name: str, start: str) -> None:
    out = tmp_path / name
    assert _audit(runner, tmp_path, "-o", str(out)).exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith(start)
    if name.endswith(".sarif"):
        assert '"$schema"' in text
    if name.endswith(".txt"):
        assert "Score" in text  # the table


def test_dash_is_stdout(runner: CliRunner, tmp_path: Path) -> None:
    result = _audit(runner, tmp_path, "-f", "json", "-o", "-")
    assert result.exit_code == 1 and result.stdout.startswith("{")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize(
    ("where", "said"),
    [("folder", "is a folder; -o needs a file name"), ("under_a_file", "cannot write"), ("read_only", "cannot write")],
)
def test_file_system_errors_are_exit_2_with_path_and_reason(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, said: str
) -> None:
    if where == "folder":
        target = tmp_path / "dir"
        target.mkdir()
    elif where == "under_a_file":
        (tmp_path / "plain").write_text("x", encoding="utf-8")
        target = tmp_path / "plain" / "r.json"
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "r.json"
        if os.geteuid() == 0:  # root writes into a 0500 folder: have the file system say no, as a read-only mount does
            monkeypatch.setattr(tempfile, "mkstemp", _read_only_file_system)
    result = _audit(runner, tmp_path, "-f", "json", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert str(target) in result.stderr and said in result.stderr
    assert "internal error" not in result.stderr


def _read_only_file_system(**_options: object) -> tuple[int, str]:
    raise OSError(errno.EROFS, "Read-only file system")


def test_no_temporary_file_is_left_when_a_later_output_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"

    def failing_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError) as caught:
        output.write_all({first: "a", second: "b"})
    assert "No space left on device" in caught.value.render("en")
    assert _leftovers(tmp_path) == [] and not first.exists() and not second.exists()


def test_sigterm_while_writing_removes_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def terminated(source: str, target: str) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", terminated)
    with pytest.raises(SystemExit) as caught:
        output.write_all({tmp_path / "a.json": "a" * 1_000_000})
    assert caught.value.code == 128 + signal.SIGTERM
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_streamed_batch_puts_its_outputs_in_place_with_signals_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As write_all does: a Ctrl-C between two renames would leave one new output and one old.
    holding = {"now": False}
    renamed_while_held: list[bool] = []
    real_held, real_replace = output._signals_held, os.replace

    @contextmanager
    def recorded() -> Iterator[None]:
        with real_held():
            holding["now"] = True
            try:
                yield
            finally:
                holding["now"] = False

    def replace(source: str, target: object) -> None:
        renamed_while_held.append(holding["now"])
        real_replace(source, target)

    monkeypatch.setattr(output, "_signals_held", recorded)
    monkeypatch.setattr(output.os, "replace", replace)
    site = tmp_path / "site"
    with output.streamed([tmp_path / "a.json", tmp_path / "b.xml"], folders=[site]) as (streams, sites):
        for stream in streams.values():
            stream.write("written")
        with sites[site].open("centers/one.html") as page:  # a site's page is staged as it is written
            page.write("written")
        assert [path.name for path in site.rglob("*.html")] == []
    assert renamed_while_held == [True, True, True]
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.xml").read_text() == "written"
    assert (site / "centers/one.html").read_text() == "written"


def test_a_site_page_that_cannot_be_written_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A full disk while a page is written names that page, not the batch's first output.
    real_stage = output._open_stage

    class Full(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def stage(target: Path) -> tuple[str, TextIO]:
        temporary, stream = real_stage(target)
        stream.close()
        return temporary, Full(open(temporary, "wb"), encoding="utf-8")  # noqa: SIM115

    first = tmp_path / "report.json"
    site = tmp_path / "site"
    with pytest.raises(InputError) as error, output.streamed([first], folders=[site]) as (_streams, sites):
        monkeypatch.setattr(output, "_open_stage", stage)
        with sites[site].open("index.html") as page:
            page.write("<html>")
    (problem,) = error.value.problems
    assert str(site / "index.html") in problem.render("en") and str(first) not in problem.render("en")
    assert not first.exists() and not (site / "index.html").exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_just_after_a_page_is_staged_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    # The signal's handler runs at the first bytecode after mkstemp made the file, before
    # the file is known to _temporaries: it used to stay behind (.NAME.svcstd-tmp-…).
    real_mkstemp = tempfile.mkstemp

    def mkstemp(**options: object) -> tuple[int, str]:
        made = real_mkstemp(**options)  # type: ignore[call-overload]
        os.kill(os.getpid(), signum)
        return made

    site = tmp_path / "site"
    with pytest.raises((KeyboardInterrupt, SystemExit)), output.streamed([], folders=[site]) as (_streams, sites):
        monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp)
        with sites[site].open("centers/one.html") as page:
            page.write("x")
    assert [path.name for path in tmp_path.rglob("*") if output.TEMP_MARK in path.name] == []


@pytest.mark.parametrize("centers", [1, 2])
def test_a_site_page_and_a_file_output_to_one_path_are_refused(runner: CliRunner, tmp_path: Path, centers: int) -> None:
    # One center is written by emit(), not streamed(): its dict of outputs used to let the
    # JSON report replace the site's index.html without a word (exit 1, index.html is JSON).
    paths = [center_file(tmp_path, f"c{number}", f"c{number}", f"c{number}.yaml") for number in range(centers)]
    site = tmp_path / "site"
    args = ["-f", "html", "-o", f"{site}/", "-f", "json", "-o", str(site / "index.html")]
    result = runner.invoke(app, ["audit", *map(str, paths), "--lang", "en", *args])
    assert result.exit_code == 2, result.stderr
    assert "two outputs go to the same file" in result.stderr
    assert not (site / "index.html").exists()
