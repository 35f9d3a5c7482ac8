"""One self-contained HTML5 page: a score gauge, area bars, rules by area with filters.

CSS, SVG and the small filter script are inline, so the page makes no request. Jinja2
escapes everything; text from a description becomes a link only when it is an http(s)
address, and the page carries no timestamp other than the audit date.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from svcstd.compare import is_new
from svcstd.errors import Location
from svcstd.i18n import Catalog
from svcstd.model import AuditResult, CenterError, Report, RuleResult
from svcstd.report.common import (
    FIX_FIRST,
    LABELS,
    failed_rules,
    gain_note,
    number,
    outlook,
    points_notes,
    points_text,
    sheet_rows,
    split_urls,
    value_label,
)

_ = Catalog(
    {
        "title": {"zh": "{name}：政务服务标准审核报告", "en": "{name}: service standard audit"},
        "batch_title": {
            "zh": "政务服务标准审核报告（{count} 个中心）",
            "en": "Service standard audit ({count} centers)",
        },
        "score_of": {"zh": "得分 {value} / 100，等级 {grade}", "en": "Score {value} of 100, grade {grade}"},
        "compliant": {"zh": "达标", "en": "compliant"},
        "non_compliant": {"zh": "不达标", "en": "non-compliant"},
        "without_waivers": {"zh": "不计豁免：{value}", "en": "Without waivers: {value}"},
        "level": {"zh": "级别", "en": "Level"},
        "source": {"zh": "描述文件", "en": "Description"},
        "ruleset": {"zh": "规则集", "en": "Ruleset"},
        "model": {"zh": "评分模型", "en": "Scoring model"},
        "as_of": {"zh": "审核日期", "en": "As of"},
        "summary": {"zh": "规则统计", "en": "Rules"},
        "not_assessed": {"zh": "未评估", "en": "not assessed"},
        "rules_by_area": {"zh": "按领域列出的规则", "en": "Rules by area"},
        "filters": {"zh": "筛选", "en": "Filter"},
        "status": {"zh": "结果", "en": "Status"},
        "none_shown": {"zh": "没有符合筛选条件的规则。", "en": "No rule matches the filter."},
        "colon": {"zh": "：", "en": ": "},
        "weight": {"zh": "权重", "en": "weight"},
        "points_lost": {"zh": "可挽回 {points} 分", "en": "{points} points lost"},
        "rule_score": {"zh": "达标比例 {share}%", "en": "{share}% of subjects pass"},
        "remediation": {"zh": "整改", "en": "Remediation"},
        "references": {"zh": "依据", "en": "References"},
        "waived_rules": {"zh": "已豁免的规则", "en": "Waived rules"},
        "ranking": {"zh": "排名", "en": "Ranking"},
        "not_audited": {"zh": "未能审核的中心（输入有误）", "en": "Not audited (the input has errors)"},
    },
    base=LABELS,
)


HTML_LANG = {"zh": "zh-CN", "en": "en"}
SEVERITY_ORDER = ("critical", "major", "minor", "info")
STATUS_ORDER = ("fail", "error", "waived", "not_applicable", "pass")
SHOWN_AT_FIRST = ("fail", "error", "waived")  # the filter's starting state; print shows every rule

GAUGE_RADIUS = 52
BAR_LABEL_WIDTH = 230  # px of the area chart given to labels
BAR_WIDTH = 330
BAR_ROW = 30

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


def render(report: Report) -> str:
    """The page for one center, or a ranking linking to a section per center."""
    lang, single = report.lang, report.single
    anchors = _anchors(report.results)
    centers = {id(result): _center(result, anchor) for result, anchor in zip(report.results, anchors, strict=True)}
    if single is not None:
        title = _.text("title", lang, name=single.center["name"])
    else:
        title = _.text("batch_title", lang, count=len(report.results))
    page = {
        "html_lang": HTML_LANG.get(lang, lang),
        "title": title,
        "single": single is not None,
        "centers": [centers[id(result)] for result in report.results],
        "ranking": [centers[id(result)] for result in report.ranked()],
        "errors": [_error(error) for error in report.errors],
        "severities": _ordered({r.severity for res in report.results for r in res.results}, SEVERITY_ORDER),
        "statuses": _ordered({r.status for res in report.results for r in res.results}, STATUS_ORDER),
        "shown_at_first": SHOWN_AT_FIRST,
        "version": report.results[0].tool_version if report.results else "",
    }
    template = _ENV.get_template("report.html.j2")
    return template.render(
        page=page,
        t=lambda key, **params: _.text(key, lang, **params),
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
        "fix_first": failed[:FIX_FIRST],
        "gain_note": _gain_note(result, failed[:FIX_FIRST]),
        "outlook": [_.text(key, lang, **params) for key, params in outlook(result)],
        "failed_count": len(failed),
        "areas": _areas(result),
        "waived": [r for r in result.results if r.status == "waived"],
        "manual": [(number, result.clauses.get(number, {})) for number in result.manual_clauses],
        "summary": _.text("rules_line", lang, **result.summary),
        "points_notes": [(key, _.text(key, lang, **params)) for key, params in points_notes(result)],
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


def _bars(result: AuditResult) -> dict[str, Any]:
    rows = []
    for row, (area, value) in enumerate(result.score.areas.items()):
        title = result.areas.get(area, area)
        rows.append(
            {
                "title": title,
                "label": _fit(title, BAR_LABEL_WIDTH - 12),
                "y": 4 + row * BAR_ROW,
                "width": 0 if value is None else round(BAR_WIDTH * max(0.0, min(100.0, value)) / 100, 1),
                "value": value,
                "text": number(value),
            }
        )
    return {
        "rows": rows,
        "height": 8 + BAR_ROW * len(rows),
        "label_width": BAR_LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "width": BAR_LABEL_WIDTH + BAR_WIDTH + 60,
    }


def _fit(text: str, width: float) -> str:
    """``text`` cut to about ``width`` px at the chart's 13px font (SVG text does not wrap)."""
    used, kept = 0.0, list[str]()
    for char in text:
        used += 13 if unicodedata.east_asian_width(char) in ("W", "F") else 7.2
        if used > width:
            return "".join(kept).rstrip() + "…"
        kept.append(char)
    return text


def _gain_note(result: AuditResult, top: list[RuleResult]) -> str | None:
    note = gain_note(result, top)
    return None if note is None else _.text(note[0], result.lang, **note[1])


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
