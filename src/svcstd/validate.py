"""Check a loaded center description: its shape against the center schema, then its ids.

jsonschema errors become positioned problems in Chinese and English; the Python checks
cover what JSON Schema cannot say: ids are unique in their list and references resolve.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

from svcstd.document import Document, pointer, unescape_token
from svcstd.errors import Location, Problem
from svcstd.i18n import Catalog, Message
from svcstd.registry import nearest
from svcstd.schema import center_schema

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

MESSAGES = Catalog(
    {
        "required": {
            "en": "missing required key '{name}' in {where}",
            "zh": "{where} 缺少必需的键 '{name}'",
        },
        "required_top": {
            "en": "missing required top-level key '{name}'",
            "zh": "缺少必需的顶层键 '{name}'",
        },
        "required_one_of": {
            "en": "missing required key in {where}: one of {keys}",
            "zh": "{where} 至少需要以下键之一：{keys}",
        },
        "unknown_key": {
            "en": "unknown key '{name}' in {where}",
            "zh": "{where} 中有未知的键 '{name}'",
        },
        "unknown_key_top": {
            "en": "unknown top-level key '{name}'",
            "zh": "未知的顶层键 '{name}'",
        },
        "did_you_mean_key": {
            "en": "did you mean '{suggestion}'?{extensions}",
            "zh": "是否想写 '{suggestion}'？{extensions}",
        },
        "moved_key": {
            "en": "'{name}' belongs in {where}; move it there.{extensions}",
            "zh": "'{name}' 应写在 {where} 中，请移到那里。{extensions}",
        },
        "allowed_keys": {
            "en": "allowed keys here: {allowed}.{extensions}",
            "zh": "此处允许的键：{allowed}。{extensions}",
        },
        "type": {
            "en": "expected {expected}, got {actual} {value}",
            "zh": "类型应为 {expected}，实际为 {actual} {value}",
        },
        "yaml_version": {
            "en": "YAML 1.1 reads `{raw}` as {value}, editors and YAML 1.2 as {other}; write {fix}",
            "zh": "YAML 1.1 把 `{raw}` 读成 {value}，编辑器和 YAML 1.2 读成 {other}；请写成 {fix}",
        },
        "yaml_quote": {
            "en": 'YAML read `{raw}` as {value}; put it in quotes: "{raw}"',
            "zh": 'YAML 把 `{raw}` 读成了 {value}；请加引号："{raw}"',
        },
        "enum": {
            "en": "{value} is not one of: {allowed}",
            "zh": "{value} 不是允许的值之一：{allowed}",
        },
        "did_you_mean": {
            "en": "did you mean {suggestion}?",
            "zh": "是否想写 {suggestion}？",
        },
        "const": {
            "en": "expected {expected}, got {value}",
            "zh": "应为 {expected}，实际为 {value}",
        },
        "pattern": {
            "en": "{value} does not match the pattern {pattern}",
            "zh": "{value} 不符合格式 {pattern}",
        },
        "format": {
            "en": "{value} is not a valid {format}",
            "zh": "{value} 不是有效的 {format}",
        },
        "regex_hint": {
            "en": "RE2 says: {reason}. Patterns run on RE2, in linear time: no lookaround ((?=, (?!) and no backreferences (\\1); use not_matches or not instead",
            "zh": "RE2 报告：{reason}。正则表达式由 RE2 以线性时间执行：不支持环视（(?=、(?!）和反向引用（\\1）；请改用 not_matches 或 not",
        },
        "format_example": {
            "en": "write it like {example}",
            "zh": "请写成 {example} 这样的形式",
        },
        "minimum": {
            "en": "{value} is less than the minimum {limit}",
            "zh": "{value} 小于最小值 {limit}",
        },
        "maximum": {
            "en": "{value} is greater than the maximum {limit}",
            "zh": "{value} 大于最大值 {limit}",
        },
        "min_length": {
            "en": "{value} is too short: at least {limit} character(s)",
            "zh": "{value} 太短：至少 {limit} 个字符",
        },
        "more_unknown_keys": {
            "en": "{count} more unknown keys in {where} are not shown",
            "zh": "{where} 中另有 {count} 个未知的键未列出",
        },
        "more_problems": {
            "en": "{count} more problems in this file are not shown; fix the ones above and run again",
            "zh": "此文件另有 {count} 处问题未列出；请先修正以上问题再运行",
        },
        "schema": {
            "en": "schema error: {detail}",
            "zh": "结构错误：{detail}",
        },
        "duplicate_id": {
            "en": "duplicate id {id} in {collection}, first used at line {line}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在第 {line} 行",
        },
        "duplicate_id_other_file": {
            "en": "duplicate id {id} in {collection}, first used at {location}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在 {location}",
        },
        "unknown_ref": {
            "en": "{target} is not an id in {collection}",
            "zh": "{collection} 中没有 id {target}",
        },
        "self_ref": {
            "en": "{target} refers to itself; name another element of {collection}",
            "zh": "{target} 引用了自身；请填写 {collection} 中的其他元素",
        },
        "known_ids": {
            "en": "known ids: {ids}",
            "zh": "已有的 id：{ids}",
        },
        "no_ids": {
            "en": "{collection} defines no ids",
            "zh": "{collection} 中没有定义任何 id",
        },
    }
)

# Lists whose elements carry an `id`, by their path in the description.
DEPARTMENTS = ("organization", "departments")
WINDOWS = ("organization", "windows")
PROCESSES = ("processes",)
STAFF = ("staffing", "staff")
ID_COLLECTIONS: tuple[tuple[str, ...], ...] = (DEPARTMENTS, WINDOWS, PROCESSES, STAFF)

# Where references are written ("*" = every element of a list) → the list they point into.
REFERENCES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("processes", "*", "department"), DEPARTMENTS),
    (("processes", "*", "windows", "*"), WINDOWS),
    (("processes", "*", "linked", "*"), PROCESSES),
    (("organization", "windows", "*", "departments", "*"), DEPARTMENTS),
    (("organization", "digital", "platform", "connected_departments", "*"), DEPARTMENTS),
    (("staffing", "staff", "*", "department"), DEPARTMENTS),
    (("staffing", "staff", "*", "window"), WINDOWS),
    (("staffing", "staff", "*", "backup"), STAFF),
)

YAML_TYPE_NAMES = {"object": "mapping", "array": "list"}
# bool before int: True is an int to Python, a boolean to YAML.
PYTHON_TYPE_NAMES = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (dict, "mapping"),
    (list, "list"),
)
FORMAT_EXAMPLES = {"date": "2026-10-01"}
MAX_LISTED = 10
MAX_PROBLEMS = 100  # reported per file; the rest are counted


class CompiledSchema:
    """A JSON Schema compiled once per run, two ways: jsonschema_rs (compiled Rust) decides
    whether a document is valid; only an invalid one goes through jsonschema's
    ``iter_errors``, whose errors become the positioned messages users see."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        format_checker: FormatChecker | None | Literal["default"] = "default",
        formats: Mapping[str, Callable[[str], bool]] | None = None,
    ):
        """``format_checker``: jsonschema's (the draft's own by default; None checks no
        format); ``formats``: the same checks for jsonschema_rs, where they differ from its own."""
        import jsonschema_rs

        self.schema, self._format_checker = schema, format_checker
        try:
            self._fast: Any = jsonschema_rs.validator_for(
                dict(schema), validate_formats=format_checker is not None, formats=dict(formats or {})
            )
        except (TypeError, ValueError):
            self._fast = None  # a schema jsonschema_rs refuses: jsonschema alone decides, as before

    def is_valid(self, data: Any) -> bool:
        if self._fast is None:
            return not any(True for _error in self.validator.iter_errors(data))
        try:
            return bool(self._fast.is_valid(data))
        except (TypeError, ValueError, OverflowError):
            return False  # a value jsonschema_rs cannot take (a huge integer): let jsonschema decide

    @cached_property
    def validator(self) -> Validator:
        """jsonschema's validator, built only when a document is invalid."""
        from jsonschema import Draft202012Validator

        checker = Draft202012Validator.FORMAT_CHECKER if self._format_checker == "default" else self._format_checker
        return Draft202012Validator(self.schema, format_checker=checker)


@cache
def center_validator() -> CompiledSchema:
    return CompiledSchema(center_schema())


def validate_center(doc: Document) -> list[Problem]:
    """Every schema, id and reference problem in ``doc``, sorted by location."""
    found = [*_schema_problems(doc, center_validator()), *_id_problems(doc)]
    placed = {problem.pointer for problem in found}
    return _sorted_unique(found + [p for p in _yaml_version_problems(doc) if p.pointer not in placed])


# YAML 1.1 (svcstd's reader, like PyYAML) and YAML 1.2 (editors, check-jsonschema) read some
# plain scalars differently. Where the schema wants a string the type error explains it;
# where it wants a boolean or a number both would pass, each with its own meaning, so
# svcstd refuses these spellings and editors and svcstd give one verdict.
_YAML11_BOOLEAN = re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF")
_YAML12_INTEGER = re.compile(r"[-+]?[0-9]+|0x[0-9a-fA-F]+")


def _yaml_version_problems(doc: Document) -> Iterator[Problem]:
    for ptr, raw in (doc.ambiguous or {}).items():
        value = _value_at(doc.data, ptr)
        if isinstance(value, bool) and _YAML11_BOOLEAN.fullmatch(raw):
            fix = json.dumps(value)
        elif isinstance(value, int) and not isinstance(value, bool) and _yaml12_integer(raw) != value:
            fix = f'{value} (or "{raw}")'
        else:
            continue
        other = f'"{raw}"' if not _YAML12_INTEGER.fullmatch(raw) else str(_yaml12_integer(raw))
        yield doc.problem(ptr, MESSAGES("yaml_version", raw=raw, value=_show(value), other=other, fix=fix))


def _yaml12_integer(raw: str) -> int | None:
    """What YAML 1.2's core schema makes of ``raw`` as an integer (None: not one)."""
    if not _YAML12_INTEGER.fullmatch(raw):
        return None
    return int(raw, 16) if raw.startswith("0x") else int(raw)


def _value_at(data: Any, ptr: str) -> Any:
    for token in (unescape_token(t) for t in ptr.split("/")[1:]):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def schema_problems(doc: Document, schema: CompiledSchema) -> list[Problem]:
    """Every problem ``schema`` finds in ``doc`` (any schema: centers, rulesets, ...)."""
    return _sorted_unique(list(_schema_problems(doc, schema)))


def _sorted_unique(found: list[Problem]) -> list[Problem]:
    """The problems sorted, without repeats, the first :data:`MAX_PROBLEMS` of each file
    and then how many more that file has."""
    unique = {(problem.pointer, problem.message.render("en")): problem for problem in found}
    ordered = sorted(unique.values(), key=lambda problem: (problem.location, problem.pointer or ""))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    shown: list[Problem] = []
    counts: Counter[str] = Counter()
    for problem in ordered:
        if problem.location.line == 0:  # a count of problems not shown: always shown
            shown.append(problem)
            continue
        counts[problem.location.file] += 1
        if counts[problem.location.file] <= MAX_PROBLEMS:
            shown.append(problem)
    more = [
        Problem(Location.argument(file), MESSAGES("more_problems", count=count - MAX_PROBLEMS))
        for file, count in counts.items()
        if count > MAX_PROBLEMS
    ]
    return shown + more


# --- schema errors -------------------------------------------------------------------------


def _schema_problems(doc: Document, schema: CompiledSchema) -> Iterator[Problem]:
    if schema.is_valid(doc.data):
        return
    for error in schema.validator.iter_errors(doc.data):
        yield from _describe(error, doc)


def _describe(error: ValidationError, doc: Document) -> Iterator[Problem]:
    describer = DESCRIBERS.get(str(error.validator), _other)
    return describer(error, doc)


def _value(error: ValidationError) -> Any:
    """The schema value the failed keyword had (jsonschema types it loosely)."""
    return error.validator_value


def _schema(error: ValidationError) -> Mapping[str, Any]:
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def _pointer_of(error: ValidationError) -> str:
    return pointer(error.absolute_path)


def _required(error: ValidationError, doc: Document) -> Iterator[Problem]:
    # jsonschema reports each missing key as its own error; report them all here and
    # let validate_center drop the repeats.
    ptr = _pointer_of(error)
    instance: Any = error.instance
    for key in _value(error):
        if key not in instance:
            if ptr:
                yield doc.problem(ptr, MESSAGES("required", name=key, where=ptr))
            else:
                yield doc.problem(ptr, MESSAGES("required_top", name=key))


def _unknown_keys(error: ValidationError, doc: Document) -> Iterator[Problem]:
    allowed = sorted(_schema(error).get("properties", {}))
    patterns = list(_schema(error).get("patternProperties", {}))
    ptr = _pointer_of(error)
    instance: Any = error.instance
    unknown = [str(key) for key in instance if not _known(str(key), allowed, patterns)]
    for name in unknown[:MAX_PROBLEMS]:
        message = MESSAGES("unknown_key", name=name, where=ptr) if ptr else MESSAGES("unknown_key_top", name=name)
        at = pointer([*error.absolute_path, name])
        moved = _center_key_homes().get(name, ()) if _is_center(doc) else ()
        yield Problem(doc.key_location(at), message, at, _key_hint(name, allowed, "^x-" in patterns, moved))
    if len(unknown) > MAX_PROBLEMS:  # described one by one, 300,000 keys would take minutes
        message = MESSAGES("more_unknown_keys", count=len(unknown) - MAX_PROBLEMS, where=ptr or "/")
        yield Problem(Location.argument(doc.source), message)


def _known(name: str, allowed: list[str], patterns: list[str]) -> bool:
    return name in allowed or any(re.search(pattern, name) for pattern in patterns)


_EXTENSIONS = {"en": " Keys starting with x- are free extensions.", "zh": "以 x- 开头的键可自由扩展。"}


def _key_hint(key: str, allowed: list[str], extensions: bool, homes: Sequence[str] = ()) -> Message:
    """Did-you-mean (or where in a center description the key belongs, or the allowed keys),
    and, where the schema allows them, that x- keys are free."""
    close = nearest(key, allowed)
    if close:
        template, params = MESSAGES("did_you_mean_key").template, {"suggestion": close[0]}
    elif homes:
        template, params = MESSAGES("moved_key").template, {"name": key, "where": " / ".join(homes)}
    else:
        template, params = MESSAGES("allowed_keys").template, {"allowed": ", ".join(allowed)}
    return Message(
        {
            lang: text.replace("{extensions}", _EXTENSIONS[lang] if extensions else "")
            for lang, text in template.items()
        },
        tuple(sorted(params.items())),
    )


def _is_center(doc: Document) -> bool:
    """Whether ``doc`` is a center description (rulesets and other files have their own keys)."""
    return isinstance(doc.data, dict) and "svcstd" in doc.data


@cache
def _center_key_homes() -> dict[str, tuple[str, ...]]:
    """Every key of the center schema → the places it may be written (``processes[].guide.phones``),
    so a key written in the wrong place (or where an older layout had it) is sent home."""
    schema = center_schema()
    homes: dict[str, list[str]] = {}

    def walk(node: Mapping[str, Any], where: str, seen: frozenset[str]) -> None:
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in seen:
                return
            node, seen = schema["$defs"][name], seen | {name}
        for key, child in node.get("properties", {}).items():
            path = f"{where}.{key}" if where else key
            homes.setdefault(key, []).append(path)
            walk(child, path, seen)
        if isinstance(node.get("items"), Mapping):
            walk(node["items"], f"{where}[]", seen)

    walk(schema, "", frozenset())
    return {key: tuple(paths) for key, paths in homes.items() if len(paths) <= 3}


def _type(error: ValidationError, doc: Document) -> Iterator[Problem]:
    yield _type_problem(error, doc, _as_list(_value(error)))


def _as_list(types: str | list[str]) -> list[str]:
    return [types] if isinstance(types, str) else list(types)


def _type_problem(error: ValidationError, doc: Document, expected: list[str]) -> Problem:
    ptr = _pointer_of(error)
    message = MESSAGES(
        "type",
        expected=" | ".join(YAML_TYPE_NAMES.get(name, name) for name in expected),
        actual=_type_name(error.instance),
        value=_show(error.instance),
    )
    return doc.problem(ptr, message, _yaml_hint(doc, ptr, error.instance, {"type": expected}))


def _enum(error: ValidationError, doc: Document) -> Iterator[Problem]:
    allowed = _value(error)
    message = MESSAGES("enum", value=_show(error.instance), allowed=", ".join(str(value) for value in allowed))
    hint = _value_hint(error.instance, [value for value in allowed if isinstance(value, str)])
    yield doc.problem(_pointer_of(error), message, hint)


def _value_hint(value: Any, candidates: list[str]) -> Message | None:
    if not isinstance(value, str):
        return None
    close = nearest(value, candidates)
    return MESSAGES("did_you_mean", suggestion=_show(close[0])) if close else None


def _const(error: ValidationError, doc: Document) -> Iterator[Problem]:
    expected = _value(error)
    ptr = _pointer_of(error)
    message = MESSAGES("const", expected=_show(expected), value=_show(error.instance))
    yield doc.problem(ptr, message, _yaml_hint(doc, ptr, error.instance, {"const": expected}))


def _pattern(error: ValidationError, doc: Document) -> Iterator[Problem]:
    message = MESSAGES("pattern", value=_show(error.instance), pattern=_value(error))
    yield doc.problem(_pointer_of(error), message)


def _format(error: ValidationError, doc: Document) -> Iterator[Problem]:
    name = _value(error)
    message = MESSAGES("format", value=_show(error.instance), format=name)
    example = FORMAT_EXAMPLES.get(name)
    hint = MESSAGES("format_example", example=example) if example else None
    if name == "regex":
        hint = MESSAGES("regex_hint", reason=error.cause or "")
    yield doc.problem(_pointer_of(error), message, hint)


def _limit(key: str) -> Callable[[ValidationError, Document], Iterator[Problem]]:
    def describe(error: ValidationError, doc: Document) -> Iterator[Problem]:
        message = MESSAGES(key, value=_show(error.instance), limit=_value(error))
        yield doc.problem(_pointer_of(error), message)

    return describe


def _alternatives(error: ValidationError, doc: Document) -> Iterator[Problem]:
    """anyOf / oneOf: explain the branch the value was meant for, via best_match.

    A branch whose type the value does not even have is not what the author meant,
    unless no branch has the value's type: then the problem is the type itself.
    """
    wrong_type = {
        branch.relative_schema_path[0]
        for branch in error.context
        if branch.validator == "type" and not branch.relative_path
    }
    meant = [branch for branch in error.context if branch.relative_schema_path[0] not in wrong_type]
    # A branch whose keys the value lacks, or whose keys it does not have, is another shape,
    # when some branch fits its keys.
    shape = ("required", "additionalProperties")
    lacking = {b.relative_schema_path[0] for b in meant if b.validator in shape and not b.relative_path}
    meant = [branch for branch in meant if branch.relative_schema_path[0] not in lacking] or meant
    if not meant:
        expected = [name for branch in error.context for name in _as_list(_value(branch))]
        yield _type_problem(error, doc, expected)
    elif all(branch.validator == "required" and not branch.relative_path for branch in meant):
        ptr = _pointer_of(error)
        keys = ", ".join(f"'{key}'" for branch in meant for key in _value(branch))
        yield doc.problem(ptr, MESSAGES("required_one_of", where=ptr, keys=keys))
    else:
        from jsonschema.exceptions import best_match

        yield from _describe(best_match(meant), doc)


def _other(error: ValidationError, doc: Document) -> Iterator[Problem]:
    yield doc.problem(_pointer_of(error), MESSAGES("schema", detail=error.message))


DESCRIBERS: dict[str, Callable[[ValidationError, Document], Iterator[Problem]]] = {
    "required": _required,
    "additionalProperties": _unknown_keys,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minimum": _limit("minimum"),
    "maximum": _limit("maximum"),
    "minLength": _limit("min_length"),
    "anyOf": _alternatives,
    "oneOf": _alternatives,
}


def _yaml_hint(doc: Document, ptr: str, value: Any, accepts: dict[str, Any]) -> Message | None:
    """Explain a YAML 1.1 surprise when the source text, quoted, would have been accepted."""
    raw = doc.raw.get(ptr)
    from jsonschema import Draft202012Validator

    if raw is None or not Draft202012Validator(accepts).is_valid(raw):
        return None
    return MESSAGES("yaml_quote", raw=raw, value=_show(value))


def _type_name(value: Any) -> str:
    return next((name for kind, name in PYTHON_TYPE_NAMES if isinstance(value, kind)), "null")


def _show(value: Any, limit: int = 40) -> str:
    """A value as the user would recognize it, JSON-style, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- ids and references -------------------------------------------------------------------


def _id_problems(doc: Document) -> Iterator[Problem]:
    """Duplicate ids, then references that do not resolve.

    Ill-typed parts are left to the schema errors: a reference that is not a string, or
    one into a collection that is not a list, is not checked.
    """
    known: dict[tuple[str, ...], dict[str, str]] = {}
    for collection in ID_COLLECTIONS:
        known[collection], duplicates = _index_ids(doc, collection)
        yield from duplicates
    for path, collection in REFERENCES:
        if _ill_typed(doc.data, collection):
            continue
        for tokens, target in _walk(doc.data, path):
            if isinstance(target, str):
                yield from _check_reference(doc, tokens, target, collection, known[collection])


def _ill_typed(data: Any, collection: tuple[str, ...]) -> bool:
    return any(not isinstance(value, list) for _, value in _walk(data, collection))


def _index_ids(doc: Document, collection: tuple[str, ...]) -> tuple[dict[str, str], list[Problem]]:
    """{id: pointer of its first use} for ``collection``, and a problem per repeated id."""
    first: dict[str, str] = {}
    duplicates: list[Problem] = []
    for tokens, value in _walk(doc.data, (*collection, "*", "id")):
        if not isinstance(value, str) or not value:
            continue
        ptr = pointer(tokens)
        if value in first:
            duplicates.append(_duplicate(doc, ptr, value, collection, first[value]))
        else:
            first[value] = ptr
    return first, duplicates


def _duplicate(doc: Document, ptr: str, value: str, collection: tuple[str, ...], first_ptr: str) -> Problem:
    _, here = doc.locate(ptr)
    _, first = doc.locate(first_ptr)
    params = {"id": _show(value), "collection": ".".join(collection)}
    if first.file == here.file:
        message = MESSAGES("duplicate_id", line=first.line, **params)
    else:
        message = MESSAGES("duplicate_id_other_file", location=str(first), **params)
    return doc.problem(ptr, message)


def _check_reference(
    doc: Document,
    tokens: tuple[str | int, ...],
    target: str,
    collection: tuple[str, ...],
    ids: dict[str, str],
) -> Iterator[Problem]:
    ptr = pointer(tokens)
    name = ".".join(collection)
    if target not in ids:
        message = MESSAGES("unknown_ref", target=_show(target), collection=name)
        yield doc.problem(ptr, message, _id_hint(target, ids, name))
    elif _owner_id_pointer(tokens, collection) == ids[target]:
        yield doc.problem(ptr, MESSAGES("self_ref", target=_show(target), collection=name))


def _owner_id_pointer(tokens: tuple[str | int, ...], collection: tuple[str, ...]) -> str | None:
    """The pointer of the id of the element of ``collection`` holding the reference, if any."""
    depth = len(collection)
    if tokens[:depth] != collection:
        return None
    return pointer((*tokens[: depth + 1], "id"))


def _id_hint(target: str, ids: dict[str, str], collection: str) -> Message:
    if not ids:
        return MESSAGES("no_ids", collection=collection)
    close = nearest(target, ids)
    if close:
        return MESSAGES("did_you_mean", suggestion=_show(close[0]))
    listed = [_show(known) for known in list(ids)[:MAX_LISTED]]
    if len(ids) > MAX_LISTED:
        listed.append("…")
    return MESSAGES("known_ids", ids=", ".join(listed))


def _walk(
    node: Any, path: Sequence[str], tokens: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Values at ``path`` ("*": every list element) and their tokens; other shapes give none."""
    if not path:
        yield tokens, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*tokens, index))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*tokens, head))
