"""The SARIF renderer: valid SARIF 2.1.0, one result per finding, fingerprints that survive moves."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import AS_OF, BROKEN_CENTER, EXAMPLES, SCHEMAS, streamed_and_whole
from typer.testing import CliRunner

from svcstd import centerfiles
from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.report import FORMATS, sarif
from svcstd.report import sarif_shapes as shapes
from svcstd.result import Report
from svcstd.rules.load import load_ruleset

RULESET = "cn-gsc@1.0"
BROKEN = BROKEN_CENTER
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
    return audit(*centerfiles.find_centers([Path("examples")]), broken)


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
    # GitHub ignores notifications: each problem is also a result of the rule svcstd/input-error
    results = [result for result in run["results"] if result["ruleId"] == shapes.INPUT_ERROR]
    assert len(results) == len(error.problems)
    rules = run["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == shapes.INPUT_ERROR
    for note, result, problem in zip(notifications, results, error.problems, strict=True):
        for entry in (note, result):
            assert entry["level"] == "error"
            assert entry["message"]["text"] == problem.message
            physical = entry["locations"][0]["physicalLocation"]
            assert physical["artifactLocation"] == {"uri": (tmp_path / "broken.yaml").as_uri()}  # outside the root
            region = {"startLine": problem.line, "startColumn": problem.column, "endLine": problem.line}
            assert physical["region"] == region


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
    found = [r for r in run["results"] if r["ruleId"] != shapes.INPUT_ERROR and "suppressions" not in r]
    assert len(found) == len(expected)
    rules = run["tool"]["driver"]["rules"]
    for result, (center_id, rule, finding) in zip(found, expected, strict=True):
        assert result["ruleId"] == rule.rule == rules[result["ruleIndex"]]["id"]
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]
        physical = location["physicalLocation"]
        # relative to the root, plain names need no escaping
        assert physical["artifactLocation"] == {"uri": finding.file, "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {"startLine": finding.line, "startColumn": finding.column, "endLine": finding.line}
        assert "baselineState" not in result  # no --baseline
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
    assert set(ids) == failed | {shapes.INPUT_ERROR}
    org_004 = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "ORG-004")
    assert org_004["name"] == "StationedDepartmentsAreAuthorizedToDecideOnSite"
    assert org_004["fullDescription"]["text"].startswith("5.1.3 ")
    assert org_004["defaultConfiguration"]["level"] == "error"
    assert org_004["properties"] == {
        "severity": "major",
        "area": "organization",
        "clause": "5.1.3",
        "weight": 2,
        "problem.severity": "error",
        "precision": "very-high",
        "tags": ["compliance", "organization", "clause-5.1.3", "major"],
    }
    assert "References:" in org_004["help"]["text"]
    assert "**References:**" in org_004["help"]["markdown"]
    assert "helpUri" not in org_004  # no --help-uri-base


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

    def fingerprints(results: list[dict], name: str) -> list[str]:
        return [r["partialFingerprints"][name] for r in results]

    assert lines(new) == [line + 3 for line in lines(old)]
    assert fingerprints(new, shapes.FINGERPRINT) == fingerprints(old, shapes.FINGERPRINT)
    assert len(set(fingerprints(old, shapes.FINGERPRINT))) == len(old)
    assert all(re.fullmatch(r"[0-9a-f]{16}:1", value) for value in fingerprints(old, shapes.FINGERPRINT))


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
    assert shapes.artifact_uri(file) == uri


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


def test_a_file_under_the_root_is_relative_to_srcroot_wherever_it_was_named(in_repo: Path) -> None:
    assert shapes.artifact_location("examples/a.yaml") == {"uri": "examples/a.yaml", "uriBaseId": "%SRCROOT%"}
    absolute = str(Path.cwd() / "examples" / "a b.yaml")
    assert shapes.artifact_location(absolute) == {"uri": "examples/a%20b.yaml", "uriBaseId": "%SRCROOT%"}
    outside = shapes.artifact_location("../elsewhere/a.yaml")
    assert outside == {"uri": (Path.cwd().parent / "elsewhere" / "a.yaml").as_uri()}
    (run,) = render(audit(Path("examples/jinzhong-city.yaml")))["runs"]
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}


def test_waived_findings_are_suppressed_results_with_the_justification(in_repo: Path, tmp_path: Path) -> None:
    text = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    waiver = "\nwaivers:\n  - {rule: PROC-004, subject: '000114002000', reason: 法律规定须现场核验, approver: 王五, expires: '2027-06-30'}\n"
    path = tmp_path / "waived.yaml"
    path.write_text(text + waiver, encoding="utf-8")
    log = render(audit(path))
    assert_valid_sarif(log)
    (run,) = log["runs"]
    (suppressed,) = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "PROC-004"
    assert suppressed["properties"]["subject"] == "000114002000"
    (suppression,) = suppressed["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == "法律规定须现场核验"
    assert suppression["properties"] == {"approver": "王五", "expires": "2027-06-30"}
    # the same fingerprint as the failure it waives: the alert is the same, now suppressed
    plain = render(audit(EXAMPLES / "jinzhong-city.yaml"))["runs"][0]["results"]
    failure = next(r for r in plain if r["ruleId"] == "PROC-004" and r["properties"]["subject"] == "000114002000")
    assert failure["partialFingerprints"] == suppressed["partialFingerprints"]


def test_baseline_state_marks_what_is_new(in_repo: Path) -> None:

    from svcstd.compare import known_failures

    report = audit(*centerfiles.find_centers([Path("examples")]))
    old = replace(report, results=tuple(r for r in report.results if r.center["id"] != "jinzhong-city"))
    results = render(replace(report, known_failures=known_failures(old)))["runs"][0]["results"]
    states = {(r["properties"]["center"], r["baselineState"]) for r in results}
    assert ("jinzhong-city", "new") in states
    assert ("jinzhong-city", "unchanged") not in states
    assert {state for center, state in states if center != "jinzhong-city"} == {"unchanged"}


def _log(report: Report, **options: Any) -> dict:
    """The SARIF log of ``report`` as data."""
    return json.loads(sarif.render(report, **options))


def _notes(batch: Report, **options: int) -> list[str]:
    """What the SARIF of ``batch`` tells the user on stderr, in English."""
    return FORMATS["sarif"].render_noted(replace(batch, lang="en"), **options)[1]


def test_a_large_batch_is_split_into_stable_runs_within_the_limits(batch: Report) -> None:
    total = sum(len(run["results"]) for run in render(batch)["runs"])
    log = _log(batch, max_results=total - 1)  # one run cannot hold them all
    assert_valid_sarif(log)
    runs = log["runs"]
    assert len(runs) in (2, 4, 8, 16)
    assert sum(len(run["results"]) for run in runs) == total  # nothing lost in the split
    assert all(len(run["results"]) <= total - 1 for run in runs)
    ids = [run["automationDetails"]["id"] for run in runs]
    assert len(set(ids)) == len(ids) == len(runs)  # GitHub rejects two runs with one category
    # a center's run depends on its id alone, never on the other centers of the batch
    where = {c["id"]: i for i, run in enumerate(runs) for c in run["properties"]["centers"]}
    for center in batch.results:
        assert where[center.center["id"]] == sarif._bucket(center.center["id"], len(runs))
    for run in runs:
        used = {result["ruleId"] for result in run["results"]}
        assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == used
    assert _notes(batch, max_results=total - 1)[0].startswith(f"the SARIF is split into {len(runs)}")
    assert _notes(batch) == []
    (single,) = render(batch)["runs"]
    assert "automationDetails" not in single  # one run: the upload's own category applies


def test_past_sixteen_full_runs_each_keeps_its_most_important_results(batch: Report) -> None:
    total = sum(len(run["results"]) for run in render(batch)["runs"])
    log = _log(batch, max_results=2)  # 4 centers cannot fill 16 runs of 2 ... most runs overflow
    assert_valid_sarif(log)
    runs = log["runs"]
    assert len(runs) == 16
    kept = [result for run in runs for result in run["results"]]
    assert all(len(run["results"]) <= 2 for run in runs) and len(kept) < total
    # in each run, what is kept is at least as important as what is left out: input errors
    # first, then the most severe failures
    assert [r for r in kept if r["ruleId"] == shapes.INPUT_ERROR]
    (whole,) = render(batch)["runs"]
    severity = {rule["id"]: rule["properties"].get("severity") for rule in whole["tool"]["driver"]["rules"]}

    def rank(result: dict) -> int:
        return -1 if result["ruleId"] == shapes.INPUT_ERROR else shapes.SEVERITY_RANK[severity[result["ruleId"]]]

    def run_of(result: dict) -> int:
        key = result["properties"].get("center") or result["properties"]["source"]
        return sarif._bucket(key, 16)

    for index, run in enumerate(runs):
        fingerprints = {r["partialFingerprints"][shapes.FINGERPRINT] for r in run["results"]}
        left_out = [
            r
            for r in whole["results"]
            if run_of(r) == index and r["partialFingerprints"][shapes.FINGERPRINT] not in fingerprints
        ]
        if left_out:
            assert max(map(rank, run["results"])) <= min(map(rank, left_out))
    for run in runs:  # every rule index points at its rule; no rule without a result
        rules = run["tool"]["driver"]["rules"]
        assert [rules[r["ruleIndex"]]["id"] for r in run["results"]] == [r["ruleId"] for r in run["results"]]
        assert {rule["id"] for rule in rules} == {r["ruleId"] for r in run["results"]}
    (note,) = [n for n in _notes(batch, max_results=2) if "leaves out" in n]
    assert note.startswith(f"the SARIF leaves out {total - len(kept):,} of {total:,} results, the least important")


def test_chinese_rule_names_are_names_and_help_uri_comes_from_the_base(in_repo: Path) -> None:
    report = audit(Path("examples/beiguan-township.yaml"), lang="zh")
    log = _log(report, help_uri_base="https://example.org/rules/")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["name"] != rule["id"]
        assert rule["name"] == "".join(rule["name"].split())
        assert rule["helpUri"] == f"https://example.org/rules/{rule['id']}"
    assert shapes.rule_name("公开个人信息处理规则（隐私政策）", "DIG-012") == "公开个人信息处理规则隐私政策"
    assert shapes.rule_name("A privacy policy is published", "DIG-012") == "APrivacyPolicyIsPublished"


def test_security_severity_only_for_rules_that_rest_on_security_laws() -> None:
    from svcstd.result import RuleResult

    def descriptor(references: tuple[str, ...], severity: str = "critical") -> dict:
        rule = RuleResult("DIG-012", "t", "fail", severity, 3, "organization", "7.5", 0.0, 1.0, references=references)
        center = audit(EXAMPLES / "jinzhong-city.yaml").results[0]
        return shapes.rule_descriptor(rule, center, None)

    privacy = descriptor(("中华人民共和国个人信息保护法 第7条",))
    assert privacy["properties"]["security-severity"] == "9.0"
    assert "security" in privacy["properties"]["tags"]
    other = descriptor(("中华人民共和国行政许可法 第30条",))
    assert "security-severity" not in other["properties"]
    assert "security" not in other["properties"]["tags"]


@pytest.mark.parametrize("max_results", [2, 7, 40, sarif.RESULTS_PER_RUN])
def test_the_batch_writer_keeps_what_the_whole_log_has(batch: Report, max_results: int) -> None:
    # The writer files each center's results as it arrives and keeps at most max_results
    # per finest bucket; the log and the notes must be those of the whole report's.
    stream = io.StringIO()
    context = Report((), batch.lang, known_failures=batch.known_failures)
    writer = sarif.BatchWriter(stream, context, help_uri_base="https://example.org/r/", max_results=max_results)
    for result in batch.results:
        writer.add(result)
    notes = writer.close(batch.errors)
    whole = _log(batch, help_uri_base="https://example.org/r/", max_results=max_results)
    assert json.loads(stream.getvalue()) == whole
    assert notes == _notes(batch, max_results=max_results)
    if max_results == 2:
        assert len(whole["runs"]) == 16 and any("leaves out" in note for note in notes)


def test_a_streamed_batch_is_the_whole_reports_bytes(in_repo: Path, tmp_path: Path) -> None:
    code, text, whole = streamed_and_whole(tmp_path, "sarif", "--help-uri-base", "https://example.org/r/")
    assert code == 2  # the broken center
    assert text == whole
    log = json.loads(text)
    assert_valid_sarif(log)
    states = {result.get("baselineState") for result in log["runs"][0]["results"]}
    assert states == {"new", "unchanged", None}  # None: the broken center's input error
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(("helpUri" in rule) == (rule["id"] != shapes.INPUT_ERROR) for rule in rules)


def test_the_split_is_said_on_stderr_streamed_or_whole(in_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both ways of writing a batch say how the log was split, from the one collection of
    # its results that wrote it.
    monkeypatch.setattr(sarif, "RESULTS_PER_RUN", 2)
    runner, args = CliRunner(), ["audit", "examples/", "--as-of", AS_OF, "--lang", "en", "-f", "sarif", "-o", "-"]
    streamed = runner.invoke(app, args)
    whole = runner.invoke(app, [*args, "-f", "markdown", "-o", os.devnull])
    for result in (streamed, whole):
        assert result.exit_code == 1, result.output
        assert "the SARIF is split into 16 runs" in result.stderr and "leaves out" in result.stderr
        assert len(json.loads(result.stdout)["runs"]) == 16
    assert streamed.stdout == whole.stdout
