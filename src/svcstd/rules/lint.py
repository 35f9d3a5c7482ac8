"""Checks of a ruleset beyond what loading refuses: clauses exist in its standard, test
cases cover both outcomes, parameters are used. Loading (meta-schema, unique ids, defined
parameters and areas, message templates) comes first."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd import standards
from svcstd.errors import Location, Problem
from svcstd.rules.bundled import superseded_by
from svcstd.rules.messages import MESSAGES
from svcstd.rules.model import Rule, Ruleset
from svcstd.rules.operands import bare_names


def lint(ruleset: Ruleset) -> list[Problem]:
    """Every lint problem of a loaded ruleset, in rule order."""
    problems = [*_clause_problems(ruleset)]
    # A released version that a newer one supersedes stays byte for byte as released; its
    # fix texts are mended in the successor, so only current versions are held to them.
    current = superseded_by(ruleset.id, ruleset.version) is None
    for rule in ruleset.rules:
        problems.extend(_case_problems(rule))
        if current:
            problems.extend(_remediation_problems(rule, ruleset))
    used = {name for rule in ruleset.rules for name in rule.parameters}
    problems.extend(
        Problem(parameter.location or Location(ruleset.path), MESSAGES("unused_param", name=name))
        for name, parameter in ruleset.parameters.items()
        if name not in used
    )
    return problems


def _clause_problems(ruleset: Ruleset) -> Iterator[Problem]:
    if ruleset.standard is None:
        return
    data = standards.load_standard(*ruleset.standard)
    label = "@".join(ruleset.standard)
    if data is None:
        if ruleset.rules:
            yield Problem(_where(ruleset.rules[0], ruleset), MESSAGES("no_standard", standard=label))
        return
    clauses = {clause["number"]: clause for area in data["areas"] for clause in area["clauses"]}
    for rule in ruleset.rules:
        where = _where(rule, ruleset)
        clause = clauses.get(rule.clause)
        if clause is None:
            yield Problem(where, MESSAGES("no_clause", rule=rule.id, clause=rule.clause, standard=label))
        elif clause.get("manual"):
            yield Problem(where, MESSAGES("manual_clause", rule=rule.id, clause=rule.clause))


def _where(rule: Rule, ruleset: Ruleset) -> Location:
    return rule.location or Location(ruleset.path)


def _case_problems(rule: Rule) -> Iterator[Problem]:
    expectations = {case.expect for case in rule.tests}
    if not {"pass", "fail"} <= expectations:
        yield Problem(rule.location or Location(""), MESSAGES("cases", rule=rule.id))


def _remediation_problems(rule: Rule, ruleset: Ruleset) -> Iterator[Problem]:
    """A fix text that names a parameter instead of substituting it would show the reader
    "within complaint_response_days days"."""
    texts = [rule.remediation] if isinstance(rule.remediation, str) else list(rule.remediation.values())
    names = sorted({name for text in texts for name in bare_names(text, ruleset.parameters)})
    if names:
        yield Problem(rule.location or Location(""), MESSAGES("bare_param", rule=rule.id, names=", ".join(names)))
