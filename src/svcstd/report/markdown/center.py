"""One center's report in Markdown: its headline, the new failures, the area scores or
the points sheet, what to fix first, the failed rules, waivers and manual clauses; what
does not fit the page is folded, the most useful part first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from svcstd import compare
from svcstd.report.common import (
    FIX_FIRST,
    failed_groups,
    failed_rules,
    gain_note,
    number,
    outlook,
    points_notes,
    points_text,
    sheet_rows,
    tailoring_note,
)
from svcstd.report.markdown.page import Page, View, counted, finding_text, value_md, verdict
from svcstd.report.markdown.text import md, text_with_links, with_fields
from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, RuleResult, WaiverReport

FINDINGS_SHOWN = 5  # per failed rule


NewFailure = tuple[str, str]  # the center's id, and the rest of its line: rule, title, place


def new_failures(result: AuditResult, view: View) -> list[NewFailure]:
    """The failures of a center that the baseline does not have."""
    return [
        (md(result.center["id"]), f"**{md(rule.rule)}** {md(rule.title)} — {finding_text(finding, view)}")
        for rule, finding in compare.new_failures(view.report, result)
    ]


def new_failure_size(item: NewFailure) -> int:
    """The least room an item of :func:`new_failure_lines` takes: its line without the center."""
    return len(item[1].encode("utf-8")) + 3


def new_failure_lines(
    items: Sequence[NewFailure], view: View, page: Page, *, heading: str, labelled: bool, count: int | None = None
) -> list[str]:
    """With a baseline: every failure it does not have (``count`` of them, of which
    ``items`` are the first), rule and place, one a line; ``labelled``, with the center."""
    if view.report.known_failures is None:
        return []
    lang, count = view.report.lang, len(items) if count is None else count
    if not count:
        return page.spend([f"{heading} {MESSAGES.text('no_new', lang)}", ""])
    lines = page.spend([f"{heading} {counted('new_failures', lang, count)}", ""])
    blocks = [[f"- {center + ' · ' if labelled else ''}{rest}"] for center, rest in items]
    # at most half of the page, so that the ranking is never crowded out
    return lines + page.fold(blocks, lambda left: counted("more_new", lang, left), share=0.5, count=count) + [""]


def center_sections(result: AuditResult, view: View, page: Page, *, heading: str) -> list[str]:
    """A center's report; what does not fit ``page`` is folded, the most useful part first."""
    lang, score, center, ruleset = result.lang, result.score, result.center, result.ruleset
    sub = heading + "#"
    head = [f"{heading} {md(center['name'])}", ""]
    if score.value is None:
        head.append(f"**{MESSAGES.text('nothing', lang)}**")
    else:
        line = f"**{MESSAGES.text('score', lang)} {score.value:.1f}** · {MESSAGES.text('grade', lang)} {md(score.grade_label or score.grade or '—')}"
        line += f" · {verdict(score.compliant, lang)}"
        if score.shown_without_waivers is not None:
            line += " · " + MESSAGES.text("without_waivers", lang, value=f"{score.shown_without_waivers:.1f}")
        head.append(line)
    head.append("")
    head.append(MESSAGES.text(
        "meta", lang, id=md(center["id"]), level=value_md(center.get("level", "—"), lang), source=md(center.get("source", "—")),
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
    new = (
        new_failure_lines(new_failures(result, view), view, page, heading=sub, labelled=False)
        if heading == "##"
        else []
    )
    if new:
        new = ["", *new[:-1]]
    more = lambda count: counted("more_lines", lang, count)  # noqa: E731 - the fold line of the small sections
    failed = failed_rules(result)
    fix_first: list[str] = []
    table: list[str] = []
    if failed:
        fix_first = page.fold(
            [["", f"{sub} {MESSAGES.text('fix_first', lang)}", "", *_fix_first(result, failed[:FIX_FIRST])]], more
        )
        for key, group in failed_groups(result, failed):
            rows = [[row] for row in _failed_rows(result, group, view)]
            table += page.spend(["", f"{sub} {MESSAGES.text(key, lang)}", "", *_failed_header(lang)])
            table += page.fold(rows, lambda count: "\n" + counted("more_rules", lang, count))
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
            reasons = [finding_text(f, view) for f in deduction.findings[:FINDINGS_SHOWN]] or [md(deduction.title)]
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
        severity = value_md(rule.severity, lang)
        severity += "".join(
            f" · {MESSAGES.text(key, lang)}" for key, on in (("veto_tag", rule.veto), ("bonus_tag", rule.bonus)) if on
        )
        if rule.status != "fail":
            severity += f" · {value_md(rule.status, lang)}"
        shown = rule.findings[:FINDINGS_SHOWN]
        findings = [(new_label if view.new(result, rule, f) else "") + finding_text(f, view) for f in shown]
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
                value_md(waiver.kind, lang), md(waiver.rule), md(waiver.subject or "—"), md(waiver.reason),
                md(waiver.approver), md(waiver.expires), view.location(waiver.file, waiver.line), text_with_links(waiver.message or "—"),
            )  # fmt: skip
            yield "| " + " | ".join(cells) + " |"
