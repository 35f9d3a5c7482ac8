"""One self-contained HTML5 page: a score gauge, area bars, rules by area with filters.

CSS, SVG and the small filter script are inline, so the page makes no request. Jinja2
escapes everything; text from a description becomes a link only when it is an http(s)
address, and the page carries no timestamp other than the audit date.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from svcstd.compare import is_new
from svcstd.errors import Location
from svcstd.model import AuditResult, CenterError, Report, RuleResult
from svcstd.report.common import (
    FIX_FIRST,
    failed_rules,
    gain_note,
    number,
    outlook,
    points_notes,
    points_text,
    sheet_rows,
    split_urls,
    tailoring_note,
    value_label,
)
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import Overview, overview

HTML_LANG = {"zh": "zh-CN", "en": "en"}
SEVERITY_ORDER = ("critical", "major", "minor", "info")
STATUS_ORDER = ("fail", "error", "waived", "not_applicable", "pass")
SHOWN_AT_FIRST = ("fail", "error", "waived")  # the filter's starting state; print shows every rule

GAUGE_RADIUS = 52
HIST_LEFT, HIST_TOP, HIST_HEIGHT, HIST_STEP = 4, 18, 110, 33  # px; 10 bins fit a 390px phone
ROWS_AT_ONCE = 200  # ranking rows written as HTML; the rest come from data, filtered by the script
HEAT_EDGES = (60, 80, 90)  # heatmap colour bands: below 60, 60–80, 80–90, 90 and above
HEAT_COLOURS = ("#e5e7eb", "#fca5a5", "#fde68a", "#bbf7d0", "#4ade80")  # also in style.css (.h0–.h4)

# An http(s) address with a host: RFC 3986 characters only, so it ends at spaces, quotes,
# '<', '>', '|' and CJK punctuation.
_CODE = re.compile(r"`([^`]+)`")
# Code points HTML forbids in a document (controls other than whitespace, noncharacters).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _printable(value: Any) -> Any:
    """Every printed value, with forbidden code points shown as U+FFFD."""
    if isinstance(value, Markup):
        return Markup(_FORBIDDEN.sub("\ufffd", str(value)))
    if isinstance(value, str):
        return _FORBIDDEN.sub("\ufffd", value)
    return value


_ENV = Environment(
    loader=PackageLoader("svcstd.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
    finalize=_printable,
)
_ENV.filters["points"] = points_text


def page_environment() -> Environment:
    """The templates, filters and escaping of every svcstd page (the trend page too)."""
    return _ENV


def render(report: Report) -> str:
    """The page for one center, or a batch: the region's overview and ranking, then
    every center, in one file."""
    anchors = _anchors(report.results)
    if report.single is not None:
        return _page(report, "single", [(report.single, anchors[0])], title=_title(report))
    links = {id(result): f"#{anchor}" for result, anchor in zip(report.results, anchors, strict=True)}
    return _page(report, "batch", list(zip(report.results, anchors, strict=True)), links=links)


def render_site(report: Report) -> dict[str, str]:
    """A batch as a site: ``index.html`` (overview and ranking) and one page per center
    under ``centers/``, each small enough to open at once whatever the region's size."""
    anchors = _anchors(report.results)
    pages = {f"centers/{anchor}.html": (result, anchor) for result, anchor in zip(report.results, anchors, strict=True)}
    links = {id(result): path for path, (result, _anchor) in pages.items()}
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
    links: dict[int, str] | None = None,
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
        "histogram": _histogram(region) if region else None,
        **_ranking(region, links or {}, lang),
        "centers": [_center(result, anchor) for result, anchor in shown],
        "errors": [_error(error) for error in report.errors] if kind in ("batch", "index") else [],
        "severities": _ordered({r.severity for res in results for r in res.results}, SEVERITY_ORDER),
        "statuses": _ordered({r.status for res in results for r in res.results}, STATUS_ORDER),
        "shown_at_first": SHOWN_AT_FIRST,
        "version": report.results[0].tool_version if report.results else "",
    }
    template = _ENV.get_template("report.html.j2")
    return template.render(
        page=page,
        t=lambda key, **params: MESSAGES.text(key, lang, **params),
        v=_value_label(lang),
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


def _histogram(region: Overview) -> dict[str, Any]:
    """The score distribution as SVG at its own size (never scaled, so labels stay 12px)."""
    tallest = max(region.histogram, default=0) or 1
    step = 100 // len(region.histogram)
    bars = []
    for index, count in enumerate(region.histogram):
        height = round(HIST_HEIGHT * count / tallest, 1)
        low = index * step
        bars.append(
            {
                "x": HIST_LEFT + index * HIST_STEP,
                "y": HIST_TOP + HIST_HEIGHT - height,
                "height": height,
                "count": count,
                "low": low,
                "range": f"{low}–{low + step}",
                "colour": HEAT_COLOURS[_heat_band(low + step / 2)],
            }
        )
    return {
        "bars": bars,
        "bar_width": HIST_STEP - 6,
        "left": HIST_LEFT,
        "base": HIST_TOP + HIST_HEIGHT,
        "width": HIST_LEFT + HIST_STEP * len(bars),
        "height": HIST_TOP + HIST_HEIGHT + 24,
    }


def _ranking(region: Overview | None, links: dict[int, str], lang: str) -> dict[str, Any]:
    """The ranking's rows as HTML, at most ROWS_AT_ONCE of them; a longer ranking also
    travels as data that the page's script filters and shows (3,000 rows as HTML take
    seconds to open)."""
    rows = _standings(region, links) if region else []
    data = None
    if len(rows) > ROWS_AT_ONCE:
        label = _value_label(lang)
        data = [
            [row["place"], row["name"], row["href"], row["level"], label(row["level"]), row["value"], row["grade"],
             row["grade_label"], row["non_compliant"], row["failed"], row["search"],
             [[cell["band"], cell["text"]] for cell in row["cells"]]]
            for row in rows
        ]  # fmt: skip
    return {
        "standings": rows[:ROWS_AT_ONCE],
        "more_rows": len(rows) - ROWS_AT_ONCE if data else 0,
        # as a JSON script block: "<" and "&" escaped, so no text can end the block or start markup
        "ranking_data": Markup(_json_block(data)) if data else None,
    }


def _json_block(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _standings(region: Overview, links: dict[int, str]) -> list[dict[str, Any]]:
    rows = []
    for standing in region.standings:
        result = standing.result
        score, center = result.score, result.center
        rows.append(
            {
                "place": standing.place,
                "name": center["name"],
                "href": links[id(result)],
                "level": center.get("level", ""),
                "grade": score.grade or "",
                "grade_label": score.grade_label or score.grade or "—",
                "value": number(score.value),
                "non_compliant": score.compliant is False,
                "failed": standing.failed,
                "search": f"{center['name']} {center['id']}".casefold(),
                "cells": [
                    {"band": _heat_band(score.areas.get(area)), "text": number(score.areas.get(area))}
                    for area, _title in region.areas
                ],
            }
        )
    return rows


def _heat_band(value: float | None) -> int:
    """0 for no score, then 1 (< 60) to 4 (≥ 90): the colour classes of the heatmap."""
    if value is None:
        return 0
    return 1 + sum(value >= edge for edge in HEAT_EDGES)


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


def _value_label(lang: str):
    return lambda value: value_label(value, lang) or value


def rich_text(text: str) -> Markup:
    """Escaped text where http(s) addresses become links and `code` becomes <code>."""
    parts = []
    for index, piece in enumerate(_CODE.split(text)):
        parts.append(Markup("<code>{}</code>").format(piece) if index % 2 else _linked(piece))
    return Markup("").join(parts)


def _linked(text: str) -> Markup:
    link = Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>')
    return Markup("").join(link.format(piece) if is_url else escape(piece) for piece, is_url in split_urls(text))


_ENV.filters["rich"] = rich_text
_ENV.filters["location"] = lambda where: str(Location(where.file, where.line, where.column))
