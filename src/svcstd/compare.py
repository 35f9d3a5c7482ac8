"""Compare audit results: what got worse, what got fixed, and which failures are new
against a baseline. Failures are matched by center, rule and subject — never by line,
so a baseline survives edits that move lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from svcstd.result import AuditResult, Finding, Report, RuleResult

# (center id, rule id, subject or the finding's pointer)
Fingerprint = tuple[str, str, str]


def failures(result: AuditResult) -> Iterator[tuple[RuleResult, Finding]]:
    """Each finding of each failed rule; a failure without findings yields one at the source."""
    for rule in result.results:
        if not rule.failed:
            continue
        for finding in rule.findings or (Finding("", result.center.get("source", ""), 0, 0, rule.title),):
            yield rule, finding


def fingerprints(result: AuditResult) -> dict[Fingerprint, str]:
    """Each failure of ``result`` by fingerprint, with its severity."""
    return {finding_key(result.center["id"], rule.rule, finding): rule.severity for rule, finding in failures(result)}


def finding_key(center: str, rule: str, finding: Finding) -> Fingerprint:
    """What identifies a finding across edits: center, rule and subject (or, for a subject
    without an id, the pointer) — never the line."""
    return center, rule, finding.subject or finding.pointer


def known_failures(baseline: Report) -> frozenset[Fingerprint]:
    """Every failure of a baseline report, for :attr:`Report.known_failures`."""
    return frozenset(key for old in baseline.results for key in fingerprints(old))


def is_new(report: Report, center: str, rule: str, finding: Finding) -> bool:
    """Whether a failure is new against the report's baseline; never without a baseline."""
    known = report.known_failures
    return known is not None and finding_key(center, rule, finding) not in known


def new_failures(report: Report, result: AuditResult) -> list[tuple[RuleResult, Finding]]:
    """The failures of ``result`` that are new against the report's baseline (none without one)."""
    return [] if report.known_failures is None else unknown_failures(result, report.known_failures)


def unknown_failures(result: AuditResult, known: frozenset[Fingerprint] | None) -> list[tuple[RuleResult, Finding]]:
    """The failures of ``result`` that ``known`` (a baseline's) does not have; every one
    of them without a baseline."""
    center = result.center["id"]
    return [
        (rule, f) for rule, f in failures(result) if known is None or finding_key(center, rule.rule, f) not in known
    ]


class CenterChange(NamedTuple):
    """How one center's score and grade moved between two reports."""

    center: str
    name: str
    old_score: float | None
    new_score: float | None
    old_grade: str | None
    new_grade: str | None
    new: tuple[Fingerprint, ...]
    fixed: tuple[Fingerprint, ...]
    status: str  # changed | unchanged | added | removed
    old_grade_label: str | None = None  # the grades in the reports' language
    new_grade_label: str | None = None

    @property
    def delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return round(self.new_score - self.old_score, 1)


def compare(old: Report, new: Report) -> list[CenterChange]:
    """Per center (matched by id): score and grade change, new and fixed failures."""
    before = {r.center["id"]: r for r in old.results}
    after = {r.center["id"]: r for r in new.results}
    changes = []
    for center in sorted(set(before) | set(after)):
        was, now = before.get(center), after.get(center)
        old_failures = fingerprints(was) if was else {}
        new_failures_ = fingerprints(now) if now else {}
        change = CenterChange(
            center=center,
            name=(now or was).center["name"],  # type: ignore[union-attr]
            old_score=was.score.value if was else None,
            new_score=now.score.value if now else None,
            old_grade=was.score.grade if was else None,
            new_grade=now.score.grade if now else None,
            new=tuple(sorted(set(new_failures_) - set(old_failures))),
            fixed=tuple(sorted(set(old_failures) - set(new_failures_))),
            status="added" if was is None else "removed" if now is None else "changed",
            old_grade_label=was.score.grade_label if was else None,
            new_grade_label=now.score.grade_label if now else None,
        )
        if change.status == "changed" and not _differs(change):
            change = change._replace(status="unchanged")
        changes.append(change)
    return changes


def _differs(change: CenterChange) -> bool:
    same = change.old_score == change.new_score and change.old_grade == change.new_grade
    return not same or bool(change.new or change.fixed)


def changes_to_dict(changes: Iterable[CenterChange]) -> dict[str, Any]:
    return {
        "format": "svcstd-diff/1",
        "centers": [
            {
                "center": c.center,
                "name": c.name,
                "status": c.status,
                "score": {"old": c.old_score, "new": c.new_score, "delta": c.delta},
                "grade": {
                    "old": c.old_grade,
                    "new": c.new_grade,
                    "old_label": c.old_grade_label,
                    "new_label": c.new_grade_label,
                },
                "new_failures": [_fingerprint_dict(fp) for fp in c.new],
                "fixed_failures": [_fingerprint_dict(fp) for fp in c.fixed],
            }
            for c in changes
        ],
    }


def _fingerprint_dict(fingerprint: Fingerprint) -> Mapping[str, str]:
    _center, rule, subject = fingerprint
    return {"rule": rule, "subject": subject}
