"""Paths of the rule language: ``processes[*].materials[0].name``, ``$.center.level``.

A path is dotted field names, each optionally followed by ``[*]`` (every element) or
``[N]`` (one element). A path that starts with ``$.`` (or is ``$``) is read from the
document root; any other path from the rule's current subject; ``@`` is the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from svcstd.document import escape_token

_SEGMENT = re.compile(r"([A-Za-z_][\w-]*)((?:\[(?:\*|\d+)\])*)")
_INDEX = re.compile(r"\[(\*|\d+)\]")
WILDCARD = "*"


class Missing:
    """The value of a path that leads nowhere (distinct from an explicit null)."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


class PathSyntaxError(ValueError):
    """A path string that is not of the form described in this module."""


@dataclass(frozen=True)
class Path:
    """A compiled path of the rule language (``processes[*].materials[0].name``, ``$.center.level``)."""

    text: str
    absolute: bool
    steps: tuple[str | int, ...]  # field names, element indexes, or WILDCARD
    # Each step's pointer token ("/name", "/0"; "" for a wildcard), escaped once here rather
    # than on every value the path reaches.
    tokens: tuple[str, ...] = field(init=False, repr=False, compare=False)
    suffix: str = field(init=False, repr=False, compare=False)  # the tokens joined (no wildcard)
    multi: bool = field(init=False, repr=False, compare=False)  # it has a ``[*]``: several values

    def __post_init__(self) -> None:
        tokens = tuple("" if step == WILDCARD else "/" + escape_token(step) for step in self.steps)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "suffix", "".join(tokens))
        object.__setattr__(self, "multi", WILDCARD in self.steps)

    def pointer_from(self, subject_ptr: str) -> str:
        """Where a path without wildcards leads from the subject at ``subject_ptr``."""
        return self.suffix if self.absolute else subject_ptr + self.suffix


@lru_cache(maxsize=4096)
def parse(text: str) -> Path:
    """Parse ``text`` into a :class:`Path`; raise :class:`PathSyntaxError` if malformed."""
    absolute = text == "$" or text.startswith("$.")
    body = text[2:] if text.startswith("$.") else ("" if text in ("$", "@") else text)
    steps: list[str | int] = []
    if body:
        for segment in body.split("."):
            match = _SEGMENT.fullmatch(segment)
            if not match:
                raise PathSyntaxError(f"malformed path {text!r} at {segment!r}")
            steps.append(match.group(1))
            for index in _INDEX.findall(match.group(2)):
                steps.append(WILDCARD if index == WILDCARD else int(index))
    return Path(text, absolute, tuple(steps))


def resolve(path: Path, subject: Any, subject_ptr: str, root: Any) -> list[tuple[str, Any]]:
    """Every (JSON pointer, value) the path reaches.

    A path without wildcards gives exactly one pair, whose value may be :data:`MISSING`;
    its pointer then names where the value would be. A wildcard over something that is
    not a list contributes nothing.
    """
    if not path.multi:
        return [get(path, subject, subject_ptr, root)]
    return _resolve_many(path, subject, subject_ptr, root)


def _resolve_many(path: Path, subject: Any, subject_ptr: str, root: Any) -> list[tuple[str, Any]]:
    current = [("", root)] if path.absolute else [(subject_ptr, subject)]
    for step, token in zip(path.steps, path.tokens, strict=True):
        following: list[tuple[str, Any]] = []
        for ptr, value in current:
            if step == WILDCARD:
                if isinstance(value, list):
                    following.extend((f"{ptr}/{i}", item) for i, item in enumerate(value))
            else:
                following.append((ptr + token, _step(value, step)))
        current = following
    return current


def get(path: Path, subject: Any, subject_ptr: str, root: Any) -> tuple[str, Any]:
    """The single (pointer, value) of a path without wildcards (the hot path of every
    test); of a path with one, the first it reaches."""
    if path.multi:
        return _resolve_many(path, subject, subject_ptr, root)[0]
    return path.pointer_from(subject_ptr), value(path, subject, root)


def value(path: Path, subject: Any, root: Any) -> Any:
    """The value a path without wildcards reaches, or :data:`MISSING` (no pointer built)."""
    found = root if path.absolute else subject
    for step in path.steps:
        if isinstance(step, str):
            found = found.get(step, MISSING) if isinstance(found, dict) else MISSING
        elif isinstance(found, list) and 0 <= step < len(found):
            found = found[step]
        else:
            found = MISSING
    return found


def _step(value: Any, step: str | int) -> Any:
    if isinstance(step, str):
        return value.get(step, MISSING) if isinstance(value, dict) else MISSING
    if isinstance(value, list) and 0 <= step < len(value):
        return value[step]
    return MISSING
