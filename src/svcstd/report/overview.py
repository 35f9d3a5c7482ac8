"""How a region stands: counts by grade and level, the score distribution, area scores
per center, the rules failing in most centers, and the ranking with shared places.

Computed from audit results alone, once, for every renderer of a batch (HTML, Markdown,
spreadsheet); escaping and layout stay with each format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from svcstd.result import AuditResult, Ranked, Report, Score, shared_places
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


class Member(NamedTuple):
    """What a batch's overview keeps of a center: never its rule results."""

    position: int  # in the order the centers arrived
    center: Mapping[str, Any]  # id, name, level, source
    score: Score
    failed: int  # failed rules (errors count)


class Standing(NamedTuple):
    place: int  # shared by equal scores: 1, 2, 2, 4
    position: int
    center: Mapping[str, Any]
    score: Score
    failed: int


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
    tally = Tally()
    for result in report.results:
        tally.add(result)
    return tally.overview(top=top)


class Tally:
    """An overview built as a batch's centers arrive: a :class:`Member` of each center and
    a count per failing rule, never the results themselves."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self.failing: Counter[str] = Counter()
        self.points: dict[str, float] = {}
        self.about: dict[str, tuple[str, str]] = {}  # rule → (title, severity)
        self.areas: dict[str, str] = {}  # area id → title, in the order first seen

    def add(self, result: AuditResult) -> None:
        failed = 0
        for rule in result.results:
            if rule.failed:
                failed += 1
                self.failing[rule.rule] += 1
                self.points[rule.rule] = self.points.get(rule.rule, 0.0) + (rule.points_lost or 0.0)
                self.about.setdefault(rule.rule, (rule.title, rule.severity))
        for area in result.score.areas:
            self.areas.setdefault(area, result.areas.get(area, area))
        self.members.append(Member(len(self.members), dict(result.center), result.score, failed))

    def overview(self, *, top: int = TOP_RULES) -> Overview:
        members = self.members
        counts = Counter((m.score.grade or "", m.center.get("level", "")) for m in members)
        return Overview(
            centers=len(members),
            compliant=sum(1 for m in members if m.score.compliant is True),
            non_compliant=sum(1 for m in members if m.score.compliant is False),
            unassessed=sum(1 for m in members if m.score.compliant is None),
            grades=_grades(members),
            levels=_levels(members),
            counts=dict(counts),
            histogram=_histogram(members),
            areas=tuple(self.areas.items()),
            rules=self._spread()[:top],
            standings=tuple(Standing(place, *member) for place, member in shared_places(members, _ranked)),
        )

    def _spread(self) -> tuple[RuleSpread, ...]:
        """Every rule failing somewhere: most centers first, then most points at stake."""
        total = len(self.members) or 1
        spreads = [
            RuleSpread(rule, *self.about[rule], count, count / total, round(self.points[rule], 1))
            for rule, count in self.failing.items()
        ]
        return tuple(sorted(spreads, key=lambda s: (-s.failing, -s.points, s.rule)))


def _ranked(member: Member) -> Ranked:
    score = member.score
    return Ranked(member.center, score.value, score.grade, score.grade_label)


def _histogram(members: Sequence[Member]) -> tuple[int, ...]:
    bins = [0] * BINS
    for member in members:
        value = member.score.value
        if value is not None:
            bins[min(BINS - 1, max(0, int(value // (100 / BINS))))] += 1
    return tuple(bins)


def _grades(members: Sequence[Member]) -> tuple[tuple[str, str], ...]:
    """Grades present, best first. The report does not carry the ruleset's bands, so a
    grade is placed by the lowest score that got it (a capped center scores above its
    band; an uncapped one never below)."""
    lowest: dict[str, float] = {}
    labels: dict[str, str] = {}
    for member in members:
        grade = member.score.grade
        if grade is None:
            continue
        labels.setdefault(grade, member.score.grade_label or grade)
        value = member.score.value if member.score.value is not None else 0.0
        lowest[grade] = min(lowest.get(grade, value), value)
    return tuple((grade, labels[grade]) for grade in sorted(lowest, key=lambda g: (-lowest[g], g)))


def _levels(members: Sequence[Member]) -> tuple[str, ...]:
    present = {str(m.center.get("level", "")) for m in members}
    return tuple([lv for lv in LEVELS if lv in present] + sorted(present - set(LEVELS)))
