"""Checks of a ruleset beyond its meta-schema: clauses exist in its standard, test cases
cover both outcomes, message templates name real fields and parameters, parameters are
used. Loading (meta-schema, unique ids, defined parameters and areas) comes first."""

from __future__ import annotations

import string
from collections.abc import Iterator

from svcstd import standards
from svcstd.errors import Problem
from svcstd.i18n import LANGS, Catalog, pick
from svcstd.rules import paths
from svcstd.rules.model import Rule, Ruleset

_ = Catalog(
    {
        "no_clause": {
            "zh": "规则 {rule} 引用的条款 {clause} 不在标准 {standard} 中",
            "en": "rule {rule} cites clause {clause}, which is not in standard {standard}",
        },
        "manual_clause": {
            "zh": "规则 {rule} 检查的条款 {clause} 在标准中标为人工评估；请去掉 manual 或改引其他条款",
            "en": "rule {rule} checks clause {clause}, which the standard marks manual; unmark it or cite another clause",
        },
        "no_standard": {
            "zh": "规则集引用的标准 {standard} 未随附；请在 standards/ 下提供",
            "en": "the ruleset's standard {standard} is not bundled; add it under standards/",
        },
        "cases": {
            "zh": "规则 {rule} 的测试用例须至少各有一个 pass 和 fail",
            "en": "rule {rule} needs at least one passing and one failing test case",
        },
        "template_field": {
            "zh": "规则 {rule} 的提示模板（{lang}）中的 {{{field}}} 无法解析：{why}",
            "en": "rule {rule}'s message template ({lang}) has {{{field}}}, which cannot be resolved: {why}",
        },
        "unused_param": {
            "zh": "参数 {name} 未被任何规则使用",
            "en": "parameter {name} is not used by any rule",
        },
    }
)

_SPECIAL_FIELDS = {"actual", "expected"}


def lint(ruleset: Ruleset) -> list[Problem]:
    """Every lint problem of a loaded ruleset, in rule order."""
    problems = [*_clause_problems(ruleset)]
    for rule in ruleset.rules:
        problems.extend(_case_problems(rule))
        problems.extend(_template_problems(rule, ruleset))
    used = {name for rule in ruleset.rules for name in rule.parameters}
    where = ruleset.rules[0].source["_location"] if ruleset.rules else None
    if where is not None:
        problems.extend(Problem(where, _("unused_param", name=name)) for name in ruleset.parameters if name not in used)
    return problems


def _clause_problems(ruleset: Ruleset) -> Iterator[Problem]:
    if ruleset.standard is None:
        return
    data = standards.load_standard(*ruleset.standard)
    label = "@".join(ruleset.standard)
    if data is None:
        if ruleset.rules:
            yield Problem(ruleset.rules[0].source["_location"], _("no_standard", standard=label))
        return
    clauses = {clause["number"]: clause for area in data["areas"] for clause in area["clauses"]}
    for rule in ruleset.rules:
        where = rule.source["_location"]
        clause = clauses.get(rule.clause)
        if clause is None:
            yield Problem(where, _("no_clause", rule=rule.id, clause=rule.clause, standard=label))
        elif clause.get("manual"):
            yield Problem(where, _("manual_clause", rule=rule.id, clause=rule.clause))


def _case_problems(rule: Rule) -> Iterator[Problem]:
    expectations = {case.expect for case in rule.tests}
    if not {"pass", "fail"} <= expectations:
        yield Problem(rule.source["_location"], _("cases", rule=rule.id))


def _template_problems(rule: Rule, ruleset: Ruleset) -> Iterator[Problem]:
    if rule.message is None:
        return
    for lang in LANGS:
        for _text, field, _spec, _conversion in string.Formatter().parse(pick(rule.message, lang)):
            why = _unresolvable(field, ruleset) if field is not None else None
            if why:
                yield Problem(
                    rule.source["_location"], _("template_field", rule=rule.id, lang=lang, field=field, why=why)
                )


def _unresolvable(field: str, ruleset: Ruleset) -> str | None:
    if field in _SPECIAL_FIELDS:
        return None
    if field.startswith("param."):
        return None if field[6:] in ruleset.parameters else "no such parameter"
    try:
        paths.parse(field)
    except paths.PathSyntaxError as error:
        return str(error)
    return None
