"""Compile a rule as written into a :class:`Rule`, and check a merged ruleset for what
the meta-schema cannot see: duplicate ids, unknown parameters, areas and grades,
malformed message templates, a points sheet that does not add up."""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

from svcstd.document import Document
from svcstd.errors import InputError, Location, Problem
from svcstd.rules import paths
from svcstd.rules.conditions import compile_condition
from svcstd.rules.messages import MESSAGES
from svcstd.rules.model import LEVELS, Rule, Ruleset, RuleTest
from svcstd.rules.operands import PARAM_FIELD


def compile_rule(spec: Mapping[str, Any], doc: Document, ptr: str) -> Rule:
    return Rule(
        id=spec["id"],
        aliases=tuple(spec.get("aliases", ())),
        title=spec["title"],
        area=spec["area"],
        clause=spec["clause"],
        severity=spec["severity"],
        weight=spec["weight"],
        levels=tuple(spec.get("levels", LEVELS)),
        status=spec.get("status", "stable"),
        rationale=spec["rationale"],
        remediation=spec["remediation"],
        references=tuple(spec["references"]),
        for_each=spec.get("for_each"),
        subject_name=spec.get("subject_name"),
        when=compile_condition(spec["when"]) if "when" in spec else None,
        check=compile_condition(spec["check"]),
        all_or_nothing=spec.get("all_or_nothing", False),
        message=spec.get("message"),
        tests=tuple(
            RuleTest(
                expect=case["expect"],
                center=case["center"],
                name=case.get("name", ""),
                level=case.get("level"),
                pointer=case.get("pointer"),
                as_of=case.get("as_of"),
            )
            for case in spec["tests"]
        ),
        parameters=tuple(sorted(_param_names(spec))),
        indicator=spec.get("indicator"),
        points=spec.get("points"),
        deduct_per_subject=spec["deduct"]["points"] if "deduct" in spec else None,
        veto=spec.get("veto", False),
        bonus=spec.get("bonus", False),
        source=dict(spec),
        location=doc.locate(ptr)[1],
    )


def _param_names(rule: Any) -> set[str]:
    """Every parameter a rule reads: ``{param: NAME}`` in its logic, ``{param.NAME}`` in
    its message and its remediation."""
    found: set[str] = set()
    pending = [rule]
    while pending:
        node = pending.pop()
        if isinstance(node, (dict, Mapping)):  # dict first: the ABC check of Mapping is slow
            if len(node) == 1 and "param" in node:
                found.add(node["param"])
            for key, value in node.items():
                if key == "message":
                    found.update(field[6:] for field in _template_fields(value) if field.startswith("param."))
                elif key == "remediation":
                    texts = [value] if isinstance(value, str) else value.values()
                    found.update(name for text in texts for name in PARAM_FIELD.findall(text))
                elif key != "tests":
                    pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _template_fields(message: Any) -> Iterator[str]:
    """The ``{fields}`` of a message template in every language; malformed ones are skipped
    here and reported by :func:`_template_problems`."""
    for text in [message] if isinstance(message, str) else message.values():
        try:
            yield from (field for _t, field, _s, _c in string.Formatter().parse(text) if field)
        except ValueError:
            continue


def check_references(ruleset: Ruleset, doc: Document) -> None:
    """Problems the meta-schema cannot see: duplicate ids, unknown params, areas, grades,
    malformed message templates."""
    problems: list[Problem] = []
    seen: dict[str, Location] = {}
    for rule in ruleset.rules:
        where = rule.location or Location(ruleset.path)
        problems.extend(_template_problems(rule, where))
        for name in (rule.id, *rule.aliases):
            if name in seen:
                problems.append(Problem(where, MESSAGES("duplicate_rule", rule=name, line=seen[name].line)))
            seen.setdefault(name, where)
        for name in rule.parameters:
            if name not in ruleset.parameters:
                problems.append(Problem(where, MESSAGES("unknown_param", rule=rule.id, name=name)))
        if rule.area not in ruleset.areas:
            problems.append(Problem(where, MESSAGES("unknown_area", rule=rule.id, area=rule.area)))
    grades = {band.grade for band in ruleset.bands}
    for cap in ruleset.caps:
        if cap.max_grade not in grades:
            problems.append(doc.problem("/grading/caps", MESSAGES("unknown_grade", grade=cap.max_grade)))
    problems.extend(_points_problems(ruleset, doc))
    if problems:
        raise InputError(problems)


def _points_problems(ruleset: Ruleset, doc: Document) -> Iterator[Problem]:
    """The points sheet adds up: indicators to 100, each indicator's rules and manual
    clauses to the indicator's points; every rule of a points ruleset has points."""
    if not ruleset.indicators:
        for rule in ruleset.rules:
            if rule.points is not None:
                yield Problem(rule.location or doc.locate("")[1], MESSAGES("points_without_sheet", rule=rule.id))
        return
    total = sum(indicator.points for indicator in ruleset.indicators)
    if abs(total - 100) > 1e-6:
        yield doc.problem("/indicators", MESSAGES("points_total", total=_points_text(total)))
    known = {indicator.id: indicator for indicator in ruleset.indicators}
    sums = dict.fromkeys(known, 0.0)
    for rule in ruleset.rules:
        where = rule.location or doc.locate("")[1]
        if rule.points is None:
            yield Problem(where, MESSAGES("needs_points", rule=rule.id, key="points"))
        if rule.bonus:
            continue
        if rule.indicator is None:
            yield Problem(where, MESSAGES("needs_points", rule=rule.id, key="indicator"))
        elif rule.indicator not in known:
            yield Problem(where, MESSAGES("unknown_indicator", what=rule.id, indicator=rule.indicator))
        else:
            sums[rule.indicator] += rule.points or 0.0
    for index, item in enumerate(ruleset.manual):
        if item.indicator not in known:
            yield doc.problem(
                f"/manual/{index}", MESSAGES("unknown_indicator", what=item.clause, indicator=item.indicator)
            )
        else:
            sums[item.indicator] += item.points
    for index, indicator in enumerate(ruleset.indicators):
        if indicator.area not in ruleset.areas:
            yield doc.problem(f"/indicators/{index}", MESSAGES("unknown_area", rule=indicator.id, area=indicator.area))
        if abs(sums[indicator.id] - indicator.points) > 1e-6:
            yield doc.problem(
                f"/indicators/{index}",
                MESSAGES("indicator_total", indicator=indicator.id, points=_points_text(indicator.points),
                  total=_points_text(sums[indicator.id])),
            )  # fmt: skip


def _points_text(points: float) -> str:
    return f"{points:g}"


def _template_problems(rule: Rule, where: Location) -> Iterator[Problem]:
    """Message templates that do not parse, or name a field that is not a path (parameters
    they name are checked with the rule's other parameters)."""
    texts = [] if rule.message is None else [rule.message] if isinstance(rule.message, str) else rule.message.values()
    for text in texts:
        try:
            parsed = [(field, spec, conversion) for _t, field, spec, conversion in string.Formatter().parse(text)]
        except ValueError as error:
            yield Problem(where, MESSAGES("bad_template", rule=rule.id, error=error))
            continue
        for field, spec, conversion in parsed:
            # `{x!r}` and `{x:>99999999}` would let a ruleset print Python reprs or fill memory.
            if spec or conversion:
                shown = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                yield Problem(where, MESSAGES("template_spec", rule=rule.id, field=field or "", spec=shown))
        fields = [field for field, _spec, _conversion in parsed if field]
        for field in fields:
            if field in ("actual", "expected") or field.startswith("param."):
                continue
            try:
                paths.parse(field)
            except paths.PathSyntaxError as error:
                yield Problem(where, MESSAGES("template_field", rule=rule.id, field=field, why=error))
