"""Gates: whether an audit result fails the run (exit 1), and which gates it failed.

Without explicit gates the gate is compliance or, with a baseline, that no failure is new;
``--fail-under`` and ``--fail-on`` replace that default, and with a baseline ``--fail-on``
counts only new failures. The CLI says what failed; this module only decides.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from svcstd.compare import Fingerprint, unknown_failures
from svcstd.result import AuditResult, Finding, RuleResult
from svcstd.rules.model import SEVERITIES

Failure = tuple[RuleResult, Finding]


class Gates(NamedTuple):
    """The conditions that fail a run: a lowest score, a severity, new failures."""

    fail_under: float | None = None  # a score
    fail_on: str | None = None  # a severity: a failed rule this severe or worse fails the run
    known_failures: frozenset[Fingerprint] | None = None  # a baseline's failures

    @property
    def explicit(self) -> bool:
        return self.fail_under is not None or self.fail_on is not None


class GateFailure(NamedTuple):
    """One gate a center did not pass."""

    gate: Literal["fail_under", "fail_on", "new_failures", "compliance"]
    center: str
    score: float | None = None
    new: tuple[Failure, ...] = ()  # with a baseline: the new failures that broke the gate


def failed_gates(result: AuditResult, gates: Gates) -> list[GateFailure]:
    """The gates ``result`` fails, in the order they are reported; none means it passed."""
    center, score = result.center["id"], result.score.value
    counted = unknown_failures(result, gates.known_failures)
    baseline = gates.known_failures is not None
    found = []
    if gates.fail_under is not None and score is not None and score < gates.fail_under:
        found.append(GateFailure("fail_under", center, score))
    if gates.fail_on is not None:
        worst = SEVERITIES[: SEVERITIES.index(gates.fail_on) + 1]
        severe = tuple(failure for failure in counted if failure[0].severity in worst)
        if severe:
            found.append(GateFailure("fail_on", center, score, severe if baseline else ()))
    if baseline and counted and not gates.explicit:
        found.append(GateFailure("new_failures", center, score, tuple(counted)))
    if not gates.explicit and not baseline and result.score.compliant is False:
        found.append(GateFailure("compliance", center, score))
    return found
