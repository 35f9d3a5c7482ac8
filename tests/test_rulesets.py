"""The bundled standards and rulesets: every rule's own cases, lint, the model center,
single defects found at their pointer, profiles, tailoring, versions and their diff."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AS_OF, CENTERS, EXAMPLES, ROOT
from typer.testing import CliRunner

from svcstd import engine, scoring
from svcstd.centerfiles import load_center
from svcstd.cli import app
from svcstd.document import Document, existing_pointer
from svcstd.rules.bundled import bundled
from svcstd.rules.diff import diff
from svcstd.rules.lint import lint
from svcstd.rules.load import load_ruleset
from svcstd.rules.testing import run_case

BUNDLED = [f"{r.id}@{r.version}" for r in bundled()]
RELEASED = [spec for spec in BUNDLED if not spec.endswith("@0.1")]


def test_the_bundled_rulesets_are_there() -> None:
    assert {"cn-gsc@0.1", "cn-gsc@1.0", "cn-gsc@1.1", "uk-service-standard@1.0"} <= set(BUNDLED)
    assert len(load_ruleset("cn-gsc@1.0").rules) >= 60


TEST_RULESETS = [str(path) for path in sorted((ROOT / "tests" / "data" / "rulesets").glob("*.yaml"))]


def _cases() -> Iterator[Any]:
    """One pytest case per rule case of every bundled ruleset (and the test rulesets), so
    that a failure names its ruleset, rule and case."""
    for spec in [*BUNDLED, *TEST_RULESETS]:
        ruleset = load_ruleset(spec)
        label = f"{ruleset.id}@{ruleset.version}"
        for rule in ruleset.rules:
            for index, case in enumerate(rule.tests):
                name = f"{label}:{rule.id}[{index}]" + (f" {case.name}" if case.name else "")
                yield pytest.param(spec, rule.id, index, id=name)


@pytest.mark.parametrize(("spec", "rule_id", "index"), list(_cases()))
def test_rule_case(spec: str, rule_id: str, index: int) -> None:
    ruleset = load_ruleset(spec)
    rule = ruleset.by_id.get(rule_id)
    result = run_case(ruleset, rule, index, rule.tests[index])
    assert result.ok, result.problem.render("en") if result.problem else ""


@pytest.mark.parametrize("spec", BUNDLED)
def test_every_rule_has_a_passing_and_a_failing_case(spec: str) -> None:
    ruleset = load_ruleset(spec)
    for rule in ruleset.rules:
        assert {"pass", "fail"} <= {case.expect for case in rule.tests}, rule.id


@pytest.mark.parametrize("spec", BUNDLED)
def test_bundled_rulesets_lint_clean(spec: str) -> None:
    assert [problem.render("en") for problem in lint(load_ruleset(spec))] == []


@pytest.mark.parametrize(("lang", "summary"), [("zh", r"用例：\d+ 个通过，0 个失败"), ("en", r"\d+ passed, 0 failed")])
def test_ruleset_test_command_reports_a_summary(runner: CliRunner, lang: str, summary: str) -> None:
    result = runner.invoke(app, ["ruleset", "test", "cn-gsc@1.1", "--lang", lang])
    assert result.exit_code == 0
    assert re.fullmatch(summary, result.stdout.strip().splitlines()[-1])


def evaluate(doc: Document, spec: str = "cn-gsc@1.1", **load: Any) -> tuple[scoring.Scored, engine.Evaluation]:
    ruleset = load_ruleset(spec, **load)
    evaluation = engine.evaluate(doc, ruleset, as_of=date.fromisoformat(AS_OF))
    return scoring.score(evaluation.outcomes, ruleset), evaluation


@pytest.mark.parametrize("spec", RELEASED)
def test_the_model_center_meets_every_rule(spec: str) -> None:
    scored, evaluation = evaluate(load_center(CENTERS / "model-center.yaml"), spec)
    failed = [o.rule.id for o in evaluation.outcomes if o.status in ("fail", "error")]
    assert failed == []
    assert scored.value is not None and scored.value >= 95
    assert scored.compliant is True


def _set(path: str, value: Any) -> Callable[[Any], None]:
    def mutate(data: Any) -> None:
        *parents, last = path.split("/")[1:]
        for token in parents:
            data = data[int(token)] if isinstance(data, list) else data[token]
        if value is _DELETE:
            del data[last]
        else:
            data[int(last) if isinstance(data, list) else last] = value

    return mutate


_DELETE = object()

# One defect each, the rule that must catch it, and the pointer of its finding.
DEFECTS = {
    "promised over statutory": (_set("/processes/0/promised_days", 30), "PROC-004", "/processes/0/promised_days"),
    "unpublished guide": (_set("/processes/1/guide/published", False), "PROC-017", "/processes/1/guide/published"),
    "missing backup": (_set("/staffing/staff/2/backup", _DELETE), "STAFF-003", "/staffing/staff/2"),
    "stale evaluation": (
        _set("/organization/supervision/evaluations/0/date", "2024-05-01"),
        "SUP-004",
        "/organization/supervision/evaluations",
    ),
    "evaluation not independent": (
        _set("/organization/supervision/evaluations/0/independent", False),
        "SUP-003",
        "/organization/supervision/evaluations",
    ),
    "unrectified bad reviews": (
        _set("/organization/supervision/good_bad_review/rectified", 1),
        "SUP-013",
        "/organization/supervision/good_bad_review/rectified",
    ),
    "no access logging": (
        _set("/organization/digital/privacy/access_logging", False),
        "DIG-013",
        "/organization/digital/privacy/access_logging",
    ),
    "notification too slow": (
        _set("/organization/mechanisms/notification_days", 7),
        "ORG-010",
        "/organization/mechanisms/notification_days",
    ),
    "catch-all condition": (
        _set("/processes/2/conditions/0", "法律法规规定的其他条件"),
        "PROC-002",
        "/processes/2/conditions/0",
    ),
}


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_a_single_defect_lowers_the_score_and_is_found_where_it_is(name: str) -> None:
    mutate, rule_id, pointer = DEFECTS[name]
    model = load_center(CENTERS / "model-center.yaml")
    baseline, _ = evaluate(model)
    data = copy.deepcopy(model.data)
    mutate(data)
    positions = {ptr: where for ptr, where in model.positions.items() if existing_pointer(data, ptr) == ptr}
    defective = Document(data, model.source, positions, model.raw)
    scored, evaluation = evaluate(defective)
    assert scored.value < baseline.value
    outcome = next(o for o in evaluation.outcomes if o.rule.id == rule_id)
    assert outcome.status == "fail"
    failing = [s for s in outcome.subjects if s.failure is not None]
    assert [defective.locate(s.failure_pointer)[0] for s in failing] == [pointer]


def test_examples_rank_as_an_officer_would() -> None:
    scores = {
        path.name: evaluate(load_center(path))[0]
        for path in (EXAMPLES / "jinzhong-city.yaml", EXAMPLES / "taigu-county", EXAMPLES / "beiguan-township.yaml")
    }
    city, county, township = scores["jinzhong-city.yaml"], scores["taigu-county"], scores["beiguan-township.yaml"]
    assert city.value > county.value > township.value
    assert (city.compliant, county.compliant, township.compliant) == (True, True, False)
    assert township.grade == "fail"


def test_township_profile_drops_rules_and_relaxes_parameters() -> None:
    baseline, township = load_ruleset("cn-gsc@1.1"), load_ruleset("cn-gsc@1.1", profile="township")
    dropped = {r.id for r in baseline.rules} - {r.id for r in township.rules}
    assert {"SUP-003", "PROC-015", "DIG-016"} <= dropped
    assert township.parameter_values("township")["online_share"] < baseline.parameter_values("township")["online_share"]
    assert township.profile == "township"


def test_strict_profile_tightens_parameters_and_severities() -> None:
    baseline, strict = load_ruleset("cn-gsc@1.1"), load_ruleset("cn-gsc@1.1", profile="strict")
    assert strict.parameter_values("city")["notification_days"] < baseline.parameter_values("city")["notification_days"]
    assert strict.rule("PROC-004").severity == "critical"
    city = load_center(EXAMPLES / "jinzhong-city.yaml")
    assert evaluate(city, profile="strict")[0].compliant is False  # a critical rule fails: capped
    assert evaluate(city)[0].compliant is True


def test_tailoring_file_changes_parameters_weights_and_selection(runner: CliRunner, in_repo: Path) -> None:
    tailoring = Path("examples/tailoring/shanxi-2027.yaml")
    ruleset = load_ruleset("cn-gsc@1.1", tailoring=tailoring)
    assert ruleset.rule("PROC-015") is None
    assert ruleset.rule("SUP-003").weight == 4
    assert ruleset.parameter_values("county")["online_share"] == 0.85
    assert ruleset.parameter_values("city")["online_share"] == 0.8  # other levels unchanged
    result = runner.invoke(
        app, ["audit", "examples/taigu-county", "--as-of", AS_OF, "--tailoring", str(tailoring), "-f", "json"]
    )
    report = json.loads(result.stdout)
    assert report["ruleset"]["tailoring"] == str(tailoring)
    assert report["ruleset"]["sha256"] != load_ruleset("cn-gsc@1.1").sha256


def test_tailoring_errors_are_positioned(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "tailor.yaml"
    bad.write_text('svcstd-tailoring: "1"\nparameters:\n  no_such_parameter: 3\n', encoding="utf-8")
    result = runner.invoke(
        app, ["audit", str(EXAMPLES / "jinzhong-city.yaml"), "--tailoring", str(bad), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert f"{bad}:3:22: parameter no_such_parameter is not defined by the ruleset" in result.stderr


def test_unknown_profile_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", str(EXAMPLES / "jinzhong-city.yaml"), "-p", "lenient", "--lang", "en"])
    assert result.exit_code == 2
    assert "has no profile lenient; available: baseline, strict, township" in result.stderr


def test_an_unknown_profile_or_ruleset_names_the_nearest(runner: CliRunner) -> None:
    center = str(EXAMPLES / "jinzhong-city.yaml")
    result = runner.invoke(app, ["audit", center, "-p", "stric", "--lang", "en"])
    assert result.exit_code == 2
    assert "has no profile stric (did you mean strict?); available: baseline, strict" in result.stderr
    result = runner.invoke(app, ["audit", center, "--ruleset", "cn-gsc@9.9", "--lang", "zh"])
    assert result.exit_code == 2
    assert "找不到规则集 cn-gsc@9.9（是否想用 cn-gsc@" in result.stderr
    assert "）；可用：cn-gsc@0.1, cn-gsc@1.0" in result.stderr


def test_rules_diff_between_versions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "diff", "cn-gsc@1.0", "cn-gsc@1.1", "-f", "json"])
    assert result.exit_code == 0
    change = json.loads(result.stdout)
    assert change["rules"]["added"] == ["PROC-022", "SUP-019", "STAFF-009"]
    assert change["rules"]["removed"] == []
    changed = {c["rule"]: c for c in change["rules"]["changed"]}
    assert changed["DIG-003"]["old"]["weight"] == 3 and changed["DIG-003"]["new"]["weight"] == 4
    assert changed["DIG-004"]["new"]["clause"] == "7.2.1"
    assert change["parameters"]["changed"] == [{"name": "rectification_days", "old": 15, "new": 10}]
    text = runner.invoke(app, ["rules", "diff", "cn-gsc@1.0", "cn-gsc@1.1", "--lang", "en"]).stdout
    assert "+ PROC-022" in text and "weight: 3 → 4" in text and "rectification_days: 15 → 10" in text


def test_rules_list_and_show(runner: CliRunner) -> None:
    listed = json.loads(runner.invoke(app, ["rules", "list", "--area", "staffing", "-f", "json"]).stdout)
    assert listed and {rule["area"] for rule in listed} == {"staffing"}
    shown = runner.invoke(app, ["rules", "show", "PROC-004", "--lang", "en"])
    assert shown.exit_code == 0
    assert "6.2.1" in shown.stdout and "Administrative Licensing Law" in shown.stdout
    assert "promised_days" in shown.stdout  # the check itself is shown
    detail = json.loads(runner.invoke(app, ["rules", "show", "PROC-019", "-f", "json"]).stdout)
    assert detail["parameter_values"]["guide_elements"][0] == "basis"
    assert detail["clause_text"]["zh"]
    missing = runner.invoke(app, ["rules", "show", "NOPE-1", "--lang", "en"])
    assert missing.exit_code == 2
    assert "no rule NOPE-1" in missing.stderr
    near = runner.invoke(app, ["rules", "show", "PROC-04", "--lang", "en"])
    assert "did you mean" in near.stderr and "PROC-004" in near.stderr.split("known")[0]


def test_standards_list_and_show(runner: CliRunner) -> None:
    listed = json.loads(runner.invoke(app, ["standards", "list", "-f", "json"]).stdout)
    assert {(s["id"], s["version"]) for s in listed} >= {
        ("cn-gsc", "1.0"),
        ("cn-gsc", "1.1"),
        ("uk-service-standard", "1.0"),
    }
    shown = runner.invoke(app, ["standards", "show", "cn-gsc@1.0", "--lang", "en"])
    assert shown.exit_code == 0
    assert "6.2.1" in shown.stdout and "Checked by: PROC-004, PROC-005" in shown.stdout
    assert runner.invoke(app, ["standards", "show", "nope"]).exit_code == 2


def test_reports_list_manual_clauses_apart_from_the_score(runner: CliRunner) -> None:
    args = ["audit", str(EXAMPLES / "jinzhong-city.yaml"), "--as-of", AS_OF, "--lang", "en"]
    report = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert report["manual_clauses"] == [
        "4.1", "4.2", "4.3", "4.4", "5.4.5", "5.4.6", "5.4.7", "5.4.8", "5.4.9", "5.5.3",
        "6.4.6", "7.4.4", "8.4.1", "8.6", "9.3.8", "10.2",
    ]  # fmt: skip
    assert report["clauses"]["10.2"]["title"]
    table = runner.invoke(app, args).stdout
    assert "Not assessed automatically (judged by a person): 4.1, 4.2" in table


def test_uk_ruleset_audits_the_same_description(runner: CliRunner) -> None:
    args = ["audit", str(EXAMPLES / "jinzhong-city.yaml"), "--as-of", AS_OF, "-f", "json"]
    report = json.loads(runner.invoke(app, [*args, "--ruleset", "uk-service-standard"]).stdout)
    assert report["ruleset"]["id"] == "uk-service-standard"
    assert report["score"]["grade"] == "met"
    assert "2.6" in report["manual_clauses"]


def test_ruleset_lint_reports_positions(runner: CliRunner, tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "rulesets" / "cn-gsc" / "0.1.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(source.replace("    severity: major\n", "    severity: huge\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["ruleset", "lint", str(broken), "--lang", "en"])
    assert result.exit_code == 2
    assert f'{broken}:62:15: "huge" is not one of: critical, major, minor, info [/rules/0/severity]' in result.stderr
    unknown_clause = tmp_path / "clause.yaml"
    unknown_clause.write_text(
        (Path(__file__).parents[1] / "rulesets" / "uk-service-standard" / "1.0.yaml")
        .read_text(encoding="utf-8")
        .replace('clause: "1.1"', 'clause: "9.9"', 1),
        encoding="utf-8",
    )
    linted = runner.invoke(app, ["ruleset", "lint", str(unknown_clause), "--lang", "en"])
    assert linted.exit_code == 1
    assert "cites clause 9.9, which is not in standard uk-service-standard@1.0" in linted.stderr


def test_what_it_takes_to_reach_the_next_grade() -> None:
    county, _ = evaluate(load_center(EXAMPLES / "taigu-county"))
    assert county.grade == "pass" and not county.capped_by
    assert county.next_grade == ("good", round(80 - county.value, 1))
    township, _ = evaluate(load_center(EXAMPLES / "beiguan-township.yaml"))
    assert township.capped_by == ("DIG-012",)  # a failed critical rule: non-compliant whatever the score
    assert township.next_grade == ("pass", round(60 - township.value, 1))  # the cap still allows pass
    city, _ = evaluate(load_center(EXAMPLES / "jinzhong-city.yaml"), profile="strict")
    assert city.grade == "pass" and set(city.capped_by) == {"PROC-004", "STAFF-003"}
    assert city.next_grade is None  # no score reaches good while the cap holds


def test_a_malformed_message_template_is_a_positioned_load_error(runner: CliRunner, tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "rulesets" / "cn-gsc" / "0.1.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "template.yaml"
    broken.write_text(
        source.replace("一次性告知时限为 {actual} 日", "一次性告知时限为 {actual 日", 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["ruleset", "lint", str(broken), "--lang", "en"])
    assert result.exit_code == 2
    assert "rule ORG-003's message template is malformed" in result.stderr
    assert f"{broken}:" in result.stderr


def test_a_rule_that_meets_unforeseen_data_is_an_error_not_a_crash(tmp_path: Path) -> None:
    tailoring = tmp_path / "t.yaml"
    # parameters of the wrong shape: a list compared with a number, a number where a list belongs
    tailoring.write_text(
        'svcstd-tailoring: "1"\nparameters:\n  notification_days: [5]\n  guide_elements: 5\n', encoding="utf-8"
    )
    ruleset = load_ruleset("cn-gsc@1.1", tailoring=tailoring)
    evaluation = engine.evaluate(load_center(CENTERS / "model-center.yaml"), ruleset, as_of=date.fromisoformat(AS_OF))
    outcomes = {o.rule.id: o for o in evaluation.outcomes}
    assert outcomes["ORG-010"].status == "error"
    assert (
        outcomes["ORG-010"].error.render("en").startswith("cannot compare `organization.mechanisms.notification_days`")
    )
    assert outcomes["PROC-019"].status == "error"
    assert outcomes["PROC-019"].error.render("en").startswith("rule PROC-019 cannot be evaluated (TypeError:")
    assert scoring.score(evaluation.outcomes, ruleset).value < 100  # an error counts as a fail


def test_a_renamed_rule_keeps_its_old_id_as_an_alias(runner: CliRunner, tmp_path: Path) -> None:
    starter = load_ruleset("cn-gsc@0.1")
    renamed = dict(starter.rule("ORG-001").source)  # the rule as written: no positions mixed in
    renamed.update(id="ORG-101", aliases=["ORG-001"])
    child = tmp_path / "renamed.yaml"
    child.write_text(
        yaml.safe_dump(
            {
                "svcstd-ruleset": "1",
                "id": "cn-gsc-local",
                "version": "0.2",
                "title": "renamed",
                "extends": "cn-gsc@0.1",
                "overrides": {"disable": ["ORG-001"]},
                "rules": [renamed],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    ruleset = load_ruleset(str(child))
    assert ruleset.rule("ORG-001").id == "ORG-101"  # found by its former id
    change = diff(starter, ruleset)
    assert change.added == () and change.removed == ()
    assert [(c.rule, c.renamed_from) for c in change.changed] == [("ORG-101", "ORG-001")]
    shown = runner.invoke(app, ["rules", "show", "ORG-001", "--ruleset", str(child), "--lang", "en"])
    assert shown.exit_code == 0 and "Former ids: ORG-001" in shown.stdout


def _mutated(data: Any, positions: list[str], rnd: Any) -> Any:
    """``data`` with a few values changed to others of the same type, or removed."""
    data = copy.deepcopy(data)
    for ptr in rnd.sample(positions, 3):
        *parents, last = ptr.split("/")[1:]
        holder = data
        try:
            for token in parents:
                holder = holder[int(token)] if isinstance(holder, list) else holder[token]
            key = int(last) if isinstance(holder, list) else last
            old = holder[key]
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # an earlier change removed the way here
        if rnd.random() < 0.35:
            del holder[key]
        elif isinstance(old, bool):
            holder[key] = not old
        elif isinstance(old, int | float):
            holder[key] = rnd.choice([0, 1, 2, old * 3, old + 100])
        elif isinstance(old, str):
            holder[key] = rnd.choice([old, "2019-01-01", "2030-12-31", "法律法规规定的其他条件", old[:1] or "x"])
        elif isinstance(old, list):
            holder[key] = old[: rnd.randint(0, len(old))]
    return data


def test_audits_of_valid_descriptions_never_crash_or_error() -> None:
    """Randomly changed (but schema-valid) centers: every rule gives a verdict, never a
    crash or an `error` outcome, and every renderer renders the result."""
    import random

    from svcstd.assembly import build_result
    from svcstd.report import FORMATS
    from svcstd.result import Report
    from svcstd.validate import validate_center

    rnd = random.Random(2026)
    rulesets = [load_ruleset(spec) for spec in ("cn-gsc@1.1", "uk-service-standard@1.0")]
    bases = [load_center(CENTERS / "model-center.yaml"), load_center(EXAMPLES / "taigu-county")]
    audited = 0
    for attempt in range(60):
        base = rnd.choice(bases)
        doc = Document(
            _mutated(base.data, [p for p in base.positions if p.count("/") >= 2], rnd), base.source, base.positions
        )
        if validate_center(doc):
            continue
        ruleset = rnd.choice(rulesets)
        evaluation = engine.evaluate(doc, ruleset, as_of=date.fromisoformat(AS_OF))
        assert [o.rule.id for o in evaluation.outcomes if o.status == "error"] == []
        scored = scoring.score(evaluation.outcomes, ruleset)
        result = build_result(doc, evaluation, scored, ruleset, as_of=date.fromisoformat(AS_OF), lang="zh")
        if attempt % 10 == 0:  # rendering is slower than auditing: check every renderer now and then
            for render in FORMATS.values():
                assert render(Report((result,), result.lang))
        audited += 1
    assert audited > 20  # the mutations keep most descriptions valid


def test_a_ruleset_without_areas_is_a_positioned_error(runner: CliRunner, tmp_path: Path) -> None:
    bare = tmp_path / "bare.yaml"
    bare.write_text('svcstd-ruleset: "1"\nid: bare\nversion: "1"\ntitle: bare\nrules: []\n', encoding="utf-8")
    result = runner.invoke(app, ["ruleset", "lint", str(bare), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bare}:1:1: ruleset has no areas and extends nothing that has one" in result.stderr


def test_lint_places_an_unused_parameter_where_it_is_defined(runner: CliRunner, tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "rulesets" / "cn-gsc" / "0.1.yaml").read_text(encoding="utf-8")
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        source.replace("parameters:\n", "parameters:\n  spare:\n    title: {zh: 备用, en: spare}\n    default: 1\n", 1),
        encoding="utf-8",
    )
    line = extra.read_text(encoding="utf-8").splitlines().index("  spare:") + 1
    result = runner.invoke(app, ["ruleset", "lint", str(extra), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{extra}:{line}:3: parameter spare is not used by any rule" in result.stderr


def test_lint_refuses_a_remediation_that_names_a_parameter_as_a_word(runner: CliRunner, tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "rulesets" / "cn-gsc" / "0.1.yaml").read_text(encoding="utf-8")
    named = "{param.notification_days} 天。"
    assert named in source
    raw = tmp_path / "raw.yaml"
    raw.write_text(source.replace(named, "notification_days 天。", 1), encoding="utf-8")
    result = runner.invoke(app, ["ruleset", "lint", str(raw), "--lang", "en"])
    assert result.exit_code == 1
    assert "rule ORG-003's remediation names parameter notification_days as a word" in result.stderr
    # a field name in `backticks` is not a parameter, even when the names are the same
    assert "`organization.mechanisms.notification_days`" in source


def test_a_remediation_naming_an_unknown_parameter_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "rulesets" / "cn-gsc" / "0.1.yaml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(source.replace("{param.notification_days} 天。", "{param.nope} 天。", 1), encoding="utf-8")
    result = runner.invoke(app, ["ruleset", "lint", str(wrong), "--lang", "en"])
    assert result.exit_code == 2
    assert "rule ORG-003 uses parameter nope, which is not defined" in result.stderr


def test_reports_show_parameter_values_in_fix_texts(runner: CliRunner, in_repo: Path) -> None:
    result = runner.invoke(app, ["audit", "examples/beiguan-township.yaml", "--as-of", "2026-11-27", "-f", "json"])
    report = json.loads(result.stdout)
    fixes = {r["rule"]: r["remediation"] for r in report["results"]}
    assert "{param." not in json.dumps(fixes, ensure_ascii=False)
    assert "把答复时限缩短到 5 个工作日以内" in fixes["DISC-007"]  # the value for a township
    assert "complaint_response_days" not in fixes["DISC-007"]


def test_rules_and_parameters_carry_their_positions_apart_from_their_source() -> None:
    ruleset = load_ruleset("cn-gsc@0.1")
    rule = ruleset.rules[0]
    assert rule.location is not None and rule.location.file.endswith("0.1.yaml") and rule.location.line > 1
    assert not any(key.startswith("_") for key in rule.source)
    parameter = next(iter(ruleset.parameters.values()))
    assert parameter.location is not None and parameter.location.line > 1
