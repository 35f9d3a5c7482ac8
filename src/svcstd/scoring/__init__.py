"""Scores, grades and compliance from rule outcomes (DESIGN §6 and §6a).

Two families of models share the grading here: XCCDF's (``default``, ``flat``,
``flat-unweighted``, ``absolute``, in :mod:`svcstd.scoring.xccdf`) and the points sheet
of Chinese evaluations (``points``, in :mod:`svcstd.scoring.points`). A ruleset that
declares indicators is scored with ``points`` unless ``--model`` says otherwise.

Grading is the same for every model: the band the score reaches, lowered by the
ruleset's severity caps, and the lowest band with non-compliance when a veto rule
(一票否决) failed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from svcstd.engine import RuleOutcome
from svcstd.errors import Location
from svcstd.registry import Registry
from svcstd.rules.model import Ruleset
from svcstd.scoring.points import AssessedClause, ClausePoints, PointsSheet, score_points
from svcstd.scoring.xccdf import XCCDF_MODELS, score_xccdf

__all__ = ["MODELS", "MODEL_REGISTRY", "AssessedClause", "ClausePoints", "PointsSheet", "Scored", "score"]

MODELS = ("points", *XCCDF_MODELS)


class Scored(NamedTuple):
    """What a scoring model gives a center, before the result is assembled."""

    model: str
    value: float | None
    value_without_waivers: float | None
    areas: Mapping[str, float | None]
    grade: str | None
    compliant: bool | None
    points_lost: Mapping[str, float]  # rule id → how much the score rises if it alone is fixed
    next_grade: tuple[str, float] | None = None  # the band above, and the points it needs
    capped_by: tuple[str, ...] = ()  # failed rules whose severity caps the grade
    vetoed_by: tuple[str, ...] = ()  # failed veto rules: non-compliant, lowest band
    sheet: PointsSheet | None = None  # the points sheet, in the points model
    manual: tuple[ClausePoints, ...] = ()


_Assessment = Mapping[str, AssessedClause] | None
# What a model computes: the value, the areas, points lost per rule, the points sheet.
_Result = tuple[float | None, Mapping[str, float | None], Mapping[str, float], PointsSheet | None]
_Model = Callable[..., _Result]


def _xccdf(name: str) -> _Model:
    def run(
        outcomes: Sequence[RuleOutcome], ruleset: Ruleset, *, with_waivers: bool, assessment: _Assessment
    ) -> _Result:
        value, areas, lost = score_xccdf(outcomes, ruleset, name, with_waivers=with_waivers)
        return value, areas, lost, None

    return run


def _points(
    outcomes: Sequence[RuleOutcome], ruleset: Ruleset, *, with_waivers: bool, assessment: _Assessment
) -> _Result:
    sheet = score_points(outcomes, ruleset, assessment, with_waivers=with_waivers)
    return sheet.value, sheet.areas, sheet.points_lost, sheet


MODEL_REGISTRY: Registry[_Model] = Registry(
    {"zh": "评分模型", "en": "scoring model"}, {"points": _points, **{name: _xccdf(name) for name in XCCDF_MODELS}}
)


def score(
    outcomes: Sequence[RuleOutcome],
    ruleset: Ruleset,
    *,
    model: str | None = None,
    assessment: Mapping[str, AssessedClause] | None = None,
) -> Scored:
    """Score an evaluation with ``model`` (default: the ruleset's own); grade and cap it.

    ``assessment``: the on-site results of manual clauses, by clause number (points model).
    """
    name = model or ruleset.default_model
    run = MODEL_REGISTRY.get(name, where=Location.argument("--model"))
    vetoed = tuple(o.rule.id for o in outcomes if o.rule.veto and o.failed)
    # Without waivers, a waived failure of a veto rule vetoes again.
    vetoed_without = vetoed or tuple(
        o.rule.id for o in outcomes if o.rule.veto and any(s.waived and s.failure is not None for s in o.subjects)
    )
    value, areas, lost, sheet = run(outcomes, ruleset, with_waivers=True, assessment=assessment)
    without, _areas, _lost, sheet_without = run(outcomes, ruleset, with_waivers=False, assessment=assessment)
    if sheet is not None and not vetoed:  # no bonus lifts a vetoed center
        value = sheet.with_bonus(value)
    if sheet_without is not None and not vetoed_without:
        without = sheet_without.with_bonus(without)
    cap = _Cap.of(outcomes, ruleset, vetoed)
    rounded = _round(value)
    grade, compliant = _grade(rounded, cap, ruleset)
    return Scored(
        model=name,
        value=rounded,
        value_without_waivers=_round(without),
        areas={area: _round(areas.get(area)) for area in ruleset.areas},
        grade=grade,
        compliant=compliant,
        points_lost=lost,
        next_grade=_next_grade(rounded, cap, ruleset),
        capped_by=cap.rules if value is not None else (),
        vetoed_by=vetoed,
        sheet=sheet,
        manual=sheet.manual if sheet else (),
    )


class _Cap(NamedTuple):
    """What the failed rules make of the grade: the best grade still allowed (as an index
    into the bands, best first), whether compliance is still possible, and the rules that
    caused it (severity caps and vetoes)."""

    ceiling: int
    compliant: bool
    rules: tuple[str, ...]

    @classmethod
    def of(cls, outcomes: Sequence[RuleOutcome], ruleset: Ruleset, vetoed: tuple[str, ...]) -> _Cap:
        order = [band.grade for band in ruleset.bands]
        failed = [o.rule for o in outcomes if o.failed]
        applied = [cap for cap in ruleset.caps if any(rule.severity == cap.severity for rule in failed)]
        severities = {cap.severity for cap in ruleset.caps}
        ceiling = max((order.index(cap.max_grade) for cap in applied), default=0)
        capping = [rule.id for rule in failed if rule.severity in severities and rule.id not in vetoed]
        return cls(
            ceiling=len(order) - 1 if vetoed else ceiling,
            compliant=not vetoed and all(cap.compliant for cap in applied),
            rules=(*vetoed, *capping),
        )


def _grade(value: float | None, cap: _Cap, ruleset: Ruleset) -> tuple[str | None, bool | None]:
    if value is None:
        return None, None
    index = next((i for i, band in enumerate(ruleset.bands) if value >= band.min), len(ruleset.bands) - 1)
    band = ruleset.bands[max(index, cap.ceiling)]
    return band.grade, ruleset.bands[index].compliant and cap.compliant


def _next_grade(value: float | None, cap: _Cap, ruleset: Ruleset) -> tuple[str, float] | None:
    """The lowest band above ``value`` and the points that reach it — unless a cap keeps
    the grade below that band whatever the score (then the capping rules come first)."""
    if value is None:
        return None
    above = [index for index, band in enumerate(ruleset.bands) if band.min > value]
    if not above or max(above) < cap.ceiling:
        return None
    band = ruleset.bands[max(above)]  # bands are best first: the highest index is the nearest
    return band.grade, round(band.min - value, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1)
