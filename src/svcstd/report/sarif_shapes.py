"""The shapes of SARIF 2.1.0 that svcstd writes: a result per finding (with its place,
fingerprint and baseline state), per waived finding (with its suppression) and per input
error; a rule's descriptor; a run's invocation and properties. How results are split into
runs is :mod:`svcstd.report.sarif`'s."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from svcstd.compare import finding_key, is_new
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, CenterError, Finding, Report, RuleResult, WaiverReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# The fingerprint GitHub matches alerts by; ours hashes center, rule and subject, no line.
FINGERPRINT = "primaryLocationLineHash"
SRCROOT = "%SRCROOT%"
INPUT_ERROR = "svcstd/input-error"
SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2, "info": 3}
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}
PROBLEM_SEVERITIES = {"error": "error", "warning": "warning", "note": "recommendation"}
# GitHub shows security-severity (0-10) as Critical (>= 9), High (>= 7), Medium (>= 4), Low.
SECURITY_SEVERITIES = {"critical": "9.0", "major": "7.0", "minor": "4.0", "info": "1.0"}
# Rules that rest on these laws protect data and systems: those get a security-severity.
SECURITY_LAWS = (
    "网络安全法", "数据安全法", "个人信息保护法",
    "Cybersecurity Law", "Data Security Law", "Personal Information Protection Law",
)  # fmt: skip


def fingerprint(center_id: str, rule_id: str, finding: Finding) -> str:
    """Stable across edits that move lines: center, rule and subject (or pointer), no
    position; in the shape of GitHub's line hash (16 hex digits, ':', an occurrence)."""
    return _hash(finding_key(center_id, rule_id, finding))


def _hash(key: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:16] + ":1"


def artifact_uri(file: str) -> str:
    """A file name as a URI reference: relative with forward slashes, or file:// when absolute."""
    for flavour in (PurePosixPath, PureWindowsPath):
        path = flavour(file)
        if path.is_absolute():
            return path.as_uri()
    # PurePath is the native flavour: backslashes become '/' only where they separate folders.
    return quote(PurePath(file).as_posix(), safe="/")


def artifact_location(file: str) -> dict[str, Any]:
    """A file under the folder svcstd ran in as a URI relative to %SRCROOT% (what GitHub
    resolves against the checkout); any other file as an absolute file:// URI."""
    path = Path(file)
    if path.is_absolute():
        try:
            file = str(path.relative_to(Path.cwd()))
        except ValueError:
            return {"uri": artifact_uri(file)}
    elif PurePath(file).as_posix().startswith("../"):
        return {"uri": (Path.cwd() / file).resolve().as_uri()}
    return {"uri": artifact_uri(file), "uriBaseId": SRCROOT}


def suppression(center: AuditResult, waiver: WaiverReport) -> dict[str, Any]:
    kind = "inSource" if waiver.file == center.center.get("source") else "external"
    return {
        "kind": kind,
        "status": "accepted",
        "justification": waiver.reason,
        "location": _location(waiver.file, waiver.line, waiver.column),
        "properties": {"approver": waiver.approver, "expires": waiver.expires},
    }


def finding_result(
    report: Report, center_id: str, rule: RuleResult, finding: Finding, message: str | None = None
) -> dict[str, Any]:
    location = _location(finding.file, finding.line, finding.column)
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "member"}]
    result: dict[str, Any] = {
        "ruleId": rule.rule,
        "ruleIndex": None,  # set once the run's rules table is known
        "level": _level(rule.severity),
        "message": {"text": message or finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(center_id, rule.rule, finding)},
    }
    if report.known_failures is not None:
        result["baselineState"] = "new" if is_new(report, center_id, rule.rule, finding) else "unchanged"
    result["properties"] = {
        "center": center_id,
        "subject": finding.subject,
        "pointer": finding.pointer,
        "points_lost": rule.points_lost,
        "cause": finding.cause,
        "veto": rule.veto,
    }
    return result


def _problems(error: CenterError, lang: str) -> tuple[Finding, ...]:
    """The problems of a center that was not audited; one at its source if it has none."""
    return error.problems or (Finding("", error.source, 0, 0, MESSAGES.text("not_audited", lang, source=error.source)),)


def error_results(error: CenterError, lang: str) -> Iterator[dict[str, Any]]:
    for problem in _problems(error, lang):
        key = (error.source, INPUT_ERROR, problem.pointer or problem.message)
        yield {
            "ruleId": INPUT_ERROR,
            "ruleIndex": None,
            "level": "error",
            "message": {"text": problem.message},
            "locations": [_location(problem.file, problem.line, problem.column)],
            "partialFingerprints": {FINGERPRINT: _hash(key)},
            "properties": {"source": error.source, "pointer": problem.pointer},
        }


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    """A physical location; the region is the value's line from its column on (SARIF
    extends a region without endColumn to the end of endLine)."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if line >= 1:
        region = {"startLine": line}
        if column >= 1:
            region["startColumn"] = column
        region["endLine"] = line
        physical["region"] = region
    return {"physicalLocation": physical}


def rule_descriptor(rule: RuleResult, center: AuditResult, help_uri_base: str | None) -> dict[str, Any]:
    clause_title = center.clauses.get(rule.clause, {}).get("title", "")
    label = MESSAGES.text("sarif_references", center.lang)
    help_text, help_markdown = rule.remediation, md(rule.remediation)
    if rule.references:
        help_text += f"\n\n{label}\n" + "\n".join(f"- {reference}" for reference in rule.references)
        help_markdown += f"\n\n**{md(label)}**\n\n" + "\n".join(f"- {md(reference)}" for reference in rule.references)
    level = _level(rule.severity)
    security = any(law in reference for reference in rule.references for law in SECURITY_LAWS)
    properties: dict[str, Any] = {
        "severity": rule.severity,
        "area": rule.area,
        "clause": rule.clause,
        "weight": rule.weight,
        "problem.severity": PROBLEM_SEVERITIES[level],
        "precision": "very-high",  # a rule reads facts the description states; no heuristics
        "tags": ["compliance", rule.area, f"clause-{rule.clause}", rule.severity] + (["security"] if security else []),
    }
    if security:
        properties["security-severity"] = SECURITY_SEVERITIES.get(rule.severity, "4.0")
    descriptor: dict[str, Any] = {
        "id": rule.rule,
        "name": rule_name(rule.title, rule.rule),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.clause} {clause_title}".strip()},
        "help": {"text": help_text.strip(), "markdown": help_markdown.strip()},
    }
    if help_uri_base:
        descriptor["helpUri"] = help_uri_base + quote(rule.rule)
    descriptor["defaultConfiguration"] = {"level": level}
    descriptor["properties"] = properties
    return descriptor


def input_error_descriptor(lang: str) -> dict[str, Any]:
    title = MESSAGES.text("input_error", lang)
    return {
        "id": INPUT_ERROR,
        "name": "InputError",
        "shortDescription": {"text": title},
        "fullDescription": {"text": MESSAGES.text("input_error_help", lang)},
        "help": {"text": MESSAGES.text("input_error_help", lang)},
        "defaultConfiguration": {"level": "error"},
        "properties": {"problem.severity": "error", "precision": "very-high", "tags": ["input"]},
    }


def rule_name(title: str, rule_id: str) -> str:
    """A name, not the id: PascalCase of an English title; a Chinese title without its
    spaces and punctuation; the id only when nothing of the title is left."""
    if title.isascii():
        words = re.findall(r"[A-Za-z0-9]+", title)
        return "".join(word[0].upper() + word[1:] for word in words) or rule_id
    return "".join(re.findall(r"\w+", title)) or rule_id


def _level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def run_invocation(errors: list[CenterError], lang: str) -> dict[str, Any]:
    if not errors:
        return {"executionSuccessful": True}
    notifications = [note for error in errors for note in _notifications(error, lang)]
    return {"executionSuccessful": False, "toolExecutionNotifications": notifications}


def _notifications(error: CenterError, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [_location(problem.file, problem.line, problem.column)],
            "properties": {"source": error.source, "pointer": problem.pointer},
        }
        for problem in _problems(error, lang)
    ]


def center_properties(center: AuditResult) -> dict[str, Any]:
    return {
        "id": center.center["id"],
        "name": center.center["name"],
        "source": center.center["source"],
        "score": center.score.value,
        "grade": center.score.grade,
        "compliant": center.score.compliant,
        "summary": dict(center.summary),
    }


def run_properties(centers: list[tuple[int, AuditResult | None, dict[str, Any]]]) -> dict[str, Any]:
    """The run's centers, and the date and ruleset of its first (the first of each bucket
    is kept for this)."""
    lines = [line for _seq, _first, line in centers]
    if not centers:
        return {"centers": lines}
    first = centers[0][1]
    assert first is not None, "a bucket's first center is kept"
    return {"as_of": first.as_of, "ruleset": dict(first.ruleset), "centers": lines}
