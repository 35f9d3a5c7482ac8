"""Renderers: one module per output format, each a function of audit results alone.

``FORMATS`` is the registry of output formats: one :class:`Format` entry each, which
also feeds the CLI's ``-f`` (its names, and the nearest ones for a typo) and ``-o``
(a file's extension picks its format), so a new format is one entry here. A renderer's
module is imported when it is first used, so a run pays only for the formats it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from svcstd.registry import Registry
from svcstd.report.stream import StreamWriter
from svcstd.result import Report

if TYPE_CHECKING:
    from svcstd.output import Folder


@dataclass(frozen=True)
class Format:
    """An output format: its renderer, a module of :mod:`svcstd.report` whose
    ``render(report, **options)`` returns text (bytes for a binary format), and what the
    CLI needs to know of it.

    Calling the entry renders; some formats take keyword options (markdown: max_chars,
    link_base; sarif: help_uri_base)."""

    module: str
    extension: str | None = None  # `-o FILE` without `-f`: the format of FILE's extension
    streams: bool = False  # the module's BatchWriter writes a batch one center at a time
    binary: bool = False  # bytes, never written to a terminal
    site: bool = False  # render_site (or, streaming, its SiteWriter) also writes a folder (-o DIR/)

    def __call__(self, report: Report, **options: object) -> str | bytes:
        rendered: str | bytes = self._renderer().render(report, **options)
        return rendered

    def render_noted(self, report: Report, **options: object) -> tuple[str | bytes, list[str]]:
        """The rendering, and what the user should be told about it on stderr (a renderer
        with notes, such as SARIF's split into runs, has ``render_noted``)."""
        renderer = self._renderer()
        if hasattr(renderer, "render_noted"):
            noted: tuple[str | bytes, list[str]] = renderer.render_noted(report, **options)
            return noted
        return self(report, **options), []

    def writer(self, stream: TextIO, context: Report, **options: object) -> StreamWriter:
        """A writer of a batch to ``stream`` (for a format that ``streams``), opened on the
        batch's context (a report without results yet: the language and the baseline) and
        the format's options, as the renderer takes them."""
        writer: StreamWriter = self._renderer().BatchWriter(stream, context, **options)
        return writer

    def site_writer(self, folder: Folder, context: Report) -> StreamWriter:
        """A writer of a batch as a site into ``folder`` (for a ``site`` format that ``streams``)."""
        writer: StreamWriter = self._renderer().SiteWriter(folder, context)
        return writer

    def render_site(self, report: Report) -> dict[str, str]:
        """A batch as a folder of pages, by relative path (for a ``site`` format)."""
        pages: dict[str, str] = self._renderer().render_site(report)
        return pages

    def _renderer(self) -> ModuleType:
        return import_module(f"svcstd.report.{self.module}")


FORMATS: Registry[Format] = Registry(
    {"zh": "输出格式", "en": "output format"},
    {
        "table": Format("table"),
        "json": Format("json_report", extension=".json", streams=True),
        "markdown": Format("markdown", extension=".md", streams=True),
        "html": Format("html", extension=".html", streams=True, site=True),
        "sarif": Format("sarif", extension=".sarif", streams=True),
        "junit": Format("junit", extension=".xml", streams=True),
        "summary": Format("summary"),
        "xlsx": Format("xlsx", extension=".xlsx", binary=True),
    },
)

BINARY = tuple(name for name, entry in FORMATS.items() if entry.binary)  # never written to a terminal


def format_of(suffix: str) -> str | None:
    """The format that a file's extension (``.md``, any case) stands for, or None."""
    return next((name for name, entry in FORMATS.items() if entry.extension == suffix.lower()), None)
