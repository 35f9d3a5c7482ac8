"""The points model (扣分制, DESIGN §6a) and on-site assessments (§11).

The sheet is tests/data/rulesets/points-demo.yaml; every expected figure is worked out by
hand in the comment above it. Property tests (hypothesis) check the model's invariants
on generated sheets and outcomes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AS_OF, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from svcstd.cli import app
from svcstd.engine import FAIL, MISSING, PASS, VIOLATION, RuleOutcome, SubjectOutcome
from svcstd.i18n import Message
from svcstd.rules.model import Area, GradeBand, Indicator, Rule, Ruleset
from svcstd.scoring import score

DEMO = ROOT / "tests" / "data" / "rulesets" / "points-demo.yaml"
DATA = ROOT / "tests" / "data" / "points"


def audit_json(runner, center: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["audit", str(center), "-r", str(DEMO), "--as-of", AS_OF, "-f", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def by_rule(report: dict) -> dict[str, dict]:
    return {r["rule"]: r for r in report["results"]}


# --- the hand-computed sheet ---------------------------------------------------------


def test_hand_computed_sheet(runner) -> None:
    report = audit_json(runner, DATA / "hand.yaml")
    rules = by_rule(report)
    # PT-CAT: 4 matters ≥ 1 → 10 of 10
    assert (rules["PT-CAT"]["points"], rules["PT-CAT"]["points_earned"]) == (10.0, 10.0)
    # PT-PROM: P2 promises 25 > 20 (violation), P3 states no promise (missing): 30 − 2 × 10 = 10
    assert rules["PT-PROM"]["points_earned"] == 10.0
    assert sorted(f["cause"] for f in rules["PT-PROM"]["findings"]) == [MISSING, VIOLATION]
    # PT-GUIDE: P3 has no guide (missing), P4 unpublished (violation): 10 − 2 × 5 = 0
    assert rules["PT-GUIDE"]["points_earned"] == 0.0
    # PT-BACKUP: S2 has no backup: 20 − 5 = 15
    assert rules["PT-BACKUP"]["points_earned"] == 15.0
    # manual clause 4.1 (10 points) awaits assessment: assessable 10+30+10+20+20 = 90
    score_ = report["score"]
    assert score_["model"] == "points"
    assert score_["points_assessable"] == 90.0
    assert score_["points_pending"] == 10.0
    # earned 10 + 10 + 0 + 20 + 15 = 55; 55 / 90 = 61.11; bonus PT-CERT 3 − 1 = 2 (cap 2) → 63.1
    assert score_["bonus"] == 2.0
    assert score_["value"] == 63.1
    assert score_["grade"] == "pass" and score_["compliant"] is True
    # lost to missing: P3 promise 10 + P3 guide 5 + S2 backup 5 = 20 → 22.22 of 100;
    # to violations: P2 promise 10 + P4 guide 5 = 15 → 16.67
    assert score_["lost_to_missing"] == 22.22
    assert score_["lost_to_violations"] == 16.67
    # points lost per rule, on the 100 scale: 20/90, 10/90, 5/90
    assert (rules["PT-PROM"]["points_lost"], rules["PT-GUIDE"]["points_lost"]) == (22.22, 11.11)
    assert rules["PT-BACKUP"]["points_lost"] == 5.56
    # the sheet by indicator
    sheet = {line["id"]: line for line in report["indicators"]}
    assert (sheet["1"]["points_earned"], sheet["1"]["points_assessable"]) == (20.0, 50.0)
    assert (sheet["2"]["points_earned"], sheet["2"]["points_pending"]) == (20.0, 10.0)
    assert report["manual"] == [
        {"clause": "4.1", "indicator": "2", "points": 10.0, "result": "pending", "points_earned": None, "evidence": ""}
    ]


def test_nothing_declared_is_a_veto_and_a_list_of_what_to_fill_in(runner) -> None:
    result = runner.invoke(app, ["audit", str(DATA / "empty.yaml"), "-r", str(DEMO), "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 1  # non-compliant
    report = json.loads(result.stdout)
    rules = by_rule(report)
    # no matters: the catalogue rule fails (a veto) and every per-matter rule fails too,
    # at /processes, as missing information; nothing silently becomes not applicable
    for rule in ("PT-CAT", "PT-PROM", "PT-GUIDE", "PT-BACKUP"):
        assert rules[rule]["status"] == FAIL
        assert {f["cause"] for f in rules[rule]["findings"]} == {MISSING}
    assert rules["PT-PROM"]["findings"][0]["pointer"] == ""  # /processes does not exist: its nearest parent
    score_ = report["score"]
    assert score_["vetoed_by"] == ["PT-CAT"]
    assert (score_["grade"], score_["compliant"]) == ("fail", False)
    assert score_["value"] == 0.0
    assert score_["lost_to_violations"] == 0.0 and score_["lost_to_missing"] == 100.0


def test_a_veto_fails_the_center_whatever_its_points(tmp_path: Path, runner) -> None:
    # a full center whose only defect is the veto rule's: all points but the catalogue
    center = tmp_path / "veto.yaml"
    center.write_text(
        'svcstd: "1"\ncenter: {id: veto, name: 否决, level: county}\nprocesses: []\n'
        "disclosure: {catalog: {published: true}}\n"
        "staffing: {staff: [{id: S1, backup: S2, certified: true}, {id: S2, backup: S1, certified: true}]}\n",
        encoding="utf-8",
    )
    report = audit_json(runner, center)
    score_ = report["score"]
    assert score_["vetoed_by"] == ["PT-CAT"]
    assert score_["grade"] == "fail" and score_["compliant"] is False
    assert score_["bonus"] == 2.0  # counted, but not added to a vetoed center
    # earned 20 + 20 = 40 of 90 → 44.4, no bonus
    assert score_["value"] == 44.4
    assert score_["capped_by"][0] == "PT-CAT"


def test_the_table_names_the_veto_and_the_points_sheet(runner) -> None:
    result = runner.invoke(app, ["audit", str(DATA / "empty.yaml"), "-r", str(DEMO), "--as-of", AS_OF, "--lang", "en"])
    assert result.exit_code == 1
    out = result.stdout
    assert "PT-CAT" in out.split("PT-PROM")[0]  # the veto comes before the other failures
    assert "veto" in out.lower()
    assert "points await on-site assessment" in out


# --- on-site assessment --------------------------------------------------------------


def worksheet(tmp_path: Path, body: str, name: str = "assessment.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


HEAD = (
    'svcstd-assessment: "1"\nruleset: {id: points-demo, version: "1.0"}\ncenter: hand-sheet\n'
    "assessor: {name: 王五, organization: 某局}\ndate: 2026-11-20\n"
)


def test_an_assessment_fills_the_manual_clause(tmp_path: Path, runner) -> None:
    sheet = worksheet(tmp_path, HEAD + 'clauses:\n  - {clause: "4.1", result: partly, points: 6, evidence: 抽查}\n')
    report = audit_json(runner, DATA / "hand.yaml", "--assessment", str(sheet))
    score_ = report["score"]
    # assessable 90 + 10 = 100, earned 55 + 6 = 61 → 61.0, + bonus 2 → 63.0
    assert score_["points_assessable"] == 100.0 and score_["points_pending"] == 0.0
    assert score_["value"] == 63.0
    # the 4 points the assessor withheld are lost to a violation found on site: 15 + 4 = 19
    assert score_["lost_to_violations"] == 19.0 and score_["lost_to_missing"] == 20.0
    assert report["manual"][0] == {
        "clause": "4.1", "indicator": "2", "points": 10.0, "result": "partly", "points_earned": 6.0, "evidence": "抽查",
    }  # fmt: skip
    assert report["assessment"]["used"] is True and report["assessment"]["assessor"] == "王五 某局"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('points-demo, version: "1.0"', 'points-demo, version: "0.9"'), "points-demo@0.9"),
        (("center: hand-sheet", "center: other-center"), "other-center"),
        (("date: 2026-11-20", "date: 2025-10-01"), "422"),  # days old, over the sheet's 365
        (("date: 2026-11-20", "date: 2026-12-20"), "2026-12-20"),  # after the audit date
    ],
)
def test_an_assessment_that_does_not_fit_is_reported_not_used(tmp_path: Path, runner, change, reason) -> None:
    body = (HEAD + 'clauses:\n  - {clause: "4.1", result: met}\n').replace(*change)
    report = audit_json(runner, DATA / "hand.yaml", "--assessment", str(worksheet(tmp_path, body)), "--lang", "en")
    assert report["assessment"]["used"] is False
    assert reason in report["assessment"]["message"]
    assert report["score"]["points_pending"] == 10.0  # still pending: not silently used


@pytest.mark.parametrize(
    ("line", "position"),
    [
        ('  - {clause: "9.9", result: met}\n', ":7:"),  # not a manual clause of the ruleset
        ('  - {clause: "4.1", result: met, points: 11}\n', ":7:"),  # more than its 10 points
        ('  - {clause: "4.1", result: partly}\n', ":7:"),  # partly needs the points given
        ('  - {clause: "4.1", result: maybe}\n', ":7:"),
    ],
)
def test_a_malformed_assessment_is_a_positioned_input_error(tmp_path: Path, runner, line, position) -> None:
    sheet = worksheet(tmp_path, HEAD + "clauses:\n" + line)
    result = runner.invoke(
        app, ["audit", str(DATA / "hand.yaml"), "-r", str(DEMO), "--as-of", AS_OF, "--assessment", str(sheet)]
    )
    assert result.exit_code == 2
    assert f"{sheet}{position}" in result.output
    assert "Traceback" not in result.output


def test_init_writes_a_worksheet_that_reads_back_once_filled_in(tmp_path: Path, runner) -> None:
    result = runner.invoke(app, ["init", "--assessment", "-r", str(DEMO), "--center", "hand-sheet"])
    assert result.exit_code == 0, result.output
    blank = result.stdout
    assert 'svcstd-assessment: "1"' in blank or "svcstd-assessment: '1'" in blank
    assert '{clause: "4.1", result: , points: , evidence: ""}' in blank
    # the blank form is refused until it is filled in
    path = worksheet(tmp_path, blank)
    refused = runner.invoke(app, ["audit", str(DATA / "hand.yaml"), "-r", str(DEMO), "--assessment", str(path)])
    assert refused.exit_code == 2
    filled = blank.replace("result: , points: ,", "result: met, points: 10,").replace("name: ''", "name: 王五")
    filled = filled.replace(f"date: '{_today()}'", "date: 2026-11-20").replace(f"date: {_today()}", "date: 2026-11-20")
    path = worksheet(tmp_path, filled)
    report = audit_json(runner, DATA / "hand.yaml", "--assessment", str(path))
    assert report["manual"][0]["result"] == "met" and report["score"]["points_pending"] == 0.0


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_init_writes_a_printable_checklist(runner, fmt: str) -> None:
    result = runner.invoke(app, ["init", "--assessment", "-r", str(DEMO), "-f", fmt, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "4.1" in result.stdout and "Read the records" in result.stdout
    if fmt == "html":
        assert "@page { size: A4;" in result.stdout


def test_the_html_checklist_shows_forbidden_code_points_as_replacement_characters(runner) -> None:
    # It is rendered by the pages' own environment, which keeps controls out of the HTML.
    args = ["init", "--assessment", "-r", str(DEMO), "-f", "html", "--center", "c\x01d", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "\x01" not in result.stdout and "c\ufffdd" in result.stdout


def test_model_points_needs_a_points_sheet(runner) -> None:
    result = runner.invoke(app, ["audit", "tests/data/centers/minimal.yaml", "-r", "cn-gsc@1.1", "--model", "points"])
    assert result.exit_code == 2
    assert "--model" in result.output


def test_xccdf_models_still_score_a_points_ruleset(runner) -> None:
    report = audit_json(runner, DATA / "hand.yaml", "--model", "default")
    assert report["score"]["model"] == "default"
    assert "points_assessable" not in report["score"]


def test_points_that_do_not_add_up_are_refused_at_load(tmp_path: Path, runner) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(DEMO.read_text(encoding="utf-8").replace("points: 20}", "points: 25}", 1), encoding="utf-8")
    result = runner.invoke(app, ["ruleset", "lint", str(broken), "--lang", "en"])
    assert result.exit_code == 2
    assert "add up to 105, not 100" in result.output
    assert "indicator 3 has 25 points, but its rules and manual clauses add up to 20" in result.output


# --- invariants, on generated sheets -------------------------------------------------

FAILED = Message({"zh": "不符合", "en": "fails"})
BANDS = (
    GradeBand("excellent", 90, {"zh": "优秀", "en": "excellent"}, True),
    GradeBand("pass", 60, {"zh": "合格", "en": "pass"}, True),
    GradeBand("fail", 0, {"zh": "不合格", "en": "fail"}, False),
)


def _rule(index: int, points: float, deduct: float | None, veto: bool, bonus: bool) -> Rule:
    return Rule(
        id=f"R{index}", title=f"R{index}", area="A", clause="1", severity="major", weight=1.0, rationale="",
        remediation="", references=(), check=lambda *_a: None, source={}, for_each="items[*]",
        indicator=None if bonus else "1", points=points, deduct_per_subject=deduct, veto=veto, bonus=bonus,
    )  # fmt: skip


@st.composite
def sheets(draw):
    """A ruleset whose rules' points make up its one indicator, and an outcome per rule:
    a list of subjects, each passing or failing (missing or violation)."""
    count = draw(st.integers(1, 6))
    rules, outcomes = [], []
    for index in range(count):
        # the first rule is never a bonus, so the indicator has points; only it may veto
        veto, bonus = draw(st.booleans()) and index == 0, draw(st.booleans()) and index > 0
        rule = _rule(index, draw(st.integers(1, 20)), draw(st.one_of(st.none(), st.integers(1, 10))), veto, bonus)
        causes = draw(st.lists(st.sampled_from([None, MISSING, VIOLATION]), min_size=1, max_size=5))
        rules.append(rule)
        outcomes.append(_outcome(rule, causes))
    total = float(sum(r.points or 0 for r in rules if not r.bonus))
    ruleset = Ruleset(
        id="t", version="1", title="t", sha256="", path="", rules=tuple(rules), parameters={},
        areas={"A": Area("A", "A")}, bands=BANDS, indicators=(Indicator("1", "A", "I", total),), bonus_cap=5,
    )  # fmt: skip
    return ruleset, outcomes


def _causes(outcome: RuleOutcome) -> list[str | None]:
    return [s.cause for s in outcome.subjects]


def _outcome(rule: Rule, causes: list[str | None]) -> RuleOutcome:
    subjects = tuple(
        SubjectOutcome(f"/items/{i}", str(i), None if c is None else FAILED, None, False, c)
        for i, c in enumerate(causes)
    )
    return RuleOutcome(rule, FAIL if any(c is not None for c in causes) else PASS, subjects)


@settings(max_examples=150, deadline=None)
@given(sheets(), st.data())
def test_fixing_a_failing_rule_never_lowers_the_score(sheet, data) -> None:
    ruleset, outcomes = sheet
    before = score(outcomes, ruleset)
    failing = [i for i, o in enumerate(outcomes) if o.failed]
    if not failing:
        return
    index = data.draw(st.sampled_from(failing))
    fixed = [
        *outcomes[:index],
        _outcome(outcomes[index].rule, [None] * len(outcomes[index].subjects)),
        *outcomes[index + 1 :],
    ]
    after = score(fixed, ruleset)
    assert (after.value or 0) >= (before.value or 0)


@settings(max_examples=150, deadline=None)
@given(sheets(), st.data(), st.sampled_from([MISSING, VIOLATION]))
def test_one_more_failing_subject_never_raises_the_score(sheet, data, cause) -> None:
    ruleset, outcomes = sheet
    index = data.draw(st.integers(0, len(outcomes) - 1))
    causes = _causes(outcomes[index])
    passing = [i for i, c in enumerate(causes) if c is None]
    if not passing:
        return
    causes[data.draw(st.sampled_from(passing))] = cause
    worse = [*outcomes[:index], _outcome(outcomes[index].rule, causes), *outcomes[index + 1 :]]
    assert (score(worse, ruleset).value or 0) <= (score(outcomes, ruleset).value or 0)


@settings(max_examples=150, deadline=None)
@given(sheets())
def test_losses_add_up_and_every_failure_costs_points(sheet) -> None:
    ruleset, outcomes = sheet
    scored = score(outcomes, ruleset)
    assert scored.sheet is not None
    base = scored.sheet.value
    if base is not None:
        lost = scored.sheet.lost_to_missing + scored.sheet.lost_to_violations
        assert abs((100 - base) - lost) < 0.02
    for outcome in outcomes:
        if outcome.failed and not outcome.rule.bonus:
            assert scored.points_lost[outcome.rule.id] > 0
    if scored.vetoed_by:
        assert scored.compliant is False and scored.grade == BANDS[-1].grade


@settings(max_examples=100, deadline=None)
@given(sheets())
def test_a_center_failing_every_rule_scores_zero(sheet) -> None:
    ruleset, outcomes = sheet
    failing = [_outcome(o.rule, [VIOLATION] * len(o.subjects)) for o in outcomes]
    # with enough failing subjects every deduction runs out: fail each subject ten times over
    failing = [_outcome(o.rule, [VIOLATION] * 20) for o in failing]
    assert score(failing, ruleset).value == 0.0


# --- the points sheet in every human format ------------------------------------------


@pytest.mark.parametrize(("fmt", "golden_name"), [("markdown", "points-sheet.md"), ("table", "points-sheet.txt")])
def test_points_sheet_renders_like_the_paper_form(runner, golden, in_repo, fmt: str, golden_name: str) -> None:
    center = "tests/data/points/hand.yaml"
    result = runner.invoke(app, ["audit", center, "-r", str(DEMO.relative_to(ROOT)), "--as-of", AS_OF, "-f", fmt])
    assert result.exit_code == 0, result.output
    golden(golden_name, result.stdout)
    # each deduction names its reason and where it is
    assert "tests/data/points/hand.yaml:6" in result.stdout


def test_points_sheet_in_html(runner, in_repo) -> None:
    center = "tests/data/points/empty.yaml"
    result = runner.invoke(app, ["audit", center, "-r", str(DEMO), "--as-of", AS_OF, "-f", "html", "--lang", "en"])
    page = result.stdout
    sheet = page.split('<section class="sheet">')[1].split("</section>")[0]
    assert sheet.count("<tr>") == 4  # the header and one row per indicator
    assert '<p class="points-note veto">Veto (一票否决): PT-CAT failed' in page
    assert "−0.0" not in page and "−30.0" in sheet  # the sheet counts sheet points: PT-PROM lost all its 30


def test_rules_list_and_show_give_points_deduction_and_veto(runner) -> None:
    listed = runner.invoke(app, ["rules", "list", "-r", str(DEMO), "--lang", "en"])
    assert listed.exit_code == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith("PT-PROM"))
    assert "30 (−10 per subject)" in row
    assert "10 veto" in next(line for line in listed.stdout.splitlines() if line.startswith("PT-CAT"))
    shown = runner.invoke(app, ["rules", "show", "PT-CAT", "-r", str(DEMO), "--lang", "en"])
    assert "Points: indicator 1 · 10 points · a failure loses all · veto" in shown.stdout
    data = json.loads(runner.invoke(app, ["rules", "show", "PT-PROM", "-r", str(DEMO), "-f", "json"]).stdout)
    assert (data["points"], data["deduct_per_subject"], data["veto"]) == (30, 10, False)


def test_sarif_carries_cause_and_veto(runner) -> None:
    result = runner.invoke(app, ["audit", str(DATA / "empty.yaml"), "-r", str(DEMO), "--as-of", AS_OF, "-f", "sarif"])
    results = json.loads(result.stdout)["runs"][0]["results"]
    cat = next(r for r in results if r["ruleId"] == "PT-CAT")
    assert cat["properties"]["veto"] is True and cat["properties"]["cause"] == MISSING


def test_reports_written_before_the_points_model_still_render(runner, tmp_path: Path, in_repo) -> None:
    # a report of the first version: no points keys, no cause on findings
    old = json.loads(
        runner.invoke(
            app, ["audit", "examples/jinzhong-city.yaml", "-r", "cn-gsc@1.1", "--as-of", AS_OF, "-f", "json"]
        ).stdout
    )
    for result in old["results"]:
        for key in ("indicator", "points", "points_earned", "veto", "bonus"):
            result.pop(key)
        for finding in result["findings"]:
            finding.pop("cause")
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    for fmt in ("markdown", "html", "table", "json"):
        rendered = runner.invoke(app, ["report", str(saved), "-f", fmt])
        assert rendered.exit_code == 0, rendered.output
    assert runner.invoke(app, ["diff", str(saved), str(saved)]).exit_code == 0
