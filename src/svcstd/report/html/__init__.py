"""One self-contained HTML5 page: a score gauge, area bars, rules by area with filters.

CSS, SVG and the small filter script are inline, so the page makes no request, and the
page carries no timestamp other than the audit date. Here the page and each center's part
are put together; :mod:`.environment` holds the templates, escaping and filters, and
:mod:`.overview` the region's histogram and ranking.
"""

from __future__ import annotations

import math
import re
from typing import Any

from svcstd.compare import is_new
from svcstd.report.common import (
    FIX_FIRST,
    failed_rules,
    gain_note,
    number,
    outlook,
    points_notes,
    points_text,
    sheet_rows,
    tailoring_note,
)
from svcstd.report.html.environment import HTML_LANG, page_environment, rich_text, value_text
from svcstd.report.html.overview import ROWS_AT_ONCE, histogram, ranking
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import overview
from svcstd.result import AuditResult, CenterError, Report, RuleResult

# The package's public names: a page, a site, its text with links, and how many ranking
# rows a page writes as HTML.
__all__ = ["ROWS_AT_ONCE", "render", "render_site", "rich_text"]

SEVERITY_ORDER = ("critical", "major", "minor", "info")
STATUS_ORDER = ("fail", "error", "waived", "not_applicable", "pass")
SHOWN_AT_FIRST = ("fail", "error", "waived")  # the filter's starting state; print shows every rule

GAUGE_RADIUS = 52


def render(report: Report) -> str:
    """The page for one center, or a batch: the region's overview and ranking, then
    every center, in one file."""
    anchors = _anchors(report.results)
    if report.single is not None:
        return _page(report, "single", [(report.single, anchors[0])], title=_title(report))
    links = [f"#{anchor}" for anchor in anchors]
    return _page(report, "batch", list(zip(report.results, anchors, strict=True)), links=links)


def render_site(report: Report) -> dict[str, str]:
    """A batch as a site: ``index.html`` (overview and ranking) and one page per center
    under ``centers/``, each small enough to open at once whatever the region's size."""
    anchors = _anchors(report.results)
    pages = {f"centers/{anchor}.html": (result, anchor) for result, anchor in zip(report.results, anchors, strict=True)}
    links = list(pages)
    site = {"index.html": _page(report, "index", [], links=links)}
    for path, (result, anchor) in pages.items():
        title = MESSAGES.text("html_title", report.lang, name=result.center["name"])
        site[path] = _page(report, "center", [(result, anchor)], title=title, back="../index.html")
    return site


def _title(report: Report) -> str:
    if report.single is not None:
        return MESSAGES.text("html_title", report.lang, name=report.single.center["name"])
    return MESSAGES.text("batch_title", report.lang, count=len(report.results))


def _page(
    report: Report,
    kind: str,
    shown: list[tuple[AuditResult, str]],
    *,
    links: list[str] | None = None,
    title: str | None = None,
    back: str | None = None,
) -> str:
    lang = report.lang
    results = [result for result, _anchor in shown]
    region = overview(report) if links is not None else None
    page = {
        "kind": kind,
        "html_lang": HTML_LANG.get(lang, lang),
        "title": title or _title(report),
        "back": back,
        "region": region,
        "histogram": histogram(region) if region else None,
        **ranking(region, links or [], lang),
        "centers": [_center(result, anchor) for result, anchor in shown],
        "errors": [_error(error) for error in report.errors] if kind in ("batch", "index") else [],
        "severities": _ordered({r.severity for res in results for r in res.results}, SEVERITY_ORDER),
        "statuses": _ordered({r.status for res in results for r in res.results}, STATUS_ORDER),
        "shown_at_first": SHOWN_AT_FIRST,
        "version": report.results[0].tool_version if report.results else "",
    }
    template = page_environment().get_template("report.html.j2")
    return template.render(
        page=page,
        t=lambda key, **params: MESSAGES.text(key, lang, **params),
        v=value_text(lang),
        new=lambda result, rule, finding: is_new(report, result.center["id"], rule.rule, finding),
    )


def _center(result: AuditResult, anchor: str) -> dict[str, Any]:
    score, lang = result.score, result.lang
    shows_without = score.value_without_waivers is not None and score.value_without_waivers != score.value
    failed = failed_rules(result)
    return {
        "result": result,
        "anchor": anchor,
        "name": result.center["name"],
        "level": result.center.get("level", ""),
        "grade": score.grade_label or score.grade or "—",
        "value": number(score.value),
        "without_waivers": number(score.value_without_waivers) if shows_without else None,
        "verdict": None if score.compliant is None else ("compliant" if score.compliant else "non_compliant"),
        "gauge": _gauge(score.value),
        "bars": _bars(result),
        "tailoring": tailoring_note(result.ruleset, lang),
        "fix_first": failed[:FIX_FIRST],
        "gain_note": _gain_note(result, failed[:FIX_FIRST]),
        "outlook": [MESSAGES.text(key, lang, **params) for key, params in outlook(result)],
        "failed_count": len(failed),
        "areas": _areas(result),
        "waived": [r for r in result.results if r.status == "waived"],
        "manual": [(number, result.clauses.get(number, {})) for number in result.manual_clauses],
        "summary": MESSAGES.text("rules_line", lang, **result.summary),
        "points_notes": [(key, MESSAGES.text(key, lang, **params)) for key, params in points_notes(result)],
        "sheet": sheet_rows(result),
    }


def _anchors(results: tuple[AuditResult, ...]) -> list[str]:
    """In-page ids from center ids, made safe and unique (saved reports are not validated)."""
    anchors: list[str] = []
    for place, result in enumerate(results, 1):
        slug = re.sub(r"[^a-z0-9-]+", "-", str(result.center.get("id", "")).lower()).strip("-")
        anchor = f"center-{slug}" if slug else f"center-{place}"
        anchors.append(anchor if anchor not in anchors else f"{anchor}-{place}")
    return anchors


def _gauge(value: float | None) -> dict[str, Any]:
    circumference = 2 * math.pi * GAUGE_RADIUS
    arc = 0.0 if value is None else circumference * max(0.0, min(100.0, value)) / 100
    return {"r": GAUGE_RADIUS, "dash": f"{arc:.2f} {circumference:.2f}", "empty": value is None}


def _bars(result: AuditResult) -> list[dict[str, Any]]:
    """Area scores as HTML bars: their labels wrap and keep their size on a phone."""
    return [
        {
            "title": result.areas.get(area, area),
            "width": 0 if value is None else round(max(0.0, min(100.0, value)), 1),
            "value": value,
            "text": number(value),
        }
        for area, value in result.score.areas.items()
    ]


def _gain_note(result: AuditResult, top: list[RuleResult]) -> str | None:
    note = gain_note(result, top)
    return None if note is None else MESSAGES.text(note[0], result.lang, **note[1])


def _areas(result: AuditResult) -> list[dict[str, Any]]:
    """Every rule grouped by area (in the ruleset's order): failures first, most points lost first."""
    rank = {status: place for place, status in enumerate(STATUS_ORDER)}
    order = list(result.areas) + sorted({r.area for r in result.results} - set(result.areas))
    groups = []
    for area in order:
        rules = sorted(
            (r for r in result.results if r.area == area),
            key=lambda r: (rank.get(r.status, 0), -(r.points_lost or 0), r.rule),
        )
        if rules:
            groups.append(
                {
                    "id": area,
                    "title": result.areas.get(area, area),
                    "score": number(result.score.areas.get(area)),
                    "rules": [_rule(rule, result) for rule in rules],
                }
            )
    return groups


def _rule(rule: RuleResult, result: AuditResult) -> dict[str, Any]:
    clause = result.clauses.get(rule.clause, {})
    return {
        "rule": rule,
        "clause_title": clause.get("title", ""),
        "clause_text": clause.get("text", ""),
        "detailed": rule.status in ("fail", "error", "waived"),
        "points_lost": None if rule.points_lost is None else points_text(rule.points_lost),
        "share": None if rule.score is None or rule.status == "pass" else f"{100 * rule.score:.0f}",
        "waivers": [w for w in result.waivers if w.rule == rule.rule],
    }


def _error(error: CenterError) -> dict[str, Any]:
    return {"source": error.source, "problems": error.problems}


def _ordered(values: set[str], order: tuple[str, ...]) -> list[str]:
    return [v for v in order if v in values] + sorted(values - set(order))
