"""Writing a batch one center at a time: what a format's stream writer does, and a whole
report written through one (so a format has one way to write). Kept apart from the
renderers' shared texts, so that a JSON run imports nothing else."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

from svcstd.result import AuditResult, CenterError, Report


class StreamWriter(Protocol):
    """Writes a batch to a stream as its centers arrive."""

    def add(self, result: AuditResult) -> None: ...

    def close(self, errors: Sequence[CenterError]) -> Sequence[str]:
        """Finish the output; what the user should be told about it (on stderr)."""
        ...


def written(open_writer: Callable[[TextIO, Report], StreamWriter], report: Report) -> str:
    """A whole report written through its format's stream writer."""
    return written_noted(open_writer, report)[0]


def written_noted(open_writer: Callable[[TextIO, Report], StreamWriter], report: Report) -> tuple[str, list[str]]:
    """A whole report written through its format's stream writer, and what the writer
    says the user should be told about it (on stderr)."""
    buffer = io.StringIO()
    writer = open_writer(buffer, report)
    for result in report.results:
        writer.add(result)
    notes = list(writer.close(report.errors))
    return buffer.getvalue(), notes
