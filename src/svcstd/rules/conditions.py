"""Compile the rule language's conditions into functions, once per ruleset.

A condition is a mapping with one of these shapes (the meta-schema checks them):

- ``{all: [c, ...]}``, ``{any: [c, ...]}``, ``{not: c}``
- ``{path: P, <test>: argument}``: a test of the value at ``P`` (every value, for a
  path with ``[*]``); the tests are listed in ``value_tests.VALUE_TESTS``.
- ``{<aggregate>: {of: P, where: c, path: Q}, <comparison>: argument}`` with aggregates
  ``count``, ``share``, ``sum``, ``min``, ``max``, ``mean``; and ``{unique: {of: P, path: Q}}``.

An argument is a constant, ``{param: NAME}``, ``{path: P}`` (a field of the same
subject) or ``{path: P, times: FACTOR}`` (that field scaled by a constant or parameter,
for ratios such as "resolved ≥ 95% of received"). A compiled condition returns ``None``
when it holds, or the :class:`Failure` that says where and why it does not.

This module holds the tree (all / any / not) and the aggregates; value tests live in
``value_tests``, arguments and comparison in ``operands``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from svcstd.rules import paths
from svcstd.rules.messages import MESSAGES
from svcstd.rules.operands import (
    COMPARISONS,
    SYMBOLS,
    Condition,
    Context,
    Failure,
    compare_values,
    compile_argument,
    expected_text,
    said,
)
from svcstd.rules.paths import MISSING
from svcstd.rules.value_tests import value_test

AGGREGATES = ("count", "share", "sum", "min", "max", "mean")


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
    return value_test(node)


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
        return Failure(ptr, MESSAGES("not", detail=text))

    return run


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
        verdicts = [(p, v, None if where is None else where(v, p, ctx)) for p, v in items]
        chosen = [(p, v) for p, v, unmet in verdicts if unmet is None]
        actual = _measure(name, items, chosen, field, ctx)
        at = collection_pointer(collection, subject, ptr, ctx)
        if actual is None:
            return Failure(at, MESSAGES("aggregate_empty", of=spec["of"], aggregate=name), missing=True)
        expected = get_expected(subject, ptr, ctx)
        if compare_values(COMPARISONS[op], actual, expected, spec["of"]):
            return None
        detail = MESSAGES(
            "aggregate", of=spec["of"], aggregate=name, actual=said(actual), op=SYMBOLS[op],
            expected=expected_text(expected, expected_name),
        )  # fmt: skip
        return Failure(at, detail, actual=actual, expected=expected, missing=_for_want(op, items, verdicts))

    return run


def _for_want(op: str, items: list, verdicts: list) -> bool:
    """Whether an aggregate failed for want of information: the collection is empty, or
    too few elements qualify (``ge``/``gt``) and every one that does not lacks the fields
    the condition reads. Too many qualifying (``le``/``lt``) is a violation."""
    if not items:
        return True
    unmet = [failure for *_item, failure in verdicts if failure is not None]
    return op in ("ge", "gt") and bool(unmet) and all(failure.missing for failure in unmet)


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
    if name == "mean":
        return sum(numbers) / len(numbers)
    return min(numbers) if name == "min" else max(numbers)


def collection_pointer(collection: paths.Path, subject: Any, ptr: str, ctx: Context) -> str:
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
        detail = MESSAGES("unique", of=spec["of"], path=spec.get("path", "@"), actual=said(duplicates))
        return Failure(first_duplicate or ptr, detail, actual=duplicates)

    return run
