"""User-facing text in Chinese and English.

Each package keeps its texts in one :class:`Catalog`, ``MESSAGES`` in its ``messages.py``;
a :class:`Message` is a key plus parameters that is rendered only when shown, so errors
and findings can be created before the output language is known.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("zh", "en")

# Text that exists in both languages: {"zh": ..., "en": ...}, or one plain string used for both.
LocalText = str | Mapping[str, str]


def char_width(char: str) -> int:
    """Columns a character takes on a terminal or in a spreadsheet: a CJK character two."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def pick(text: LocalText | None, lang: str) -> str:
    """Return ``text`` in ``lang``, falling back to the other language, then to ''."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or next((text[other] for other in LANGS if text.get(other)), "")


@dataclass(frozen=True)
class Message:
    """A catalog entry with its parameters, rendered on demand.

    A verbatim message holds text that is already final (a finding rendered from a
    ruleset's template and a description's values): it is shown as it is, never
    formatted again, so ``{`` and ``}`` in the data stay what they are.
    """

    template: Mapping[str, str]
    params: tuple[tuple[str, Any], ...] = ()
    verbatim: bool = False

    @classmethod
    def text(cls, texts: Mapping[str, str]) -> Message:
        """Final text in each language, shown as it is."""
        return cls(texts, verbatim=True)

    def render(self, lang: str) -> str:
        """The text in ``lang``; parameters that are messages themselves are rendered in it too."""
        text = pick(self.template, lang)
        if self.verbatim:
            return text
        params = {name: value.render(lang) if isinstance(value, Message) else value for name, value in self.params}
        return text.format(**params)


class Catalog:
    """A module's messages, keyed by name, each in every language of :data:`LANGS`."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]], *, base: Catalog | None = None):
        """``base``: a shared catalog whose entries this one adds to (or overrides)."""
        for key, template in entries.items():
            missing = [lang for lang in LANGS if lang not in template]
            if missing:
                raise ValueError(f"message {key!r} lacks {missing}")
        self._entries: dict[str, Mapping[str, str]] = {**(base._entries if base else {}), **entries}

    # The entry's name is positional-only, so that a message may have a parameter "key".
    def __call__(self, name: str, /, **params: Any) -> Message:
        return Message(self._entries[name], tuple(sorted(params.items())))

    def text(self, name: str, lang: str, /, **params: Any) -> str:
        return self(name, **params).render(lang)

    def __contains__(self, name: object) -> bool:
        return name in self._entries
