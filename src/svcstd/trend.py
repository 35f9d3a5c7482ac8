"""Scores over time: several saved audits of one region, ordered by audit date, as each
center's score line, its grade changes, and per period the rules fixed and newly failing
(DESIGN §8, `svcstd trend`). Failures are matched as `svcstd diff` matches them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Any

from svcstd.compare import compare
from svcstd.errors import InputError, Location, Problem
from svcstd.messages import MESSAGES
from svcstd.result import Report

TREND_FORMAT = "svcstd-trend/1"


@dataclass(frozen=True)
class Point:
    """A center in one period; ``None`` score where it was not audited or nothing applied."""

    value: float | None
    grade: str | None
    grade_label: str | None
    compliant: bool | None


@dataclass(frozen=True)
class CenterTrend:
    center: str
    name: str
    level: str
    points: tuple[Point | None, ...]  # one per period; None: not in that report

    @property
    def change(self) -> float | None:
        """Score change from the first period the center has a score to the last."""
        values = [p.value for p in self.points if p is not None and p.value is not None]
        return round(values[-1] - values[0], 1) if len(values) >= 2 else None

    def grade_changes(self, dates: Sequence[str]) -> list[tuple[str, str, str]]:
        """(date, old grade label, new grade label) wherever the grade changed."""
        changes = []
        seen = [(date, p) for date, p in zip(dates, self.points, strict=True) if p is not None and p.grade]
        for (_old_date, old), (date, new) in zip(seen, seen[1:], strict=False):
            if old.grade != new.grade:
                changes.append((date, old.grade_label or old.grade or "", new.grade_label or new.grade or ""))
        return changes


@dataclass(frozen=True)
class RegionPoint:
    centers: int
    mean: float | None
    compliant: int
    non_compliant: int
    grades: dict[str, int]  # grade label → centers


@dataclass(frozen=True)
class Period:
    """From one audit to the next: rules fixed and newly failing, by centers."""

    start: str
    end: str
    fixed: tuple[tuple[str, int], ...]  # (rule, centers where it was fixed), most first
    failing: tuple[tuple[str, int], ...]  # (rule, centers where it newly fails), most first


@dataclass(frozen=True)
class Trend:
    dates: tuple[str, ...]
    sources: tuple[str, ...]
    lang: str
    centers: tuple[CenterTrend, ...]
    region: tuple[RegionPoint, ...]
    periods: tuple[Period, ...]
    titles: dict[str, str]  # rule id → title (from the newest report that has it)


def trend(reports: Sequence[tuple[str, Report]]) -> Trend:
    """The trend of ``reports`` (source, report); they are ordered by audit date here."""
    if len(reports) < 2:
        raise InputError([Problem(Location.argument("REPORT.json"), MESSAGES("too_few", count=len(reports)))])
    dated = sorted(((_as_of(source, report), source, report) for source, report in reports), key=lambda d: d[0])
    for (date, first, _r), (other, second, _s) in zip(dated, dated[1:], strict=False):
        if date == other:
            raise InputError([Problem(Location(second), MESSAGES("same_date", as_of=date, first=first, second=second))])
    ordered = [report for _date, _source, report in dated]
    return Trend(
        dates=tuple(date for date, _source, _report in dated),
        sources=tuple(source for _date, source, _report in dated),
        lang=ordered[-1].lang,
        centers=_centers(ordered),
        region=tuple(_region(report) for report in ordered),
        periods=tuple(
            _period(old, new, dated[index][0], dated[index + 1][0])
            for index, (old, new) in enumerate(zip(ordered, ordered[1:], strict=False))
        ),
        titles={r.rule: r.title for report in ordered for result in report.results for r in result.results},
    )


def _as_of(source: str, report: Report) -> str:
    if not report.results:
        raise InputError([Problem(Location(source), MESSAGES("no_audited_center"))])
    return max(result.as_of for result in report.results)


def _centers(reports: Sequence[Report]) -> tuple[CenterTrend, ...]:
    latest: dict[str, Any] = {}
    for report in reports:
        for result in report.results:
            latest[result.center["id"]] = result.center
    by_period = [{r.center["id"]: r for r in report.results} for report in reports]
    trends = []
    for center_id in sorted(latest):
        points = []
        for results in by_period:
            found = results.get(center_id)
            score = found.score if found else None
            points.append(
                None if score is None else Point(score.value, score.grade, score.grade_label, score.compliant)
            )
        center = latest[center_id]
        trends.append(CenterTrend(center_id, center["name"], center.get("level", ""), tuple(points)))
    return tuple(trends)


def _region(report: Report) -> RegionPoint:
    values = [r.score.value for r in report.results if r.score.value is not None]
    grades = Counter(r.score.grade_label or r.score.grade or "" for r in report.results if r.score.grade)
    return RegionPoint(
        centers=len(report.results),
        mean=round(mean(values), 1) if values else None,
        compliant=sum(1 for r in report.results if r.score.compliant is True),
        non_compliant=sum(1 for r in report.results if r.score.compliant is False),
        grades=dict(sorted(grades.items())),
    )


def _period(old: Report, new: Report, start: str, end: str) -> Period:
    fixed: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    for change in compare(old, new):
        if change.status != "changed":
            continue  # a center added or removed is not a fix nor a new failure
        fixed.update({rule for _center, rule, _subject in change.fixed})
        failing.update({rule for _center, rule, _subject in change.new})
    return Period(start, end, _most(fixed), _most(failing))


def _most(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def trend_to_dict(found: Trend) -> dict[str, Any]:
    """The trend as JSON (format ``svcstd-trend/1``)."""
    return {
        "format": TREND_FORMAT,
        "lang": found.lang,
        "dates": list(found.dates),
        "sources": list(found.sources),
        "region": [
            {
                "as_of": date,
                "centers": p.centers,
                "mean": p.mean,
                "compliant": p.compliant,
                "non_compliant": p.non_compliant,
                "grades": p.grades,
            }
            for date, p in zip(found.dates, found.region, strict=True)
        ],  # fmt: skip
        "centers": [
            {
                "center": c.center,
                "name": c.name,
                "level": c.level,
                "scores": [None if p is None else p.value for p in c.points],
                "grades": [None if p is None else p.grade for p in c.points],
                "change": c.change,
                "grade_changes": [
                    {"as_of": date, "old": old, "new": new} for date, old, new in c.grade_changes(found.dates)
                ],
            }
            for c in found.centers
        ],
        "periods": [
            {
                "from": p.start,
                "to": p.end,
                "fixed": [{"rule": rule, "centers": count} for rule, count in p.fixed],
                "newly_failing": [{"rule": rule, "centers": count} for rule, count in p.failing],
            }
            for p in found.periods
        ],
    }
