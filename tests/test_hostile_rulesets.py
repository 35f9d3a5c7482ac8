"""A ruleset, tailoring file or description from an untrusted repository cannot crash,
hang or exhaust the tool: each hostile case is refused at load time (exit 2, positioned)
or audited normally."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile import center_file, ruleset_file
from typer.testing import CliRunner

from svcstd.cli import app


def _audit(runner: CliRunner, folder: Path, rule: dict[str, Any], name: str = "中心", **top: Any) -> Any:
    center = center_file(folder, name=name)
    rules = ruleset_file(folder, rule, **top)
    return runner.invoke(app, ["audit", str(center), "-r", str(rules), "--lang", "en", "--as-of", "2026-01-01"])


@pytest.mark.parametrize("name", ["低保{x}", "a}b", "{0}", "{{literal}}", "{name!r:>99}"])
def test_braces_in_description_text_survive_a_failing_rule_verbatim(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    result = _audit(runner, tmp_path, {"for_each": "center", "check": {"path": "missing", "present": True}}, name=name)
    assert result.exit_code == 1, result.stderr
    assert f"{name}: `missing` is missing" in result.stdout


def test_a_failing_not_check_is_a_finding_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    result = _audit(runner, tmp_path, {"check": {"not": {"path": "center.id", "present": True}}})
    assert result.exit_code == 1, result.stderr
    assert 'a condition that must not hold holds: {"path": "center.id", "present": true}' in result.stdout


def test_a_backtracking_pattern_runs_in_linear_time(runner: CliRunner, tmp_path: Path) -> None:
    # Python's re takes minutes on this; RE2 answers at once.
    rule = {"check": {"path": "center.name", "matches": "^(a+)+$"}}
    assert _audit(runner, tmp_path, rule, name="a" * 40 + "!").exit_code == 1
    schema = {"check": {"path": "center.name", "schema": {"pattern": "^(a+)+$"}}}
    assert _audit(runner, tmp_path / "..", schema, name="a" * 40 + "!").exit_code == 1


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ({"check": {"path": "center.name", "matches": "("}}, '"(" is not a valid regex'),
        ({"check": {"path": "center.name", "matches": "^(?!x)"}}, '"^(?!x)" is not a valid regex'),
        ({"check": {"path": "center.name", "not_matches": "(a)\\1"}}, "RE2 says: invalid escape sequence: \\1. Patterns run on RE2"),
        ({"message": "{center.name!r}", "check": {"path": "center.x", "present": True}}, "format spec or conversion (!r)"),
        ({"message": "{center.name:>99999999}"}, "format spec or conversion (:>99999999)"),
        ({"check": {"path": "center", "schema": {"$ref": "https://evil.example/s.json"}}}, "never to a URL or a file"),
        ({"check": {"path": "center", "schema": {"$ref": "file:///etc/passwd"}}}, "never to a URL or a file"),
        ({"check": {"path": "center", "schema": {"$ref": "#/$defs/nothing"}}}, "points to nothing"),
        ({"check": {"path": "center", "schema": {"$ref": "#"}}}, "refers to itself"),
        (
            {"check": {"path": "center", "schema": {"$defs": {"a": {"anyOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}}},
            "refers to itself",
        ),
        ({"check": {"path": "center", "schema": {"properties": {"n": {"pattern": "("}}}}}, "not a valid JSON Schema"),
        ({"check": {"path": "center", "schema": {"patternProperties": {"(a+)+$": {}}}}}, "do not support patternProperties"),
        ({"check": {"path": "center", "schema": {"type": "nonsense"}}}, "not a valid JSON Schema"),
        ({"weight": 1e308}, "greater than the maximum 1000"),
    ],
)  # fmt: skip
def test_unsafe_rulesets_are_refused_at_load_time_with_a_position(
    runner: CliRunner, tmp_path: Path, rule: dict[str, Any], said: str
) -> None:
    result = _audit(runner, tmp_path, rule)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert f"{tmp_path / 'ruleset.yaml'}:" in result.stderr


def test_a_descending_self_reference_is_allowed(runner: CliRunner, tmp_path: Path) -> None:
    rule = {"check": {"path": "center", "schema": {"type": "object", "properties": {"x": {"$ref": "#"}}}}}
    assert _audit(runner, tmp_path, rule).exit_code == 0


def test_a_standard_version_is_a_name_never_a_path(runner: CliRunner, tmp_path: Path) -> None:
    result = _audit(runner, tmp_path, {}, standard={"id": "gb-t-32168", "version": "../../../tmp/x"})
    assert result.exit_code == 2
    assert "[/standard/version]" in result.stderr


def test_a_finding_message_is_bounded(runner: CliRunner, tmp_path: Path) -> None:
    center = center_file(tmp_path, name="长" * 100_000)
    rules = ruleset_file(tmp_path, {"message": "{center.name}", "check": {"path": "center.x", "present": True}})
    result = runner.invoke(app, ["audit", str(center), "-r", str(rules), "-f", "json", "--as-of", "2026-01-01"])
    assert result.exit_code == 1
    (message,) = [f["message"] for r in json.loads(result.stdout)["results"] for f in r["findings"]]
    assert message == "长" * 1999 + "…"


def test_an_empty_selection_in_a_tailoring_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    tailoring = tmp_path / "t.yaml"
    tailoring.write_text('svcstd-tailoring: "1"\nselect: []\n', encoding="utf-8")
    center = center_file(tmp_path)
    result = runner.invoke(app, ["audit", str(center), "--tailoring", str(tailoring), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{tailoring}:2:" in result.stderr


def test_deeply_nested_conditions_are_refused_at_load_time(runner: CliRunner, tmp_path: Path) -> None:
    condition: dict[str, Any] = {"path": "center.id", "present": True}
    for _ in range(200):
        condition = {"not": condition}
    result = _audit(runner, tmp_path, {"check": condition})
    assert result.exit_code == 2
    assert "nesting is deeper than 64 levels" in result.stderr
