"""Renderers: one module per output format, each a function of audit results alone.

``FORMATS`` maps a format name to its renderer; it also feeds the CLI's choices, so a
new format is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from svcstd.model import Report
from svcstd.report import json_report, junit, sarif, table

Renderer = Callable[[Report], str]

FORMATS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
