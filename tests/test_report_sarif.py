"""The SARIF renderer: valid SARIF 2.1.0, one result per finding, fingerprints that survive moves."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from conftest import AS_OF, EXAMPLES, SCHEMAS

from svcstd import loader
from svcstd.audit import AuditOptions, audit_many
from svcstd.model import Report
from svcstd.report import sarif
from svcstd.rules.load import load_ruleset

RULESET = "cn-gsc@1.0"
BROKEN = 'svcstd: "1"\ncenter: {id: broken, name: [unclosed\n'
HOSTILE = '<b>&amp; "q" ]]> \x01\x1b end'
FAILED = ("fail", "error")


def audit(*paths: Path, lang: str = "en") -> Report:
    options = AuditOptions(ruleset=load_ruleset(RULESET), as_of=date.fromisoformat(AS_OF), lang=lang)
    return audit_many(list(paths), options)


def assert_valid_sarif(log: dict) -> None:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    # The OASIS schema declares draft-04; check that we validate by the draft it names.
    assert validator_class is jsonschema.Draft4Validator
    error = jsonschema.exceptions.best_match(validator_class(schema).iter_errors(log))
    assert error is None, f"{error.json_path}: {error.message}"


def render(report: Report) -> dict:
    return json.loads(sarif.render(report))


@pytest.fixture
def batch(in_repo: Path, tmp_path: Path) -> Report:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    return audit(*loader.find_centers([Path("examples")]), broken)


def test_single_center_is_valid_sarif_and_matches_golden(in_repo: Path, golden) -> None:
    text = sarif.render(audit(Path("examples/jinzhong-city.yaml")))
    assert_valid_sarif(json.loads(text))
    golden("jinzhong-city.sarif", text)


def test_batch_with_a_broken_center_is_valid_and_reports_it(batch: Report, tmp_path: Path) -> None:
    log = render(batch)
    assert_valid_sarif(log)
    (run,) = log["runs"]
    assert [center["id"] for center in run["properties"]["centers"]] == [r.center["id"] for r in batch.results]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (error,) = batch.errors
    notifications = invocation["toolExecutionNotifications"]
    assert len(notifications) == len(error.problems) >= 1
    for note, problem in zip(notifications, error.problems, strict=True):
        assert note["level"] == "error"
        assert note["message"]["text"] == problem.message
        physical = note["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == (tmp_path / "broken.yaml").as_uri()
        assert physical["region"] == {"startLine": problem.line, "startColumn": problem.column}


def test_one_result_per_finding_of_a_failed_rule_at_its_position(batch: Report) -> None:
    (run,) = render(batch)["runs"]
    expected = [
        (center.center["id"], rule, finding)
        for center in batch.results
        for rule in center.results
        if rule.status in FAILED
        for finding in rule.findings
    ]
    assert len(expected) > 20  # the weak examples fail many rules
    assert len(run["results"]) == len(expected)
    rules = run["tool"]["driver"]["rules"]
    for result, (center_id, rule, finding) in zip(run["results"], expected, strict=True):
        assert result["ruleId"] == rule.rule == rules[result["ruleIndex"]]["id"]
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == finding.file  # relative, plain names need no escaping
        assert physical["region"] == {"startLine": finding.line, "startColumn": finding.column}
        # a finding about the whole document (pointer "") has no logical location
        logical = [{"fullyQualifiedName": finding.pointer, "kind": "member"}] if finding.pointer else None
        assert location.get("logicalLocations") == logical
        assert result["properties"]["center"] == center_id
        assert result["properties"]["subject"] == finding.subject
        assert (
            result["level"]
            == {"critical": "error", "major": "error", "minor": "warning", "info": "note"}[rule.severity]
        )


def test_rules_table_lists_each_failed_rule_once(batch: Report) -> None:
    (run,) = render(batch)["runs"]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    failed = {rule.rule for center in batch.results for rule in center.results if rule.status in FAILED}
    assert len(ids) == len(set(ids))
    assert set(ids) == failed
    org_004 = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "ORG-004")
    assert org_004["name"] == "StationedDepartmentsAreAuthorizedToDecideOnSite"
    assert org_004["fullDescription"]["text"].startswith("5.1.3 ")
    assert org_004["defaultConfiguration"]["level"] == "error"
    assert org_004["properties"] == {"severity": "major", "area": "organization", "clause": "5.1.3", "weight": 2}
    assert "References:" in org_004["help"]["text"]


def test_fingerprints_survive_edits_that_move_lines(tmp_path: Path) -> None:
    text = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    before, after = tmp_path / "before" / "jinzhong-city.yaml", tmp_path / "after" / "jinzhong-city.yaml"
    before.parent.mkdir()
    after.parent.mkdir()
    before.write_text(text, encoding="utf-8")
    after.write_text("\n\n\n" + text, encoding="utf-8")
    old, new = (render(audit(path))["runs"][0]["results"] for path in (before, after))
    assert len(old) == len(new) > 0

    def lines(results: list[dict]) -> list[int]:
        return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]

    def fingerprints(results: list[dict]) -> list[str]:
        return [r["partialFingerprints"][sarif.FINGERPRINT] for r in results]

    assert lines(new) == [line + 3 for line in lines(old)]
    assert fingerprints(new) == fingerprints(old)
    assert len(set(fingerprints(old))) == len(old)


def test_output_is_deterministic(in_repo: Path) -> None:
    path = Path("examples/beiguan-township.yaml")
    assert sarif.render(audit(path)) == sarif.render(audit(path))


@pytest.mark.parametrize(
    ("file", "uri"),
    [
        ("examples/jinzhong-city.yaml", "examples/jinzhong-city.yaml"),
        ("centers/晋中 市/center.yaml", "centers/%E6%99%8B%E4%B8%AD%20%E5%B8%82/center.yaml"),
        ("a:b#c?.yaml", "a%3Ab%23c%3F.yaml"),  # not a scheme, fragment or query
        ("/srv/centers/a b.yaml", "file:///srv/centers/a%20b.yaml"),
        ("C:\\centers\\a.yaml", "file:///C:/centers/a.yaml"),
    ],
)
def test_artifact_uri_is_a_percent_encoded_uri_reference(file: str, uri: str) -> None:
    assert sarif.artifact_uri(file) == uri


def test_hostile_text_survives_as_data(tmp_path: Path) -> None:
    text = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted scalar, \x01 written as an escape
    text = text.replace("晋中市规划和自然资源局,", f"{quoted},")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    log = render(audit(path))
    assert_valid_sarif(log)
    messages = [result["message"]["text"] for result in log["runs"][0]["results"]]
    assert any(message.startswith(HOSTILE + ":") for message in messages)
