"""XCCDF's scoring models (DESIGN §6), for rulesets without a points sheet or by ``--model``.

``default``: a rule scores 0–100 (the share of its subjects that pass, unless
all-or-nothing); an area is the weighted mean of its applicable rules; the overall
score is the weighted mean of the areas. ``flat``: the weighted mean of all applicable
rules, areas ignored. ``flat-unweighted``: the plain mean. ``absolute``: 100 when every
applicable rule passes fully, else 0. What is not applicable is left out of numerator
and denominator alike; when nothing applies there is no score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from svcstd.engine import RuleOutcome
from svcstd.rules.model import Area, Ruleset

XCCDF_MODELS = ("default", "flat", "flat-unweighted", "absolute")


class _Item(NamedTuple):
    """A rule as the XCCDF models see it: its weight and the fraction it passed."""

    rule: str
    area: str
    weight: float
    fraction: float | None  # None: not applicable


def score_xccdf(
    outcomes: Sequence[RuleOutcome], ruleset: Ruleset, model: str, *, with_waivers: bool
) -> tuple[float | None, dict[str, float | None], dict[str, float]]:
    """The unrounded score, the area scores and each rule's points lost under ``model``."""
    items = [_Item(o.rule.id, o.rule.area, o.rule.weight, o.fraction(with_waivers=with_waivers)) for o in outcomes]
    value, areas = _overall(items, ruleset.areas, model)
    return value, areas, _points_lost(items, value, ruleset.areas, model)


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
    """For each rule below full marks: how much the overall score rises if it alone is
    fixed, to two decimals (a small gain is still shown as a gain)."""
    lost = {}
    for index, item in enumerate(items):
        if item.fraction is None or item.fraction == 1 or value is None:
            continue
        fixed = [*items[:index], _Item(item.rule, item.area, item.weight, 1.0), *items[index + 1 :]]
        better, _areas = _overall(fixed, areas, model)
        lost[item.rule] = round((better or 0.0) - value + 0.0, 2)
    return lost
