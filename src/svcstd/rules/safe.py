"""What keeps a ruleset from an untrusted repository safe to run.

Every regular expression a ruleset brings (``matches``, and ``pattern`` inside a ``schema``
test) runs on RE2, whose matching time is linear in the input: no pattern can hang an
audit. ``schema`` fragments are checked when the ruleset loads: they may refer only to
their own parts (``#/...``), never to a URL or a file, and never to themselves without
descending into the data, so evaluating one always ends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import re2

if TYPE_CHECKING:  # jsonschema is imported when a schema is checked, not on every start
    from jsonschema import FormatChecker, ValidationError

from svcstd.document import Document, escape_token, list_index
from svcstd.errors import Problem
from svcstd.rules.messages import MESSAGES

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would write its own lines to stderr; the error is reported as a problem


class PatternError(ValueError):
    """A pattern RE2 cannot compile (a syntax error, or a feature such as a backreference
    or lookaround that needs backtracking)."""


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """The RE2 program for ``pattern`` (Python syntax, less backreferences and lookaround)."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        raise PatternError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from None


def finds(program: Any, text: str) -> bool:
    """Whether ``program`` (from :func:`compile_pattern`) matches somewhere in ``text``.

    RE2 matches UTF-8 either way; given a str, the wrapper re-maps every match offset to
    characters, which took 2–4 times as long as the search itself. A yes/no needs no
    offsets, so the text goes in as its UTF-8 bytes."""
    return program.search(text.encode("utf-8", "surrogatepass")) is not None


def _is_pattern(instance: object) -> bool:
    if isinstance(instance, str):
        compile_pattern(instance)
    return True


@cache
def format_checker() -> FormatChecker:
    """The meta-schema's `format: regex` means "RE2 compiles it", so a ruleset whose patterns
    need backtracking is refused at load time, positioned like any other schema error."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker()
    checker.checkers = {**Draft202012Validator.FORMAT_CHECKER.checkers}
    checker.checks("regex", raises=PatternError)(_is_pattern)
    return checker


def _compiles(pattern: str) -> bool:
    try:
        compile_pattern(pattern)
    except PatternError:
        return False
    return True


# The same for the compiled validity check (svcstd.schemacheck.CompiledSchema).
FAST_FORMATS = {"regex": _compiles}


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not finds(compile_pattern(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def schema_test_validator() -> Any:
    """A schema test's validator: `pattern` runs on RE2. `patternProperties` is refused at
    load time, since jsonschema matches it (and additionalProperties next to it) with `re`."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})


_REFS = ("$ref", "$dynamicRef")
_REFUSED = {"$id": "#/$defs/... references", "$anchor": "#/$defs/... references",
            "$dynamicAnchor": "#/$defs/... references",
            "patternProperties": "propertyNames with a pattern, or properties"}  # fmt: skip
# Subschemas applied to the same value (not to a part of it): a cycle through these alone never ends.
_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "$ref")


def schema_test_problems(doc: Document, rules_ptr: str = "/rules") -> Iterator[Problem]:
    """Every unsafe or invalid ``schema`` test in the ruleset's rules, positioned."""
    rules = doc.data.get("rules") if isinstance(doc.data, Mapping) else None
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        for key in ("check", "when"):
            if isinstance(rule, Mapping) and key in rule:
                for ptr, fragment in _schema_tests(rule[key], f"{rules_ptr}/{index}/{key}"):
                    yield from (doc.problem(at, message) for at, message in fragment_problems(fragment, ptr))


def _schema_tests(node: Any, ptr: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, Mapping):
        if "path" in node and "schema" in node:
            yield f"{ptr}/schema", node["schema"]
            return
        for key, value in node.items():
            yield from _schema_tests(value, f"{ptr}/{escape_token(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _schema_tests(item, f"{ptr}/{index}")


def fragment_problems(fragment: Any, ptr: str) -> Iterator[tuple[str, Any]]:
    """(pointer, message) for each reason ``fragment`` cannot run safely."""
    from jsonschema.exceptions import SchemaError

    try:
        schema_test_validator().check_schema(fragment, format_checker=format_checker())
    except SchemaError as error:
        # check_schema has already picked the most relevant error (jsonschema's best_match).
        where = ptr + "".join(f"/{escape_token(str(part))}" for part in error.path)
        yield where, MESSAGES("schema_invalid", error=error.message)
        return
    found = False
    for at, node in _nodes(fragment, ""):
        for keyword, instead in _REFUSED.items():
            if keyword in node:
                found = True
                yield ptr + at, MESSAGES("schema_keyword", keyword=keyword, instead=instead)
        for keyword in _REFS:
            ref = node.get(keyword)
            if isinstance(ref, str) and not (ref == "#" or ref.startswith("#/")):
                found = True
                yield ptr + at, MESSAGES("schema_ref", keyword=keyword, ref=ref)
    if found:
        return
    yield from _ref_problems(fragment, ptr)


def _nodes(node: Any, ptr: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema object in the fragment (and, harmlessly, objects inside `const` and the like)."""
    if isinstance(node, Mapping):
        yield ptr, node
        for key, value in node.items():
            yield from _nodes(value, f"{ptr}/{escape_token(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _nodes(item, f"{ptr}/{index}")


def _resolve(fragment: Any, ref: str) -> tuple[str, Any] | None:
    """The target of a local reference ``#/a/b``, with its pointer, or None."""
    target = fragment
    tokens = [] if ref == "#" else ref[2:].split("/")
    for token in tokens:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(target, Mapping) and token in target:
            target = target[token]
        elif isinstance(target, list) and (index := list_index(token)) is not None and index < len(target):
            target = target[index]
        else:
            return None
    return ("" if ref == "#" else ref[1:]), target


def _in_place(node: Any, ptr: str, fragment: Any) -> Iterator[tuple[str, Any]]:
    """Subschemas that apply to the same value as ``node``, with their pointers."""
    if not isinstance(node, Mapping):
        return
    for keyword in _IN_PLACE:
        if keyword not in node:
            continue
        value = node[keyword]
        if keyword == "$ref":
            target = _resolve(fragment, value)
            if target is not None:
                yield target
        elif isinstance(value, list):
            yield from ((f"{ptr}/{keyword}/{i}", item) for i, item in enumerate(value))
        elif keyword == "dependentSchemas" and isinstance(value, Mapping):
            yield from ((f"{ptr}/{keyword}/{escape_token(k)}", item) for k, item in value.items())
        else:
            yield f"{ptr}/{keyword}", value


def _ref_problems(fragment: Any, ptr: str) -> Iterator[tuple[str, Any]]:
    for at, node in _nodes(fragment, ""):
        ref = node.get("$ref")
        if isinstance(ref, str) and _resolve(fragment, ref) is None:
            yield ptr + at, MESSAGES("schema_ref_missing", ref=ref)
            return
    # A cycle of in-place subschemas: depth-first search over pointers.
    done: set[str] = set()
    for start, node in _nodes(fragment, ""):
        stack: list[tuple[str, Iterator[tuple[str, Any]]]] = [(start, _in_place(node, start, fragment))]
        on_path = {start}
        while stack:
            at, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(at)
                done.add(at)
                continue
            child_ptr, child_node = child
            if child_ptr in on_path:
                yield ptr + at, MESSAGES("schema_cycle", ref="#" + child_ptr)
                return
            if child_ptr not in done:
                on_path.add(child_ptr)
                stack.append((child_ptr, _in_place(child_node, child_ptr, fragment)))
