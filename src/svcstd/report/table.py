"""The terminal summary: score, grade, areas, failed rules (most points lost first)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from svcstd import terminal
from svcstd.compare import is_new
from svcstd.report.common import (
    failed_groups,
    failed_rules,
    outlook,
    points_notes,
    points_text,
    ruleset_label,
    sheet_rows,
    tailoring_note,
)  # fmt: skip
from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, CenterError, Finding, Report, RuleResult

FINDINGS_SHOWN = 3


def render(report: Report) -> str:
    """Plain text (no colour codes) of the summary, for files and pipes."""
    buffer = io.StringIO()
    print_report(terminal.console(file=buffer, width=100, color=False, color_system=None), report)
    return buffer.getvalue()


def print_report(console: Console, report: Report) -> None:
    for index, result in enumerate(report.results):
        if index:
            console.rule()
        console.print(_center(result, report))
    for error in report.errors:
        console.rule()
        console.print(_error(error, report.lang))
    if report.single is None and report.results:
        console.rule()
        console.print(_ranking(report))


def _center(result: AuditResult, report: Report) -> Group:
    lang = result.lang

    def new(rule: RuleResult, finding: Finding) -> bool:
        return is_new(report, result.center["id"], rule.rule, finding)

    parts: list = [_headline(result)]
    parts.extend(
        Text(MESSAGES.text(key, lang, **params), style="bold red" if key == "veto_line" else "")
        for key, params in points_notes(result)
    )
    parts += [
        _sheet(result) if result.indicators else _areas(result),
        Text(MESSAGES.text("rules_line", lang, **result.summary)),
    ]
    groups = failed_groups(result, failed_rules(result))
    parts.extend(_failed(group, lang, MESSAGES.text(key, lang), new) for key, group in groups)
    parts.extend(Text(MESSAGES.text(key, lang, **params), style="bold") for key, params in outlook(result))
    for waiver in result.waivers:
        if waiver.message:
            parts.append(Text(MESSAGES.text("waiver_note", lang, message=waiver.message), style="yellow"))
    if result.manual_clauses:
        parts.append(Text(MESSAGES.text("table_manual", lang, clauses=", ".join(result.manual_clauses)), style="dim"))
    return Group(*parts)


def _headline(result: AuditResult) -> Text:
    lang, score = result.lang, result.score
    center = result.center
    text = Text(f"{center['name']} ({center['id']}, {center['level']})\n", style="bold")
    text.append(f"{ruleset_label(result.ruleset)} · {result.as_of}\n", style="dim")
    tailoring = tailoring_note(result.ruleset, lang)
    if tailoring:
        text.append(tailoring + "\n", style="dim")
    if score.value is None:
        return text.append(MESSAGES.text("nothing", lang), style="yellow")
    style = "green" if score.compliant else "red"
    text.append(f"{MESSAGES.text('score', lang)} {score.value:.1f}", style=f"bold {style}")
    text.append(f"  {MESSAGES.text('grade', lang)} {score.grade_label or score.grade}", style=style)
    verdict = "compliant" if score.compliant else "non_compliant"
    text.append(f"  ({MESSAGES.text(verdict, lang)})", style=style)
    if score.shown_without_waivers is not None:
        text.append("  " + MESSAGES.text("without_waivers", lang, value=f"{score.shown_without_waivers:.1f}"))
    return text


def _areas(result: AuditResult) -> Table:
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column(MESSAGES.text("area", result.lang))
    table.add_column(MESSAGES.text("score", result.lang), justify="right")
    for area, value in result.score.areas.items():
        table.add_row(result.areas.get(area, area), "—" if value is None else f"{value:.1f}")
    return table


def _sheet(result: AuditResult) -> Table:
    """The points sheet by indicator: its points, what it earned, what awaits assessment."""
    lang = result.lang
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column(MESSAGES.text("indicator", lang))
    for key in ("points_col", "earned_col", "table_pending"):
        table.add_column(MESSAGES.text(key, lang), justify="right")
    for row in sheet_rows(result):
        line = row.indicator
        pending = f"{line.points_pending:g}" if line.points_pending else ""
        table.add_row(f"{line.id} {line.title}", f"{line.points:g}", points_text(line.points_earned), pending)
    return table


def _failed(failed: Sequence[RuleResult], lang: str, heading: str, new: Callable[[RuleResult, Finding], bool]) -> Group:
    """One block per failed rule: a heading line, then file:line:column and message lines,
    each wrapped to the terminal with a hanging indent; findings not in the baseline marked new."""
    lines: list[Any] = [Text(heading, style="bold")]
    for rule in failed:
        lost = "" if rule.points_lost is None else f" · −{points_text(rule.points_lost)}"
        lost += "".join(
            f" · {MESSAGES.text(key, lang)}" for key, on in (("veto_tag", rule.veto), ("bonus_tag", rule.bonus)) if on
        )
        title = Text()
        title.append(f"✗ {rule.rule} ", style="bold red")
        title.append(f"{rule.title} ({rule.clause}) · {rule.severity}{lost}")
        lines.append(Hanging(title, first=0, rest=2))
        for finding in rule.findings[:FINDINGS_SHOWN]:
            line = Text()
            if new(rule, finding):
                line.append(MESSAGES.text("new_tag", lang) + " ", style="bold yellow")
            lines.append(Hanging(line + _located(finding.location, finding.message)))
        if len(rule.findings) > FINDINGS_SHOWN:
            more = MESSAGES.text("more", lang, count=len(rule.findings) - FINDINGS_SHOWN)
            lines.append(Hanging(Text(more, style="dim")))
        lines.append(Hanging(Text(MESSAGES.text("fix", lang) + rule.remediation, style="italic")))
    return Group(*lines, Text(""))  # a blank line after the block, as before the next part


def _located(where: object, message: str) -> Text:
    text = Text()
    text.append(f"{where} ", style="cyan")
    text.append(message)
    return text


class Hanging:
    """Text wrapped at word boundaries to the console's width, its first line indented by
    ``first`` and the rest by ``rest``; unwrapped (one line) on a soft-wrapping console,
    such as the one that writes files."""

    def __init__(self, text: Text, *, first: int = 4, rest: int = 6) -> None:
        self.text, self.first, self.rest = text, first, rest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.no_wrap:
            yield Text(" " * self.first) + self.text
            return
        width = max(20, options.max_width - self.rest)
        for number, line in enumerate(self.text.wrap(console, width)):
            yield Text(" " * (self.first if number == 0 else self.rest)) + line


def _error(error: CenterError, lang: str) -> Group:
    lines: list[Any] = [Text(MESSAGES.text("not_audited", lang, source=error.source), style="bold red")]
    lines += [Hanging(_located(p.location, p.message)) for p in error.problems]
    return Group(*lines, Text(""))


def _ranking(report: Report) -> Table:
    lang = report.lang
    table = Table(title=MESSAGES.text("ranking", lang), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(MESSAGES.text("center", lang))
    table.add_column(MESSAGES.text("score", lang), justify="right")
    table.add_column(MESSAGES.text("grade", lang))
    for place, result in report.standings():
        value = result.score.value
        table.add_row(
            str(place), f"{result.center['name']} ({result.center['id']})",
            "—" if value is None else f"{value:.1f}", result.score.grade_label or "—",
        )  # fmt: skip
    return table
