"""A center's audit result, assembled from its evaluation and score: the step between
scoring and rendering, after which renderers read nothing else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from svcstd import __version__, engine, scoring, standards
from svcstd.document import Document
from svcstd.engine import Evaluation, RuleOutcome
from svcstd.i18n import pick
from svcstd.result import (
    AssessmentInfo,
    AuditResult,
    Finding,
    IndicatorLine,
    ManualLine,
    RuleResult,
    Score,
    WaiverReport,
)
from svcstd.ruledoc import reference_text
from svcstd.rules.model import Ruleset
from svcstd.rules.operands import fill_params


class _Texts(NamedTuple):
    """What a result says that depends only on the ruleset, the center's level and the
    language: the same for every center of a batch at that level, so made once."""

    band_labels: dict[str, str]
    manual: tuple[str, ...]
    areas: dict[str, str]
    clauses: dict[str, dict[str, str]]
    rules: dict[str, tuple[str, str, tuple[str, ...]]]  # id → title, fix with the level's figures, references


# By ruleset (its identity, kept alive with the entry so the id is not reused), level, language.
_MADE: dict[tuple[int, str | None, str], tuple[Ruleset, _Texts]] = {}
_MADE_AT_MOST = 64


def _texts(ruleset: Ruleset, level: str | None, lang: str) -> _Texts:
    key = (id(ruleset), level, lang)
    made = _MADE.get(key)
    if made is not None and made[0] is ruleset:
        return made[1]
    params = ruleset.parameter_values(level)
    manual = standards.manual_clauses(ruleset.standard)
    texts = _Texts(
        band_labels={band.grade: pick(band.label, lang) for band in ruleset.bands},
        manual=manual,
        areas={aid: pick(area.title, lang) for aid, area in ruleset.areas.items()},
        clauses=standards.clause_texts(ruleset.standard, [*(r.clause for r in ruleset.rules), *manual], lang),
        rules={
            rule.id: (
                pick(rule.title, lang),
                fill_params(pick(rule.remediation, lang), params, lang),
                tuple(reference_text(r, lang) for r in rule.references),
            )
            for rule in ruleset.rules
        },
    )
    if len(_MADE) >= _MADE_AT_MOST:
        _MADE.clear()
    _MADE[key] = (ruleset, texts)
    return texts


def build_result(
    doc: Document,
    evaluation: Evaluation,
    scored: scoring.Scored,
    ruleset: Ruleset,
    *,
    as_of: date,
    lang: str,
    assessment: AssessmentInfo | None = None,
) -> AuditResult:
    """The audit result of a center: its evaluation and score in the report's language,
    with what every renderer reads (rule titles, fixes with the center's figures,
    references, clause texts, findings placed at file:line:column)."""
    sheet = scored.sheet
    center = doc.data["center"]
    texts = _texts(ruleset, center["level"], lang)
    band_labels, manual = texts.band_labels, texts.manual
    return AuditResult(
        tool_version=__version__,
        as_of=as_of.isoformat(),
        lang=lang,
        center={
            "id": center["id"],
            "name": pick(center["name"], lang),
            "level": center["level"],
            "source": doc.source,
        },
        ruleset={
            "id": ruleset.id,
            "version": ruleset.version,
            "profile": ruleset.profile,
            "sha256": ruleset.sha256,
            **({"tailoring": ruleset.tailoring} if ruleset.tailoring else {}),
            **({"tailoring_changes": dict(ruleset.tailoring_changes)} if ruleset.tailoring_changes else {}),
        },
        score=Score(
            value=scored.value,
            value_without_waivers=scored.value_without_waivers,
            grade=scored.grade,
            grade_label=band_labels.get(scored.grade) if scored.grade else None,
            next_grade=None
            if scored.next_grade is None
            else {
                "grade": scored.next_grade[0],
                "label": band_labels[scored.next_grade[0]],
                "points_needed": scored.next_grade[1],
            },
            capped_by=scored.capped_by,
            compliant=scored.compliant,
            model=scored.model,
            areas=scored.areas,
            vetoed_by=scored.vetoed_by,
            **(
                {
                    "points_assessable": _points(sheet.assessable),
                    "points_pending": _points(sheet.pending),
                    "lost_to_missing": _points(sheet.lost_to_missing),
                    "lost_to_violations": _points(sheet.lost_to_violations),
                    "bonus": _points(sheet.bonus),
                }
                if sheet
                else {}
            ),
        ),
        summary=_summary(evaluation.outcomes),
        manual_clauses=manual,
        areas=texts.areas,
        clauses=texts.clauses,
        results=tuple(_rule_result(o, doc, scored, texts, lang) for o in evaluation.outcomes),
        waivers=_waiver_reports(evaluation, lang),
        indicators=_indicator_lines(scored, ruleset, lang),
        manual=tuple(
            ManualLine(
                c.clause,
                c.indicator,
                _points(c.points),
                c.status,
                None if c.earned is None else _points(c.earned),
                c.evidence,
            )
            for c in scored.manual
        ),
        assessment=assessment,
    )


def _points(value: float) -> float:
    """Points in the report: floats to two decimals, so the JSON reads alike everywhere."""
    return float(round(value, 2))


def _indicator_lines(scored: scoring.Scored, ruleset: Ruleset, lang: str) -> tuple[IndicatorLine, ...]:
    if scored.sheet is None:
        return ()
    titles = {indicator.id: indicator.title for indicator in ruleset.indicators}
    return tuple(
        IndicatorLine(
            id=line.id,
            area=line.area,
            title=pick(titles[line.id], lang),
            points=_points(line.points),
            points_earned=_points(line.earned),
            points_assessable=_points(line.assessable),
            points_pending=_points(line.pending),
        )
        for line in scored.sheet.indicators
    )


def _summary(outcomes: Sequence[RuleOutcome]) -> dict[str, int]:
    counts = Counter(o.status for o in outcomes)
    return {"rules": len(outcomes), **{status: counts[status] for status in engine.STATUSES}}


def _rule_result(outcome: RuleOutcome, doc: Document, scored: scoring.Scored, texts: _Texts, lang: str) -> RuleResult:
    rule = outcome.rule
    fraction = outcome.fraction()
    on_sheet = scored.sheet.rules.get(rule.id) if scored.sheet else None
    title, remediation, references = texts.rules[rule.id]
    return RuleResult(
        rule=rule.id,
        title=title,
        status=outcome.status,
        severity=rule.severity,
        weight=rule.weight,
        area=rule.area,
        clause=rule.clause,
        score=None if fraction is None else round(fraction, 4),
        points_lost=scored.points_lost.get(rule.id),
        findings=_findings(outcome, doc, lang),
        remediation=remediation,
        references=references,
        indicator=rule.indicator,
        points=_points(on_sheet.points) if on_sheet else None,
        points_earned=None if on_sheet is None or on_sheet.earned is None else _points(on_sheet.earned),
        veto=rule.veto,
        bonus=rule.bonus,
    )


def _findings(outcome: RuleOutcome, doc: Document, lang: str) -> tuple[Finding, ...]:
    if outcome.error is not None:
        ptr, where = doc.locate("")
        return (Finding(ptr, where.file, where.line, where.column, outcome.error.render(lang), cause=engine.VIOLATION),)
    findings = []
    for subject in outcome.subjects:
        if subject.failure is None or subject.waived:
            continue
        ptr, where = doc.locate(subject.failure_pointer or subject.pointer)
        message = subject.failure.render(lang)
        findings.append(Finding(ptr, where.file, where.line, where.column, message, subject.subject, subject.cause))
    return tuple(findings)


def _waiver_reports(evaluation: Evaluation, lang: str) -> tuple[WaiverReport, ...]:
    notes = {note.waiver: note for note in evaluation.waiver_notes}
    reports = []
    for waiver in evaluation.waivers:
        note = notes.get(waiver)
        reports.append(
            WaiverReport(
                kind=note.kind if note else "applied",
                rule=waiver.rule,
                subject=waiver.subject,
                reason=pick(waiver.reason, lang),
                approver=waiver.approver,
                expires=waiver.expires.isoformat(),
                file=waiver.location.file,
                line=waiver.location.line,
                column=waiver.location.column,
                message=note.message.render(lang) if note else "",
            )
        )
    return tuple(reports)
