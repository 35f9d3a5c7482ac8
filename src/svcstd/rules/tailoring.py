"""Profiles and tailoring files: the changes they make to a ruleset (parameters,
weights, severities, rules disabled or selected), checked against the ruleset first."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from svcstd.document import Document
from svcstd.errors import InputError, Location, Problem
from svcstd.registry import Registry
from svcstd.rules.messages import MESSAGES
from svcstd.rules.model import Profile, Ruleset, Tailoring
from svcstd.schema import load_schema
from svcstd.schemacheck import CompiledSchema, schema_problems

TAILORING_CHANGES = ("parameters", "weights", "severities", "disable", "select")  # what reports name


def checked_tailoring(ruleset: Ruleset, tailoring: Tailoring, doc: Document, ptr: str) -> Ruleset:
    problems = [
        doc.problem(f"{ptr}/parameters/{name}", MESSAGES("tailor_unknown_param", name=name))
        for name in tailoring.parameters
        if name not in ruleset.parameters
    ]
    problems += [
        doc.problem(ptr, MESSAGES("unknown_rule", rule=rule_id))
        for rule_id in sorted(tailoring.rule_ids())
        if ruleset.rule(rule_id) is None
    ]
    if problems:
        raise InputError(problems)
    return ruleset.tailored(tailoring)


def apply_profile(ruleset: Ruleset, profile: str, doc: Document) -> Ruleset:
    if profile == "baseline" and "baseline" not in ruleset.profiles:
        return ruleset
    profiles = _profiles(ruleset)
    steps: list[Profile] = []
    current: str | None = profile
    while current and current != "baseline":
        if any(p.id == current for p in steps):  # a profile extending itself: not one to apply
            raise InputError([Problem(Location.argument("--profile"), profiles.unknown(current))])
        steps.append(profiles.get(current, where=Location.argument("--profile")))
        current = steps[-1].extends
    for step in reversed(steps):
        ruleset = checked_tailoring(ruleset, step.tailoring, doc, f"/profiles/{step.id}")
    return replace(ruleset, profile=profile)


def _profiles(ruleset: Ruleset) -> Registry[Profile]:
    """The ruleset's profiles by id, baseline (no changes) first, the others in name order."""
    baseline = Profile("baseline", "baseline", Tailoring())
    name = f"{ruleset.id}@{ruleset.version}"
    return Registry(
        {"zh": "配置", "en": "profile"},
        {"baseline": baseline, **{pid: ruleset.profiles[pid] for pid in sorted(ruleset.profiles)}},
        unknown=lambda **params: MESSAGES("unknown_profile", ruleset=name, **params),
    )


@cache
def _tailoring_validator() -> CompiledSchema:
    return CompiledSchema(load_schema("tailoring"), format_checker=None)


def check_tailoring_file(doc: Document) -> None:
    problems = schema_problems(doc, _tailoring_validator())
    if problems:
        raise InputError(problems)


def apply_tailoring_file(ruleset: Ruleset, doc: Document) -> Ruleset:
    target = doc.data.get("ruleset")
    if target and target not in (ruleset.id, f"{ruleset.id}@{ruleset.version}"):
        actual = f"{ruleset.id}@{ruleset.version}"
        raise InputError([doc.problem("/ruleset", MESSAGES("tailoring_ruleset", expected=target, actual=actual))])
    return checked_tailoring(ruleset, Tailoring.from_mapping(doc.data), doc, "")
