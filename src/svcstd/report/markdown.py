"""GitHub-flavoured Markdown for pull-request comments and CI step summaries.

Text from a description (names, messages, file paths) is escaped for the context it lands
in. A file becomes a link only under a link base (``--link-base``, e.g. a GitHub blob URL
of the audited commit), else plain text. The page fits a size limit: the headline, the new
failures and the ranking come first, the rest is folded into "N more, see the HTML report".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from svcstd.compare import failures, is_new
from svcstd.model import AuditResult, CenterError, Finding, Report, RuleResult, WaiverReport
from svcstd.report.common import (
    FIX_FIRST,
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
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import Overview, overview

HISTOGRAM_WIDTH = 20  # characters of the tallest bar
FINDINGS_SHOWN = 5  # per failed rule
MAX_CHARS = 60_000  # a pull-request comment holds at most 65,536 characters
SUMMARY_MAX_CHARS = 1_000_000  # a step summary ($GITHUB_STEP_SUMMARY) at most 1 MiB
RESERVE = 2_000  # room kept for the lines that say what was folded, and the footer

# ASCII punctuation that starts inline Markdown (emphasis, links, code, tables, strikethrough,
# GitHub math); '<', '>' and '&' become entities instead.
_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~$])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # shown as U+FFFD, like GitHub shows NUL
# A field name a message quotes (`guide.elements`, `staffing.staff[*]`): only such names
# become code spans; any other backticks, as in a description's text, are escaped.
_CODE = re.compile(r"`([A-Za-z0-9_.\[\]*/-]+)`")
# A field name in a remedy: lower-case words joined by '.' or '_' (promised_days, guide.elements)
_FIELD = re.compile(r"(?<![\w./-])[a-z][a-z0-9]+(?:[._][a-z0-9]+)+(?![\w/-])")


def render(report: Report, *, max_chars: int = MAX_CHARS, link_base: str | None = None) -> str:
    """One center's report, or a ranking followed by each center in a collapsible section,
    in at most ``max_chars`` (counted in UTF-8 bytes, never fewer than the characters)."""
    view = View(report, link_base if link_base and is_link_base(link_base) else None)
    page = Page(max_chars)
    lines = _single(report.single, view, page) if report.single is not None else _batch(report, view, page)
    return "\n".join(lines) + "\n"


def is_link_base(base: str) -> bool:
    """Only an http(s) address can be a link base."""
    return base.startswith(("https://", "http://")) and not any(c in base for c in " <>()[]\"'`")


@dataclass(frozen=True)
class View:
    """What every part of the page needs: the report (for what is new) and the link base."""

    report: Report
    link_base: str | None

    def location(self, file: str, line: int, column: int | None = None) -> str:
        return location(file, line, column, base=self.link_base)

    def new(self, center: AuditResult, rule: RuleResult, finding: Finding) -> bool:
        return is_new(self.report, center.center["id"], rule.rule, finding)


class Page:
    """The size left, in UTF-8 bytes; blocks are taken while they fit, the rest folded."""

    def __init__(self, limit: int | None) -> None:
        self.left = None if limit is None else limit - RESERVE

    def spend(self, lines: Sequence[str]) -> list[str]:
        """Lines the page holds whatever their size (the headline)."""
        if self.left is not None:
            self.left -= _size(lines)
        return list(lines)

    def fold(self, blocks: Sequence[Sequence[str]], more: Callable[[int], str], *, share: float = 1.0) -> list[str]:
        """The blocks in order while they fit in ``share`` of what is left, then one line
        saying how many were left out (none is skipped for a smaller one after it)."""
        budget = None if self.left is None else int(self.left * share)
        lines: list[str] = []
        for index, block in enumerate(blocks):
            size = _size(block)
            if budget is not None and size > budget:
                lines.append(more(len(blocks) - index))
                break
            if budget is not None:
                budget -= size
                self.left = (self.left or 0) - size
            lines.extend(block)
        return lines


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _counted(key: str, lang: str, count: int) -> str:
    """The text of ``key`` for ``count`` things: ``key_one`` for one, so "1 center"."""
    return MESSAGES.text(f"{key}_one", lang) if count == 1 else MESSAGES.text(key, lang, count=count)


def _batch(report: Report, view: View, page: Page) -> list[str]:
    lang = report.lang
    region = page.spend([*_overview(overview(report), lang), ""]) if report.results else []
    headline = page.spend([f"## {_counted('md_ranking', lang, len(report.results))}", ""])
    new = _new_failures(report.results, view, page, heading="###")
    header = [
        f"| # | {MESSAGES.text('center', lang)} | {MESSAGES.text('score', lang)} | {MESSAGES.text('grade', lang)} | {MESSAGES.text('verdict', lang)} | {MESSAGES.text('failed_count', lang)} |",
        "|--:|---|--:|---|---|--:|",
    ]
    rows = [[_ranking_row(place, result, lang)] for place, result in report.standings()]
    ranking = page.spend(header) + page.fold(rows, lambda count: "\n" + _counted("more_centers", lang, count))
    errors: list[str] = []
    if report.errors:
        errors = page.spend(["", f"### {MESSAGES.text('md_not_audited', lang)}", ""])
        blocks = [list(_error(error, view)) for error in report.errors]
        errors += page.fold(blocks, lambda count: _counted("more_lines", lang, count))
    # Centers with new failures first: a pull request's reader needs those.
    ordered = sorted(report.results, key=lambda result: not _has_new(result, view))
    details = page.fold(
        [_details(result, view) for result in ordered],
        lambda count: "\n" + _counted("more_details", lang, count),
    )
    footer = []
    if report.results:
        footer = ["", f"<sub>{MESSAGES.text('footer', lang, version=md(report.results[0].tool_version))}</sub>"]
    return region + headline + new + ranking + details + errors + footer


def _overview(region: Overview, lang: str) -> Iterator[str]:
    """The region at a glance: counts, grades by level, distribution, area scores, and
    the rules failing in most centers."""
    yield f"## {MESSAGES.text('region', lang)}"
    yield ""
    line = f"**{region.centers}** {MESSAGES.text('centers', lang)} · {_verdict(True, lang)} **{region.compliant}** · {_verdict(False, lang)} **{region.non_compliant}**"
    if region.unassessed:
        line += f" · {MESSAGES.text('nothing', lang)} **{region.unassessed}**"
    yield line
    yield ""
    yield f"### {MESSAGES.text('by_grade_level', lang)}"
    yield ""
    yield (
        f"| {MESSAGES.text('grade', lang)} | "
        + " | ".join(_label(level, lang) for level in region.levels)
        + f" | {MESSAGES.text('total', lang)} |"
    )
    yield "|---|" + "--:|" * (len(region.levels) + 1)
    for grade, label in region.grade_rows:
        cells = [str(region.counts.get((grade, level), 0)) for level in region.levels]
        yield f"| {md(label)} | " + " | ".join(cells) + f" | {region.by_grade(grade)} |"
    totals = [str(region.by_level(level)) for level in region.levels]
    yield f"| **{MESSAGES.text('total', lang)}** | " + " | ".join(totals) + f" | {region.centers} |"
    yield ""
    yield f"### {MESSAGES.text('distribution', lang)}"
    yield ""
    yield f"| {MESSAGES.text('score', lang)} | {MESSAGES.text('center', lang)} | |"
    yield "|---|--:|---|"
    tallest = max(region.histogram) or 1
    step = 100 // len(region.histogram)
    for index, count in enumerate(region.histogram):
        bar = "█" * round(HISTOGRAM_WIDTH * count / tallest)
        yield f"| {index * step}–{index * step + step} | {count} | {bar} |"
    if region.areas:
        yield ""
        yield f"### {MESSAGES.text('areas', lang)}"
        yield ""
        yield f"| {MESSAGES.text('area', lang)} | {MESSAGES.text('area_mean', lang)} | {MESSAGES.text('area_min', lang)} | {MESSAGES.text('area_low', lang)} |"
        yield "|---|--:|--:|--:|"
        for area, title in region.areas:
            values = [v for s in region.standings if (v := s.result.score.areas.get(area)) is not None]
            mean = sum(values) / len(values) if values else None
            low = sum(1 for value in values if value < 60)
            yield f"| {md(title)} | {number(mean)} | {number(min(values, default=None))} | {low} |"
    if region.rules:
        yield ""
        yield f"### {MESSAGES.text('spread', lang)}"
        yield ""
        yield f"| {MESSAGES.text('rule', lang)} | {MESSAGES.text('severity', lang)} | {MESSAGES.text('failing_centers', lang)} | {MESSAGES.text('points_at_stake', lang)} |"
        yield "|---|---|--:|--:|"
        for spread in region.rules:
            yield (
                f"| **{md(spread.rule)}** {md(spread.title)} | {_label(spread.severity, lang)} "
                f"| {spread.failing} / {region.centers} ({100 * spread.share:.0f}%) | {spread.points:.1f} |"
            )


def _ranking_row(place: int, result: AuditResult, lang: str) -> str:
    score, center = result.score, result.center
    failed = sum(1 for r in result.results if r.failed)
    return (
        f"| {place} | {md(center['name'])} ({md(center['id'])}) | {number(score.value)} "
        f"| {md(score.grade_label or score.grade or '—')} | {_verdict(score.compliant, lang)} | {failed} |"
    )


def _details(result: AuditResult, view: View) -> list[str]:
    summary = f"{result.center['name']} — {number(result.score.value)} · {result.score.grade_label or '—'}"
    body = _center(result, view, Page(None), heading="###")
    return ["", "<details>", f"<summary>{inline_html(summary)}</summary>", "", *body, "", "</details>"]


def _has_new(result: AuditResult, view: View) -> bool:
    return any(view.new(result, rule, finding) for rule, finding in failures(result))


def _new_failures(results: Sequence[AuditResult], view: View, page: Page, *, heading: str) -> list[str]:
    """With a baseline: every failure it does not have, center, rule and place, one a line."""
    if view.report.known_failures is None:
        return []
    lang = view.report.lang
    items = [
        (result, rule, finding)
        for result in results
        for rule, finding in failures(result)
        if view.new(result, rule, finding)
    ]
    if not items:
        return page.spend([f"{heading} {MESSAGES.text('no_new', lang)}", ""])
    lines = page.spend([f"{heading} {_counted('new_failures', lang, len(items))}", ""])
    center_label = len(results) > 1
    blocks = [
        [
            f"- {md(result.center['id']) + ' · ' if center_label else ''}**{md(rule.rule)}** {md(rule.title)} — "
            f"{_finding(finding, view)}"
        ]
        for result, rule, finding in items
    ]
    # at most half of the page, so that the ranking is never crowded out
    return lines + page.fold(blocks, lambda count: _counted("more_new", lang, count), share=0.5) + [""]


def _single(result: AuditResult, view: View, page: Page) -> list[str]:
    return _center(result, view, page, heading="##") + [
        "",
        f"<sub>{MESSAGES.text('footer', result.lang, version=md(result.tool_version))}</sub>",
    ]


def _center(result: AuditResult, view: View, page: Page, *, heading: str) -> list[str]:
    """A center's report; what does not fit ``page`` is folded, the most useful part first."""
    lang, score, center, ruleset = result.lang, result.score, result.center, result.ruleset
    sub = heading + "#"
    head = [f"{heading} {md(center['name'])}", ""]
    if score.value is None:
        head.append(f"**{MESSAGES.text('nothing', lang)}**")
    else:
        line = f"**{MESSAGES.text('score', lang)} {score.value:.1f}** · {MESSAGES.text('grade', lang)} {md(score.grade_label or score.grade or '—')}"
        line += f" · {_verdict(score.compliant, lang)}"
        if score.value_without_waivers is not None and score.value_without_waivers != score.value:
            line += " · " + MESSAGES.text("without_waivers", lang, value=f"{score.value_without_waivers:.1f}")
        head.append(line)
    head.append("")
    head.append(MESSAGES.text(
        "meta", lang, id=md(center["id"]), level=_label(center.get("level", "—"), lang), source=md(center.get("source", "—")),
        ruleset=md(f"{ruleset['id']}@{ruleset['version']}"), profile=md(ruleset.get("profile", "—")),
        model=md(score.model), as_of=md(result.as_of),
    ))  # fmt: skip
    tailoring = tailoring_note(ruleset, lang)
    if tailoring:
        head += ["", md(tailoring)]
    for key, params in points_notes(result):
        text = MESSAGES.text(key, lang, **{name: md(value) for name, value in params.items()})
        head += ["", f"**{text}**" if key == "veto_line" else text]
    head.append("")
    head.append(MESSAGES.text("rules_line", lang, **result.summary))
    head = page.spend(head)
    new = _new_failures([result], view, page, heading=sub) if heading == "##" else []
    if new:
        new = ["", *new[:-1]]
    more = lambda count: _counted("more_lines", lang, count)  # noqa: E731 - the fold line of the small sections
    failed = failed_rules(result)
    fix_first: list[str] = []
    table: list[str] = []
    if failed:
        fix_first = page.fold(
            [["", f"{sub} {MESSAGES.text('fix_first', lang)}", "", *_fix_first(result, failed[:FIX_FIRST])]], more
        )
        groups = (
            zip(by_cause(failed), ("fix_these", "fill_in"), strict=True)
            if score.model == "points"
            else [(failed, "failed")]
        )
        for group, key in groups:
            if group:
                rows = [[row] for row in _failed_rows(result, group, view)]
                table += page.spend(["", f"{sub} {MESSAGES.text(key, lang)}", "", *_failed_header(lang)])
                table += page.fold(rows, lambda count: "\n" + _counted("more_rules", lang, count))
    areas: list[str] = []
    if result.indicators:
        areas = page.fold([["", f"{sub} {MESSAGES.text('sheet', lang)}", "", *_sheet(result, view)]], more)
    elif score.areas:
        block = [
            "",
            f"{sub} {MESSAGES.text('areas', lang)}",
            "",
            f"| {MESSAGES.text('area', lang)} | {MESSAGES.text('score', lang)} |",
            "|---|--:|",
        ]
        block += [f"| {md(result.areas.get(area, area))} | {number(value)} |" for area, value in score.areas.items()]
        areas = page.fold([block], more)
    waivers: list[str] = []
    waived = [r for r in result.results if r.status == "waived"]
    if waived or result.waivers:
        block = ["", f"{sub} {MESSAGES.text('waivers', lang)}", *_waivers(waived, result.waivers, view)]
        waivers = page.fold([block], more)
    manual: list[str] = []
    if result.manual_clauses:
        manual = page.spend(["", f"{sub} {MESSAGES.text('manual', lang)}", ""])
        items = [
            [f"- **{md(clause)}** {md(result.clauses.get(clause, {}).get('title', ''))}".rstrip()]
            for clause in result.manual_clauses
        ]
        manual += page.fold(items, more)
    return head + new + areas + fix_first + table + waivers + manual


def _fix_first(result: AuditResult, top: list[RuleResult]) -> Iterator[str]:
    lang = result.lang
    for place, rule in enumerate(top, 1):
        gain = (
            ""
            if rule.points_lost is None
            else f" — {MESSAGES.text('gain', lang, points=points_text(rule.points_lost))}"
        )
        clause = MESSAGES.text("clause_ref", lang, clause=md(rule.clause))
        yield f"{place}. **{md(rule.rule)}** {md(rule.title)}{clause}{gain}"
        if rule.remediation:
            yield f"   {with_fields(rule.remediation)}"
    note = gain_note(result, top)
    if note is not None:
        key, params = note
        yield ""
        yield MESSAGES.text(key, lang, **{**params, "model": md(params["model"])})
    for key, params in outlook(result):
        yield ""
        yield MESSAGES.text(key, lang, **{name: md(value) for name, value in params.items()})


def _sheet(result: AuditResult, view: View) -> Iterator[str]:
    """The points sheet as the paper form has it: indicator, points, earned, deductions."""
    lang = result.lang
    yield (
        f"| {MESSAGES.text('indicator', lang)} | {MESSAGES.text('points_col', lang)} | {MESSAGES.text('earned_col', lang)} "
        f"| {MESSAGES.text('deductions_col', lang)} |"
    )
    yield "|---|--:|--:|---|"
    for row in sheet_rows(result):
        line = row.indicator
        earned = points_text(line.points_earned)
        if line.points_pending:
            earned += f" ({MESSAGES.text('pending_short', lang, points=f'{line.points_pending:g}')})"
        deductions = []
        for deduction in row.deductions:
            reasons = [_finding(f, view) for f in deduction.findings[:FINDINGS_SHOWN]] or [md(deduction.title)]
            if len(deduction.findings) > FINDINGS_SHOWN:
                reasons.append(MESSAGES.text("more", lang, count=len(deduction.findings) - FINDINGS_SHOWN))
            deductions.append(f"**{md(deduction.label)}** −{points_text(deduction.lost)}: " + "; ".join(reasons))
        yield f"| {md(line.id)} {md(line.title)} | {line.points:g} | {earned} | {'<br>'.join(deductions) or '—'} |"


def _failed_header(lang: str) -> list[str]:
    return [
        f"| {MESSAGES.text('rule', lang)} | {MESSAGES.text('severity', lang)} | {MESSAGES.text('clause', lang)} "
        f"| {MESSAGES.text('points_lost', lang)} | {MESSAGES.text('findings', lang)} |",
        "|---|---|---|--:|---|",
    ]


def _failed_rows(result: AuditResult, failed: list[RuleResult], view: View) -> Iterator[str]:
    lang = result.lang
    new_label = f"**{MESSAGES.text('new_tag', lang)}** "
    for rule in failed:
        severity = _label(rule.severity, lang)
        severity += "".join(
            f" · {MESSAGES.text(key, lang)}" for key, on in (("veto_tag", rule.veto), ("bonus_tag", rule.bonus)) if on
        )
        if rule.status != "fail":
            severity += f" · {_label(rule.status, lang)}"
        shown = rule.findings[:FINDINGS_SHOWN]
        findings = [(new_label if view.new(result, rule, f) else "") + _finding(f, view) for f in shown]
        if len(rule.findings) > FINDINGS_SHOWN:
            findings.append(MESSAGES.text("more", lang, count=len(rule.findings) - FINDINGS_SHOWN))
        yield (
            f"| **{md(rule.rule)}** {md(rule.title)} | {severity} | {md(rule.clause)} "
            f"| {points_text(rule.points_lost)} | {'<br>'.join(findings) or '—'} |"
        )


def _waivers(waived: list[RuleResult], waivers: tuple[WaiverReport, ...], view: View) -> Iterator[str]:
    lang = view.report.lang
    if waived:
        yield ""
        yield MESSAGES.text("md_waived_rules", lang)
        yield ""
        for rule in waived:
            yield f"- **{md(rule.rule)}** {md(rule.title)}{MESSAGES.text('clause_ref', lang, clause=md(rule.clause))}"
    if waivers:
        yield ""
        yield MESSAGES.text("waiver_notes", lang)
        yield ""
        keys = ("kind", "rule", "subject", "reason", "approver", "expires", "where", "note")
        yield "| " + " | ".join(MESSAGES.text(key, lang) for key in keys) + " |"
        yield "|" + "---|" * len(keys)
        for waiver in waivers:
            cells = (
                _label(waiver.kind, lang), md(waiver.rule), md(waiver.subject or "—"), md(waiver.reason),
                md(waiver.approver), md(waiver.expires), view.location(waiver.file, waiver.line), text_with_links(waiver.message or "—"),
            )  # fmt: skip
            yield "| " + " | ".join(cells) + " |"


def _error(error: CenterError, view: View) -> Iterator[str]:
    yield f"- {md(error.source)}: {MESSAGES.text('input_errors', view.report.lang)}"
    for problem in error.problems:
        yield f"  - {_finding(problem, view, column=True)}"


def _finding(finding: Finding, view: View, *, column: bool = False) -> str:
    where = view.location(finding.file, finding.line, finding.column if column else None)
    return f"{where} {text_with_links(finding.message)}"


def location(file: str, line: int, column: int | None = None, *, base: str | None = None) -> str:
    """``file:line`` as a link to that line under ``base`` when ``file`` is a relative path,
    else as text: a bare relative link would resolve against the page (a 404 on GitHub)."""
    label = md(f"{file}:{line}" + (f":{column}" if column is not None else ""))
    if base is None or not is_relative_path(file):
        return label
    # Percent-encoding leaves no ':' for a scheme, nor a parenthesis to end the link early.
    anchor = f"#L{line}" if line >= 1 else ""
    return f"[{label}]({base if base.endswith('/') else base + '/'}{quote(file)}{anchor})"


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
    """Escaped text in which `quoted` field names become code spans and http(s)
    addresses, and only those, autolinks."""
    pieces, start, text = [], 0, _one_line(text)
    for match in _CODE.finditer(text):
        pieces.append(_linked(text[start : match.start()]))
        pieces.append(code(match.group(1)))
        start = match.end()
    pieces.append(_linked(text[start:]))
    return "".join(pieces)


def _linked(text: str) -> str:
    return "".join(f"<{piece}>" if is_url else _escape(piece) for piece, is_url in split_urls(text))


def with_fields(text: str) -> str:
    """Escaped text (a remedy) in which field names such as guide.elements are code spans."""
    pieces, start, text = [], 0, _one_line(text)
    for match in _FIELD.finditer(text):
        pieces.append(_linked(text[start : match.start()]))
        pieces.append(code(match.group()))
        start = match.end()
    pieces.append(_linked(text[start:]))
    return "".join(pieces)


def code(text: str) -> str:
    """A code span: read literally by Markdown; only '|' needs its escape, inside a table."""
    return f"`{text.replace('|', chr(92) + '|')}`"


def _verdict(compliant: bool | None, lang: str) -> str:
    if compliant is None:
        return "—"
    return MESSAGES.text("md_compliant" if compliant else "md_non_compliant", lang)


def _label(value: str, lang: str) -> str:
    """A severity, status, waiver kind or level in ``lang``; an unknown id as escaped text."""
    return value_label(value, lang) or md(value)
