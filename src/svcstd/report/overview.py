"""How a region stands: counts by grade and level, the score distribution, area scores
per center, the rules failing in most centers, and the ranking with shared places.

Computed from audit results alone, once, for every renderer of a batch (HTML, Markdown,
spreadsheet); escaping and layout stay with each format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from svcstd.result import AuditResult, Report
from svcstd.rules.model import LEVELS

TOP_RULES = 10
BINS = 10  # the histogram's bars: 0–10, 10–20, …, 90–100 (100 falls in the last)


@dataclass(frozen=True)
class RuleSpread:
    """A rule that fails in several centers: what a province fixes once for all of them."""

    rule: str
    title: str
    severity: str
    failing: int  # centers where it fails
    share: float  # of the centers audited, 0–1
    points: float  # points lost to it, summed over those centers


@dataclass(frozen=True)
class Standing:
    place: int  # shared by equal scores: 1, 2, 2, 4
    result: AuditResult
    failed: int  # failed rules (errors count)


@dataclass(frozen=True)
class Overview:
    centers: int
    compliant: int
    non_compliant: int
    unassessed: int  # nothing assessed: neither compliant nor not
    grades: tuple[tuple[str, str], ...]  # (grade id, label), best first
    levels: tuple[str, ...]  # the levels present, in LEVELS order
    counts: dict[tuple[str, str], int]  # (grade, level) → centers; "" for a center without a grade
    histogram: tuple[int, ...]  # centers per score bin
    areas: tuple[tuple[str, str], ...]  # (area id, title) in the ruleset's order
    rules: tuple[RuleSpread, ...]  # most centers failing first
    standings: tuple[Standing, ...]

    @property
    def grade_rows(self) -> tuple[tuple[str, str], ...]:
        """The grades, then ("", "—") when some center has none (nothing assessed)."""
        ungraded = any(grade == "" for grade, _level in self.counts)
        return self.grades + ((("", "—"),) if ungraded else ())

    def by_grade(self, grade: str) -> int:
        return sum(count for (g, _level), count in self.counts.items() if g == grade)

    def by_level(self, level: str) -> int:
        return sum(count for (_grade, lv), count in self.counts.items() if lv == level)


def overview(report: Report, *, top: int = TOP_RULES) -> Overview:
    results = report.results
    counts = Counter((r.score.grade or "", r.center.get("level", "")) for r in results)
    return Overview(
        centers=len(results),
        compliant=sum(1 for r in results if r.score.compliant is True),
        non_compliant=sum(1 for r in results if r.score.compliant is False),
        unassessed=sum(1 for r in results if r.score.compliant is None),
        grades=_grades(results),
        levels=_levels(results),
        counts=dict(counts),
        histogram=histogram(results),
        areas=_areas(results),
        rules=spread(results)[:top],
        standings=tuple(
            Standing(place, result, sum(1 for r in result.results if r.failed)) for place, result in report.standings()
        ),
    )


def histogram(results: Sequence[AuditResult]) -> tuple[int, ...]:
    bins = [0] * BINS
    for result in results:
        if result.score.value is not None:
            bins[min(BINS - 1, max(0, int(result.score.value // (100 / BINS))))] += 1
    return tuple(bins)


def spread(results: Sequence[AuditResult]) -> tuple[RuleSpread, ...]:
    """Every rule failing somewhere: most centers first, then most points at stake."""
    failing: Counter[str] = Counter()
    points: dict[str, float] = {}
    about: dict[str, tuple[str, str]] = {}
    for result in results:
        for rule in result.results:
            if rule.failed:
                failing[rule.rule] += 1
                points[rule.rule] = points.get(rule.rule, 0.0) + (rule.points_lost or 0.0)
                about.setdefault(rule.rule, (rule.title, rule.severity))
    total = len(results) or 1
    spreads = [
        RuleSpread(rule, *about[rule], count, count / total, round(points[rule], 1)) for rule, count in failing.items()
    ]
    return tuple(sorted(spreads, key=lambda s: (-s.failing, -s.points, s.rule)))


def _grades(results: Sequence[AuditResult]) -> tuple[tuple[str, str], ...]:
    """Grades present, best first. The report does not carry the ruleset's bands, so a
    grade is placed by the lowest score that got it (a capped center scores above its
    band; an uncapped one never below)."""
    lowest: dict[str, float] = {}
    labels: dict[str, str] = {}
    for result in results:
        grade = result.score.grade
        if grade is None:
            continue
        labels.setdefault(grade, result.score.grade_label or grade)
        value = result.score.value if result.score.value is not None else 0.0
        lowest[grade] = min(lowest.get(grade, value), value)
    return tuple((grade, labels[grade]) for grade in sorted(lowest, key=lambda g: (-lowest[g], g)))


def _levels(results: Sequence[AuditResult]) -> tuple[str, ...]:
    present = {str(r.center.get("level", "")) for r in results}
    return tuple([lv for lv in LEVELS if lv in present] + sorted(present - set(LEVELS)))


def _areas(results: Sequence[AuditResult]) -> tuple[tuple[str, str], ...]:
    titles: dict[str, str] = {}
    for result in results:
        for area in result.score.areas:
            titles.setdefault(area, result.areas.get(area, area))
    return tuple(titles.items())
