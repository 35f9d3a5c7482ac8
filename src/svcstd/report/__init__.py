"""Renderers: one module per output format, each a function of audit results alone.

``FORMATS`` maps a format name to its renderer; it also feeds the CLI's choices, so a
new format is one entry here. A renderer's module is imported when it is first used,
so a run pays only for the formats it writes. ``STREAMING`` holds the formats that can
write a batch one center at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from svcstd.model import Report
from svcstd.report.stream import StreamWriter

# A renderer takes the report and, for some formats, keyword options (markdown: max_chars,
# link_base; sarif: help_uri_base); it returns text, or bytes for a binary format (xlsx).
Renderer = Callable[..., str | bytes]


def _renderer(module: str) -> Renderer:
    def render(report: Report, **options: object) -> str | bytes:
        rendered: str | bytes = import_module(f"svcstd.report.{module}").render(report, **options)
        return rendered

    return render


# A stream writer is opened on the output, the batch's context (a report without results
# yet: the language and the baseline) and the format's options, as a renderer takes them.
OpenWriter = Callable[..., StreamWriter]


def _batch_writer(module: str) -> OpenWriter:
    def open_writer(stream: TextIO, context: Report, **options: object) -> StreamWriter:
        writer: StreamWriter = import_module(f"svcstd.report.{module}").BatchWriter(stream, context, **options)
        return writer

    return open_writer


FORMATS: dict[str, Renderer] = {
    name: _renderer(module)
    for name, module in {
        "table": "table",
        "json": "json_report",
        "markdown": "markdown",
        "html": "html",
        "sarif": "sarif",
        "junit": "junit",
        "summary": "summary",
        "xlsx": "xlsx",
    }.items()
}

STREAMING: dict[str, OpenWriter] = {name: _batch_writer(module) for name, module in {
    "json": "json_report", "junit": "junit", "sarif": "sarif",
}.items()}  # fmt: skip
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
def _site(module: str) -> Callable[[Report], dict[str, str]]:
    def render_site(report: Report) -> dict[str, str]:
        pages: dict[str, str] = import_module(f"svcstd.report.{module}").render_site(report)
        return pages

    return render_site


SITES: dict[str, Callable[[Report], dict[str, str]]] = {"html": _site("html")}
