"""Compare audit results: what got worse, what got fixed, and which failures are new
against a baseline. Failures are matched by center, rule and subject — never by line,
so a baseline survives edits that move lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from svcstd.model import AuditResult, Finding, Report

FAILED = ("fail", "error")

# (center id, rule id, subject or the finding's pointer)
Fingerprint = tuple[str, str, str]


def fingerprints(result: AuditResult) -> dict[Fingerprint, str]:
    """Each failure of ``result`` by fingerprint, with its severity."""
    found: dict[Fingerprint, str] = {}
    for rule in result.results:
        if rule.status not in FAILED:
            continue
        keys = [finding_key(result.center["id"], rule.rule, f) for f in rule.findings]
        for key in keys or [(result.center["id"], rule.rule, "")]:
            found[key] = rule.severity
    return found


def finding_key(center: str, rule: str, finding: Finding) -> Fingerprint:
    """What identifies a finding across edits: center, rule and subject (or, for a subject
    without an id, the pointer) — never the line."""
    return center, rule, finding.subject or finding.pointer


def new_failures(result: AuditResult, baseline: Report | None) -> dict[Fingerprint, str]:
    """The failures of ``result`` that the baseline does not have (all, without one)."""
    current = fingerprints(result)
    if baseline is None:
        return current
    known = {fp for old in baseline.results for fp in fingerprints(old)}
    return {fp: severity for fp, severity in current.items() if fp not in known}


@dataclass(frozen=True)
class CenterChange:
    center: str
    name: str
    old_score: float | None
    new_score: float | None
    old_grade: str | None
    new_grade: str | None
    new: tuple[Fingerprint, ...]
    fixed: tuple[Fingerprint, ...]
    status: str  # changed | added | removed

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
        status = "changed" if was and now else ("added" if now else "removed")
        changes.append(
            CenterChange(
                center=center,
                name=(now or was).center["name"],  # type: ignore[union-attr]
                old_score=was.score.value if was else None,
                new_score=now.score.value if now else None,
                old_grade=was.score.grade if was else None,
                new_grade=now.score.grade if now else None,
                new=tuple(sorted(set(new_failures_) - set(old_failures))),
                fixed=tuple(sorted(set(old_failures) - set(new_failures_))),
                status=status,
            )
        )
    return changes


def changes_to_dict(changes: Iterable[CenterChange]) -> dict[str, Any]:
    return {
        "format": "svcstd-diff/1",
        "centers": [
            {
                "center": c.center,
                "name": c.name,
                "status": c.status,
                "score": {"old": c.old_score, "new": c.new_score, "delta": c.delta},
                "grade": {"old": c.old_grade, "new": c.new_grade},
                "new_failures": [_fingerprint_dict(fp) for fp in c.new],
                "fixed_failures": [_fingerprint_dict(fp) for fp in c.fixed],
            }
            for c in changes
        ],
    }


def _fingerprint_dict(fingerprint: Fingerprint) -> Mapping[str, str]:
    _center, rule, subject = fingerprint
    return {"rule": rule, "subject": subject}
