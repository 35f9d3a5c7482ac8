"""`svcstd trend`: saved audits of one region over time, ordered by audit date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd import centerfiles
from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.jsonform import report_to_dict
from svcstd.report import trend_view
from svcstd.result import Report
from svcstd.rules.load import load_ruleset
from svcstd.trend import trend, trend_to_dict

DATES = ("2026-11-27", "2025-11-27", "2026-05-27")  # given out of order on purpose


def region(as_of: str, lang: str = "zh") -> Report:
    options = AuditOptions(ruleset=load_ruleset("cn-gsc@1.1"), as_of=date.fromisoformat(as_of), lang=lang)
    return audit_many(centerfiles.find_centers([Path("examples")]), options)


@pytest.fixture
def saved(in_repo: Path, tmp_path: Path) -> list[Path]:
    paths = []
    for as_of in DATES:
        path = tmp_path / f"{as_of}.json"
        path.write_text(json.dumps(report_to_dict(region(as_of)), ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_trend_in_markdown_and_json_matches_golden(saved: list[Path], runner: CliRunner, golden) -> None:
    for fmt, name in (("markdown", "trend.md"), ("json", "trend.json")):
        done = runner.invoke(app, ["trend", *map(str, saved), "-f", fmt])
        assert done.exit_code == 0, done.output
        golden(name, done.stdout.replace(str(saved[0].parent), "REPORTS"))


def test_reports_are_ordered_by_audit_date(in_repo: Path) -> None:
    found = trend([(as_of, region(as_of)) for as_of in DATES])
    assert found.dates == ("2025-11-27", "2026-05-27", "2026-11-27")
    taigu = next(c for c in found.centers if c.center == "taigu-county")
    scores = [p.value for p in taigu.points if p is not None]
    assert scores == sorted(scores, reverse=True)  # guides and meetings age: the county slips
    assert taigu.change == round(scores[-1] - scores[0], 1)
    assert [count for _rule, count in found.periods[0].failing][:1] == [2]  # PROC-020 in two centers


def test_a_fixed_rule_and_a_grade_change_are_reported(in_repo: Path) -> None:
    old, new = region("2026-05-27"), region("2026-11-27")
    # the township fixes every rule it failed and moves up to "good"
    township = next(r for r in new.results if r.center["id"] == "beiguan-township")
    fixed = replace(
        township,
        results=tuple(r._replace(status="pass", findings=()) if r.status == "fail" else r for r in township.results),
        score=replace(township.score, value=85.0, grade="good", grade_label="良好", compliant=True),
    )
    new = replace(new, results=tuple(fixed if r is township else r for r in new.results))
    found = trend([("old", old), ("new", new)])
    data = trend_to_dict(found)
    beiguan = next(c for c in data["centers"] if c["center"] == "beiguan-township")
    assert beiguan["grade_changes"] == [{"as_of": "2026-11-27", "old": "不合格", "new": "良好"}]
    fixed_rules = {item["rule"]: item["centers"] for item in data["periods"][0]["fixed"]}
    failed_before = {r.rule for r in township.results if r.status == "fail"}
    assert set(fixed_rules) == failed_before and set(fixed_rules.values()) == {1}
    assert data["region"][-1]["non_compliant"] == data["region"][0]["non_compliant"] - 1
    assert "不合格 → 良好" in trend_view.markdown(found)


def test_one_report_or_two_of_one_date_are_refused(saved: list[Path], runner: CliRunner) -> None:
    one = runner.invoke(app, ["trend", str(saved[0]), "--lang", "en"])
    assert one.exit_code == 2
    assert "a trend needs at least two reports" in one.stderr
    twice = runner.invoke(app, ["trend", str(saved[0]), str(saved[0]), "--lang", "en"])
    assert twice.exit_code == 2
    assert "two reports share the audit date 2026-11-27" in twice.stderr


def test_trend_page_has_a_line_per_center_and_the_region(saved: list[Path], runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "trend.html"
    done = runner.invoke(app, ["trend", *map(str, saved), "-f", "html", "-o", str(page)])
    assert done.exit_code == 0, done.output
    text = page.read_text(encoding="utf-8")
    centers = len(json.loads(saved[0].read_text(encoding="utf-8"))["centers"])
    assert text.count('<svg class="spark"') == centers == 4  # one score line per center
    assert text.count('<polyline class="mean"') == 1
    assert "<script" not in text and "url(" not in text


def test_trend_json_escapes_terminal_controls_from_descriptions(saved: list[Path], runner: CliRunner) -> None:
    # A center name is the description's text: in JSON it reaches a terminal only escaped.
    for path in saved:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["centers"][0]["center"]["name"] = "晋中\x1b[2J\u202e"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = runner.invoke(app, ["trend", *map(str, saved), "-f", "json"])
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert "晋中" in done.stdout and "\\u001b[2J" in done.stdout


def test_trend_never_writes_over_one_of_its_reports(saved: list[Path], runner: CliRunner) -> None:
    before = saved[0].read_bytes()
    done = runner.invoke(app, ["trend", *map(str, saved), "-f", "json", "-o", str(saved[0])])
    assert done.exit_code == 2
    assert saved[0].read_bytes() == before
