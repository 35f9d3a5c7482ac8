"""Renderers: one module per output format, each a function of audit results alone.

``FORMATS`` maps a format name to its renderer; it also feeds the CLI's choices, so a
new format is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from svcstd.model import Report
from svcstd.report import html, json_report, junit, markdown, sarif, summary, table, xlsx

# A renderer takes the report and, for some formats, keyword options (markdown: max_chars,
# link_base; sarif: help_uri_base); it returns text, or bytes for a binary format (xlsx).
Renderer = Callable[..., str | bytes]

FORMATS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "html": html.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "summary": summary.render,
    "xlsx": xlsx.render,
}

# The format of `-o FILE` without `-f`, from the file's extension.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".md": "markdown",
    ".html": "html",
    ".sarif": "sarif",
    ".xml": "junit",
    ".xlsx": "xlsx",
}

BINARY = ("xlsx",)  # never written to a terminal

# Formats that can also write a folder (-o DIR/): relative path → page.
SITES: dict[str, Callable[[Report], dict[str, str]]] = {"html": html.render_site}
