"""GitHub-flavoured Markdown for pull-request comments and CI step summaries.

Text from a description (names, messages, file paths) is escaped for the context it lands
in, and a link is emitted only to a relative file path or an http(s) address.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import quote

from svcstd.i18n import Catalog
from svcstd.model import AuditResult, CenterError, Finding, Report, RuleResult, WaiverReport
from svcstd.report.common import (
    FIX_FIRST,
    LABELS,
    by_cause,
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
from svcstd.report.overview import Overview, overview

_ = Catalog(
    {
        "compliant": {"zh": "✅ 达标", "en": "✅ compliant"},
        "non_compliant": {"zh": "❌ 不达标", "en": "❌ non-compliant"},
        "without_waivers": {"zh": "不计豁免 {value}", "en": "{value} without waivers"},
        "meta": {
            "zh": "中心 {id}（{level}）· 描述 {source} · 规则集 {ruleset}（{profile}）· 评分模型 {model} · 审核日期 {as_of}",
            "en": "Center {id} ({level}) · description {source} · ruleset {ruleset} ({profile}) · scoring model {model} · as of {as_of}",
        },
        "area": {"zh": "领域", "en": "Area"},
        "failed": {"zh": "未通过的规则（按可挽回分值排序）", "en": "Failed rules (most points lost first)"},
        "points_lost": {"zh": "可挽回分值", "en": "Points lost"},
        "more": {"zh": "……另有 {count} 处", "en": "… {count} more"},
        "pending_short": {"zh": "{points} 分待评估", "en": "{points} pending"},
        "waived_rules": {"zh": "已豁免的规则：", "en": "Waived rules:"},
        "waiver_notes": {"zh": "豁免记录：", "en": "Waiver notes:"},
        "ranking": {"zh": "审核结果排名（{count} 个中心）", "en": "Ranking ({count} centers)"},
        "not_audited": {"zh": "未能审核的中心", "en": "Not audited"},
        "input_errors": {"zh": "输入有误", "en": "the input has errors"},
    },
    base=LABELS,
)


HISTOGRAM_WIDTH = 20  # characters of the tallest bar
FINDINGS_SHOWN = 5  # per failed rule: a pull-request comment holds at most 65,536 characters

# ASCII punctuation that starts inline Markdown (emphasis, links, code, tables, strikethrough,
# GitHub math); '<', '>' and '&' become entities instead.
_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~$])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # shown as U+FFFD, like GitHub shows NUL
# An http(s) address with a host: RFC 3986 characters only, so it ends at spaces, quotes,
# '<', '>', '|' and CJK punctuation.


def render(report: Report) -> str:
    """One center's report, or a ranking followed by each center in a collapsible section."""
    if report.single is not None:
        return "\n".join(_center(report.single, heading="##")) + "\n"
    return "\n".join(_batch(report)) + "\n"


def _batch(report: Report) -> Iterator[str]:
    lang = report.lang
    if report.results:
        yield from _overview(overview(report), lang)
        yield ""
    yield f"## {_.text('ranking', lang, count=len(report.results))}"
    yield ""
    yield f"| # | {_.text('center', lang)} | {_.text('score', lang)} | {_.text('grade', lang)} | {_.text('verdict', lang)} | {_.text('failed_count', lang)} |"
    yield "|--:|---|--:|---|---|--:|"
    for place, result in report.standings():
        score, center = result.score, result.center
        failed = sum(1 for r in result.results if r.status in ("fail", "error"))
        yield (
            f"| {place} | {md(center['name'])} ({md(center['id'])}) | {number(score.value)} "
            f"| {md(score.grade_label or score.grade or '—')} | {_verdict(score.compliant, lang)} | {failed} |"
        )
    for result in report.results:
        summary = f"{result.center['name']} — {number(result.score.value)} · {result.score.grade_label or '—'}"
        yield ""
        yield "<details>"
        yield f"<summary>{inline_html(summary)}</summary>"
        yield ""
        yield from _center(result, heading="###")
        yield ""
        yield "</details>"
    if report.errors:
        yield ""
        yield f"### {_.text('not_audited', lang)}"
        yield ""
        for error in report.errors:
            yield from _error(error, lang)
    if report.results:
        yield ""
        yield f"<sub>{_.text('footer', lang, version=md(report.results[0].tool_version))}</sub>"


def _overview(region: Overview, lang: str) -> Iterator[str]:
    """The region at a glance: counts, grades by level, distribution, area scores, and
    the rules failing in most centers."""
    yield f"## {_.text('region', lang)}"
    yield ""
    line = f"**{region.centers}** {_.text('centers', lang)} · {_verdict(True, lang)} **{region.compliant}** · {_verdict(False, lang)} **{region.non_compliant}**"
    if region.unassessed:
        line += f" · {_.text('nothing', lang)} **{region.unassessed}**"
    yield line
    yield ""
    yield f"### {_.text('by_grade_level', lang)}"
    yield ""
    yield (
        f"| {_.text('grade', lang)} | "
        + " | ".join(_label(level, lang) for level in region.levels)
        + f" | {_.text('total', lang)} |"
    )
    yield "|---|" + "--:|" * (len(region.levels) + 1)
    for grade, label in region.grade_rows:
        cells = [str(region.counts.get((grade, level), 0)) for level in region.levels]
        yield f"| {md(label)} | " + " | ".join(cells) + f" | {region.by_grade(grade)} |"
    totals = [str(region.by_level(level)) for level in region.levels]
    yield f"| **{_.text('total', lang)}** | " + " | ".join(totals) + f" | {region.centers} |"
    yield ""
    yield f"### {_.text('distribution', lang)}"
    yield ""
    yield f"| {_.text('score', lang)} | {_.text('center', lang)} | |"
    yield "|---|--:|---|"
    tallest = max(region.histogram) or 1
    step = 100 // len(region.histogram)
    for index, count in enumerate(region.histogram):
        bar = "█" * round(HISTOGRAM_WIDTH * count / tallest)
        yield f"| {index * step}–{index * step + step} | {count} | {bar} |"
    if region.areas:
        yield ""
        yield f"### {_.text('areas', lang)}"
        yield ""
        yield f"| {_.text('area', lang)} | {_.text('area_mean', lang)} | {_.text('area_min', lang)} | {_.text('area_low', lang)} |"
        yield "|---|--:|--:|--:|"
        for area, title in region.areas:
            values = [v for s in region.standings if (v := s.result.score.areas.get(area)) is not None]
            mean = sum(values) / len(values) if values else None
            low = sum(1 for value in values if value < 60)
            yield f"| {md(title)} | {number(mean)} | {number(min(values, default=None))} | {low} |"
    if region.rules:
        yield ""
        yield f"### {_.text('spread', lang)}"
        yield ""
        yield f"| {_.text('rule', lang)} | {_.text('severity', lang)} | {_.text('failing_centers', lang)} | {_.text('points_at_stake', lang)} |"
        yield "|---|---|--:|--:|"
        for spread in region.rules:
            yield (
                f"| **{md(spread.rule)}** {md(spread.title)} | {_label(spread.severity, lang)} "
                f"| {spread.failing} / {region.centers} ({100 * spread.share:.0f}%) | {spread.points:.1f} |"
            )


def _center(result: AuditResult, *, heading: str) -> Iterator[str]:
    lang, score, center, ruleset = result.lang, result.score, result.center, result.ruleset
    sub = heading + "#"
    yield f"{heading} {md(center['name'])}"
    yield ""
    if score.value is None:
        yield f"**{_.text('nothing', lang)}**"
    else:
        line = f"**{_.text('score', lang)} {score.value:.1f}** · {_.text('grade', lang)} {md(score.grade_label or score.grade or '—')}"
        line += f" · {_verdict(score.compliant, lang)}"
        if score.value_without_waivers is not None and score.value_without_waivers != score.value:
            line += " · " + _.text("without_waivers", lang, value=f"{score.value_without_waivers:.1f}")
        yield line
    yield ""
    yield _.text(
        "meta", lang, id=md(center["id"]), level=_label(center.get("level", "—"), lang), source=md(center.get("source", "—")),
        ruleset=md(f"{ruleset['id']}@{ruleset['version']}"), profile=md(ruleset.get("profile", "—")),
        model=md(score.model), as_of=md(result.as_of),
    )  # fmt: skip
    tailoring = tailoring_note(ruleset, lang)
    if tailoring:
        yield ""
        yield md(tailoring)
    for key, params in points_notes(result):
        yield ""
        text = _.text(key, lang, **{name: md(value) for name, value in params.items()})
        yield f"**{text}**" if key == "veto_line" else text
    yield ""
    yield _.text("rules_line", lang, **result.summary)
    if result.indicators:
        yield ""
        yield f"{sub} {_.text('sheet', lang)}"
        yield ""
        yield from _sheet(result)
    elif score.areas:
        yield ""
        yield f"{sub} {_.text('areas', lang)}"
        yield ""
        yield f"| {_.text('area', lang)} | {_.text('score', lang)} |"
        yield "|---|--:|"
        for area, value in score.areas.items():
            yield f"| {md(result.areas.get(area, area))} | {number(value)} |"
    failed = failed_rules(result)
    if failed:
        yield ""
        yield f"{sub} {_.text('fix_first', lang)}"
        yield ""
        yield from _fix_first(result, failed[:FIX_FIRST])
        yield ""
        if score.model == "points":
            for group, key in zip(by_cause(failed), ("fix_these", "fill_in"), strict=True):
                if group:
                    yield ""
                    yield f"{sub} {_.text(key, lang)}"
                    yield ""
                    yield from _failed_table(group, lang)
        else:
            yield f"{sub} {_.text('failed', lang)}"
            yield ""
            yield from _failed_table(failed, lang)
    waived = [r for r in result.results if r.status == "waived"]
    if waived or result.waivers:
        yield ""
        yield f"{sub} {_.text('waivers', lang)}"
        yield from _waivers(waived, result.waivers, lang)
    if result.manual_clauses:
        yield ""
        yield f"{sub} {_.text('manual', lang)}"
        yield ""
        for clause in result.manual_clauses:
            title = result.clauses.get(clause, {}).get("title", "")
            yield f"- **{md(clause)}** {md(title)}".rstrip()
    if heading == "##":
        yield ""
        yield f"<sub>{_.text('footer', lang, version=md(result.tool_version))}</sub>"


def _fix_first(result: AuditResult, top: list[RuleResult]) -> Iterator[str]:
    lang = result.lang
    for place, rule in enumerate(top, 1):
        gain = "" if rule.points_lost is None else f" — {_.text('gain', lang, points=points_text(rule.points_lost))}"
        clause = _.text("clause_ref", lang, clause=md(rule.clause))
        yield f"{place}. **{md(rule.rule)}** {md(rule.title)}{clause}{gain}"
        if rule.remediation:
            yield f"   {md(rule.remediation)}"
    note = gain_note(result, top)
    if note is not None:
        key, params = note
        yield ""
        yield _.text(key, lang, **{**params, "model": md(params["model"])})
    for key, params in outlook(result):
        yield ""
        yield _.text(key, lang, **{name: md(value) for name, value in params.items()})


def _sheet(result: AuditResult) -> Iterator[str]:
    """The points sheet as the paper form has it: indicator, points, earned, deductions."""
    lang = result.lang
    yield (
        f"| {_.text('indicator', lang)} | {_.text('points_col', lang)} | {_.text('earned_col', lang)} "
        f"| {_.text('deductions_col', lang)} |"
    )
    yield "|---|--:|--:|---|"
    for row in sheet_rows(result):
        line = row.indicator
        earned = points_text(line.points_earned)
        if line.points_pending:
            earned += f" ({_.text('pending_short', lang, points=f'{line.points_pending:g}')})"
        deductions = []
        for deduction in row.deductions:
            reasons = [_finding(f) for f in deduction.findings[:FINDINGS_SHOWN]] or [md(deduction.title)]
            if len(deduction.findings) > FINDINGS_SHOWN:
                reasons.append(_.text("more", lang, count=len(deduction.findings) - FINDINGS_SHOWN))
            deductions.append(f"**{md(deduction.label)}** −{points_text(deduction.lost)}: " + "; ".join(reasons))
        yield f"| {md(line.id)} {md(line.title)} | {line.points:g} | {earned} | {'<br>'.join(deductions) or '—'} |"


def _failed_table(failed: list[RuleResult], lang: str) -> Iterator[str]:
    yield (
        f"| {_.text('rule', lang)} | {_.text('severity', lang)} | {_.text('clause', lang)} "
        f"| {_.text('points_lost', lang)} | {_.text('findings', lang)} |"
    )
    yield "|---|---|---|--:|---|"
    for rule in failed:
        severity = _label(rule.severity, lang)
        severity += "".join(
            f" · {_.text(key, lang)}" for key, on in (("veto_tag", rule.veto), ("bonus_tag", rule.bonus)) if on
        )
        if rule.status != "fail":
            severity += f" · {_label(rule.status, lang)}"
        findings = [_finding(f) for f in rule.findings[:FINDINGS_SHOWN]]
        if len(rule.findings) > FINDINGS_SHOWN:
            findings.append(_.text("more", lang, count=len(rule.findings) - FINDINGS_SHOWN))
        yield (
            f"| **{md(rule.rule)}** {md(rule.title)} | {severity} | {md(rule.clause)} "
            f"| {points_text(rule.points_lost)} | {'<br>'.join(findings) or '—'} |"
        )


def _waivers(waived: list[RuleResult], waivers: tuple[WaiverReport, ...], lang: str) -> Iterator[str]:
    if waived:
        yield ""
        yield _.text("waived_rules", lang)
        yield ""
        for rule in waived:
            yield f"- **{md(rule.rule)}** {md(rule.title)}{_.text('clause_ref', lang, clause=md(rule.clause))}"
    if waivers:
        yield ""
        yield _.text("waiver_notes", lang)
        yield ""
        keys = ("kind", "rule", "subject", "reason", "approver", "expires", "where", "note")
        yield "| " + " | ".join(_.text(key, lang) for key in keys) + " |"
        yield "|" + "---|" * len(keys)
        for waiver in waivers:
            cells = (
                _label(waiver.kind, lang), md(waiver.rule), md(waiver.subject or "—"), md(waiver.reason),
                md(waiver.approver), md(waiver.expires), location(waiver.file, waiver.line), md(waiver.message or "—"),
            )  # fmt: skip
            yield "| " + " | ".join(cells) + " |"


def _error(error: CenterError, lang: str) -> Iterator[str]:
    yield f"- {md(error.source)}: {_.text('input_errors', lang)}"
    for problem in error.problems:
        yield f"  - {_finding(problem, column=True)}"


def _finding(finding: Finding, *, column: bool = False) -> str:
    where = location(finding.file, finding.line, finding.column if column else None)
    return f"{where} {text_with_links(finding.message)}"


def location(file: str, line: int, column: int | None = None) -> str:
    """``file:line`` as a link to that line when ``file`` is a relative path, else as text."""
    label = md(f"{file}:{line}" + (f":{column}" if column is not None else ""))
    if not is_relative_path(file):
        return label
    # Percent-encoding leaves no ':' for a scheme, nor a parenthesis to end the link early.
    return f"[{label}]({quote(file)}#L{line})"


def is_relative_path(file: str) -> bool:
    """A path under the current folder: not absolute, no drive, scheme or host."""
    return bool(file) and not file.startswith(("/", "\\", "~")) and ":" not in file


def md(text: object) -> str:
    """Description text as inline Markdown that reads literally, on one line."""
    return _escape(_one_line(text))


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def inline_html(text: object) -> str:
    """Text for inside an HTML block (``<summary>``), where Markdown escapes do not apply."""
    return html.escape(_one_line(text))


def _one_line(text: object) -> str:
    """Whitespace runs (a newline would end a table row or list item) as one space; no controls."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


def text_with_links(text: str) -> str:
    """Escaped text in which http(s) addresses, and only those, become autolinks."""
    return "".join(f"<{piece}>" if is_url else _escape(piece) for piece, is_url in split_urls(_one_line(text)))


def _verdict(compliant: bool | None, lang: str) -> str:
    if compliant is None:
        return "—"
    return _.text("compliant" if compliant else "non_compliant", lang)


def _label(value: str, lang: str) -> str:
    """A severity, status, waiver kind or level in ``lang``; an unknown id as escaped text."""
    return value_label(value, lang) or md(value)
