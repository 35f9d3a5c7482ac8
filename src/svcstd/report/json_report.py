"""The JSON report (``svcstd-report/1``) and batch (``svcstd-batch/1``): byte-stable."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from svcstd.model import BATCH_FORMAT, AuditResult, to_dict


def render(results: Sequence[AuditResult]) -> str:
    """One center's report, or a batch when there are several (or none)."""
    if len(results) == 1:
        return dumps(to_dict(results[0]))
    return dumps({"format": BATCH_FORMAT, "centers": [to_dict(r) for r in results]})


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
