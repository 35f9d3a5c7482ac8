"""The JSON report (``svcstd-report/1``) and batch (``svcstd-batch/1``): byte-stable."""

from __future__ import annotations

from typing import Any

from svcstd import terminal
from svcstd.model import Report, report_to_dict


def render(report: Report) -> str:
    """One center's report, or a batch when there are several centers (or errors)."""
    return dumps(report_to_dict(report))


def dumps(data: Any) -> str:
    return terminal.json_text(data) + "\n"
