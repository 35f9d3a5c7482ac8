"""SARIF 2.1.0 for code scanning: a result per finding of a failed rule, per waived
finding (with its suppression) and per input error, shaped to GitHub's ingestion rules.

GitHub accepts at most 25,000 results per run and 20 runs per file, stores at most 5,000
results of a run, and rejects two runs of one tool with the same category. A batch within
5,000 results is one run; a larger one is split into 2, 4, 8 or 16 runs by a hash of the
center id, each with its own ``automationDetails.id``, so a center stays in its run (and its
alerts in their category) from one audit to the next. Past 16 runs of 5,000, each run keeps
its most important results (input errors, new failures, then by severity and points lost)
and says how many it left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from svcstd import terminal
from svcstd.compare import failures, finding_key, is_new
from svcstd.model import AuditResult, CenterError, Finding, Report, RuleResult, WaiverReport
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# The fingerprint GitHub matches alerts by; ours hashes center, rule and subject, no line.
FINGERPRINT = "primaryLocationLineHash"
SRCROOT = "%SRCROOT%"
INPUT_ERROR = "svcstd/input-error"
RESULTS_PER_RUN = 5_000  # GitHub stores at most this many results of a run (and accepts 25,000)
MAX_RUNS = 20  # GitHub's limit per file; the split uses powers of two, so at most 16
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


@dataclass
class Part:
    """The centers (and centers that could not be audited) of one run."""

    results: list[AuditResult] = field(default_factory=list)
    errors: list[CenterError] = field(default_factory=list)

    def size(self) -> int:
        return sum(_result_count(r) for r in self.results) + sum(len(e.problems) or 1 for e in self.errors)


def render(report: Report, *, help_uri_base: str | None = None) -> str:
    return terminal.json_text(sarif(report, help_uri_base=help_uri_base)) + "\n"


def sarif(report: Report, *, help_uri_base: str | None = None, max_results: int = RESULTS_PER_RUN) -> dict[str, Any]:
    """The SARIF log as JSON-ready data."""
    parts = partition(report, max_results)
    runs = [_run(report, part, index, len(parts), help_uri_base, max_results) for index, part in enumerate(parts, 1)]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}


def partition(report: Report, max_results: int = RESULTS_PER_RUN) -> list[Part]:
    """One part, or the fewest of 2, 4, 8, 16 (a power of two within MAX_RUNS) by a hash of
    the center id in which every part holds at most ``max_results`` results."""
    count = 1
    while True:
        parts = [Part() for _ in range(count)]
        for result in report.results:
            parts[_bucket(result.center["id"], count)].results.append(result)
        for error in report.errors:
            parts[_bucket(error.source, count)].errors.append(error)
        if count * 2 > MAX_RUNS or all(part.size() <= max_results for part in parts):
            return parts
        count *= 2


def limit_warnings(report: Report, lang: str, max_results: int = RESULTS_PER_RUN) -> list[str]:
    """What a user should know about the split into runs and what was left out, for stderr."""
    parts = partition(report, max_results)
    notes = []
    if len(parts) > 1:
        notes.append(MESSAGES.text("split", lang, runs=len(parts), limit=f"{max_results:,}"))
    sizes = [part.size() for part in parts]
    left_out = sum(max(0, size - max_results) for size in sizes)
    if left_out:
        notes.append(
            MESSAGES.text("left_out", lang, count=f"{left_out:,}", total=f"{sum(sizes):,}", limit=f"{max_results:,}")
        )
    return notes


def _bucket(key: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % count


def _result_count(result: AuditResult) -> int:
    return sum(1 for _ in failures(result)) + len(_applied(result))


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


# --- runs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A result, how important it is (lower first), and how to describe its rule."""

    rank: tuple[int, int, int, float]
    result: dict[str, Any]
    descriptor: Callable[[], dict[str, Any]]


def _run(
    report: Report, part: Part, index: int, count: int, help_uri_base: str | None, max_results: int
) -> dict[str, Any]:
    entries = list(_entries(report, part, help_uri_base))
    if len(entries) > max_results:
        kept = set(sorted(range(len(entries)), key=lambda i: entries[i].rank)[:max_results])
        entries = [entry for i, entry in enumerate(entries) if i in kept]
    rules: dict[str, dict[str, Any]] = {}  # each rule a kept result names, in first-use order
    positions: dict[str, int] = {}
    for entry in entries:
        rule_id = entry.result["ruleId"]
        if rule_id not in rules:
            rules[rule_id], positions[rule_id] = entry.descriptor(), len(rules)
        entry.result["ruleIndex"] = positions[rule_id]
    driver: dict[str, Any] = {"name": "svcstd"}
    if report.results:
        driver["version"] = driver["semanticVersion"] = report.results[0].tool_version
    driver["rules"] = list(rules.values())
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(part, report.lang)],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": MESSAGES.text("srcroot", report.lang)}}},
    }
    if count > 1:
        run["automationDetails"] = {"id": f"svcstd/part-{index}-of-{count}/"}
    run.update(
        {
            "language": report.lang,
            "columnKind": "unicodeCodePoints",  # columns count characters, not UTF-16 units or bytes
            "results": [entry.result for entry in entries],
            "properties": _run_properties(part.results),
        }
    )
    return run


def _entries(report: Report, part: Part, help_uri_base: str | None) -> Iterator[Entry]:
    for center in part.results:
        center_id = center.center["id"]
        for rule, finding in failures(center):
            result = _result(report, center_id, rule, finding)
            yield Entry(_rank(rule, result), result, partial(_descriptor, rule, center, help_uri_base))
        for rule, waiver in _applied(center):
            finding = Finding("", waiver.file, waiver.line, waiver.column, waiver.reason, waiver.subject)
            title = MESSAGES.text("sarif_waived", report.lang, title=rule.title, reason=waiver.reason)
            result = _result(report, center_id, rule, finding, message=title)
            result["suppressions"] = [_suppression(center, waiver)]
            _first, new, severity, lost = _rank(rule, result)
            yield Entry((2, new, severity, lost), result, partial(_descriptor, rule, center, help_uri_base))
    for error in part.errors:
        for result in _error_results(error, report.lang):
            yield Entry((0, 0, 0, 0.0), result, partial(_input_error_descriptor, report.lang))


def _rank(rule: RuleResult, result: dict[str, Any]) -> tuple[int, int, int, float]:
    """Failures after input errors: new ones first, then the most severe, the most points lost."""
    new = 0 if result.get("baselineState") == "new" else 1
    return 1, new, SEVERITY_RANK.get(rule.severity, len(SEVERITY_RANK)), -(rule.points_lost or 0.0)


def _applied(center: AuditResult) -> list[tuple[RuleResult, WaiverReport]]:
    """Each applied waiver with the rule it waives: a suppressed result each."""
    rules = {rule.rule: rule for rule in center.results}
    return [(rules[w.rule], w) for w in center.waivers if w.kind == "applied" and w.rule in rules]


def _suppression(center: AuditResult, waiver: WaiverReport) -> dict[str, Any]:
    kind = "inSource" if waiver.file == center.center.get("source") else "external"
    return {
        "kind": kind,
        "status": "accepted",
        "justification": waiver.reason,
        "location": _location(waiver.file, waiver.line, waiver.column),
        "properties": {"approver": waiver.approver, "expires": waiver.expires},
    }


def _result(
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


def _error_results(error: CenterError, lang: str) -> Iterator[dict[str, Any]]:
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


# --- rules ---------------------------------------------------------------------------------


def _descriptor(rule: RuleResult, center: AuditResult, help_uri_base: str | None) -> dict[str, Any]:
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


def _input_error_descriptor(lang: str) -> dict[str, Any]:
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


# --- invocation and properties ---------------------------------------------------------


def _invocation(part: Part, lang: str) -> dict[str, Any]:
    if not part.errors:
        return {"executionSuccessful": True}
    notifications = [note for error in part.errors for note in _notifications(error, lang)]
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


def _run_properties(results: list[AuditResult]) -> dict[str, Any]:
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
