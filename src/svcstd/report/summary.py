"""A few lines per run, for hooks and logs (``-f summary``): each center's score, grade and
verdict, and, with a baseline, the failures that are new, with their places."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd import terminal
from svcstd.compare import new_failures
from svcstd.report.common import number
from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, Report

NEW_SHOWN = 10  # per center


def render(report: Report) -> str:
    return "\n".join(_lines(report)) + "\n"


def _lines(report: Report) -> Iterator[str]:
    lang = report.lang
    for result in report.ranked():
        yield from _center(report, result)
    for error in report.errors:
        yield MESSAGES.text("summary_not_audited", lang, source=_plain(error.source))
    if len(report.results) + len(report.errors) > 1:
        verdicts = [result.score.compliant for result in report.results]
        yield MESSAGES.text(
            "summary_total", lang, centers=len(report.results) + len(report.errors), compliant=verdicts.count(True),
            non_compliant=verdicts.count(False), errors=len(report.errors),
        )  # fmt: skip


def _center(report: Report, result: AuditResult) -> Iterator[str]:
    lang, score = report.lang, result.score
    verdict = "unknown" if score.compliant is None else "compliant" if score.compliant else "non_compliant"
    line = MESSAGES.text(
        "summary_line", lang, center=_plain(result.center["id"]), score=number(score.value),
        grade=_plain(score.grade_label or score.grade or "—"), verdict=MESSAGES.text(verdict, lang),
        failed=sum(1 for rule in result.results if rule.failed),
    )  # fmt: skip
    if report.known_failures is None:
        yield line
        return
    new = new_failures(report, result)
    yield line + MESSAGES.text("summary_new", lang, count=len(new))
    for rule, finding in new[:NEW_SHOWN]:
        yield MESSAGES.text(
            "new_failure", lang, rule=rule.rule, title=_plain(rule.title), where=_plain(finding.location)
        )
    if len(new) > NEW_SHOWN:
        yield MESSAGES.text("summary_more", lang, count=len(new) - NEW_SHOWN)


def _plain(text: object) -> str:
    """Control characters (a terminal escape among them) shown, never obeyed."""
    return terminal.visible(str(text))
