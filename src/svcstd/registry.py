"""Lookup by name, for everything a user names: formats, scoring models, value tests,
rulesets, rules, profiles, standards.

A :class:`Registry` holds named entries; its :meth:`~Registry.get` fails loudly (as
yamllint's ``rules.get`` does): an unknown name is an input error (exit 2) that names the
nearest entries, so a typo gets a "did you mean". :meth:`~Registry.find` is the quiet
lookup. :func:`nearest` is the one did-you-mean of the code base.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from typing import Any, Generic, TypeVar

from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import LANGS, LocalText, Message
from svcstd.messages import MESSAGES

T = TypeVar("T")

# The message for an unknown name, given ``name``, ``kind``, ``suggestion`` (a message,
# empty when nothing is near) and ``known`` (the names, as text).
UnknownMessage = Callable[..., Message]
_NO_SUGGESTION = Message.text(dict.fromkeys(LANGS, ""))

KNOWN_SHOWN = 20  # names listed in the message; a longer registry ends with "…"


def nearest(name: str, candidates: Iterable[str], *, count: int = 1) -> list[str]:
    """The candidates closest to ``name``, closest first (none when nothing is close)."""
    return difflib.get_close_matches(name, list(candidates), n=count)


class Registry(Generic[T]):
    """Named entries of one kind (``kind`` says what they are, in both languages), with
    aliases that resolve to an entry's name."""

    def __init__(
        self,
        kind: LocalText,
        entries: Mapping[str, T],
        *,
        aliases: Mapping[str, str] | None = None,
        unknown: UnknownMessage | None = None,
    ):
        """``unknown``: the message for an unknown name, where one kind of entry says it
        in its own words (default: "no KIND NAME (did you mean ...?); known: ...")."""
        self.kind = kind
        self._entries = dict(entries)
        self._aliases = dict(aliases or {})
        self._unknown = unknown or _default_unknown

    def __getitem__(self, name: str) -> T:
        return self._entries[self._aliases.get(name, name)]

    def __contains__(self, name: object) -> bool:
        return name in self._entries or name in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def values(self) -> ValuesView[T]:
        return self._entries.values()

    def items(self) -> ItemsView[str, T]:
        return self._entries.items()

    def find(self, name: str) -> T | None:
        """The entry called ``name`` (or aliased so), or None."""
        key = self._aliases.get(name, name)
        return self._entries.get(key)

    def get(self, name: str, *, where: Location | None = None) -> T:
        """The entry called ``name``; an unknown name is an :class:`InputError` at ``where``
        (default: the command-line argument) naming the nearest entries."""
        found = self.find(name)
        if found is not None:
            return found
        raise InputError([Problem(where or Location.argument(name), self.unknown(name))])

    def unknown(self, name: str) -> Message:
        """The message for an unknown ``name``: what is near it, and what is known."""
        suggestion = self.suggestion(name)
        known = list(self._entries)
        shown = ", ".join(known[:KNOWN_SHOWN]) + (", …" if len(known) > KNOWN_SHOWN else "")
        kind = self.kind if isinstance(self.kind, Mapping) else dict.fromkeys(LANGS, self.kind)
        return self._unknown(
            name=name,
            kind=Message.text(kind),
            suggestion=suggestion or _NO_SUGGESTION,
            known=shown or "—",
        )

    def suggestion(self, name: str) -> Message | None:
        """ "Did you mean" with the entries nearest ``name`` (None when nothing is near),
        for a message that says the rest in its own words."""
        close = ", ".join(nearest(name, [*self._entries, *self._aliases], count=3))
        return MESSAGES("did_you_mean_names", names=close) if close else None


def _default_unknown(**params: Any) -> Message:
    return MESSAGES("unknown_name", **params)
