"""The JSON form of audit results: the report format ``svcstd-report/1`` and the batch
``svcstd-batch/1`` (DESIGN §7). ``to_dict`` and ``from_dict`` convert both ways, so a saved
report can be rendered again later; a batch records each ruleset's rule metadata once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from svcstd.result import (
    AssessmentInfo,
    AuditResult,
    CenterError,
    Finding,
    IndicatorLine,
    ManualLine,
    Ranked,
    Report,
    RuleResult,
    Score,
    WaiverReport,
    ranked,
    shared_places,
)

REPORT_FORMAT = "svcstd-report/1"
BATCH_FORMAT = "svcstd-batch/1"
# What a report holds that depends only on its ruleset (and language): a batch records it
# once per ruleset (``rulesets``, keyed by sha256), and each center keeps what differs.
REPORT_METADATA = ("manual_clauses", "areas", "clauses")
RULE_METADATA = (
    "title", "severity", "weight", "area", "clause", "remediation", "references",
    "indicator", "points", "veto", "bonus",
)  # fmt: skip


def report_to_dict(report: Report) -> dict[str, Any]:
    """A single center's report, or a batch (DESIGN §7) with a ranking and the errors."""
    if report.single is not None:
        return to_dict(report.single)
    record = BatchRecord()
    centers = [record.compact(to_dict(r)) for r in report.results]
    return batch_dict(report.lang, centers, record, [ranked(r) for r in report.results], report.errors)


def batch_dict(
    lang: str, centers: list[Any], record: BatchRecord, ranking: Sequence[Ranked], errors: Sequence[CenterError]
) -> dict[str, Any]:
    """The batch's keys in order; ``centers`` may be a placeholder a stream writes itself."""
    return {
        "format": BATCH_FORMAT,
        "lang": lang,
        "centers": centers,
        "rulesets": record.rulesets,
        "ranking": ranking_dicts(ranking),
        "errors": [{"source": e.source, "problems": [p._asdict() for p in e.problems]} for e in errors],
    }


def ranking_dicts(centers: Sequence[Ranked]) -> list[dict[str, Any]]:
    """The ranking with shared places for equal scores (1, 2, 2, 4), as Report.standings."""
    places = shared_places(centers, lambda entry: entry)
    return [{"rank": place, "center": r.center["id"], "score": r.value, "grade": r.grade} for place, r in places]


class BatchRecord:
    """Each ruleset's metadata, recorded from the first center audited with it."""

    def __init__(self) -> None:
        self.rulesets: dict[str, dict[str, Any]] = {}

    def compact(self, report: dict[str, Any]) -> dict[str, Any]:
        """``report`` without what the record already holds (exactly: a value that differs stays)."""
        record = self.rulesets.get(report["ruleset"]["sha256"])
        if record is None:
            record = {key: report[key] for key in REPORT_METADATA} | {"rules": {}}
            self.rulesets[report["ruleset"]["sha256"]] = record
        compact = {key: value for key, value in report.items() if key not in REPORT_METADATA or record[key] != value}
        rules = record["rules"]
        results = []
        for result in report["results"]:
            known = rules.get(result["rule"])
            if known is None:
                known = rules[result["rule"]] = {key: result[key] for key in RULE_METADATA if key in result}
            results.append({key: value for key, value in result.items() if key not in known or known[key] != value})
        compact["results"] = results
        return compact


def expanded_batch(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A batch whose centers hold again what ``rulesets`` recorded once (DESIGN §7)."""
    rulesets = data.get("rulesets")
    if not rulesets:
        return data
    return {**data, "centers": [_expand(center, rulesets) for center in data["centers"]]}


def _expand(center: Mapping[str, Any], rulesets: Mapping[str, Any]) -> Mapping[str, Any]:
    record = rulesets.get(center["ruleset"]["sha256"])
    if record is None:
        return center
    rules = record["rules"]
    full = {key: record[key] for key in REPORT_METADATA} | dict(center)
    full["results"] = [{**rules.get(result["rule"], {}), **result} for result in center["results"]]
    return full


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Read back a report or a batch written by :func:`report_to_dict`."""
    if data.get("format") == REPORT_FORMAT:
        result = from_dict(data)
        return Report((result,), result.lang)
    data = expanded_batch(data)
    return Report(
        results=tuple(from_dict(center) for center in data["centers"]),
        lang=data["lang"],
        errors=tuple(
            CenterError(e["source"], tuple(Finding(**p) for p in e["problems"])) for e in data.get("errors", [])
        ),
    )


def to_dict(result: AuditResult) -> dict[str, Any]:
    """The report as JSON-ready data, keys in the order of DESIGN §7."""
    stored = result.__dict__.get(_STORED)
    if stored is not None:
        return dict(stored)
    score = result.score
    return {
        "format": REPORT_FORMAT,
        "tool": {"name": "svcstd", "version": result.tool_version},
        "as_of": result.as_of,
        "lang": result.lang,
        "center": dict(result.center),
        "ruleset": dict(result.ruleset),
        "score": {
            "value": score.value,
            "value_without_waivers": score.value_without_waivers,
            "grade": score.grade,
            "grade_label": score.grade_label,
            "compliant": score.compliant,
            "model": score.model,
            "areas": dict(score.areas),
            "next_grade": dict(score.next_grade) if score.next_grade else None,
            "capped_by": list(score.capped_by),
            **_points_score(score),
        },
        "summary": dict(result.summary),
        "manual_clauses": list(result.manual_clauses),
        "areas": dict(result.areas),
        "clauses": {number: dict(clause) for number, clause in result.clauses.items()},
        "results": [_rule_dict(r) for r in result.results],
        "waivers": [w._asdict() for w in result.waivers],
        **(
            {
                "indicators": [line._asdict() for line in result.indicators],
                "manual": [line._asdict() for line in result.manual],
                "assessment": result.assessment._asdict() if result.assessment else None,
            }
            if score.model == "points"
            else {}
        ),
    }


def _points_score(score: Score) -> dict[str, Any]:
    if score.model != "points":
        return {}
    return {
        "points_assessable": score.points_assessable,
        "points_pending": score.points_pending,
        "lost_to_missing": score.lost_to_missing,
        "lost_to_violations": score.lost_to_violations,
        "bonus": score.bonus,
        "vetoed_by": list(score.vetoed_by),
    }


def _rule_dict(result: RuleResult) -> dict[str, Any]:
    # Field order is the key order of DESIGN §7. The fields hold plain values, so a
    # shallow copy does what asdict's deep copy did, many times faster.
    return result._asdict() | {"findings": [finding._asdict() for finding in result.findings]}


# The attribute of a result read back from the cache that holds the data it was read from.
_STORED = "_stored_data"


def read_stored(data: Mapping[str, Any]) -> AuditResult:
    """A result the cache kept as ``to_dict`` gave it: it keeps that data, and ``to_dict``
    gives it again rather than building it anew, so an unchanged center is written as
    it was when it was audited. (A report file read with :func:`from_dict` is built
    anew, in the shape this version writes.)"""
    result = from_dict(data)
    object.__setattr__(result, _STORED, data)  # not a field: equality and replace() ignore it
    return result


def from_dict(data: Mapping[str, Any]) -> AuditResult:
    """Read back a report written by :func:`to_dict`."""
    score = data["score"]
    return AuditResult(
        tool_version=data["tool"]["version"],
        as_of=data["as_of"],
        lang=data["lang"],
        center=data["center"],
        ruleset=data["ruleset"],
        score=Score(
            value=score["value"],
            value_without_waivers=score["value_without_waivers"],
            grade=score["grade"],
            grade_label=score.get("grade_label"),
            compliant=score["compliant"],
            model=score["model"],
            areas=score["areas"],
            next_grade=score.get("next_grade"),
            capped_by=tuple(score.get("capped_by", ())),
            points_assessable=score.get("points_assessable"),
            points_pending=score.get("points_pending"),
            lost_to_missing=score.get("lost_to_missing"),
            lost_to_violations=score.get("lost_to_violations"),
            bonus=score.get("bonus"),
            vetoed_by=tuple(score.get("vetoed_by", ())),
        ),
        summary=data["summary"],
        manual_clauses=tuple(data["manual_clauses"]),
        areas=data.get("areas", {}),
        clauses=data.get("clauses", {}),
        results=tuple(
            RuleResult(
                **r
                | {"findings": tuple(Finding(**f) for f in r["findings"]), "references": tuple(r.get("references", ()))}
            )
            for r in data["results"]
        ),
        waivers=tuple(WaiverReport(**w) for w in data.get("waivers", [])),
        indicators=tuple(IndicatorLine(**line) for line in data.get("indicators", [])),
        manual=tuple(ManualLine(**line) for line in data.get("manual", [])),
        assessment=AssessmentInfo(**data["assessment"]) if data.get("assessment") else None,
    )
