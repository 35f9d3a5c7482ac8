"""The table of issue 7: what a provincial evaluator expects of the score, with the
default ruleset, through the command line and in every format.

Each case starts from the model center (which meets every rule) or a bundled example and
changes one thing an evaluator would judge.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AS_OF, CENTERS, EXAMPLES
from typer.testing import CliRunner

from svcstd.centerfiles import load_center
from svcstd.cli import app

FORMATS = ("json", "table", "markdown", "html", "sarif", "junit")


def model() -> dict[str, Any]:
    return copy.deepcopy(load_center(CENTERS / "model-center.yaml").data)


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "center.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def audit(runner: CliRunner, center: Path, fmt: str = "json", lang: str = "en") -> tuple[int, str]:
    result = runner.invoke(app, ["audit", str(center), "--as-of", AS_OF, "-f", fmt, "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def report(runner: CliRunner, center: Path) -> dict[str, Any]:
    return json.loads(audit(runner, center)[1])


def no_matters(data: dict[str, Any]) -> None:
    data["processes"] = []


def publishes_nothing(data: dict[str, Any]) -> None:
    data["disclosure"] = {}
    for process in data["processes"]:
        process.pop("guide", None)
        process.pop("fee", None)


def twelve_matters_three_unlawful(data: dict[str, Any]) -> None:
    processes = data["processes"]
    while len(processes) < 12:  # copies of the first matters under new codes
        clone = copy.deepcopy(processes[len(processes) % 8])
        clone["id"] = f"{900000000000 + len(processes)}"
        processes.append(clone)
    for process in processes[:3]:
        process["promised_days"] = process["statutory_days"] + 5  # beyond the law's limit


@pytest.mark.parametrize(
    "change", [no_matters, publishes_nothing, twelve_matters_three_unlawful], ids=lambda change: change.__name__
)
def test_what_an_evaluator_fails_is_non_compliant_in_every_format(
    runner: CliRunner, tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    data = model()
    change(data)
    center = write(tmp_path, data)
    result = report(runner, center)
    score = result["score"]
    assert score["model"] == "points"
    assert score["compliant"] is False and score["grade"] == "fail"
    assert score["vetoed_by"], "a statutory breach or an empty catalogue is a veto"
    veto = score["vetoed_by"][0]
    for fmt in FORMATS:
        code, text = audit(runner, center, fmt)
        assert code == 1, fmt  # the default gate: non-compliant
        assert veto in text, fmt


def test_three_unlawful_promises_lose_the_whole_item_and_veto(runner: CliRunner, tmp_path: Path) -> None:
    data = model()
    twelve_matters_three_unlawful(data)
    rules = {r["rule"]: r for r in report(runner, write(tmp_path, data))["results"]}
    promise = rules["PROC-004"]
    assert promise["status"] == "fail" and promise["veto"] is True
    # three deductions of 2 exceed the item's 4 points: it stops at zero (扣完为止)
    assert (promise["points"], promise["points_earned"]) == (4.0, 0.0)
    assert len(promise["findings"]) == 3


def test_jinzhong_with_an_unlawful_promise_is_not_excellent(runner: CliRunner) -> None:
    result = report(runner, EXAMPLES / "jinzhong-city.yaml")
    assert result["score"]["grade"] not in ("excellent",)
    assert "PROC-004" in result["score"]["vetoed_by"]  # promised 10 days against a statutory 7
    _code, table = audit(runner, EXAMPLES / "jinzhong-city.yaml", "table")
    assert "−0.0" not in table
    lost = [r["points_lost"] for r in result["results"] if r["status"] == "fail" and not r["bonus"]]
    assert lost and min(lost) > 0  # every failure loses points


def test_an_unlawful_promise_weighs_more_than_a_missing_training_plan(runner: CliRunner, tmp_path: Path) -> None:
    def lost(rule: str, change: Callable[[dict[str, Any]], None]) -> float:
        data = model()
        change(data)
        rules = {r["rule"]: r for r in report(runner, write(tmp_path, data))["results"]}
        assert rules[rule]["status"] == "fail", rule
        return rules[rule]["points_lost"]

    def no_training_plan(data: dict[str, Any]) -> None:
        data["staffing"]["training"]["plan"] = False

    def one_unlawful_promise(data: dict[str, Any]) -> None:
        data["processes"][3]["promised_days"] = data["processes"][3]["statutory_days"] + 1

    assert lost("PROC-004", one_unlawful_promise) > lost("STAFF-004", no_training_plan)
    # and the unlawful promise is a veto, the paperwork is not
    data = model()
    no_training_plan(data)
    assert report(runner, write(tmp_path, data))["score"]["compliant"] is True


def test_a_center_described_from_public_sources_is_told_what_to_fill_in(runner: CliRunner) -> None:
    center = EXAMPLES / "anhua-county.yaml"  # built from published guides; much is undeclared
    score = report(runner, center)["score"]
    assert score["lost_to_missing"] > 3 * score["lost_to_violations"]
    _code, text = audit(runner, center, "markdown")
    fill_in = text.split("Fill in these fields")[1].split("\n### ")[0]
    fix = text.split("Fix these")[1].split("\n### ")[0] if "Fix these" in text else ""
    assert fill_in.count("| **") > fix.count("| **")  # more to fill in than to fix
