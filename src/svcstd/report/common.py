"""What the human-readable renderers (Markdown, HTML) share: the ids the report carries
put into words, which failures to fix first and what fixing them is worth, and where
http(s) addresses are in text. Their texts are in :mod:`svcstd.report.messages`;
escaping stays with each format."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, Finding, IndicatorLine, RuleResult

FIX_FIRST = 3
ADDITIVE_MODELS = ("points", "default", "flat", "flat-unweighted")  # linear in each rule's score (DESIGN §6)

# An http(s) address: RFC 3986 characters, less the brackets (which only an IPv6 host
# needs), so that "https://x]](javascript:…)" cannot carry a second link inside the first.
URL = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*")


def is_link_base(base: str) -> bool:
    """Only an http(s) address can be a link base (``--link-base``, ``--help-uri-base``)."""
    return base.startswith(("https://", "http://")) and not any(c in base for c in " <>()[]\"'`")


def value_label(value: str, lang: str) -> str | None:
    """A severity, status, waiver kind or level in ``lang``; None for an unknown id."""
    try:
        return MESSAGES.text(f"value_{value}", lang)
    except KeyError:
        return None


def value_text(value: str, lang: str) -> str:
    """A known id (:func:`value_label`) in words in ``lang``; anything else as it is."""
    return value_label(value, lang) or value


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    """A change of score, with its sign."""
    return "—" if value is None else f"{value:+.1f}"


def points_text(value: float | None) -> str:
    """Points for people: one decimal, two below 0.1, so that a real loss never reads 0.0."""
    if value is None:
        return "—"
    return f"{value:.2f}" if 0 < abs(value) < 0.1 else f"{value:.1f}"


def failed_rules(result: AuditResult) -> list[RuleResult]:
    """Failed rules (an error counts as a fail): vetoes first, then the rules that cap the
    grade, then the most points lost."""
    score = result.score
    return sorted(
        (r for r in result.results if r.failed),
        key=lambda r: (r.rule not in score.vetoed_by, r.rule not in score.capped_by, -(r.points_lost or 0), r.rule),
    )


def gain_note(result: AuditResult, top: list[RuleResult]) -> tuple[str, dict[str, Any]] | None:
    """What the top rules together are worth, as a MESSAGES key and its parameters: their
    sum where the scoring model lets gains add up, else a note that they do not."""
    gains = [r.points_lost for r in top if r.points_lost is not None]
    model, value = result.score.model, result.score.value
    if value is None or len(gains) < 2:
        return None
    if model not in ADDITIVE_MODELS:
        return "gain_alone", {"model": model}
    total = sum(gains)
    return "gain_total", {
        "model": model,
        "count": len(gains),
        "points": f"{total:.1f}",
        "value": f"{min(100.0, value + total):.1f}",
    }


def split_urls(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is an http(s) address (the only text
    that may become a link)."""
    start = 0
    for match in URL.finditer(text):
        url = trim_url(match.group())
        yield text[start : match.start()], False
        yield url, True
        start = match.start() + len(url)
    yield text[start:], False


def trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the address, as GitHub does."""
    url = url.rstrip(".,;:!?'*")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?'*")
    return url


def ruleset_label(ruleset: Mapping[str, Any]) -> str:
    """``id@version [profile]``, as every human report names the ruleset."""
    return f"{ruleset['id']}@{ruleset['version']} [{ruleset.get('profile', 'baseline')}]"


def tailoring_note(ruleset: Mapping[str, Any], lang: str) -> str | None:
    """The tailoring file a report was scored with and what it changes, in words; None
    without one. Its parts are text of a tailoring file: each format escapes them."""
    if not ruleset.get("tailoring"):
        return None
    changes = ruleset.get("tailoring_changes") or {}
    parts = []
    for key, value in changes.items():
        if isinstance(value, Mapping):
            items = ", ".join(f"{name} = {_shown(item)}" for name, item in value.items())
        else:
            items = ", ".join(str(item) for item in value)
        if items:
            parts.append(MESSAGES.text(f"t_{key}", lang, items=items))
    if not parts:
        return MESSAGES.text("tailored_none", lang, file=ruleset["tailoring"])
    return MESSAGES.text("tailored", lang, file=ruleset["tailoring"], changes="; ".join(parts))


def _shown(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    return str(value)


def outlook(result: AuditResult) -> list[tuple[str, dict[str, Any]]]:
    """What it takes to reach the next grade, as MESSAGES keys with parameters: the rules
    whose failure caps the grade, and the points the band above needs."""
    score = result.score
    lines = []
    if score.capped_by:
        lines.append(("capped", {"rules": ", ".join(score.capped_by)}))
    if score.next_grade:
        lines.append(
            ("next_grade", {"points": f"{score.next_grade['points_needed']:.1f}", "label": score.next_grade["label"]})
        )
    return lines


def failed_groups(result: AuditResult, failed: Sequence[RuleResult]) -> list[tuple[str, list[RuleResult]]]:
    """The failed rules as reports list them, each group under its heading's key: on the
    points model, violations (something declared is wrong: "fix these") apart from missing
    information (every finding about something not declared: "fill in these fields");
    elsewhere, all together. Empty groups are left out."""
    if result.score.model != "points":
        return [("failed", list(failed))] if failed else []
    missing = [r for r in failed if r.findings and all(f.cause == "missing" for f in r.findings)]
    groups = [("fix_these", [r for r in failed if r not in missing]), ("fill_in", missing)]
    return [(key, group) for key, group in groups if group]


@dataclass(frozen=True)
class Deduction:
    """A line of an indicator on the points sheet: a rule that lost sheet points, or a
    manual clause the assessor did not give full points to."""

    label: str  # rule id, or the manual clause
    title: str
    lost: float  # sheet points
    findings: tuple[Finding, ...]  # the reasons, each with its file:line


@dataclass(frozen=True)
class SheetRow:
    indicator: IndicatorLine
    area: str
    deductions: tuple[Deduction, ...]


def sheet_rows(result: AuditResult) -> list[SheetRow]:
    """The points sheet (评分表) by indicator, each with its deductions, like the paper form."""
    rows = []
    lang = result.lang
    for line in result.indicators:
        deductions = [
            Deduction(r.rule, r.title, (r.points or 0) - (r.points_earned or 0), r.findings)
            for r in result.results
            if r.indicator == line.id and not r.bonus and r.points_earned is not None and r.points_earned < (r.points or 0)
        ]  # fmt: skip
        deductions += [
            Deduction(
                MESSAGES.text("manual_line", lang, clause=m.clause, result=value_text(m.result, lang)),
                result.clauses.get(m.clause, {}).get("title", ""), m.points - m.points_earned, (),
            )
            for m in result.manual
            if m.indicator == line.id and m.points_earned is not None and m.points_earned < m.points
        ]  # fmt: skip
        rows.append(SheetRow(line, result.areas.get(line.area, line.area), tuple(deductions)))
    return rows


def points_notes(result: AuditResult) -> list[tuple[str, dict[str, Any]]]:
    """The points model's sentences under the score, as MESSAGES keys with parameters:
    the veto, the points lost to each cause, the bonus, what awaits on-site assessment."""
    score = result.score
    if score.model != "points":
        return []
    notes: list[tuple[str, dict[str, Any]]] = []
    if score.vetoed_by:
        notes.append(("veto_line", {"rules": ", ".join(score.vetoed_by)}))
    notes.append(
        (
            "lost_line",
            {"missing": points_text(score.lost_to_missing), "violations": points_text(score.lost_to_violations)},
        )
    )
    if score.bonus:
        notes.append(("bonus_line", {"points": points_text(score.bonus)}))
    if score.points_pending:
        notes.append(
            ("pending_line", {"points": f"{score.points_pending:g}", "assessable": f"{score.points_assessable or 0:g}"})
        )
    if result.assessment is not None:
        info = result.assessment
        if info.used:
            notes.append(("assessment_line", {"assessor": info.assessor, "date": info.date, "source": info.source}))
        else:
            notes.append(("assessment_refused", {"message": info.message}))
    return notes
