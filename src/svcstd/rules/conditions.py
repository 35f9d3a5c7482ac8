"""Compile the rule language's conditions into functions, once per ruleset.

A condition is a mapping with one of these shapes (the meta-schema checks them):

- ``{all: [c, ...]}``, ``{any: [c, ...]}``, ``{not: c}``
- ``{path: P, <test>: argument}``: a test of the value at ``P`` (every value, for a
  path with ``[*]``). Tests: ``present``, ``truthy``, ``eq``, ``ne``, ``in``, ``not_in``,
  ``lt``, ``le``, ``gt``, ``ge``, ``matches``, ``length``, ``contains_all``,
  ``contains_any``, ``max_age_days``, ``ref``, ``schema``.
- ``{<aggregate>: {of: P, where: c, path: Q}, <comparison>: argument}`` with aggregates
  ``count``, ``share``, ``sum``, ``min``, ``max``, ``mean``; and ``{unique: {of: P, path: Q}}``.

An argument is a constant, ``{param: NAME}``, ``{path: P}`` (a field of the same
subject) or ``{path: P, times: FACTOR}`` (that field scaled by a constant or parameter,
for ratios such as "resolved ≥ 95% of received"). A compiled condition returns ``None`` when it holds, or the
:class:`Failure` that says where and why it does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import jsonschema

from svcstd.i18n import Catalog, Message
from svcstd.rules import paths
from svcstd.rules.paths import MISSING

_ = Catalog(
    {
        "missing": {"zh": "缺少 `{path}`", "en": "`{path}` is missing"},
        "not_absent": {"zh": "`{path}` 应当不存在", "en": "`{path}` should be absent"},
        "truthy": {
            "zh": "`{path}` 为 {actual}，应为 {expected}",
            "en": "`{path}` is {actual}, expected {expected}",
        },
        "compare": {
            "zh": "`{path}` 为 {actual}，应 {op} {expected}",
            "en": "`{path}` is {actual}, expected {op} {expected}",
        },
        "in": {
            "zh": "`{path}` 为 {actual}，应为以下之一：{expected}",
            "en": "`{path}` is {actual}, expected one of {expected}",
        },
        "not_in": {
            "zh": "`{path}` 为 {actual}，不应为以下之一：{expected}",
            "en": "`{path}` is {actual}, which is not allowed ({expected})",
        },
        "matches": {
            "zh": "`{path}` 的值 {actual} 不符合格式 {expected}",
            "en": "`{path}` ({actual}) does not match {expected}",
        },
        "length": {
            "zh": "`{path}` 有 {actual} 项，应 {op} {expected}",
            "en": "`{path}` has {actual} items, expected {op} {expected}",
        },
        "contains_all": {
            "zh": "`{path}` 缺少：{missing}",
            "en": "`{path}` lacks {missing}",
        },
        "contains_any": {
            "zh": "`{path}` 应至少包含以下之一：{expected}",
            "en": "`{path}` should contain at least one of {expected}",
        },
        "age": {
            "zh": "`{path}`（{actual}）距审核日已 {age} 天，应不超过 {expected} 天",
            "en": "`{path}` ({actual}) is {age} days old, expected at most {expected}",
        },
        "ref": {
            "zh": "`{path}` 的值 {actual} 不在 {expected} 中",
            "en": "`{path}` ({actual}) is not among {expected}",
        },
        "schema": {"zh": "`{path}`：{detail}", "en": "`{path}`: {detail}"},
        "not": {
            "zh": "不应成立的条件成立了：{detail}",
            "en": "a condition that must not hold holds: {detail}",
        },
        "aggregate": {
            "zh": "{of} 的 {aggregate} 为 {actual}，应 {op} {expected}",
            "en": "{aggregate} of {of} is {actual}, expected {op} {expected}",
        },
        "aggregate_empty": {
            "zh": "{of} 中没有可计算 {aggregate} 的元素",
            "en": "{of} has no elements to compute the {aggregate} of",
        },
        "unique": {
            "zh": "{of} 中 `{path}` 有重复值：{actual}",
            "en": "{of} has duplicate `{path}` values: {actual}",
        },
        "bad_type": {
            "zh": "无法比较 `{path}` 的值 {actual} 与 {expected}",
            "en": "cannot compare `{path}` ({actual}) with {expected}",
        },
        "bad_date": {
            "zh": "`{path}` 的值 {actual} 不是 ISO 日期",
            "en": "`{path}` ({actual}) is not an ISO date",
        },
        "no_param": {
            "zh": "参数 {name} 对层级 {level} 没有取值",
            "en": "parameter {name} has no value for level {level}",
        },
    }
)

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
VALUE_TESTS = (
    "present", "truthy", *COMPARISONS, "in", "not_in", "matches", "length",
    "contains_all", "contains_any", "max_age_days", "ref", "schema",
)  # fmt: skip
AGGREGATES = ("count", "share", "sum", "min", "max", "mean")


class EvalError(Exception):
    """A condition that cannot be evaluated on this input (the rule's status is ``error``)."""

    def __init__(self, message: Message):
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Context:
    """What conditions read besides their subject."""

    root: Any
    params: Mapping[str, Any]
    as_of: date
    level: str | None = None


@dataclass(frozen=True)
class Failure:
    """Why a condition does not hold: where, the value seen, what was expected."""

    pointer: str
    detail: Message
    actual: Any = None
    expected: Any = None


Condition = Callable[[Any, str, Context], "Failure | None"]


def show(value: Any) -> str:
    """A value as it appears in messages."""
    if value is MISSING or value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ", ".join(show(item) for item in value)
    if isinstance(value, Mapping):
        return " / ".join(show(item) for item in value.values())
    return str(value)


def compile_condition(node: Mapping[str, Any]) -> Condition:
    """Turn a validated condition mapping into a function of (subject, pointer, context)."""
    if "all" in node:
        return _all([compile_condition(child) for child in node["all"]])
    if "any" in node:
        return _any([compile_condition(child) for child in node["any"]])
    if "not" in node:
        return _not(compile_condition(node["not"]), node["not"])
    if "unique" in node:
        return _unique(node["unique"])
    for name in AGGREGATES:
        if name in node:
            return _aggregate(name, node)
    return _value_test(node)


def holds(condition: Condition, subject: Any, ptr: str, ctx: Context) -> bool:
    return condition(subject, ptr, ctx) is None


def _all(children: list[Condition]) -> Condition:
    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        for child in children:
            failure = child(subject, ptr, ctx)
            if failure is not None:
                return failure
        return None

    return run


def _any(children: list[Condition]) -> Condition:
    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        first: Failure | None = None
        for child in children:
            failure = child(subject, ptr, ctx)
            if failure is None:
                return None
            first = first or failure
        return first

    return run


def _not(child: Condition, source: Any) -> Condition:
    text = json.dumps(source, ensure_ascii=False, sort_keys=True)

    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        if child(subject, ptr, ctx) is not None:
            return None
        return Failure(ptr, _("not", detail=text))

    return run


# Arguments --------------------------------------------------------------------------

Argument = Callable[[Any, str, Context], Any]


def compile_argument(spec: Any) -> tuple[Argument, str | None]:
    """An argument's getter, and the name it has in messages (a parameter or path)."""
    if isinstance(spec, Mapping) and "param" in spec:
        name = spec["param"]
        return (lambda _s, _p, ctx: param_value(ctx, name)), name
    if isinstance(spec, Mapping) and "path" in spec:
        path = paths.parse(spec["path"])
        if "times" not in spec:
            return (lambda s, p, ctx: paths.get(path, s, p, ctx.root)[1]), spec["path"]
        # A scaled field: {path: received, times: 0.95} reads "95% of received".
        get_factor, factor_name = compile_argument(spec["times"])

        def scaled(s: Any, p: str, ctx: Context) -> Any:
            value, factor = paths.get(path, s, p, ctx.root)[1], get_factor(s, p, ctx)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            return value * factor if numeric else value

        return scaled, f"{factor_name or spec['times']} × {spec['path']}"
    return (lambda _s, _p, _ctx: spec), None


def param_value(ctx: Context, name: str) -> Any:
    value = ctx.params.get(name, MISSING)
    if value is MISSING or value is None:
        raise EvalError(_("no_param", name=name, level=ctx.level or "—"))
    return value


def _expected_text(value: Any, name: str | None) -> str:
    return f"{show(value)} ({name})" if name else show(value)


# Value tests ------------------------------------------------------------------------

ValueCheck = Callable[[Any, Any, str, Context], "Message | None"]


def _value_test(node: Mapping[str, Any]) -> Condition:
    path = paths.parse(node["path"])
    test = next(name for name in VALUE_TESTS if name in node)
    check = _TEST_BUILDERS[test](node[test], node["path"])

    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        for value_ptr, value in paths.resolve(path, subject, ptr, ctx.root):
            detail = check(value, subject, ptr, ctx)
            if detail is not None:
                return Failure(value_ptr, detail, actual=value, expected=_shown_expected(detail))
        return None

    return run


def _shown_expected(detail: Message) -> Any:
    return dict(detail.params).get("expected")


def _present(argument: bool, label: str) -> ValueCheck:
    def check(value: Any, *_context: Any) -> Message | None:
        present = value is not MISSING and value is not None
        if present == argument:
            return None
        return _("missing", path=label) if argument else _("not_absent", path=label)

    return check


def _truthy(argument: bool, label: str) -> ValueCheck:
    def check(value: Any, *_context: Any) -> Message | None:
        if value is MISSING or value is None:
            return _("missing", path=label) if argument else None
        if bool(value) == argument:
            return None
        return _("truthy", path=label, actual=show(value), expected=show(argument))

    return check


def _comparison(op: str) -> Callable[[Any, str], ValueCheck]:
    compare = COMPARISONS[op]

    def build(argument: Any, label: str) -> ValueCheck:
        get_expected, name = compile_argument(argument)

        def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
            expected = get_expected(subject, ptr, ctx)
            if value is MISSING or value is None:
                return _("missing", path=label)
            if compare_values(compare, value, expected, label):
                return None
            return _(
                "compare", path=label, actual=show(value), op=SYMBOLS[op],
                expected=_expected_text(expected, name),
            )  # fmt: skip

        return check

    return build


def compare_values(compare: Callable[[Any, Any], bool], value: Any, expected: Any, label: str) -> bool:
    """Compare like with like; numbers with numbers (never booleans), strings with strings."""
    if expected is MISSING or expected is None:
        return False
    numeric = (int, float)
    comparable = (
        isinstance(value, numeric) and isinstance(expected, numeric)
        and not isinstance(value, bool) and not isinstance(expected, bool)
    ) or type(value) is type(expected)  # fmt: skip
    if not comparable:
        raise EvalError(_("bad_type", path=label, actual=show(value), expected=show(expected)))
    try:
        return compare(value, expected)
    except TypeError as error:
        raise EvalError(_("bad_type", path=label, actual=show(value), expected=show(expected))) from error


def _membership(negate: bool) -> Callable[[Any, str], ValueCheck]:
    def build(argument: Any, label: str) -> ValueCheck:
        get_expected, _name = compile_argument(argument)

        def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
            allowed = get_expected(subject, ptr, ctx)
            if value is MISSING or value is None:
                return _("missing", path=label)
            if (value in allowed) != negate:
                return None
            key = "not_in" if negate else "in"
            return _(key, path=label, actual=show(value), expected=show(allowed))

        return check

    return build


def _matches(argument: str, label: str) -> ValueCheck:
    pattern = re.compile(argument)

    def check(value: Any, *_context: Any) -> Message | None:
        if value is MISSING or value is None:
            return _("missing", path=label)
        # Localized text ({zh, en}) must match in every language it is written in.
        texts = list(value.values()) if isinstance(value, Mapping) else [value]
        if texts and all(isinstance(text, str) and pattern.search(text) for text in texts):
            return None
        return _("matches", path=label, actual=show(value), expected=argument)

    return check


def _length(argument: Mapping[str, Any], label: str) -> ValueCheck:
    op = next(iter(argument))
    get_expected, name = compile_argument(argument[op])
    compare = COMPARISONS[op]

    def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
        size = len(value) if isinstance(value, list | str | dict) else 0
        expected = get_expected(subject, ptr, ctx)
        if compare_values(compare, size, expected, label):
            return None
        return _(
            "length", path=label, actual=size, op=SYMBOLS[op],
            expected=_expected_text(expected, name),
        )  # fmt: skip

    return check


def _contains(every: bool) -> Callable[[Any, str], ValueCheck]:
    def build(argument: Any, label: str) -> ValueCheck:
        get_expected, _name = compile_argument(argument)

        def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
            wanted = list(get_expected(subject, ptr, ctx))
            have = value if isinstance(value, list) else []
            lacking = [item for item in wanted if item not in have]
            if every and not lacking:
                return None
            if not every and len(lacking) < len(wanted):
                return None
            if every:
                return _("contains_all", path=label, missing=show(lacking), expected=show(wanted))
            return _("contains_any", path=label, expected=show(wanted))

        return check

    return build


def _max_age_days(argument: Any, label: str) -> ValueCheck:
    get_expected, _name = compile_argument(argument)

    def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
        if value is MISSING or value is None:
            return _("missing", path=label)
        try:
            when = date.fromisoformat(str(value)[:10])
        except ValueError as error:
            raise EvalError(_("bad_date", path=label, actual=show(value))) from error
        limit = get_expected(subject, ptr, ctx)
        age = (ctx.as_of - when).days
        if age <= limit:
            return None
        return _("age", path=label, actual=show(value), age=age, expected=show(limit))

    return check


def _ref(argument: str, label: str) -> ValueCheck:
    target = paths.parse(argument if argument.startswith("$") else f"$.{argument}")

    def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
        if value is MISSING or value is None:
            return _("missing", path=label)
        known = [found for _p, found in paths.resolve(target, subject, ptr, ctx.root)]
        if value in known:
            return None
        return _("ref", path=label, actual=show(value), expected=argument)

    return check


def _schema(argument: Mapping[str, Any], label: str) -> ValueCheck:
    validator = jsonschema.Draft202012Validator(argument)

    def check(value: Any, *_context: Any) -> Message | None:
        if value is MISSING:
            return _("missing", path=label)
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        return None if error is None else _("schema", path=label, detail=error.message)

    return check


_TEST_BUILDERS: dict[str, Callable[[Any, str], ValueCheck]] = {
    "present": _present,
    "truthy": _truthy,
    **{op: _comparison(op) for op in COMPARISONS},
    "in": _membership(negate=False),
    "not_in": _membership(negate=True),
    "matches": _matches,
    "length": _length,
    "contains_all": _contains(every=True),
    "contains_any": _contains(every=False),
    "max_age_days": _max_age_days,
    "ref": _ref,
    "schema": _schema,
}


# Aggregates ---------------------------------------------------------------------------


def _aggregate(name: str, node: Mapping[str, Any]) -> Condition:
    spec = node[name]
    collection = paths.parse(spec["of"])
    where = compile_condition(spec["where"]) if "where" in spec else None
    field = paths.parse(spec["path"]) if "path" in spec else None
    op = next(op for op in COMPARISONS if op in node)
    get_expected, expected_name = compile_argument(node[op])

    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        items = paths.resolve(collection, subject, ptr, ctx.root)
        chosen = [(p, v) for p, v in items if where is None or holds(where, v, p, ctx)]
        actual = _measure(name, items, chosen, field, ctx)
        at = _collection_pointer(collection, subject, ptr, ctx)
        if actual is None:
            return Failure(at, _("aggregate_empty", of=spec["of"], aggregate=name))
        expected = get_expected(subject, ptr, ctx)
        if compare_values(COMPARISONS[op], actual, expected, spec["of"]):
            return None
        detail = _(
            "aggregate", of=spec["of"], aggregate=name, actual=show(actual), op=SYMBOLS[op],
            expected=_expected_text(expected, expected_name),
        )  # fmt: skip
        return Failure(at, detail, actual=actual, expected=expected)

    return run


def _measure(name: str, items: list, chosen: list, field: paths.Path | None, ctx: Context) -> Any:
    if name == "count":
        return len(chosen)
    if name == "share":
        return len(chosen) / len(items) if items else None
    assert field is not None  # the meta-schema requires `path` for sum/min/max/mean
    numbers = [
        value
        for p, item in chosen
        for _q, value in paths.resolve(field, item, p, ctx.root)
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
    if name == "sum":
        return sum(numbers)
    if not numbers:
        return None
    return {"min": min, "max": max, "mean": lambda xs: sum(xs) / len(xs)}[name](numbers)


def _collection_pointer(collection: paths.Path, subject: Any, ptr: str, ctx: Context) -> str:
    """Where a finding about a collection points: the list itself (``processes``).

    The path is cut at its first wildcard, so it always names exactly one place, even
    for a nested collection (``processes[*].materials[*]``) over an empty list.
    """
    steps = collection.steps
    if paths.WILDCARD in steps:
        steps = steps[: steps.index(paths.WILDCARD)]
    head = paths.Path(collection.text, collection.absolute, steps)
    return paths.resolve(head, subject, ptr, ctx.root)[0][0] if head.steps else ("" if collection.absolute else ptr)


def _unique(spec: Mapping[str, Any]) -> Condition:
    collection = paths.parse(spec["of"])
    field = paths.parse(spec.get("path", "@"))

    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        seen: set[Any] = set()
        duplicates: list[Any] = []
        first_duplicate: str | None = None
        for item_ptr, item in paths.resolve(collection, subject, ptr, ctx.root):
            value_ptr, value = paths.get(field, item, item_ptr, ctx.root)
            if value is MISSING or not isinstance(value, str | int | float | bool):
                continue
            if value in seen:
                duplicates.append(value)
                first_duplicate = first_duplicate or value_ptr
            seen.add(value)
        if not duplicates:
            return None
        detail = _("unique", of=spec["of"], path=spec.get("path", "@"), actual=show(duplicates))
        return Failure(first_duplicate or ptr, detail, actual=duplicates)

    return run
