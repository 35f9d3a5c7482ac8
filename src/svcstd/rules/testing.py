"""Run each rule's own test cases: center snippets with the status the rule must give."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from svcstd import engine
from svcstd.document import Document, existing_pointer
from svcstd.rules.messages import MESSAGES
from svcstd.rules.model import Rule, Ruleset, RuleTest
from svcstd.validate import validate_center

# Dates in rule tests are judged against this day unless a case names its own `as_of`.
DEFAULT_AS_OF = date(2026, 6, 30)


@dataclass(frozen=True)
class CaseResult:
    rule: str
    index: int
    case: RuleTest
    status: str | None
    problem: Any = None  # a Message when the case failed

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        return f"{self.rule}[{self.index}]" + (f" {self.case.name}" if self.case.name else "")


def case_document(case: RuleTest, source: str) -> Document:
    """A whole center description from a case's snippet (``svcstd`` and ``center`` filled in)."""
    data: dict[str, Any] = {
        "svcstd": "1",
        "center": {"id": "test-center", "name": "测试中心", "level": case.level or "city"},
        **case.center,
    }
    return Document(data, source)


def run_tests(ruleset: Ruleset) -> Iterator[CaseResult]:
    for rule in ruleset.rules:
        for index, case in enumerate(rule.tests):
            yield run_case(ruleset, rule, index, case)


def run_case(ruleset: Ruleset, rule: Rule, index: int, case: RuleTest) -> CaseResult:
    doc = case_document(case, ruleset.path)
    problems = validate_center(doc)
    if problems:
        text = "; ".join(f"{p.pointer}: {p.message.render('en')}" for p in problems)
        return CaseResult(rule.id, index, case, None, MESSAGES("invalid", problems=text))
    as_of = date.fromisoformat(case.as_of) if case.as_of else DEFAULT_AS_OF
    outcome = engine.evaluate_rule(rule, doc, ruleset, as_of=as_of)
    if outcome.error is not None:
        return CaseResult(rule.id, index, case, outcome.status, MESSAGES("error", error=outcome.error.render("en")))
    if outcome.status != case.expect:
        return CaseResult(
            rule.id, index, case, outcome.status, MESSAGES("status", expected=case.expect, actual=outcome.status)
        )
    if case.pointer is not None:
        # A case may name the pointer of the defect itself or, for something missing, the
        # nearest existing parent that reports show.
        raw = [s.failure_pointer or s.pointer for s in outcome.subjects if s.failure is not None]
        pointers = raw + [existing_pointer(doc.data, ptr) for ptr in raw]
        if case.pointer not in pointers:
            return CaseResult(
                rule.id, index, case, outcome.status,
                MESSAGES("pointer", expected=repr(case.pointer), actual=", ".join(map(repr, raw)) or "—"),
            )  # fmt: skip
    return CaseResult(rule.id, index, case, outcome.status)
