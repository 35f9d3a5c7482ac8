"""The printable on-site checklist (现场评估表) of a ruleset's manual clauses, in Markdown
or HTML: one row per clause with its points and blank columns for the assessor. The
YAML worksheet that svcstd reads back is written by :func:`svcstd.assessment.worksheet`."""

from __future__ import annotations

from collections.abc import Mapping

from svcstd.i18n import pick
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES
from svcstd.rules.model import Ruleset

_LABELS = (
    "intro",
    "center",
    "assessor",
    "date",
    "clause",
    "requirement",
    "points",
    "result",
    "given",
    "evidence",
    "total",
)


def _labels(lang: str) -> dict[str, str]:
    return {key: MESSAGES.text(key, lang) for key in _LABELS}


def _rows(ruleset: Ruleset, clauses: Mapping[str, Mapping[str, str]], lang: str) -> list[dict[str, str]]:
    return [
        {
            "clause": item.clause,
            "title": clauses.get(item.clause, {}).get("title", ""),
            "text": clauses.get(item.clause, {}).get("text", ""),
            "method": pick(item.method, lang) if item.method else "",
            "points": f"{item.points:g}",
        }
        for item in ruleset.manual
    ]


def markdown(ruleset: Ruleset, clauses: Mapping[str, Mapping[str, str]], *, center: str, lang: str) -> str:
    label = f"{ruleset.id}@{ruleset.version}"
    t = _labels(lang).__getitem__
    lines = [
        f"# {md(MESSAGES.text('checklist_title', lang, ruleset=label))}",
        "",
        md(t("intro")),
        "",
        f"{t('center')}: {md(center)}　{t('assessor')}: ________　{t('date')}: ________",
        "",
        f"| {t('clause')} | {t('requirement')} | {t('points')} | {t('result')} | {t('given')} | {t('evidence')} |",
        "| --- | --- | ---: | --- | ---: | --- |",
    ]
    for row in _rows(ruleset, clauses, lang):
        requirement = " — ".join(md(part) for part in (row["title"], row["method"]) if part)
        lines.append(f"| {row['clause']} | {requirement} | {row['points']} |  |  |  |")
    total = sum(item.points for item in ruleset.manual)
    lines += [f"| **{t('total')}** |  | **{total:g}** |  |  |  |", ""]
    return "\n".join(lines)


def html(ruleset: Ruleset, clauses: Mapping[str, Mapping[str, str]], *, center: str, lang: str) -> str:
    from svcstd.report.html.environment import page_environment

    label = f"{ruleset.id}@{ruleset.version}"
    return (
        page_environment()
        .get_template("checklist.html.j2")
        .render(
            lang=lang,
            title=MESSAGES.text("checklist_title", lang, ruleset=label),
            t=_labels(lang),
            center=center,
            rows=_rows(ruleset, clauses, lang),
            total=f"{sum(item.points for item in ruleset.manual):g}",
        )
    )
