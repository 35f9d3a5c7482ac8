"""A few lines per run, for hooks and logs (``-f summary``): each center's score, grade and
verdict, and, with a baseline, the failures that are new, with their places."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd import terminal
from svcstd.compare import new_failures
from svcstd.i18n import Catalog
from svcstd.model import AuditResult, Report
from svcstd.report.common import LABELS, number

_ = Catalog(
    {
        "line": {
            "zh": "{center}：得分 {score} · {grade} · {verdict} · {failed} 条规则未通过",
            "en": "{center}: score {score} · {grade} · {verdict} · {failed} rules failed",
        },
        "compliant": {"zh": "达标", "en": "compliant"},
        "non_compliant": {"zh": "不达标", "en": "non-compliant"},
        "unknown": {"zh": "未评估", "en": "not assessed"},
        "new": {"zh": " · 新增 {count} 处", "en": " · {count} new"},
        "new_failure": {"zh": "  新增 {rule} {title} — {where}", "en": "  new {rule} {title} — {where}"},
        "more": {"zh": "  ……另有 {count} 处新增", "en": "  … {count} more new"},
        "not_audited": {
            "zh": "{source}：输入有误，未审核（svcstd validate 给出位置）",
            "en": "{source}: not audited, the input has errors (svcstd validate shows where)",
        },
        "total": {
            "zh": "共 {centers} 个中心：{compliant} 个达标，{non_compliant} 个不达标，{errors} 个未能审核",
            "en": "{centers} centers: {compliant} compliant, {non_compliant} non-compliant, {errors} not audited",
        },
    },
    base=LABELS,
)

NEW_SHOWN = 10  # per center


def render(report: Report) -> str:
    return "\n".join(_lines(report)) + "\n"


def _lines(report: Report) -> Iterator[str]:
    lang = report.lang
    for result in report.ranked():
        yield from _center(report, result)
    for error in report.errors:
        yield _.text("not_audited", lang, source=_plain(error.source))
    if len(report.results) + len(report.errors) > 1:
        verdicts = [result.score.compliant for result in report.results]
        yield _.text(
            "total", lang, centers=len(report.results) + len(report.errors), compliant=verdicts.count(True),
            non_compliant=verdicts.count(False), errors=len(report.errors),
        )  # fmt: skip


def _center(report: Report, result: AuditResult) -> Iterator[str]:
    lang, score = report.lang, result.score
    verdict = "unknown" if score.compliant is None else "compliant" if score.compliant else "non_compliant"
    line = _.text(
        "line", lang, center=_plain(result.center["id"]), score=number(score.value),
        grade=_plain(score.grade_label or score.grade or "—"), verdict=_.text(verdict, lang),
        failed=sum(1 for rule in result.results if rule.failed),
    )  # fmt: skip
    if report.known_failures is None:
        yield line
        return
    new = new_failures(report, result)
    yield line + _.text("new", lang, count=len(new))
    for rule, finding in new[:NEW_SHOWN]:
        yield _.text("new_failure", lang, rule=rule.rule, title=_plain(rule.title), where=_plain(finding.location))
    if len(new) > NEW_SHOWN:
        yield _.text("more", lang, count=len(new) - NEW_SHOWN)


def _plain(text: object) -> str:
    """Control characters (a terminal escape among them) shown, never obeyed."""
    return terminal.visible(str(text))
