"""Check a document against a JSON Schema, and say what is wrong where.

Used for every schema svcstd reads with: centers, rulesets, waivers, tailoring files,
assessments. :class:`CompiledSchema` decides valid or invalid fast; only an invalid
document's jsonschema errors are described, each as a positioned :class:`Problem` in
Chinese and English (did-you-mean for keys and values, YAML 1.1 surprises explained).
Checks that JSON Schema cannot state (center ids and references) live with their
documents: :mod:`svcstd.validate` for centers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from svcstd.document import Document, pointer
from svcstd.errors import Location, Problem
from svcstd.i18n import Message
from svcstd.messages import MESSAGES
from svcstd.registry import nearest

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# Where each key of a schema may be written (``processes[].guide.phones``), by key name.
KeyHomes = Mapping[str, tuple[str, ...]]
Describer = Callable[["ValidationError", Document, KeyHomes], Iterator[Problem]]

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


def schema_problems(doc: Document, schema: CompiledSchema, *, key_homes: KeyHomes | None = None) -> list[Problem]:
    """Every problem ``schema`` finds in ``doc``, sorted (see :func:`sorted_unique`).
    ``key_homes``: where the schema's keys belong, to send a misplaced key home."""
    return sorted_unique(list(iter_schema_problems(doc, schema, key_homes=key_homes)))


def sorted_unique(found: list[Problem]) -> list[Problem]:
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


# --- describing jsonschema's errors --------------------------------------------------------


def iter_schema_problems(
    doc: Document, schema: CompiledSchema, *, key_homes: KeyHomes | None = None
) -> Iterator[Problem]:
    """The problems of :func:`schema_problems`, unsorted and with repeats."""
    if schema.is_valid(doc.data):
        return
    for error in schema.validator.iter_errors(doc.data):
        yield from _describe(error, doc, key_homes or {})


def _describe(error: ValidationError, doc: Document, homes: KeyHomes) -> Iterator[Problem]:
    describer = DESCRIBERS.get(str(error.validator), _other)
    return describer(error, doc, homes)


def _value(error: ValidationError) -> Any:
    """The schema value the failed keyword had (jsonschema types it loosely)."""
    return error.validator_value


def _schema(error: ValidationError) -> Mapping[str, Any]:
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def _pointer_of(error: ValidationError) -> str:
    return pointer(error.absolute_path)


def _required(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    # jsonschema reports each missing key as its own error; report them all here and
    # let sorted_unique drop the repeats.
    ptr = _pointer_of(error)
    instance: Any = error.instance
    for key in _value(error):
        if key not in instance:
            if ptr:
                yield doc.problem(ptr, MESSAGES("required", name=key, where=ptr))
            else:
                yield doc.problem(ptr, MESSAGES("required_top", name=key))


def _unknown_keys(error: ValidationError, doc: Document, homes: KeyHomes) -> Iterator[Problem]:
    allowed = sorted(_schema(error).get("properties", {}))
    patterns = list(_schema(error).get("patternProperties", {}))
    ptr = _pointer_of(error)
    instance: Any = error.instance
    unknown = [str(key) for key in instance if not _known(str(key), allowed, patterns)]
    for name in unknown[:MAX_PROBLEMS]:
        message = MESSAGES("unknown_key", name=name, where=ptr) if ptr else MESSAGES("unknown_key_top", name=name)
        at = pointer([*error.absolute_path, name])
        moved = homes.get(name, ())
        yield Problem(doc.key_location(at), message, at, _key_hint(name, allowed, "^x-" in patterns, moved))
    if len(unknown) > MAX_PROBLEMS:  # described one by one, 300,000 keys would take minutes
        message = MESSAGES("more_unknown_keys", count=len(unknown) - MAX_PROBLEMS, where=ptr or "/")
        yield Problem(Location.argument(doc.source), message)


def _known(name: str, allowed: list[str], patterns: list[str]) -> bool:
    return name in allowed or any(re.search(pattern, name) for pattern in patterns)


_EXTENSIONS = {"en": " Keys starting with x- are free extensions.", "zh": "以 x- 开头的键可自由扩展。"}


def _key_hint(key: str, allowed: list[str], extensions: bool, homes: Sequence[str] = ()) -> Message:
    """Did-you-mean (or where in the document the key belongs, or the allowed keys),
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


def key_homes(schema: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Every key of ``schema`` → the places it may be written (``processes[].guide.phones``),
    for keys written in at most three places: a key written in the wrong place (or where
    an older layout had it) can then be sent home."""
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


def _type(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    yield _type_problem(error, doc, _as_list(_value(error)))


def _as_list(types: str | list[str]) -> list[str]:
    return [types] if isinstance(types, str) else list(types)


def _type_problem(error: ValidationError, doc: Document, expected: list[str]) -> Problem:
    ptr = _pointer_of(error)
    message = MESSAGES(
        "type",
        expected=" | ".join(YAML_TYPE_NAMES.get(name, name) for name in expected),
        actual=_type_name(error.instance),
        value=show(error.instance),
    )
    return doc.problem(ptr, message, _yaml_hint(doc, ptr, error.instance, {"type": expected}))


def _enum(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    allowed = _value(error)
    message = MESSAGES("enum", value=show(error.instance), allowed=", ".join(str(value) for value in allowed))
    hint = _value_hint(error.instance, [value for value in allowed if isinstance(value, str)])
    yield doc.problem(_pointer_of(error), message, hint)


def _value_hint(value: Any, candidates: list[str]) -> Message | None:
    if not isinstance(value, str):
        return None
    close = nearest(value, candidates)
    return MESSAGES("did_you_mean", suggestion=show(close[0])) if close else None


def _const(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    expected = _value(error)
    ptr = _pointer_of(error)
    message = MESSAGES("const", expected=show(expected), value=show(error.instance))
    yield doc.problem(ptr, message, _yaml_hint(doc, ptr, error.instance, {"const": expected}))


def _pattern(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    message = MESSAGES("pattern", value=show(error.instance), pattern=_value(error))
    yield doc.problem(_pointer_of(error), message)


def _format(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    name = _value(error)
    message = MESSAGES("invalid_format", value=show(error.instance), format=name)
    example = FORMAT_EXAMPLES.get(name)
    hint = MESSAGES("format_example", example=example) if example else None
    if name == "regex":
        hint = MESSAGES("regex_hint", reason=error.cause or "")
    yield doc.problem(_pointer_of(error), message, hint)


def _limit(key: str) -> Describer:
    def describe(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
        message = MESSAGES(key, value=show(error.instance), limit=_value(error))
        yield doc.problem(_pointer_of(error), message)

    return describe


def _alternatives(error: ValidationError, doc: Document, homes: KeyHomes) -> Iterator[Problem]:
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

        yield from _describe(best_match(meant), doc, homes)


def _other(error: ValidationError, doc: Document, _homes: KeyHomes) -> Iterator[Problem]:
    yield doc.problem(_pointer_of(error), MESSAGES("schema", detail=error.message))


DESCRIBERS: dict[str, Describer] = {
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
    return MESSAGES("yaml_quote", raw=raw, value=show(value))


def _type_name(value: Any) -> str:
    return next((name for kind, name in PYTHON_TYPE_NAMES if isinstance(value, kind)), "null")


def show(value: Any, limit: int = 40) -> str:
    """A value as the user would recognize it, JSON-style, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
