"""Paths of the rule language: ``processes[*].materials[0].name``, ``$.center.level``.

A path is dotted field names, each optionally followed by ``[*]`` (every element) or
``[N]`` (one element). A path that starts with ``$.`` (or is ``$``) is read from the
document root; any other path from the rule's current subject; ``@`` is the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    text: str
    absolute: bool
    steps: tuple[str | int, ...]  # field names, element indexes, or WILDCARD

    @property
    def multi(self) -> bool:
        """Whether the path can reach several values (it has a ``[*]``)."""
        return WILDCARD in self.steps


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


def _step(value: Any, step: str | int) -> Any:
    if isinstance(step, str):
        return value.get(step, MISSING) if isinstance(value, dict) else MISSING
    if isinstance(value, list) and 0 <= step < len(value):
        return value[step]
    return MISSING


def resolve(path: Path, subject: Any, subject_ptr: str, root: Any) -> list[tuple[str, Any]]:
    """Every (JSON pointer, value) the path reaches.

    A path without wildcards gives exactly one pair, whose value may be :data:`MISSING`;
    its pointer then names where the value would be. A wildcard over something that is
    not a list contributes nothing.
    """
    current = [("", root)] if path.absolute else [(subject_ptr, subject)]
    for step in path.steps:
        following: list[tuple[str, Any]] = []
        for ptr, value in current:
            if step == WILDCARD:
                if isinstance(value, list):
                    following.extend((f"{ptr}/{i}", item) for i, item in enumerate(value))
            else:
                following.append((f"{ptr}/{escape_token(step)}", _step(value, step)))
        current = following
    return current


def get(path: Path, subject: Any, subject_ptr: str, root: Any) -> tuple[str, Any]:
    """The single (pointer, value) of a path without wildcards."""
    return resolve(path, subject, subject_ptr, root)[0]
