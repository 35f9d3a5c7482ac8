"""The one way text reaches a terminal.

Every console svcstd prints through reads no markup (``[link=…]``), no emoji codes
(``:100:``) and highlights nothing in the text, and shows control characters (ESC, OSC,
C0, C1, bidirectional overrides) as visible escapes such as ``\\x1b``: text from a
description is data, never an instruction to the terminal.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from rich.console import Console

# Tab and newline lay text out; every other control character is shown, not obeyed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with each control character replaced by its escape (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@cache
def _console_class() -> type[Console]:
    """A rich console whose output segments carry no control character but its own styles
    (rich is imported only when something is printed with it)."""
    from rich.console import Console, RenderableType
    from rich.segment import Segment

    class _Console(Console):
        def render(self, renderable: RenderableType, options: Any = None) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control or not _CONTROL.search(segment.text):
                    yield segment
                else:
                    yield Segment(visible(segment.text), segment.style)

    return _Console


def console(*, stderr: bool = False, color: bool = True, **options: Any) -> Console:
    """A console for stdout or stderr; NO_COLOR is honoured."""
    return _console_class()(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
        no_color=not color or "NO_COLOR" in os.environ,
        **options,
    )


def json_text(data: Any) -> str:
    """``data`` as indented JSON in which C1 and bidirectional controls, which ``json``
    leaves raw outside ASCII, are ``\\u`` escapes too: the same data, nothing a terminal obeys.

    orjson writes the bytes of ``json.dumps(data, ensure_ascii=False, indent=2)``, many
    times faster; json itself takes what orjson refuses (integers beyond 64 bits)."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def echo(text: str, *, err: bool = False) -> None:
    """One plain line (or several) on stdout or stderr."""
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(text) + "\n")
    stream.flush()
