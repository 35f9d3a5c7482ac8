"""Which gates a result fails (exit 1): the pure function behind `svcstd audit`'s gates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import EXAMPLES

from svcstd.audit import AuditOptions, audit_many
from svcstd.compare import failures, fingerprints
from svcstd.gates import Gates, failed_gates
from svcstd.result import AuditResult
from svcstd.rules.load import load_ruleset


def _audited(name: str) -> AuditResult:
    """An example audited as `svcstd audit` does by default (the newest cn-gsc, points)."""
    options = AuditOptions(ruleset=load_ruleset(None), as_of=date(2026, 11, 27), lang="en")
    return audit_many([EXAMPLES / name], options).results[0]


@pytest.fixture(scope="module")
def jinzhong() -> AuditResult:
    """Non-compliant, with failures of every severity but critical."""
    return _audited("jinzhong-city.yaml")


@pytest.fixture(scope="module")
def taigu() -> AuditResult:
    """Compliant, with failed rules."""
    return _audited("taigu-county")


def _gates(found: list) -> list[str]:
    return [failure.gate for failure in found]


def test_without_explicit_gates_the_gate_is_compliance(jinzhong: AuditResult, taigu: AuditResult) -> None:
    assert _gates(failed_gates(jinzhong, Gates())) == ["compliance"]
    assert taigu.score.compliant is True and list(failures(taigu))
    assert failed_gates(taigu, Gates()) == []


def test_fail_under_compares_the_score(jinzhong: AuditResult) -> None:
    score = jinzhong.score.value
    assert score is not None
    (below,) = failed_gates(jinzhong, Gates(fail_under=score + 0.1))
    assert (below.gate, below.center, below.score, below.new) == ("fail_under", "jinzhong-city", score, ())
    assert failed_gates(jinzhong, Gates(fail_under=score)) == []  # explicit: compliance no longer counts


def test_fail_on_counts_rules_this_severe_or_worse(jinzhong: AuditResult) -> None:
    severities = {rule.severity for rule, _finding in failures(jinzhong)}
    assert "critical" not in severities and "major" in severities
    assert failed_gates(jinzhong, Gates(fail_on="critical")) == []
    (severe,) = failed_gates(jinzhong, Gates(fail_on="major"))
    assert severe.gate == "fail_on" and severe.new == ()  # without a baseline no list of new failures


def test_with_a_baseline_only_new_failures_count(jinzhong: AuditResult) -> None:
    known = frozenset(fingerprints(jinzhong))
    assert failed_gates(jinzhong, Gates(known_failures=known)) == []  # non-compliant, but nothing new
    assert failed_gates(jinzhong, Gates(fail_on="info", known_failures=known)) == []
    every = list(failures(jinzhong))
    (new,) = failed_gates(jinzhong, Gates(known_failures=frozenset()))
    assert new.gate == "new_failures" and list(new.new) == every


def test_fail_on_with_a_baseline_lists_the_new_severe_failures(jinzhong: AuditResult) -> None:
    every = list(failures(jinzhong))
    rule, finding = next((rule, finding) for rule, finding in every if rule.severity == "major")
    known = frozenset(fingerprints(jinzhong)) - {("jinzhong-city", rule.rule, finding.subject or finding.pointer)}
    (severe,) = failed_gates(jinzhong, Gates(fail_on="major", known_failures=known))
    assert severe.gate == "fail_on" and list(severe.new) == [(rule, finding)]
    assert failed_gates(jinzhong, Gates(fail_on="critical", known_failures=known)) == []


def test_a_score_without_a_value_never_fails_fail_under(jinzhong: AuditResult) -> None:
    unscored = replace(jinzhong, score=replace(jinzhong.score, value=None))
    assert failed_gates(unscored, Gates(fail_under=100)) == []
