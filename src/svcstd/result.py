"""The audit result: plain, frozen data that every renderer reads.

The small records are NamedTuples, the rest frozen dataclasses: making a dataclass costs
about 0.7 ms at import, a NamedTuple 0.1 ms, and every audit imports this module.

Its JSON form (the report format ``svcstd-report/1`` and the batch ``svcstd-batch/1``,
DESIGN §7) is :mod:`svcstd.jsonform`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from svcstd.errors import Location

T = TypeVar("T")


class Finding(NamedTuple):
    pointer: str
    file: str
    line: int
    column: int
    message: str
    subject: str | None = None
    cause: str | None = None  # "missing" (information absent) or "violation" (present and wrong)

    @property
    def location(self) -> Location:
        """Where the finding is, printed as ``file:line:column`` by :class:`Location`."""
        return Location(self.file, self.line, self.column)


class RuleResult(NamedTuple):
    """One rule's result on a center, as reports show it (texts in the report's language)."""

    rule: str
    title: str
    status: str
    severity: str
    weight: float
    area: str
    clause: str
    score: float | None
    points_lost: float | None
    findings: tuple[Finding, ...] = ()
    remediation: str = ""
    references: tuple[str, ...] = ()  # public sources, as text in the report's language
    # The points model: the indicator, the rule's budget and what it earned (None when
    # not applicable or not a points ruleset), veto (一票否决) and bonus (加分项) items.
    indicator: str | None = None
    points: float | None = None
    points_earned: float | None = None
    veto: bool = False
    bonus: bool = False

    @property
    def failed(self) -> bool:
        """Failed, or could not be evaluated (which counts as a failure)."""
        return self.status in ("fail", "error")


@dataclass(frozen=True)
class Score:
    """A center's score, grade and what decided them, as reports show it."""

    value: float | None
    value_without_waivers: float | None
    grade: str | None
    compliant: bool | None
    model: str
    areas: Mapping[str, float | None] = field(default_factory=dict)
    grade_label: str | None = None
    # {"grade", "label", "points_needed"} of the band above, when points alone can reach it
    next_grade: Mapping[str, Any] | None = None
    capped_by: tuple[str, ...] = ()  # failed rules whose severity caps the grade
    # The points model (None elsewhere): sheet points assessable and awaiting on-site
    # assessment; score points lost to missing information and to violations; the
    # bonus counted; the failed veto rules.
    points_assessable: float | None = None
    points_pending: float | None = None
    lost_to_missing: float | None = None
    lost_to_violations: float | None = None
    bonus: float | None = None
    vetoed_by: tuple[str, ...] = ()

    @property
    def shown_without_waivers(self) -> float | None:
        """The score without waivers where reports show it: only where it differs."""
        differs = self.value_without_waivers is not None and self.value_without_waivers != self.value
        return self.value_without_waivers if differs else None


class WaiverReport(NamedTuple):
    kind: str  # applied | expired | unmatched
    rule: str
    subject: str | None
    reason: str
    approver: str
    expires: str
    file: str
    line: int
    column: int
    message: str = ""


class IndicatorLine(NamedTuple):
    """A line of the points sheet (评分表): an indicator, its points and what it earned."""

    id: str
    area: str
    title: str
    points: float
    points_earned: float
    points_assessable: float
    points_pending: float


class ManualLine(NamedTuple):
    """A manual clause on the points sheet; ``result`` is ``pending`` until assessed."""

    clause: str
    indicator: str
    points: float
    result: str
    points_earned: float | None = None
    evidence: str = ""


class AssessmentInfo(NamedTuple):
    """The on-site assessment file given, and whether it was used (if not, why)."""

    source: str
    assessor: str
    date: str
    used: bool
    message: str = ""


@dataclass(frozen=True)
class AuditResult:
    """Everything one center's audit produced: what every renderer reads."""

    tool_version: str
    as_of: str
    lang: str
    center: Mapping[str, Any]  # id, name, level, source
    ruleset: Mapping[str, Any]  # id, version, profile, sha256
    score: Score
    summary: Mapping[str, int]
    manual_clauses: tuple[str, ...]
    results: tuple[RuleResult, ...]
    waivers: tuple[WaiverReport, ...] = ()
    areas: Mapping[str, str] = field(default_factory=dict)  # area id → title in `lang`
    # clause number → {"title", "text"} in `lang`, for every clause the report names
    clauses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    indicators: tuple[IndicatorLine, ...] = ()  # the points sheet, in the points model
    manual: tuple[ManualLine, ...] = ()
    assessment: AssessmentInfo | None = None


class CenterError(NamedTuple):
    """A center that could not be audited (bad input), with its positioned problems."""

    source: str
    problems: tuple[Finding, ...]


@dataclass(frozen=True)
class Report:
    """What one run produced: audited centers and the centers that could not be audited."""

    results: tuple[AuditResult, ...]
    lang: str
    errors: tuple[CenterError, ...] = ()
    # The failures of a --baseline report, as (center, rule, subject) keys; None without
    # one. Renderers mark what is not in it as new (svcstd.compare.is_new).
    known_failures: frozenset[tuple[str, str, str]] | None = None

    @property
    def single(self) -> AuditResult | None:
        """The one result of a single-center run (rendered as a report, not a batch)."""
        return self.results[0] if len(self.results) == 1 and not self.errors else None

    def ranked(self) -> list[AuditResult]:
        """Results best first; centers with nothing assessed last; ties by center id."""
        return sorted(self.results, key=lambda r: ranked(r).key)

    def standings(self) -> list[tuple[int, AuditResult]]:
        """The ranking with shared places for equal scores (1, 2, 2, 4); centers with
        nothing assessed share the last place."""
        return shared_places(self.results, ranked)


class Ranked(NamedTuple):
    """What the ranking of a batch needs of a center: all a streamed batch keeps of it."""

    center: Mapping[str, Any]
    value: float | None
    grade: str | None
    grade_label: str | None

    @property
    def key(self) -> tuple[bool, float, str]:
        """Best first; centers with nothing assessed last; ties by center id."""
        return (self.value is None, -(self.value or 0), self.center["id"])


def ranked(result: AuditResult) -> Ranked:
    return Ranked(dict(result.center), result.score.value, result.score.grade, result.score.grade_label)


def shared_places(entries: Iterable[T], ranked_of: Callable[[T], Ranked]) -> list[tuple[int, T]]:
    """Entries best first (by :attr:`Ranked.key`), each with its place: equal scores
    share one (1, 2, 2, 4)."""
    ordered = sorted(((ranked_of(entry), entry) for entry in entries), key=lambda pair: pair[0].key)
    places: list[tuple[int, T]] = []
    for index, (entry_ranked, entry) in enumerate(ordered):
        tied = index > 0 and ordered[index - 1][0].value == entry_ranked.value
        places.append((places[-1][0] if tied else index + 1, entry))
    return places
