"""The ruleset model: rules, parameters, profiles and tailoring, as loaded from YAML.

The small records are NamedTuples, the rest frozen dataclasses: making a dataclass
(generating and compiling its methods) costs about 0.7 ms at import, a NamedTuple 0.1 ms,
and every audit imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, NamedTuple

from svcstd.errors import Location
from svcstd.i18n import LocalText
from svcstd.registry import Registry
from svcstd.rules.operands import Condition

LEVELS = ("province", "city", "county", "township", "village")
SEVERITIES = ("critical", "major", "minor", "info")


class RuleTest(NamedTuple):
    """One of a rule's own cases: a center snippet and the status the rule must give it."""

    expect: str
    center: Mapping[str, Any]
    name: str = ""
    level: str | None = None
    pointer: str | None = None
    as_of: str | None = None


class Rule(NamedTuple):
    """A compiled rule: its texts, its logic (``when``, ``check``), its points and cases."""

    id: str
    title: LocalText
    area: str
    clause: str
    severity: str
    weight: float
    rationale: LocalText
    remediation: LocalText
    references: tuple[Mapping[str, Any], ...]
    check: Condition
    source: Mapping[str, Any]  # the rule as written, for `rules show` and `rules diff`
    aliases: tuple[str, ...] = ()
    levels: tuple[str, ...] = LEVELS
    status: str = "stable"
    for_each: str | None = None
    subject_name: str | None = None
    when: Condition | None = None
    all_or_nothing: bool = False
    message: LocalText | None = None
    tests: tuple[RuleTest, ...] = ()
    parameters: tuple[str, ...] = ()  # the parameters the rule reads
    # The points model (DESIGN §6a): the indicator the rule's points belong to, its
    # budget, what each failing subject costs (None: a failure loses the whole budget),
    # whether one failure vetoes the center, and whether it is a bonus item.
    indicator: str | None = None
    points: float | None = None
    deduct_per_subject: float | None = None
    veto: bool = False
    bonus: bool = False
    if_empty: str = "not_applicable"  # or "missing": an empty subject list is a finding
    location: Location | None = None  # where the ruleset file defines the rule


class Parameter(NamedTuple):
    name: str
    title: LocalText
    default: Any  # a value, or a mapping level → value
    unit: LocalText | None = None
    location: Location | None = None  # where the ruleset defines it


@dataclass(frozen=True)
class Tailoring:
    """Changes to a ruleset: parameter values, weights, severities, rule selection."""

    parameters: Mapping[str, Any] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    severities: Mapping[str, str] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> Tailoring:
        select = spec.get("select")
        return cls(
            parameters=dict(spec.get("parameters", {})),
            weights=dict(spec.get("weights", {})),
            severities=dict(spec.get("severities", {})),
            disable=tuple(spec.get("disable", ())),
            select=tuple(select) if select is not None else None,
        )

    def rule_ids(self) -> set[str]:
        return {*self.weights, *self.severities, *self.disable, *(self.select or ())}


class Profile(NamedTuple):
    """A named tailoring shipped in the ruleset (township, strict...)."""

    id: str
    title: LocalText
    tailoring: Tailoring
    description: LocalText | None = None
    extends: str | None = None


class GradeBand(NamedTuple):
    grade: str
    min: float
    label: LocalText
    compliant: bool


class Cap(NamedTuple):
    severity: str
    max_grade: str
    compliant: bool


class Area(NamedTuple):
    id: str
    title: LocalText
    weight: float = 1.0


class Indicator(NamedTuple):
    """An indicator (指标) of the points sheet: an area's share of the 100 points."""

    id: str
    area: str
    title: LocalText
    points: float


class ManualItem(NamedTuple):
    """A manual clause with its points, judged on site and filled in by an assessment."""

    clause: str
    indicator: str
    points: float
    method: LocalText | None = None


@dataclass(frozen=True)
class Ruleset:
    """A ruleset with its profile and tailoring applied, ready to evaluate."""

    id: str
    version: str
    title: LocalText
    sha256: str
    path: str
    rules: tuple[Rule, ...]
    parameters: Mapping[str, Parameter]
    areas: Mapping[str, Area]
    bands: tuple[GradeBand, ...]
    caps: tuple[Cap, ...] = ()
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    profile: str = "baseline"
    tailoring: str | None = None  # the tailoring file applied, if any
    tailoring_changes: Mapping[str, Any] = field(default_factory=dict)  # what it changes, as written
    standard: tuple[str, str] | None = None
    status: str = "released"
    description: LocalText | None = None
    indicators: tuple[Indicator, ...] = ()  # the points sheet; empty: not a points ruleset
    manual: tuple[ManualItem, ...] = ()
    bonus_cap: float = 0.0
    assessment_max_age_days: int | None = None

    @property
    def default_model(self) -> str:
        """The scoring model a ruleset is read with unless ``--model`` says otherwise."""
        return "points" if self.indicators else "default"

    @cached_property
    def by_id(self) -> Registry[Rule]:
        """The rules by id; a former id (alias) finds the rule that took it over."""
        return Registry(
            {"zh": "规则", "en": "rule"},
            {rule.id: rule for rule in self.rules},
            aliases={alias: rule.id for rule in self.rules for alias in rule.aliases},
        )

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id or alias, or None."""
        return self.by_id.find(rule_id)

    def parameter_values(self, level: str | None) -> dict[str, Any]:
        """Every parameter's value for a center of ``level`` (None where it has none)."""
        return {name: resolve_level(p.default, level) for name, p in self.parameters.items()}

    def tailored(self, tailoring: Tailoring) -> Ruleset:
        """This ruleset with ``tailoring`` applied (selection, weights, severities, parameters)."""
        rules = [
            rule._replace(
                weight=tailoring.weights.get(rule.id, rule.weight),
                severity=tailoring.severities.get(rule.id, rule.severity),
            )
            for rule in self.rules
            if rule.id not in tailoring.disable and (tailoring.select is None or rule.id in tailoring.select)
        ]
        parameters = {
            name: p._replace(default=merge_value(p.default, tailoring.parameters[name]))
            if name in tailoring.parameters
            else p
            for name, p in self.parameters.items()
        }
        return replace(self, rules=tuple(rules), parameters=parameters)


def is_by_level(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value) and all(key in LEVELS for key in value)


def resolve_level(value: Any, level: str | None) -> Any:
    if is_by_level(value):
        return value.get(level) if level else None
    return value


def merge_value(old: Any, new: Any) -> Any:
    """A tailored parameter value: per-level values override only the levels they name."""
    if is_by_level(old) and is_by_level(new):
        return {**old, **new}
    return new
