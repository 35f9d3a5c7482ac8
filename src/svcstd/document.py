"""A loaded YAML document: plain data plus a position table keyed by JSON pointer.

Positions are kept beside the data, never inside it, so rules and schemas see exactly
what the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from svcstd.errors import Location, Problem
from svcstd.i18n import Message


def escape_token(token: str | int) -> str:
    """Escape one reference token per RFC 6901."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(tokens: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON pointer from path tokens."""
    return "".join("/" + escape_token(token) for token in tokens)


def parent_pointer(ptr: str) -> str:
    return ptr[: ptr.rfind("/")] if ptr else ""


def existing_pointer(data: Any, ptr: str) -> str:
    """The longest prefix of ``ptr`` that exists in ``data`` (findings about something
    missing point at the nearest parent that exists)."""
    found, current = "", data
    for token in (unescape_token(t) for t in ptr.split("/")[1:]):
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            break
        found += "/" + escape_token(token)
    return found


@dataclass
class Document:
    """A YAML input as JSON-compatible data, and where each value came from.

    ``positions`` maps the JSON pointer of every value to its location; for a mapping or
    sequence that is the value of a key, the location of the key. ``keys`` holds the key's
    location for scalar values. ``raw`` keeps the source text of plain scalars that YAML
    resolved to something other than a string (``no``, ``010``, ``1:20``), so validators
    can explain YAML 1.1 surprises; ``ambiguous`` holds those of them that YAML 1.2 may
    read otherwise (not ``true``, ``12`` or ``2026-10-01``), the few a validator checks.
    The loader's tables are looked up in the file's node graph when asked
    (:mod:`svcstd.places`); any mapping will do.
    """

    data: Any
    source: str
    positions: Mapping[str, Location] = field(default_factory=dict)
    raw: Mapping[str, str] = field(default_factory=dict)
    # where the key of a scalar value stands (``nmae: x`` → the ``n``), for problems about keys
    keys: Mapping[str, Location] = field(default_factory=dict)
    ambiguous: Mapping[str, str] = field(default_factory=dict)

    def key_location(self, ptr: str) -> Location:
        """Where the key naming ``ptr`` stands (for a list item or a container: its position)."""
        return self.keys.get(ptr) or self.locate(ptr)[1]

    def problem(self, ptr: str, message: Message, hint: Message | None = None) -> Problem:
        """A problem with the value at ``ptr``, placed where it (or its nearest parent) stands."""
        return Problem(self.locate(ptr)[1], message, ptr, hint)

    def locate(self, ptr: str) -> tuple[str, Location]:
        """The nearest pointer at or above ``ptr`` that has a position, and that position."""
        current = ptr
        while current not in self.positions and current:
            current = parent_pointer(current)
        return current, self.positions.get(current, Location(self.source))
