"""What changed between two rulesets: rules added, removed, re-weighted or otherwise
changed, and parameters added, removed or changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from svcstd.rules.model import Rule, Ruleset

# Fields of a rule's source that are bookkeeping, not meaning.
_IGNORED = {"tests"}  # a rule's own cases are not a change of the rule


@dataclass(frozen=True)
class RuleChange:
    rule: str
    fields: tuple[str, ...]
    old: Mapping[str, Any] = field(default_factory=dict)
    new: Mapping[str, Any] = field(default_factory=dict)
    renamed_from: str | None = None


@dataclass(frozen=True)
class ParameterChange:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RulesetDiff:
    old: str
    new: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[RuleChange, ...]
    parameters_added: tuple[str, ...]
    parameters_removed: tuple[str, ...]
    parameters_changed: tuple[ParameterChange, ...]
    titles: Mapping[str, Any] = field(default_factory=dict)  # rule id → its title (new, else old)

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed
            or self.parameters_added or self.parameters_removed or self.parameters_changed
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "titles": dict(self.titles),
            "rules": {
                "added": list(self.added),
                "removed": list(self.removed),
                "changed": [
                    {
                        "rule": c.rule,
                        "renamed_from": c.renamed_from,
                        "fields": list(c.fields),
                        "old": dict(c.old),
                        "new": dict(c.new),
                    }
                    for c in self.changed
                ],
            },
            "parameters": {
                "added": list(self.parameters_added),
                "removed": list(self.parameters_removed),
                "changed": [{"name": c.name, "old": c.old, "new": c.new} for c in self.parameters_changed],
            },
        }


def diff(old: Ruleset, new: Ruleset) -> RulesetDiff:
    matched: dict[str, Rule] = {}  # new rule id → old rule (by id, or by an alias naming it)
    for rule in new.rules:
        previous = old.rule(rule.id) or next((old.rule(a) for a in rule.aliases if old.rule(a)), None)
        if previous is not None:
            matched[rule.id] = previous
    kept_old = {rule.id for rule in matched.values()}
    changed = []
    for rule in new.rules:
        previous = matched.get(rule.id)
        if previous is None:
            continue
        fields = _changed_fields(previous, rule)
        renamed = previous.id if previous.id != rule.id else None
        if fields or renamed:
            changed.append(
                RuleChange(
                    rule.id,
                    fields,
                    {name: _meaning(previous)[name] for name in fields if name in _meaning(previous)},
                    {name: _meaning(rule)[name] for name in fields if name in _meaning(rule)},
                    renamed,
                )
            )
    old_params = {name: p.default for name, p in old.parameters.items()}
    new_params = {name: p.default for name, p in new.parameters.items()}
    return RulesetDiff(
        old=f"{old.id}@{old.version}",
        new=f"{new.id}@{new.version}",
        added=tuple(r.id for r in new.rules if r.id not in matched),
        removed=tuple(r.id for r in old.rules if r.id not in kept_old),
        changed=tuple(changed),
        parameters_added=tuple(sorted(set(new_params) - set(old_params))),
        parameters_removed=tuple(sorted(set(old_params) - set(new_params))),
        parameters_changed=tuple(
            ParameterChange(name, old_params[name], new_params[name])
            for name in sorted(set(old_params) & set(new_params))
            if old_params[name] != new_params[name]
        ),
        titles={**{r.id: r.title for r in old.rules}, **{r.id: r.title for r in new.rules}},
    )


def _meaning(rule: Rule) -> dict[str, Any]:
    """The fields of a rule that carry meaning, with tailored weight and severity."""
    source = {key: value for key, value in rule.source.items() if key not in _IGNORED}
    return {**source, "weight": rule.weight, "severity": rule.severity}


def _changed_fields(old: Rule, new: Rule) -> tuple[str, ...]:
    before, after = _meaning(old), _meaning(new)
    return tuple(sorted(key for key in set(before) | set(after) if key != "id" and before.get(key) != after.get(key)))
