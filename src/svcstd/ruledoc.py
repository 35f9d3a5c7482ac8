"""Text views of rules, rule diffs and standards for `svcstd rules` and `svcstd standards`.

They read the same fields the engine uses, so the documentation cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import yaml

from svcstd import standards
from svcstd.i18n import pick
from svcstd.messages import MESSAGES
from svcstd.rules.model import Rule, Ruleset, is_by_level

if TYPE_CHECKING:  # rich is imported by the views, not by the audit that reads reference_text
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from svcstd.rules.diff import RulesetDiff


def rules_table(rules: Sequence[Rule], lang: str) -> Table:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=True)
    with_points = any(rule.points is not None for rule in rules)
    keys = ("id", "severity", "weight", *(("points",) if with_points else ()), "area", "clause", "status", "title")
    for key in keys:
        table.add_column(MESSAGES.text(key, lang), no_wrap=key != "title")
    for rule in rules:
        points = (points_text(rule, lang),) if with_points else ()
        table.add_row(
            rule.id, rule.severity, f"{rule.weight:g}", *points, rule.area, rule.clause, rule.status,
            pick(rule.title, lang),
        )  # fmt: skip
    return table


def points_text(rule: Rule, lang: str) -> str:
    """A rule's points, its deduction and whether it is a veto or bonus item, in a few words."""
    if rule.points is None:
        return "—"
    deduct = (
        f" ({MESSAGES.text('per_subject', lang, points=f'{rule.deduct_per_subject:g}')})"
        if rule.deduct_per_subject
        else ""
    )
    flags = "".join(f" {MESSAGES.text(key, lang)}" for key, on in (("veto", rule.veto), ("bonus", rule.bonus)) if on)
    return f"{rule.points:g}{deduct}{flags}"


def rule_summary(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "aliases": list(rule.aliases),
        "title": rule.title,
        "area": rule.area,
        "clause": rule.clause,
        "severity": rule.severity,
        "weight": rule.weight,
        "levels": list(rule.levels),
        "status": rule.status,
        "parameters": list(rule.parameters),
        **(
            {
                "indicator": rule.indicator,
                "points": rule.points,
                "deduct_per_subject": rule.deduct_per_subject,
                "veto": rule.veto,
                "bonus": rule.bonus,
            }
            if rule.points is not None
            else {}
        ),
    }


def rule_detail(rule: Rule, ruleset: Ruleset) -> dict[str, Any]:
    clause = clause_of(ruleset, rule.clause)
    return {
        **rule_summary(rule),
        "ruleset": f"{ruleset.id}@{ruleset.version}",
        "clause_text": clause.get("text") if clause else None,
        "rationale": rule.rationale,
        "remediation": rule.remediation,
        "references": [dict(reference) for reference in rule.references],
        "parameter_values": {name: ruleset.parameters[name].default for name in rule.parameters},
        "check": _logic(rule),
        "examples": [{"expect": case.expect, "center": dict(case.center)} for case in rule.tests],
    }


def rule_view(rule: Rule, ruleset: Ruleset, lang: str) -> Group:
    from rich.console import Group
    from rich.text import Text

    clause = clause_of(ruleset, rule.clause)
    text = Text()
    text.append(f"{rule.id}  {pick(rule.title, lang)}\n", style="bold")
    text.append(
        MESSAGES.text(
            "facts", lang, ruleset=f"{ruleset.id}@{ruleset.version}", area=rule.area, clause=rule.clause,
            severity=rule.severity, weight=f"{rule.weight:g}", status=rule.status, levels=", ".join(rule.levels),
        ) + "\n",
        style="dim",
    )  # fmt: skip
    if rule.points is not None:
        deduct = (
            MESSAGES.text("per_subject", lang, points=f"{rule.deduct_per_subject:g}")
            if rule.deduct_per_subject
            else MESSAGES.text("whole", lang)
        )
        flags = "".join(
            f" · {MESSAGES.text(key, lang)}" for key, on in (("veto", rule.veto), ("bonus", rule.bonus)) if on
        )
        line = MESSAGES.text(
            "points_line", lang, indicator=rule.indicator or "—", points=f"{rule.points:g}", deduct=deduct, flags=flags
        )
        text.append(line + "\n", style="bold red" if rule.veto else "dim")
    if rule.aliases:
        text.append(MESSAGES.text("aliases", lang, aliases=", ".join(rule.aliases)) + "\n", style="dim")
    if clause:
        text.append(f"\n{rule.clause} {pick(clause.get('title'), lang)}\n", style="bold")
        text.append(pick(clause.get("text"), lang) + "\n")
    _section(text, MESSAGES.text("rationale", lang), pick(rule.rationale, lang))
    _section(text, MESSAGES.text("remediation", lang), pick(rule.remediation, lang))
    _section(
        text, MESSAGES.text("references", lang), "\n".join("- " + reference_text(r, lang) for r in rule.references)
    )
    if rule.parameters:
        lines = [_parameter_line(ruleset, name, lang) for name in rule.parameters]
        _section(text, MESSAGES.text("parameters", lang), "\n".join(lines))
    _section(text, MESSAGES.text("check", lang), _yaml(_logic(rule)))
    examples = "\n".join(
        f"{MESSAGES.text('example', lang, expect=case.expect)}\n{_indent(_yaml(dict(case.center)))}"
        for case in rule.tests
    )
    _section(text, MESSAGES.text("examples", lang), examples)
    return Group(text)


def diff_view(change: RulesetDiff, lang: str) -> Text:
    from rich.text import Text

    text = Text()
    if change.empty:
        return text.append(MESSAGES.text("no_changes", lang, old=change.old, new=change.new) + "\n")
    text.append(f"{change.old} → {change.new}\n", style="bold")
    titled = {rule: f"{rule}  {pick(title, lang)}" for rule, title in change.titles.items()}
    _list(text, MESSAGES.text("added", lang), [titled.get(rule, rule) for rule in change.added], "green", "+")
    _list(text, MESSAGES.text("removed", lang), [titled.get(rule, rule) for rule in change.removed], "red", "-")
    if change.changed:
        text.append(f"\n{MESSAGES.text('changed', lang)}\n", style="bold")
        for item in change.changed:
            renamed = MESSAGES.text("renamed", lang, old=item.renamed_from) if item.renamed_from else ""
            text.append(f"  ~ {titled.get(item.rule, item.rule)}{renamed}\n", style="yellow")
            for name in item.fields:
                old, new = item.old.get(name), item.new.get(name)
                if _scalar(old) and _scalar(new):
                    text.append(f"      {name}: {_shown(old)} → {_shown(new)}\n")
                else:
                    text.append(f"      {name}\n")
    _list(text, MESSAGES.text("params_added", lang), change.parameters_added, "green", "+")
    _list(text, MESSAGES.text("params_removed", lang), change.parameters_removed, "red", "-")
    if change.parameters_changed:
        text.append(f"\n{MESSAGES.text('params_changed', lang)}\n", style="bold")
        for param in change.parameters_changed:
            text.append(f"  ~ {param.name}: {_value(param.old)} → {_value(param.new)}\n", style="yellow")
    return text


def standards_table(rows: Sequence[Mapping[str, Any]], lang: str) -> Table:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for key in ("id", "version", "status", "issued", "clauses", "manual", "title"):
        table.add_column(MESSAGES.text(key, lang), no_wrap=key != "title")
    for row in rows:
        status = row["status"]
        if row.get("superseded_by"):
            status += " " + MESSAGES.text("superseded_by", lang, version=row["superseded_by"])
        table.add_row(
            row["id"], row["version"], status, row["issued"], str(row["clauses"]), str(row["manual"]),
            pick(row["title"], lang),
        )  # fmt: skip
    return table


def standard_view(data: Mapping[str, Any], checked_by: Mapping[str, list[str]], lang: str) -> Text:
    from rich.text import Text

    text = Text()
    text.append(f"{data['id']}@{data['version']}  {pick(data['title'], lang)}\n", style="bold")
    text.append(f"{data['status']} · {data['issued']}\n", style="dim")
    if data.get("scope"):
        text.append(pick(data["scope"], lang) + "\n")
    text.append(f"\n{MESSAGES.text('sources', lang)}\n", style="bold")
    for source in data.get("sources", []):
        text.append(f"  [{source['id']}] {pick(source['title'], lang)}\n")
    for area in data["areas"]:
        text.append(f"\n{area['number']} {pick(area['title'], lang)}\n", style="bold")
        for clause in area["clauses"]:
            manual = f" [{MESSAGES.text('manual', lang)}]" if clause.get("manual") else ""
            text.append(f"  {clause['number']} {pick(clause.get('title'), lang)}{manual}\n", style="bold")
            if clause.get("text"):
                text.append(f"    {pick(clause['text'], lang)}\n")
            if checked_by.get(clause["number"]):
                rules = ", ".join(checked_by[clause["number"]])
                text.append(f"    {MESSAGES.text('checked_by', lang, rules=rules)}\n", style="dim")
    return text


def clause_of(ruleset: Ruleset, number: str) -> Mapping[str, Any] | None:
    data = standards.load_standard(*ruleset.standard) if ruleset.standard else None
    if data is None:
        return None
    return next((c for area in data["areas"] for c in area["clauses"] if c["number"] == number), None)


def _logic(rule: Rule) -> dict[str, Any]:
    return {key: rule.source[key] for key in ("for_each", "when", "check", "all_or_nothing") if key in rule.source}


def _section(text: Text, title: str, body: str) -> None:
    text.append(f"\n{title}\n", style="bold")
    text.append(_indent(body) + "\n")


def _indent(body: str) -> str:
    return "\n".join(f"  {line}" for line in body.rstrip("\n").splitlines())


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def reference_text(reference: Mapping[str, Any], lang: str) -> str:
    """A public source as one line: title, article, URL."""
    parts = [pick(reference["title"], lang)]
    if reference.get("article"):
        parts.append(MESSAGES.text("article", lang, article=reference["article"]))
    if reference.get("url"):
        parts.append(reference["url"])
    return " ".join(parts)


def _parameter_line(ruleset: Ruleset, name: str, lang: str) -> str:
    parameter = ruleset.parameters[name]
    unit = f" {pick(parameter.unit, lang)}" if parameter.unit else ""
    return f"{name} = {_value(parameter.default)}{unit}  ({pick(parameter.title, lang)})"


def _scalar(value: Any) -> bool:
    """A value short enough to show as ``old → new`` (absent counts: it shows as —; so does
    a flat mapping such as a deduction)."""
    if isinstance(value, Mapping):  # a deduction, not a text in two languages
        return not set(value) <= {"zh", "en"} and all(isinstance(item, int | float | str) for item in value.values())
    return value is None or isinstance(value, int | float | str)


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _value(value: Any) -> str:
    if is_by_level(value):
        return ", ".join(f"{level} {item}" for level, item in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)


def _list(text: Text, title: str, items: Sequence[str], style: str, mark: str) -> None:
    if items:
        text.append(f"\n{title}\n", style="bold")
        for item in items:
            text.append(f"  {mark} {item}\n", style=style)
