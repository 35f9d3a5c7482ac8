"""What conditions are made of: the evaluation context, failures, arguments (constants,
parameters, fields of the subject) and the comparison of like with like."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from svcstd.i18n import LANGS, Message
from svcstd.rules import paths
from svcstd.rules.messages import MESSAGES
from svcstd.rules.paths import MISSING

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class EvalError(Exception):
    """A condition that cannot be evaluated on this input (the rule's status is ``error``)."""

    def __init__(self, message: Message):
        super().__init__(message.render("en"))
        self.message = message


class Context(NamedTuple):
    """What conditions read besides their subject."""

    root: Any
    params: Mapping[str, Any]
    as_of: date
    level: str | None = None
    langs: tuple[str, ...] = LANGS  # the languages findings are rendered in: only those shown


class Failure(NamedTuple):
    """Why a condition does not hold: where, the value seen, what was expected (a tuple,
    made for every failing test of every subject)."""

    pointer: str
    detail: Message
    actual: Any = None
    expected: Any = None
    missing: bool = False  # the information is absent (no evidence), not present and wrong


Condition = Callable[[Any, str, Context], "Failure | None"]


# ``{param.NAME}`` in a fix text (remediation): replaced by the value for the center's level.
PARAM_FIELD = re.compile(r"\{param\.([A-Za-z_][A-Za-z0-9_]*)\}")


def fill_params(text: str, values: Mapping[str, Any], lang: str) -> str:
    """``text`` with each ``{param.NAME}`` replaced by its value; other braces stay as written."""
    return PARAM_FIELD.sub(lambda match: show_in(values.get(match.group(1)), lang), text)


def bare_names(text: str, names: Iterable[str]) -> list[str]:
    """Parameter names written as plain words in ``text`` (not ``{param.NAME}``, not a
    `code span`, which names a field of the description)."""
    plain = re.sub(r"`[^`]*`", "", PARAM_FIELD.sub("", text))
    return [name for name in names if re.search(rf"(?<![A-Za-z0-9_.]){re.escape(name)}(?![A-Za-z0-9_])", plain)]


def show_in(value: Any, lang: str) -> str:
    """A value inside a sentence: an absent one in words ("not stated"), never a dash."""
    return MESSAGES.text("not_stated", lang) if value is MISSING or value is None else show(value)


def said(value: Any) -> str | Message:
    """A value for a message parameter: an absent one as words, rendered in the message's language."""
    return MESSAGES("not_stated") if value is MISSING or value is None else show(value)


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


# Arguments --------------------------------------------------------------------------

Argument = Callable[[Any, str, Context], Any]


def compile_argument(spec: Any) -> tuple[Argument, str | None]:
    """An argument's getter, and the name it has in messages (a parameter or path)."""
    if isinstance(spec, Mapping) and "param" in spec:
        name = spec["param"]
        return (lambda _s, _p, ctx: param_value(ctx, name)), name
    if isinstance(spec, Mapping) and "plus" in spec:
        # A sum of two fields: {path: rectified, plus: {path: pending_in_deadline}}.
        get_first, first_name = compile_argument({key: value for key, value in spec.items() if key != "plus"})
        get_second, second_name = compile_argument(spec["plus"])

        def summed(s: Any, p: str, ctx: Context) -> Any:
            first, second = get_first(s, p, ctx), get_second(s, p, ctx)
            numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, second))
            return first + second if numeric else MISSING

        return summed, f"{first_name} + {second_name}"
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
        raise EvalError(MESSAGES("no_param", name=name, level=ctx.level or "—"))
    return value


def expected_text(value: Any, name: str | None) -> str | Message:
    if value is MISSING or value is None:
        return MESSAGES("named", value=said(value), name=name) if name else said(value)
    return f"{show(value)} ({name})" if name else show(value)


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
        raise EvalError(MESSAGES("bad_type", path=label, actual=show(value), expected=show(expected)))
    try:
        return compare(value, expected)
    except TypeError as error:
        raise EvalError(MESSAGES("bad_type", path=label, actual=show(value), expected=show(expected))) from error
