"""On-site assessments of manual clauses (format ``svcstd-assessment/1``, DESIGN §11).

A person judges the clauses no rule can check (看现场、查资料) and writes the results in
a worksheet: per clause met / partly / not met / not applicable, the points given and
the evidence. The worksheet is read and checked against the ruleset here; whether it
may be used for a center on a date (right ruleset version, right center, not too old)
is decided by :func:`applies`, and a worksheet that may not is reported, never silently
used. :func:`worksheet` writes the blank form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from svcstd import loader
from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import Message, pick
from svcstd.messages import MESSAGES
from svcstd.rules.model import Ruleset
from svcstd.schema import load_schema
from svcstd.schemacheck import CompiledSchema, schema_problems
from svcstd.scoring import AssessedClause


class Assessment(NamedTuple):
    """An on-site assessment worksheet (svcstd-assessment/1), read and checked."""

    source: str
    ruleset: tuple[str, str]  # id, version
    center: str
    assessor: str
    organization: str
    date: date
    clauses: Mapping[str, AssessedClause]


def load(path: Path, ruleset: Ruleset) -> Assessment:
    """Read a worksheet and check it against ``ruleset``'s manual clauses; raise
    :class:`InputError` (exit 2, positioned) on anything malformed."""
    doc = loader.load_yaml(path)
    problems = schema_problems(doc, _validator())
    if problems:
        raise InputError(problems)
    data = doc.data
    points = {item.clause: item.points for item in ruleset.manual}
    clauses: dict[str, AssessedClause] = {}
    for index, line in enumerate(data["clauses"]):
        ptr, clause = f"/clauses/{index}", line["clause"]
        message: Message | None = None
        if clause not in points:
            known = ", ".join(points) or "—"
            message = MESSAGES("unknown_clause", clause=clause, ruleset=f"{ruleset.id}@{ruleset.version}", known=known)
        elif clause in clauses:
            message = MESSAGES("duplicate_clause", clause=clause)
        elif line.get("points", 0) > points[clause]:
            message = MESSAGES(
                "too_many_points", clause=clause, given=f"{line['points']:g}", points=f"{points[clause]:g}"
            )
        if message is not None:
            problems.append(doc.problem(ptr, message))
            continue
        clauses[clause] = AssessedClause(clause, line["result"], line.get("points"), line.get("evidence", ""))
    if problems:
        raise InputError(problems)
    return Assessment(
        source=doc.source,
        ruleset=(data["ruleset"]["id"], data["ruleset"]["version"]),
        center=data["center"],
        assessor=data["assessor"]["name"],
        organization=data["assessor"].get("organization", ""),
        date=date.fromisoformat(data["date"]),
        clauses=clauses,
    )


@cache
def _validator() -> CompiledSchema:
    return CompiledSchema(load_schema("assessment"))


def for_center(assessments: Sequence[Assessment], center: str) -> Assessment | None:
    """The worksheet for ``center``; with one worksheet and no match, that one (so that a
    worksheet for another center is reported, not ignored)."""
    matching = [a for a in assessments if a.center == center]
    if matching:
        return matching[0]
    return assessments[0] if len(assessments) == 1 else None


def applies(assessment: Assessment, ruleset: Ruleset, center: str, as_of: date) -> Message | None:
    """Why ``assessment`` may not be used for ``center`` on ``as_of``; None when it may."""
    ours = f"{ruleset.id}@{ruleset.version}"
    theirs = "@".join(assessment.ruleset)
    if theirs != ours:
        return MESSAGES("other_version", theirs=theirs, ours=ours)
    if assessment.center != center:
        return MESSAGES("other_center", theirs=assessment.center, ours=center)
    age = (as_of - assessment.date).days
    if age < 0:
        return MESSAGES("future", date=assessment.date.isoformat(), as_of=as_of.isoformat())
    limit = ruleset.assessment_max_age_days
    if limit is not None and age > limit:
        return MESSAGES("too_old", date=assessment.date.isoformat(), age=age, limit=limit)
    return None


def worksheet(ruleset: Ruleset, clause_titles: Mapping[str, str], *, center: str, today: date, lang: str) -> str:
    """The blank worksheet for ``ruleset`` as YAML, every manual clause listed with its
    points and title (as a comment), results left for the assessor."""
    if not ruleset.manual:
        message = MESSAGES("no_manual", ruleset=f"{ruleset.id}@{ruleset.version}")
        raise InputError([Problem(Location.argument("--ruleset"), message)])
    head = {
        "svcstd-assessment": "1",
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "center": center,
        "assessor": {"name": "", "organization": ""},
        "date": today.isoformat(),
    }
    lines = [yaml.safe_dump(head, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip(), "clauses:"]
    for item in ruleset.manual:
        title = clause_titles.get(item.clause, "")
        method = pick(item.method, lang) if item.method else ""
        lines.append(f"  # {item.clause} {title} ({item.points:g}){' — ' + method if method else ''}".rstrip())
        lines.append(f'  - {{clause: "{item.clause}", result: , points: , evidence: ""}}')
    return "\n".join(lines) + "\n"
