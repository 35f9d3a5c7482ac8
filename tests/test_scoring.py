"""Scores, grades, caps and points lost (DESIGN §6), on hand-built rulesets and outcomes.

Every expected number is worked out by hand in the comment above it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from svcstd.engine import ERROR, FAIL, NOT_APPLICABLE, PASS, WAIVED, RuleOutcome, SubjectOutcome
from svcstd.errors import InputError
from svcstd.i18n import Message
from svcstd.rules.model import Area, Cap, GradeBand, Rule, Ruleset
from svcstd.scoring import MODELS, score

FAILED = Message({"zh": "不符合", "en": "fails"})
BANDS = (
    GradeBand("excellent", 90, {"zh": "优秀", "en": "excellent"}, True),
    GradeBand("good", 80, {"zh": "良好", "en": "good"}, True),
    GradeBand("pass", 60, {"zh": "合格", "en": "pass"}, True),
    GradeBand("fail", 0, {"zh": "不合格", "en": "fail"}, False),
)
CRITICAL_CAP = Cap(severity="critical", max_grade="pass", compliant=False)


def always_holds(*_args: object) -> None:
    return None


def rule(
    rule_id: str,
    *,
    area: str = "A",
    weight: float = 1.0,
    severity: str = "major",
    all_or_nothing: bool = False,
) -> Rule:
    return Rule(
        id=rule_id, title=rule_id, area=area, clause="1.1", severity=severity, weight=weight,
        rationale="", remediation="", references=(), check=always_holds, source={},
        for_each="processes[*]", all_or_nothing=all_or_nothing,
    )  # fmt: skip


def outcome(the_rule: Rule, marks: str) -> RuleOutcome:
    """An outcome from one mark per subject: P pass, F fail, p waived pass, f waived fail.

    No marks: not applicable; ``"E"``: an error. The status follows the engine: waived
    subjects do not count, and a rule whose every subject is waived is ``waived``.
    """
    if marks == "E":
        return RuleOutcome(the_rule, ERROR, error=FAILED)
    subjects = tuple(
        SubjectOutcome(
            pointer=f"/processes/{index}",
            subject=f"p{index}",
            failure=FAILED if mark in "Ff" else None,
            failure_pointer=f"/processes/{index}" if mark in "Ff" else None,
            waived=mark in "pf",
        )
        for index, mark in enumerate(marks)
    )
    counted = [mark for mark in marks if mark in "PF"]
    if not subjects:
        status = NOT_APPLICABLE
    elif not counted:
        status = WAIVED
    else:
        status = FAIL if "F" in counted else PASS
    return RuleOutcome(the_rule, status, subjects)


def ruleset(rules: Sequence[Rule], areas: dict[str, float] | None = None, *, caps: tuple[Cap, ...] = ()) -> Ruleset:
    areas = areas or {"A": 1.0}
    return Ruleset(
        id="test", version="1", title="test", sha256="", path="test.yaml", rules=tuple(rules),
        parameters={}, areas={name: Area(name, name, weight) for name, weight in areas.items()},
        bands=BANDS, caps=caps,
    )  # fmt: skip


def scored(
    marks: Sequence[tuple[Rule, str]],
    areas: dict[str, float] | None = None,
    *,
    model: str = "default",
    caps: tuple[Cap, ...] = (CRITICAL_CAP,),
):
    outcomes = [outcome(the_rule, mark) for the_rule, mark in marks]
    return score(outcomes, ruleset([r for r, _m in marks], areas, caps=caps), model=model)


# rules ------------------------------------------------------------------------------------


def test_partial_credit() -> None:
    result = scored([(rule("r1"), "PPPF")])
    # 3 of 4 subjects pass: 100 × 3/4 = 75
    assert result.value == 75.0
    assert result.areas == {"A": 75.0}
    assert (result.grade, result.compliant) == ("pass", True)
    # fixing r1 gives 100: 100 − 75 = 25
    assert result.points_lost == {"r1": 25.0}


def test_all_or_nothing() -> None:
    result = scored([(rule("r1", all_or_nothing=True), "PPPF")])
    # one failure of four: 0 for the whole rule
    assert result.value == 0.0
    assert (result.grade, result.compliant) == ("fail", False)
    # fixing it: 100 − 0 = 100
    assert result.points_lost == {"r1": 100.0}
    # all four pass: 100
    assert scored([(rule("r1", all_or_nothing=True), "PPPP")]).value == 100.0


def test_error_counts_as_zero() -> None:
    result = scored([(rule("r1"), "PP"), (rule("r2"), "E")])
    # r1 100, r2 (error) 0: (100 + 0) / 2 = 50
    assert result.value == 50.0
    # fixing r2: 100 − 50 = 50
    assert result.points_lost == {"r2": 50.0}


def test_not_applicable_and_waived_are_left_out() -> None:
    result = scored([(rule("r1"), "PPPF"), (rule("na"), ""), (rule("waived"), "ff")])
    # only r1 counts: 75 (not (75 + 0 + 0) / 3 = 25, nor (75 + 100 + 100) / 3 = 91.7)
    assert result.value == 75.0
    assert result.points_lost == {"r1": 25.0}


def test_waived_subjects_are_left_out_of_a_rule() -> None:
    result = scored([(rule("r1"), "PPFf")])
    # the waived failure is not counted: 2 of 3 = 66.67 → 66.7
    assert result.value == 66.7
    # without waivers it is: 2 of 4 = 50
    assert result.value_without_waivers == 50.0


def test_value_without_waivers() -> None:
    result = scored([(rule("r1"), "PPPf"), (rule("r2"), "ff"), (rule("r3"), "PP")])
    # with waivers: r1 3/3 = 100, r2 waived (left out), r3 100 → 100
    assert result.value == 100.0
    # without: r1 3/4 = 75, r2 0/2 = 0, r3 100 → (75 + 0 + 100) / 3 = 58.33 → 58.3
    assert result.value_without_waivers == 58.3
    assert result.points_lost == {}  # nothing fails once waivers apply
    # a waived pass changes nothing either way
    result = scored([(rule("r1"), "PPp")])
    assert (result.value, result.value_without_waivers) == (100.0, 100.0)


# areas and the overall score ---------------------------------------------------------------

R1 = rule("r1", area="A", weight=3)
R2 = rule("r2", area="A", weight=1)
R3 = rule("r3", area="B", weight=1)
WEIGHTED = [(R1, "PP"), (R2, "PF"), (R3, "PFFF")]
AREA_WEIGHTS = {"A": 2.0, "B": 1.0}


def test_area_weighted_means() -> None:
    result = scored(WEIGHTED, AREA_WEIGHTS)
    # A: rules weighted 3 and 1, scoring 100 and 50: (3×100 + 1×50) / 4 = 87.5
    # B: one rule, 1 of 4: 25
    assert result.areas == {"A": 87.5, "B": 25.0}
    # overall, areas weighted 2 and 1: (2×87.5 + 1×25) / 3 = 200/3 = 66.67 → 66.7
    assert result.value == 66.7
    assert (result.grade, result.compliant) == ("pass", True)


def test_points_lost_is_the_rise_when_the_rule_alone_is_fixed() -> None:
    result = scored(WEIGHTED, AREA_WEIGHTS)
    # r2 fixed: A = 100, overall (2×100 + 25) / 3 = 75; 75 − 200/3 = 8.33 (two decimals)
    # r3 fixed: B = 100, overall (2×87.5 + 100) / 3 = 91.67; 91.67 − 66.67 = 25
    assert result.points_lost == {"r2": 8.33, "r3": 25.0}  # r1 passes: not listed
    for rule_id, lost in result.points_lost.items():
        fixed = [(r, "PP" if r.id == rule_id else m) for r, m in WEIGHTED]
        rise = scored(fixed, AREA_WEIGHTS).value - result.value
        # points_lost rounds the difference, the scores are rounded before it: ±0.1
        assert lost == pytest.approx(rise, abs=0.11)


def test_an_area_with_nothing_applicable_is_left_out() -> None:
    result = scored([(rule("r1", area="A"), "PF"), (rule("r2", area="B"), "")], {"A": 1.0, "B": 3.0})
    # B has no applicable rule: no score, and the overall is A's alone, 50
    # (not (1×50 + 3×0) / 4 = 12.5)
    assert result.areas == {"A": 50.0, "B": None}
    assert result.value == 50.0


def test_weights_of_zero() -> None:
    # a rule weighted 0 beside others counts for nothing: (1×100 + 0×0) / 1 = 100
    assert scored([(rule("r1"), "PP"), (rule("r2", weight=0), "FF")]).value == 100.0
    # all weights 0: informational rules only, so nothing is assessed
    assert scored([(rule("r1", weight=0), "PP"), (rule("r2", weight=0), "FF")]).value is None


@pytest.mark.parametrize(
    "marks",
    [
        [(rule("r1"), ""), (rule("r2"), "")],
        [(rule("r1"), "ff")],  # everything waived
        [],
    ],
)
def test_nothing_assessed(marks: list) -> None:
    result = scored(marks)
    assert result.value is None
    assert result.grade is None
    assert result.compliant is None
    assert result.points_lost == {}
    assert result.areas == {"A": None}


def test_nothing_assessed_but_waived_failures() -> None:
    result = scored([(rule("r1"), "ff")])
    # without waivers the waived rule counts: 0 of 2 = 0
    assert (result.value, result.value_without_waivers) == (None, 0.0)


# grades -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "failed", "value", "grade", "compliant"),
    [
        # flat model, a passing rule weighted `passed` and a failing one weighted `failed`:
        # value = 100 × passed / (passed + failed)
        (10, 0, 100.0, "excellent", True),
        (9, 1, 90.0, "excellent", True),  # 90.0: exactly the excellent band
        (8995, 1005, 90.0, "excellent", True),  # 89.95 → 90.0
        (8994, 1006, 89.9, "good", True),  # 89.94 → 89.9
        (4, 1, 80.0, "good", True),  # 80.0 is good
        (1599, 401, 80.0, "good", True),  # 79.95 rounds to 80.0 → good
        (7994, 2006, 79.9, "pass", True),  # 79.94 → 79.9
        (3, 2, 60.0, "pass", True),
        (5995, 4005, 60.0, "pass", True),  # 59.95 → 60.0
        (599, 401, 59.9, "fail", False),
        (0, 1, 0.0, "fail", False),
    ],
)
def test_grade_bands_at_boundaries(passed: int, failed: int, value: float, grade: str, compliant: bool) -> None:
    rules = [(rule("ok", weight=passed), "P"), (rule("ko", weight=failed), "F")]
    result = scored(rules, model="flat")
    assert result.value == value
    # the grade is read from the rounded score, so a shown 80.0 is never "pass"
    assert (result.grade, result.compliant) == (grade, compliant)


def test_critical_failure_caps_the_grade() -> None:
    critical = rule("crit", severity="critical")
    result = scored([(critical, "P" * 19 + "F")])
    # 19 of 20: 95 → excellent, capped at pass and non-compliant
    assert result.value == 95.0
    assert (result.grade, result.compliant) == ("pass", False)
    # the cap only lowers: 50 (1 of 2) stays fail
    result = scored([(critical, "PF")])
    assert (result.value, result.grade, result.compliant) == (50.0, "fail", False)


def test_critical_error_caps_the_grade() -> None:
    result = scored([(rule("ok", weight=19), "P"), (rule("crit", severity="critical"), "E")])
    # (19×100 + 1×0) / 20 = 95, but the critical rule could not be evaluated
    assert result.value == 95.0
    assert (result.grade, result.compliant) == ("pass", False)


def test_no_cap_without_a_failed_critical_rule() -> None:
    result = scored([(rule("crit", severity="critical"), "PPPf"), (rule("major"), "P" * 19 + "F")])
    # crit: 3/3 with its failure waived = 100; major 19/20 = 95; (100 + 95) / 2 = 97.5
    assert result.value == 97.5
    assert (result.grade, result.compliant) == ("excellent", True)
    # without the cap in the ruleset a failed critical rule changes nothing
    result = scored([(rule("crit", severity="critical"), "P" * 19 + "F")], caps=())
    assert (result.grade, result.compliant) == ("excellent", True)


# models -----------------------------------------------------------------------------------


def test_flat_model() -> None:
    result = scored(WEIGHTED, AREA_WEIGHTS, model="flat")
    # rules weighted 3, 1, 1 scoring 100, 50, 25, areas ignored: (300 + 50 + 25) / 5 = 75
    assert result.value == 75.0
    # r2 fixed: (300 + 100 + 25) / 5 = 85 → 10; r3 fixed: (300 + 50 + 100) / 5 = 90 → 15
    assert result.points_lost == {"r2": 10.0, "r3": 15.0}
    # areas are still reported as in the default model
    assert result.areas == {"A": 87.5, "B": 25.0}


def test_flat_unweighted_model() -> None:
    result = scored(WEIGHTED, AREA_WEIGHTS, model="flat-unweighted")
    # (100 + 50 + 25) / 3 = 58.33 → 58.3
    assert result.value == 58.3
    assert result.grade == "fail"
    # r2 fixed: (100 + 100 + 25) / 3 = 75 → 75 − 58.33 = 16.67 (two decimals)
    # r3 fixed: (100 + 50 + 100) / 3 = 83.33 → 25
    assert result.points_lost == {"r2": 16.67, "r3": 25.0}


def test_absolute_model() -> None:
    result = scored(WEIGHTED, AREA_WEIGHTS, model="absolute")
    # two rules below full marks: 0; fixing either alone still leaves the other: 0 each
    assert result.value == 0.0
    assert result.points_lost == {"r2": 0.0, "r3": 0.0}
    result = scored([(R1, "PP"), (R2, "PF")], AREA_WEIGHTS, model="absolute")
    # only r2 fails: fixing it gives 100
    assert (result.value, result.points_lost) == (0.0, {"r2": 100.0})
    result = scored([(R1, "PP"), (R2, "PPf"), (R3, "")], AREA_WEIGHTS, model="absolute")
    # everything applicable passes (r2's failure is waived, r3 not applicable): 100
    assert (result.value, result.value_without_waivers) == (100.0, 0.0)


@pytest.mark.parametrize("model", MODELS)
def test_every_model_says_nothing_assessed(model: str) -> None:
    result = scored([(rule("r1"), "")], model=model)
    assert (result.value, result.grade, result.compliant) == (None, None, None)


def test_unknown_model() -> None:
    with pytest.raises(InputError, match="no scoring model xccdf"):
        scored([(rule("r1"), "P")], model="xccdf")
