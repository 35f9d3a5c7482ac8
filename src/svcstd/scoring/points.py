"""The points model (扣分制, DESIGN §6a): a 100-point sheet of indicators.

Each rule has a budget of points. A failure loses the whole budget, or, with ``deduct:
{per: subject}``, a fixed number of points per failing subject, never more than the
budget (扣完为止). An empty list the rule needs loses the whole budget. Manual clauses
have points too: an on-site assessment fills them in; until then they are pending and
stay out of the score. The score is points earned over points assessable, times 100;
what is not applicable leaves both. Bonus items (加分项) are counted apart, capped by the
ruleset, and added after. Every point lost is lost either to missing information or to
a violation, and the two add up to all that is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from svcstd.engine import ERROR, MISSING, NOT_APPLICABLE, RuleOutcome
from svcstd.rules.model import Rule, Ruleset

# Results of a manual clause (the assessment schema names them), and "not yet assessed".
NOT_MET, CLAUSE_NA, PENDING = "not_met", "not_applicable", "pending"


class AssessedClause(NamedTuple):
    """One line of an on-site assessment worksheet (DESIGN §11)."""

    clause: str
    result: str  # met | partly | not_met | not_applicable
    points: float | None  # the points the assessor gave; None: all of them for ``met``
    evidence: str = ""


class RulePoints(NamedTuple):
    """A rule on the points sheet. ``earned`` is None when the rule is not applicable."""

    points: float
    earned: float | None
    lost_to_missing: float = 0.0
    lost_to_violations: float = 0.0


class ClausePoints(NamedTuple):
    """A manual clause on the points sheet: pending until an assessment fills it in."""

    clause: str
    indicator: str
    points: float
    status: str  # pending | met | partly | not_met | not_applicable
    earned: float | None = None  # None: pending or not applicable
    evidence: str = ""


class IndicatorPoints(NamedTuple):
    """An indicator's line of the sheet, in sheet points (not on the 100 scale)."""

    id: str
    area: str
    points: float
    assessable: float
    earned: float
    pending: float


class PointsSheet(NamedTuple):
    """The points sheet (评分表) of one center: each rule, clause and indicator's points."""

    rules: Mapping[str, RulePoints]
    manual: tuple[ClausePoints, ...]
    indicators: tuple[IndicatorPoints, ...]
    assessable: float
    earned: float
    pending: float  # points of manual clauses that await on-site assessment
    bonus: float  # bonus points counted (already capped)
    value: float | None  # earned / assessable × 100, before the bonus
    areas: Mapping[str, float | None]
    points_lost: Mapping[str, float]  # rule id → points lost, on the 100 scale
    lost_to_missing: float  # on the 100 scale
    lost_to_violations: float

    def with_bonus(self, value: float | None) -> float | None:
        return None if value is None else min(100.0, value + self.bonus)


def score_points(
    outcomes: Sequence[RuleOutcome],
    ruleset: Ruleset,
    assessment: Mapping[str, AssessedClause] | None,
    *,
    with_waivers: bool,
) -> PointsSheet:
    rules = {o.rule.id: _rule_points(o, with_waivers=with_waivers) for o in outcomes}
    manual = tuple(_clause_points(item.clause, item.indicator, item.points, assessment) for item in ruleset.manual)
    by_rule = {o.rule.id: o.rule for o in outcomes}
    counted = {rid: p for rid, p in rules.items() if p.earned is not None and not by_rule[rid].bonus}
    assessable = sum(p.points for p in counted.values()) + sum(c.points for c in manual if c.earned is not None)
    earned = sum(p.earned or 0.0 for p in counted.values()) + sum(c.earned or 0.0 for c in manual)
    bonus = sum(p.earned or 0.0 for rid, p in rules.items() if by_rule[rid].bonus)
    scale = 100 / assessable if assessable else 0.0
    indicators = tuple(_indicator(i.id, i.area, i.points, counted, by_rule, manual) for i in ruleset.indicators)
    missing = sum(p.lost_to_missing for p in counted.values())
    violations = sum(p.lost_to_violations for p in counted.values())
    violations += sum(c.points - (c.earned or 0.0) for c in manual if c.earned is not None)
    return PointsSheet(
        rules=rules,
        manual=manual,
        indicators=indicators,
        assessable=assessable,
        earned=earned,
        pending=sum(c.points for c in manual if c.status == PENDING),
        bonus=min(bonus, ruleset.bonus_cap),
        value=100 * earned / assessable if assessable else None,
        areas={area: _area_value(area, indicators) for area in ruleset.areas},
        points_lost={
            rid: float(round(scale * (p.points - (p.earned or 0.0)), 2))
            for rid, p in counted.items()
            if (p.earned or 0.0) < p.points
        },
        lost_to_missing=round(scale * missing, 2),
        lost_to_violations=round(scale * violations, 2),
    )


def _rule_points(outcome: RuleOutcome, *, with_waivers: bool) -> RulePoints:
    rule = outcome.rule
    budget = rule.points or 0.0
    if outcome.status == ERROR:
        return RulePoints(budget, 0.0, 0.0, budget)
    counted = [s for s in outcome.subjects if not (with_waivers and s.waived)]
    if outcome.status == NOT_APPLICABLE or not counted:
        return RulePoints(budget, None)
    failing = [s for s in counted if s.failure is not None]
    if not failing:
        return RulePoints(budget, budget)
    earned = _earned(rule, budget, len(failing), empty=outcome.empty)
    share_missing = sum(1 for s in failing if s.cause == MISSING) / len(failing)
    lost = budget - earned
    return RulePoints(budget, earned, lost * share_missing, lost * (1 - share_missing))


def _earned(rule: Rule, budget: float, failing: int, *, empty: bool) -> float:
    """What is left of the budget: nothing for a failure of the whole rule or an empty
    list; per subject, the budget less the deductions, never below zero (扣完为止)."""
    if empty or rule.deduct_per_subject is None:
        return 0.0
    return max(0.0, budget - rule.deduct_per_subject * failing)


def _clause_points(
    clause: str, indicator: str, points: float, assessment: Mapping[str, AssessedClause] | None
) -> ClausePoints:
    assessed = (assessment or {}).get(clause)
    if assessed is None:
        return ClausePoints(clause, indicator, points, PENDING)
    if assessed.result == CLAUSE_NA:
        return ClausePoints(clause, indicator, points, CLAUSE_NA, None, assessed.evidence)
    if assessed.result == NOT_MET:
        given = 0.0
    elif assessed.points is None:  # met, with no figure given: all of them (partly must give one)
        given = points
    else:
        given = min(points, assessed.points)
    return ClausePoints(clause, indicator, points, assessed.result, given, assessed.evidence)


def _indicator(
    indicator: str,
    area: str,
    points: float,
    counted: Mapping[str, RulePoints],
    by_rule: Mapping[str, Rule],
    manual: Sequence[ClausePoints],
) -> IndicatorPoints:
    mine = [p for rid, p in counted.items() if by_rule[rid].indicator == indicator]
    clauses = [c for c in manual if c.indicator == indicator]
    return IndicatorPoints(
        id=indicator,
        area=area,
        points=points,
        assessable=sum(p.points for p in mine) + sum(c.points for c in clauses if c.earned is not None),
        earned=sum(p.earned or 0.0 for p in mine) + sum(c.earned or 0.0 for c in clauses),
        pending=sum(c.points for c in clauses if c.status == PENDING),
    )


def _area_value(area: str, indicators: Sequence[IndicatorPoints]) -> float | None:
    mine = [i for i in indicators if i.area == area]
    assessable = sum(i.assessable for i in mine)
    return 100 * sum(i.earned for i in mine) / assessable if assessable else None
