"""The rule language's value tests: ``{path: P, <test>: argument}`` — present, truthy,
comparisons, membership, matches, length, contains, max_age_days, ref, schema."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from svcstd.i18n import Catalog, Message
from svcstd.rules import paths
from svcstd.rules.operands import (
    COMPARISONS,
    SHARED,
    SYMBOLS,
    Condition,
    Context,
    EvalError,
    Failure,
    compare_values,
    compile_argument,
    expected_text,
    said,
)  # fmt: skip
from svcstd.rules.paths import MISSING
from svcstd.rules.safe import compile_pattern, finds, schema_test_validator

_ = Catalog(
    {
        "not_absent": {"zh": "`{path}` 应当不存在", "en": "`{path}` should be absent"},
        "truthy": {"zh": "`{path}` 为 {actual}，应为 {expected}", "en": "`{path}` is {actual}, expected {expected}"},
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
        "not_matches": {
            "zh": "`{path}` 的值 {actual} 不应符合格式 {expected}",
            "en": "`{path}` ({actual}) must not match {expected}",
        },
        "length": {
            "zh": "`{path}` 有 {actual} 项，应 {op} {expected}",
            "en": "`{path}` has {actual} items, expected {op} {expected}",
        },
        "contains_all": {"zh": "`{path}` 缺少：{missing}", "en": "`{path}` lacks {missing}"},
        "contains_any": {
            "zh": "`{path}` 应至少包含以下之一：{expected}",
            "en": "`{path}` should contain at least one of {expected}",
        },
        "age": {
            "zh": "`{path}`（{actual}）距审核日已 {age} 天，应不超过 {expected} 天",
            "en": "`{path}` ({actual}) is {age} days old, expected at most {expected}",
        },
        "ref": {"zh": "`{path}` 的值 {actual} 不在 {expected} 中", "en": "`{path}` ({actual}) is not among {expected}"},
        "schema": {"zh": "`{path}`：{detail}", "en": "`{path}`: {detail}"},
        "bad_date": {"zh": "`{path}` 的值 {actual} 不是 ISO 日期", "en": "`{path}` ({actual}) is not an ISO date"},
    },
    base=SHARED,
)

VALUE_TESTS = (
    "present", "truthy", *COMPARISONS, "in", "not_in", "matches", "not_matches", "length",
    "contains_all", "contains_any", "max_age_days", "ref", "schema",
)  # fmt: skip


ValueCheck = Callable[[Any, Any, str, Context], "Message | None"]


def value_test(node: Mapping[str, Any]) -> Condition:
    path = paths.parse(node["path"])
    test = next(name for name in VALUE_TESTS if name in node)
    check = _TEST_BUILDERS[test](node[test], node["path"])

    def run(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        for value_ptr, value in paths.resolve(path, subject, ptr, ctx.root):
            detail = check(value, subject, ptr, ctx)
            if detail is not None:
                return _failure(value_ptr, value, detail)
        return None

    def run_one(subject: Any, ptr: str, ctx: Context) -> Failure | None:
        # One value (no wildcard): its pointer is built only when the test fails.
        value = paths.value(path, subject, ctx.root)
        detail = check(value, subject, ptr, ctx)
        if detail is None:
            return None
        return _failure(path.pointer_from(ptr), value, detail)

    return run if path.multi else run_one


def _failure(value_ptr: str, value: Any, detail: Message) -> Failure:
    missing = value is MISSING or value is None
    return Failure(value_ptr, detail, actual=value, expected=_shown_expected(detail), missing=missing)


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
        return _("truthy", path=label, actual=said(value), expected=said(argument))

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
                "compare", path=label, actual=said(value), op=SYMBOLS[op],
                expected=expected_text(expected, name),
            )  # fmt: skip

        return check

    return build


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
            return _(key, path=label, actual=said(value), expected=said(allowed))

        return check

    return build


def _matching(negate: bool) -> Callable[[Any, str], ValueCheck]:
    key = "not_matches" if negate else "matches"

    def build(argument: str, label: str) -> ValueCheck:
        pattern = compile_pattern(argument)

        def check(value: Any, *_context: Any) -> Message | None:
            if value is MISSING or value is None:
                return _("missing", path=label)
            # Localized text ({zh, en}) must match (or not match) in every language it is written in.
            texts = list(value.values()) if isinstance(value, Mapping) else [value]
            if texts and all(isinstance(text, str) and finds(pattern, text) != negate for text in texts):
                return None
            return _(key, path=label, actual=said(value), expected=argument)

        return check

    return build


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
            expected=expected_text(expected, name),
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
                return _("contains_all", path=label, missing=said(lacking), expected=said(wanted))
            return _("contains_any", path=label, expected=said(wanted))

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
            raise EvalError(_("bad_date", path=label, actual=said(value))) from error
        limit = get_expected(subject, ptr, ctx)
        age = (ctx.as_of - when).days
        if age <= limit:
            return None
        return _("age", path=label, actual=said(value), age=age, expected=said(limit))

    return check


def _ref(argument: str, label: str) -> ValueCheck:
    target = paths.parse(argument if argument.startswith("$") else f"$.{argument}")

    def check(value: Any, subject: Any, ptr: str, ctx: Context) -> Message | None:
        if value is MISSING or value is None:
            return _("missing", path=label)
        known = [found for _p, found in paths.resolve(target, subject, ptr, ctx.root)]
        if value in known:
            return None
        return _("ref", path=label, actual=said(value), expected=argument)

    return check


def _schema(argument: Mapping[str, Any], label: str) -> ValueCheck:
    from jsonschema.exceptions import best_match

    validator = schema_test_validator()(argument)

    def check(value: Any, *_context: Any) -> Message | None:
        if value is MISSING:
            return _("missing", path=label)
        error = best_match(validator.iter_errors(value))
        return None if error is None else _("schema", path=label, detail=error.message)

    return check


_TEST_BUILDERS: dict[str, Callable[[Any, str], ValueCheck]] = {
    "present": _present,
    "truthy": _truthy,
    **{op: _comparison(op) for op in COMPARISONS},
    "in": _membership(negate=False),
    "not_in": _membership(negate=True),
    "matches": _matching(negate=False),
    "not_matches": _matching(negate=True),
    "length": _length,
    "contains_all": _contains(every=True),
    "contains_any": _contains(every=False),
    "max_age_days": _max_age_days,
    "ref": _ref,
    "schema": _schema,
}
