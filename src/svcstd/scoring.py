"""Scores, grades and compliance from rule outcomes (DESIGN §6, after XCCDF's models).

``default``: a rule scores 0–100 (the share of its subjects that pass, unless
all-or-nothing); an area is the weighted mean of its applicable rules; the overall
score is the weighted mean of the areas. ``flat``: the weighted mean of all applicable
rules, areas ignored. ``flat-unweighted``: the plain mean. ``absolute``: 100 when every
applicable rule passes fully, else 0. What is not applicable is left out of numerator
and denominator alike; when nothing applies there is no score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from svcstd.engine import ERROR, FAIL, RuleOutcome
from svcstd.rules.model import Area, Ruleset

MODELS = ("default", "flat", "flat-unweighted", "absolute")


@dataclass(frozen=True)
class _Item:
    rule: str
    area: str
    weight: float
    fraction: float | None  # None: not applicable


@dataclass(frozen=True)
class Scored:
    value: float | None
    value_without_waivers: float | None
    areas: Mapping[str, float | None]
    grade: str | None
    compliant: bool | None
    points_lost: Mapping[str, float]
    next_grade: tuple[str, float] | None = None  # the band above, and the points it needs
    capped_by: tuple[str, ...] = ()  # failed rules whose severity caps the grade


def score(outcomes: Sequence[RuleOutcome], ruleset: Ruleset, *, model: str = "default") -> Scored:
    """Score an evaluation with ``model``; grade and cap it by the ruleset's bands."""
    if model not in MODELS:
        raise ValueError(f"unknown scoring model {model!r}")
    items = _items(outcomes, with_waivers=True)
    value, areas = _overall(items, ruleset.areas, model)
    without, _areas = _overall(_items(outcomes, with_waivers=False), ruleset.areas, model)
    cap = _Cap.of(outcomes, ruleset)
    rounded = _round(value)
    grade, compliant = _grade(rounded, cap, ruleset)
    return Scored(
        value=_round(value),
        value_without_waivers=_round(without),
        areas={area: _round(areas.get(area)) for area in ruleset.areas},
        grade=grade,
        compliant=compliant,
        points_lost=_points_lost(items, value, ruleset.areas, model),
        next_grade=_next_grade(rounded, cap, ruleset),
        capped_by=cap.rules if value is not None else (),
    )


def _items(outcomes: Sequence[RuleOutcome], *, with_waivers: bool) -> list[_Item]:
    return [_Item(o.rule.id, o.rule.area, o.rule.weight, o.fraction(with_waivers=with_waivers)) for o in outcomes]


def _mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """The weighted mean of (weight, value) pairs; None when no weight is above zero
    (a rule weighted 0 is informational: it never moves a score)."""
    total = sum(weight for weight, _v in pairs)
    if total == 0:
        return None
    return sum(weight * v for weight, v in pairs) / total


def _overall(
    items: Sequence[_Item], areas: Mapping[str, Area], model: str
) -> tuple[float | None, dict[str, float | None]]:
    # (area, weight, score 0-100) of each applicable rule
    scored = [(i.area, i.weight, 100 * i.fraction) for i in items if i.fraction is not None]
    by_area = {area: _mean([(w, s) for a, w, s in scored if a == area]) for area in areas}
    value: float | None
    if model == "default":
        value = _mean([(areas[a].weight, s) for a, s in by_area.items() if s is not None])
    elif model == "flat":
        value = _mean([(w, s) for _a, w, s in scored])
    elif model == "flat-unweighted":
        value = _mean([(1.0, s) for _a, _w, s in scored])
    else:  # absolute
        value = None if not scored else 100.0 * all(s == 100 for _a, _w, s in scored)
    return value, by_area


def _points_lost(
    items: Sequence[_Item], value: float | None, areas: Mapping[str, Area], model: str
) -> dict[str, float]:
    """For each rule below full marks: how much the overall score rises if it alone is fixed."""
    lost = {}
    for index, item in enumerate(items):
        if item.fraction is None or item.fraction == 1 or value is None:
            continue
        fixed = [*items[:index], _Item(item.rule, item.area, item.weight, 1.0), *items[index + 1 :]]
        better, _areas = _overall(fixed, areas, model)
        lost[item.rule] = _round((better or 0.0) - value) or 0.0
    return lost


@dataclass(frozen=True)
class _Cap:
    """What the ruleset's caps make of the failed rules: the best grade still allowed (as
    an index into the bands, best first), whether compliance is still possible, and the
    rules that caused it."""

    ceiling: int
    compliant: bool
    rules: tuple[str, ...]

    @classmethod
    def of(cls, outcomes: Sequence[RuleOutcome], ruleset: Ruleset) -> _Cap:
        order = [band.grade for band in ruleset.bands]
        failed = [o.rule for o in outcomes if o.status in (FAIL, ERROR)]
        applied = [cap for cap in ruleset.caps if any(rule.severity == cap.severity for rule in failed)]
        severities = {cap.severity for cap in ruleset.caps}
        return cls(
            ceiling=max((order.index(cap.max_grade) for cap in applied), default=0),
            compliant=all(cap.compliant for cap in applied),
            rules=tuple(rule.id for rule in failed if rule.severity in severities),
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
