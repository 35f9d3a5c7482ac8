"""The JSON report (``svcstd-report/1``) and batch (``svcstd-batch/1``): byte-stable.

A batch is written one center at a time (:class:`BatchWriter`), so a run of thousands of
centers never holds their reports in memory; :func:`render` writes through the same
writer, so both give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from svcstd import terminal
from svcstd.jsonform import BATCH_FORMAT, BatchRecord, batch_dict, to_dict
from svcstd.report.stream import written
from svcstd.result import AuditResult, CenterError, Ranked, Report, ranked


def render(report: Report) -> str:
    """One center's report, or a batch when there are several centers (or errors)."""
    if report.single is not None:
        return dumps(to_dict(report.single))
    return written(BatchWriter, report)


def dumps(data: Any) -> str:
    return terminal.json_text(data) + "\n"


class BatchWriter:
    """Writes a batch to ``stream`` as its centers arrive; keeps only what the ranking needs."""

    def __init__(self, stream: TextIO, context: Report):
        self.stream, self.lang = stream, context.lang
        self.record = BatchRecord()
        self.ranking: list[Ranked] = []
        head = dumps({"format": BATCH_FORMAT, "lang": self.lang})  # ends in '\n}\n'
        self.stream.write(head[:-3] + ',\n  "centers": [')

    def add(self, result: AuditResult) -> None:
        text = dumps(self.record.compact(to_dict(result)))
        separator = ",\n" if self.ranking else "\n"
        self.stream.write(separator + "    " + text[:-1].replace("\n", "\n    "))
        self.ranking.append(ranked(result))

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        self.stream.write("\n  ]" if self.ranking else "]")
        rest = batch_dict(self.lang, [], self.record, self.ranking, errors)
        del rest["format"], rest["lang"], rest["centers"]
        self.stream.write(",\n" + dumps(rest)[2:])
        return []
