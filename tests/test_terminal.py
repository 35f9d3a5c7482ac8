"""Text from a description reaches a terminal as data: no markup, no emoji codes, no
raw control characters, in tables, diffs and stderr messages alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import center_file
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.terminal import visible

HOSTILE = (
    "[/oops] \x1b[2J\x1b]8;;https://evil.example\x1b\\L\x1b]8;;\x1b\\ [link=https://evil.example]L[/link] :100: \x9b31m"
)


def _batch(folder: Path) -> Path:
    folder.mkdir()
    center_file(folder, name=HOSTILE, center_id="a", filename="a.yaml")
    center_file(folder, name="[bold]b", center_id="b", filename="b.yaml")
    return folder


def test_visible_escapes_control_characters_and_keeps_layout() -> None:
    assert visible("a\x1b[2Jb\tc\nd\x9b\u202e") == "a\\x1b[2Jb\tc\nd\\x9b\\u202e"


def test_batch_tables_show_markup_and_escapes_as_text(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(_batch(tmp_path / "b")), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "[/oops] \\x1b[2J" in result.stdout and "[bold]b (b)" in result.stdout
    assert ":100:" in result.stdout and "💯" not in result.stdout


def test_diff_of_hostile_names_is_plain_text(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    runner.invoke(app, ["audit", str(_batch(tmp_path / "b")), "-f", "json", "-o", str(saved)])
    result = runner.invoke(app, ["diff", str(saved), str(saved), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "[bold]b (b)" in result.stdout


def test_positions_on_stderr_are_never_emoji(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "l100.yaml"
    bad.write_text(
        'svcstd: "1"\n' + "#\n" * 98 + 'center: {id: x, level: county, "\\e[2J:1234:": 1}\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bad}:100:" in result.stderr
    assert "\x1b" not in result.stderr and "\\x1b[2J:1234:" in result.stderr
    assert "💯" not in result.stderr and "🔢" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "sarif", "junit", "json"])
def test_no_format_writes_a_raw_escape(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["audit", str(_batch(tmp_path / "b")), "-f", fmt])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
