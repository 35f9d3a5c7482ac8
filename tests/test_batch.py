"""The batch JSON: streamed one center at a time, each ruleset's rule metadata recorded
once, the same bytes as the plain encoder, and everything renders again from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES
from typer.testing import CliRunner

from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.jsonform import RULE_METADATA, report_from_dict, report_to_dict
from svcstd.report import FORMATS, json_report
from svcstd.result import Report
from svcstd.rules.load import load_ruleset

CENTERS = [EXAMPLES / "beiguan-township.yaml", EXAMPLES / "jinzhong-city.yaml", EXAMPLES / "taigu-county"]


@pytest.fixture(scope="module")
def batch() -> Report:
    options = AuditOptions(ruleset=load_ruleset(None), as_of=date.fromisoformat(AS_OF))
    return audit_many(CENTERS, options)


def test_the_streamed_batch_is_the_plain_encoders_bytes(batch: Report) -> None:
    assert json_report.render(batch) == json.dumps(report_to_dict(batch), ensure_ascii=False, indent=2) + "\n"


def test_rule_metadata_is_recorded_once_and_a_passing_result_is_a_few_fields(batch: Report) -> None:
    data = json.loads(json_report.render(batch))
    assert list(data) == ["format", "lang", "centers", "rulesets", "ranking", "errors"]
    (record,) = data["rulesets"].values()
    assert set(record) == {"manual_clauses", "areas", "clauses", "rules"}
    for center in data["centers"]:
        assert not {"manual_clauses", "areas", "clauses"} & set(center)
        for result in center[
            "results"
        ]:  # only what differs from the record stays (a remediation with the center's figures)
            known = record["rules"][result["rule"]]
            assert all(result[key] != known[key] for key in set(RULE_METADATA) & set(result)), result
    passing = next(r for r in data["centers"][0]["results"] if r["status"] == "pass")
    assert set(passing) <= {"rule", "status", "score", "points_lost", "points_earned", "findings"}


def test_every_format_renders_the_same_from_the_saved_batch(batch: Report) -> None:
    back = report_from_dict(json.loads(json_report.render(batch)))
    assert back == batch
    for name in ("markdown", "html", "sarif", "junit", "table"):
        assert FORMATS[name](back) == FORMATS[name](batch), name


def test_a_batch_from_the_command_line_is_written_whole(runner: CliRunner, tmp_path: Path, batch: Report) -> None:
    out = tmp_path / "batch.json"
    args = ["audit", *map(str, CENTERS), "--as-of", AS_OF, "-j", "2", "-f", "json", "-o", str(out), "-f", "markdown"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert out.read_text(encoding="utf-8") == json_report.render(batch)
    assert result.stdout == FORMATS["markdown"](batch)
    assert [p.name for p in tmp_path.iterdir()] == ["batch.json"]  # no temporary file left


def test_svcstd_report_renders_a_saved_batch(runner: CliRunner, tmp_path: Path, batch: Report) -> None:
    saved = tmp_path / "batch.json"
    saved.write_text(json_report.render(batch), encoding="utf-8")
    result = runner.invoke(app, ["report", str(saved), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout == FORMATS["markdown"](batch)


def test_a_saved_batch_with_a_broken_record_is_an_input_error(runner: CliRunner, tmp_path: Path, batch: Report) -> None:
    data = json.loads(json_report.render(batch))
    data["rulesets"] = {sha: {"rules": 5} for sha in data["rulesets"]}
    saved = tmp_path / "batch.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["report", str(saved)])
    assert result.exit_code == 2
    assert "/rulesets" in result.stderr


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder center"])
def test_two_centers_with_one_id_name_where_the_second_says_it(tmp_path: Path, folder: bool) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    text = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    (batch / "a.yaml").write_text(text, encoding="utf-8")
    second = batch / "b" / "center.yaml" if folder else batch / "b.yaml"
    second.parent.mkdir(exist_ok=True)
    second.write_text("# another center with the same id\n" + text, encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(batch), "-f", "json", "--lang", "en", "--as-of", AS_OF])
    assert result.exit_code == 2
    line = next(number for number, row in enumerate(second.read_text().splitlines(), 1) if "id: jinzhong-city" in row)
    assert f"{second}:{line}:7: center id jinzhong-city is also the id of {batch / 'a.yaml'}" in result.output
