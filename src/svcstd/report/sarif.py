"""SARIF 2.1.0: one result per finding of a failed rule, for code-scanning tools.

Every center of a run shares one SARIF run; centers that could not be audited become
tool execution notifications, so a dashboard shows them rather than silently dropping them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from svcstd import terminal
from svcstd.compare import finding_key
from svcstd.i18n import Catalog
from svcstd.model import AuditResult, CenterError, Finding, Report, RuleResult

_ = Catalog(
    {
        "references": {"zh": "依据：", "en": "References:"},
        "not_audited": {"zh": "{source}：输入有误，未审核", "en": "{source}: not audited, the input has errors"},
    }
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "svcstdFinding/v1"
FAILED = ("fail", "error")
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}


def render(report: Report) -> str:
    return terminal.json_text(sarif(report)) + "\n"


def sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as JSON-ready data."""
    rules = _rules_table(report.results)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "svcstd"}
    if report.results:
        driver["version"] = report.results[0].tool_version
    driver["rules"] = rules
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report)],
        "language": report.lang,
        "columnKind": "unicodeCodePoints",  # columns count characters, not UTF-16 units or bytes
        "results": [
            _result(center, rule, finding, index[rule.rule])
            for center, rule, finding in _failed_findings(report.results)
        ],
        "properties": _run_properties(report.results),
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def fingerprint(center_id: str, rule_id: str, finding: Finding) -> str:
    """Stable across edits that move lines: center, rule and subject (or pointer), no position."""
    key = "\x1f".join(finding_key(center_id, rule_id, finding))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def artifact_uri(file: str) -> str:
    """A file name as a URI reference: relative with forward slashes, or file:// when absolute."""
    for flavour in (PurePosixPath, PureWindowsPath):
        path = flavour(file)
        if path.is_absolute():
            return path.as_uri()
    # PurePath is the native flavour: backslashes become '/' only where they separate folders.
    return quote(PurePath(file).as_posix(), safe="/")


def _failed_findings(results: tuple[AuditResult, ...]) -> Iterator[tuple[AuditResult, RuleResult, Finding]]:
    for center in results:
        for rule in center.results:
            if rule.status not in FAILED:
                continue
            # A failure always carries at least one finding; a bare one still gets a result.
            for finding in rule.findings or (Finding("", center.center["source"], 0, 0, rule.title),):
                yield center, rule, finding


def _rules_table(results: tuple[AuditResult, ...]) -> list[dict[str, Any]]:
    """Each rule that failed anywhere, once, in the order rules first fail."""
    table: dict[str, dict[str, Any]] = {}
    for center in results:
        for rule in center.results:
            if rule.status in FAILED and rule.rule not in table:
                table[rule.rule] = _descriptor(rule, center)
    return list(table.values())


def _descriptor(rule: RuleResult, center: AuditResult) -> dict[str, Any]:
    clause_title = center.clauses.get(rule.clause, {}).get("title", "")
    help_text = rule.remediation
    if rule.references:
        references = "\n".join(f"- {reference}" for reference in rule.references)
        help_text = f"{help_text}\n\n{_.text('references', center.lang)}\n{references}".strip()
    return {
        "id": rule.rule,
        "name": _rule_name(rule),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.clause} {clause_title}".strip()},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"severity": rule.severity, "area": rule.area, "clause": rule.clause, "weight": rule.weight},
    }


def _rule_name(rule: RuleResult) -> str:
    """PascalCase of an English title; the rule id when the title is not plain ASCII words."""
    words = re.findall(r"[A-Za-z0-9]+", rule.title)
    if not words or not rule.title.isascii():
        return rule.rule
    return "".join(word[0].upper() + word[1:] for word in words)


def _level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def _result(center: AuditResult, rule: RuleResult, finding: Finding, rule_index: int) -> dict[str, Any]:
    location = _location(finding)
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "member"}]
    return {
        "ruleId": rule.rule,
        "ruleIndex": rule_index,
        "level": _level(rule.severity),
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(center.center["id"], rule.rule, finding)},
        "properties": {
            "center": center.center["id"],
            "subject": finding.subject,
            "pointer": finding.pointer,
            "points_lost": rule.points_lost,
            "cause": finding.cause,
            "veto": rule.veto,
        },
    }


def _location(finding: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file)}}
    if finding.line >= 1:
        region = {"startLine": finding.line}
        if finding.column >= 1:
            region["startColumn"] = finding.column
        physical["region"] = region
    return {"physicalLocation": physical}


def _invocation(report: Report) -> dict[str, Any]:
    if not report.errors:
        return {"executionSuccessful": True}
    notifications = [note for error in report.errors for note in _notifications(error, report.lang)]
    return {"executionSuccessful": False, "toolExecutionNotifications": notifications}


def _notifications(error: CenterError, lang: str) -> list[dict[str, Any]]:
    problems = error.problems or (Finding("", error.source, 0, 0, _.text("not_audited", lang, source=error.source)),)
    return [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [_location(problem)],
            "properties": {"source": error.source, "pointer": problem.pointer},
        }
        for problem in problems
    ]


def _run_properties(results: tuple[AuditResult, ...]) -> dict[str, Any]:
    centers = [
        {
            "id": center.center["id"],
            "name": center.center["name"],
            "source": center.center["source"],
            "score": center.score.value,
            "grade": center.score.grade,
            "compliant": center.score.compliant,
            "summary": dict(center.summary),
        }
        for center in results
    ]
    if not results:
        return {"centers": centers}
    first = results[0]
    return {"as_of": first.as_of, "ruleset": dict(first.ruleset), "centers": centers}
