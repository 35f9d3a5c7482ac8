"""The JSON report (``svcstd-report/1``) and batch (``svcstd-batch/1``): byte-stable."""

from __future__ import annotations

import json
from typing import Any

from svcstd.model import Report, report_to_dict


def render(report: Report) -> str:
    """One center's report, or a batch when there are several centers (or errors)."""
    return dumps(report_to_dict(report))


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
