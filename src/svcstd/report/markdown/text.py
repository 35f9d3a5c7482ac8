"""Markdown text: description text escaped for where it lands, code spans, autolinks, and
a file's place as a link under a link base.

Text from a description (names, messages, file paths) must read literally: inline
Markdown is escaped, '<', '>' and '&' become entities, controls show as U+FFFD, and only
http(s) addresses become links.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from svcstd.report.common import split_urls

# ASCII punctuation that starts inline Markdown (emphasis, links, code, tables, strikethrough,
# GitHub math); '<', '>' and '&' become entities instead.
_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~$])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # shown as U+FFFD, like GitHub shows NUL
# A field name a message quotes (`guide.elements`, `staffing.staff[*]`): only such names
# become code spans; any other backticks, as in a description's text, are escaped.
_CODE = re.compile(r"`([A-Za-z0-9_.\[\]*/-]+)`")
# A field name in a remedy: lower-case words joined by '.' or '_' (promised_days, guide.elements)
_FIELD = re.compile(r"(?<![\w./-])[a-z][a-z0-9]+(?:[._][a-z0-9]+)+(?![\w/-])")


def location(file: str, line: int, column: int | None = None, *, base: str | None = None) -> str:
    """``file:line`` as a link to that line under ``base`` when ``file`` is a relative path,
    else as text: a bare relative link would resolve against the page (a 404 on GitHub)."""
    label = md(f"{file}:{line}" + (f":{column}" if column is not None else ""))
    if base is None or not is_relative_path(file):
        return label
    # Percent-encoding leaves no ':' for a scheme, nor a parenthesis to end the link early.
    anchor = f"#L{line}" if line >= 1 else ""
    return f"[{label}]({base if base.endswith('/') else base + '/'}{quote(file)}{anchor})"


def is_relative_path(file: str) -> bool:
    """A path under the current folder: not absolute, no drive, scheme or host."""
    return bool(file) and not file.startswith(("/", "\\", "~")) and ":" not in file


def md(text: object) -> str:
    """Description text as inline Markdown that reads literally, on one line."""
    return _escape(_one_line(text))


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def inline_html(text: object) -> str:
    """Text for inside an HTML block (``<summary>``), where Markdown escapes do not apply."""
    return html.escape(_one_line(text))


def _one_line(text: object) -> str:
    """Whitespace runs (a newline would end a table row or list item) as one space; no controls."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


def text_with_links(text: str) -> str:
    """Escaped text in which `quoted` field names become code spans and http(s)
    addresses, and only those, autolinks."""
    pieces, start, text = [], 0, _one_line(text)
    for match in _CODE.finditer(text):
        pieces.append(_linked(text[start : match.start()]))
        pieces.append(code(match.group(1)))
        start = match.end()
    pieces.append(_linked(text[start:]))
    return "".join(pieces)


def _linked(text: str) -> str:
    return "".join(f"<{piece}>" if is_url else _escape(piece) for piece, is_url in split_urls(text))


def with_fields(text: str) -> str:
    """Escaped text (a remedy) in which field names such as guide.elements are code spans."""
    pieces, start, text = [], 0, _one_line(text)
    for match in _FIELD.finditer(text):
        pieces.append(_linked(text[start : match.start()]))
        pieces.append(code(match.group()))
        start = match.end()
    pieces.append(_linked(text[start:]))
    return "".join(pieces)


def code(text: str) -> str:
    """A code span: read literally by Markdown; only '|' needs its escape, inside a table."""
    return f"`{text.replace('|', chr(92) + '|')}`"
