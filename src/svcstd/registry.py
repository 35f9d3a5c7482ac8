"""Lookup by name, for everything a user names: formats, scoring models, value tests,
rulesets, rules, profiles, standards.

A :class:`Registry` holds named entries; its :meth:`~Registry.get` fails loudly (as
yamllint's ``rules.get`` does): an unknown name is an input error (exit 2) that names the
nearest entries, so a typo gets a "did you mean". :meth:`~Registry.find` is the quiet
lookup. :func:`nearest` is the one did-you-mean of the code base.
"""

from __future__ import annotations

import difflib
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from typing import Generic, TypeVar

from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import LANGS, Catalog, LocalText, Message, pick

T = TypeVar("T")

_ = Catalog(
    {
        # Every parameter is plain text; the kind and the suggestion come in each language.
        "unknown": {
            "zh": "没有{kind_zh} {name}{suggestion_zh}；可用：{known}",
            "en": "no {kind_en} {name}{suggestion_en}; known: {known}",
        },
        "suggestion": {"zh": "（是否想用 {names}？）", "en": " (did you mean {names}?)"},
    }
)

KNOWN_SHOWN = 20  # names listed in the message; a longer registry ends with "…"


def nearest(name: str, candidates: Iterable[str], *, count: int = 1) -> list[str]:
    """The candidates closest to ``name``, closest first (none when nothing is close)."""
    return difflib.get_close_matches(name, list(candidates), n=count)


class Registry(Generic[T]):
    """Named entries of one kind (``kind`` says what they are, in both languages), with
    aliases that resolve to an entry's name."""

    def __init__(self, kind: LocalText, entries: Mapping[str, T], *, aliases: Mapping[str, str] | None = None):
        self.kind = kind
        self._entries = dict(entries)
        self._aliases = dict(aliases or {})

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
        localized = {
            f"{key}_{lang}": value
            for lang in LANGS
            for key, value in (
                ("kind", pick(self.kind, lang)),
                ("suggestion", suggestion.render(lang) if suggestion else ""),
            )
        }
        return _("unknown", name=name, known=shown or "—", **localized)

    def suggestion(self, name: str) -> Message | None:
        """ "Did you mean" with the entries nearest ``name`` (None when nothing is near),
        for a message that says the rest in its own words."""
        close = ", ".join(nearest(name, [*self._entries, *self._aliases], count=3))
        return _("suggestion", names=close) if close else None
