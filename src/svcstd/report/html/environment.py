"""The Jinja2 environment of every svcstd page (the report and the trend page): its
templates, its escaping and its filters.

Jinja2 escapes everything; text from a description becomes a link only when it is an
http(s) address, and code points HTML forbids are shown as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from svcstd.errors import Location
from svcstd.report.common import points_text, split_urls, value_text

HTML_LANG = {"zh": "zh-CN", "en": "en"}

# `code` in a message: shown as <code>.
_CODE = re.compile(r"`([^`]+)`")
# Code points HTML forbids in a document (controls other than whitespace, noncharacters).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _printable(value: Any) -> Any:
    """Every printed value, with forbidden code points shown as U+FFFD."""
    if isinstance(value, Markup):
        return Markup(_FORBIDDEN.sub("\ufffd", str(value)))
    if isinstance(value, str):
        return _FORBIDDEN.sub("\ufffd", value)
    return value


_ENV = Environment(
    loader=PackageLoader("svcstd.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
    finalize=_printable,
)
_ENV.filters["points"] = points_text


def page_environment() -> Environment:
    """The templates, filters and escaping of every svcstd page (the trend page too)."""
    return _ENV


def value_words(lang: str) -> Callable[[str], str]:
    """The templates' ``v``: a severity, status, waiver kind or level in ``lang``."""
    return partial(value_text, lang=lang)


def rich_text(text: str) -> Markup:
    """Escaped text where http(s) addresses become links and `code` becomes <code>."""
    parts = []
    for index, piece in enumerate(_CODE.split(text)):
        parts.append(Markup("<code>{}</code>").format(piece) if index % 2 else _linked(piece))
    return Markup("").join(parts)


def _linked(text: str) -> Markup:
    link = Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>')
    return Markup("").join(link.format(piece) if is_url else escape(piece) for piece, is_url in split_urls(text))


_ENV.filters["rich"] = rich_text
_ENV.filters["location"] = lambda where: str(Location(where.file, where.line, where.column))
