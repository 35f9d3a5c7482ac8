"""The printable on-site checklist (现场评估表) of a ruleset's manual clauses, in Markdown
or HTML: one row per clause with its points and blank columns for the assessor. The
YAML worksheet that svcstd reads back is written by :func:`svcstd.assessment.worksheet`."""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined

from svcstd.i18n import Catalog, pick
from svcstd.report.markdown import md
from svcstd.rules.model import Ruleset

_ = Catalog(
    {
        "title": {"zh": "现场评估表：{ruleset}", "en": "On-site assessment sheet: {ruleset}"},
        "intro": {
            "zh": "逐条查看现场、查阅资料后填写结果（符合 / 部分符合 / 不符合 / 不适用）、得分与证据，再录入 YAML 评估表（svcstd init --assessment）并以 --assessment 交给 svcstd audit。",
            "en": "For each clause, look at the site and the records, then fill in the result (met / partly / not met / not applicable), the points and the evidence; copy them into the YAML worksheet (svcstd init --assessment) and pass it to svcstd audit with --assessment.",
        },
        "center": {"zh": "中心", "en": "Center"},
        "assessor": {"zh": "评估人", "en": "Assessor"},
        "date": {"zh": "日期", "en": "Date"},
        "clause": {"zh": "条款", "en": "Clause"},
        "requirement": {"zh": "要求", "en": "Requirement"},
        "points": {"zh": "分值", "en": "Points"},
        "result": {"zh": "结果", "en": "Result"},
        "given": {"zh": "得分", "en": "Given"},
        "evidence": {"zh": "证据", "en": "Evidence"},
        "total": {"zh": "合计", "en": "Total"},
    }
)


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
    t = {key: _.text(key, lang) for key in _LABELS}.__getitem__
    lines = [
        f"# {md(_.text('title', lang, ruleset=label))}",
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
    environment = Environment(
        loader=PackageLoader("svcstd", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    label = f"{ruleset.id}@{ruleset.version}"
    return environment.get_template("checklist.html.j2").render(
        lang=lang,
        title=_.text("title", lang, ruleset=label),
        t={
            key: _.text(key, lang)
            for key in (
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
        },
        center=center,
        rows=_rows(ruleset, clauses, lang),
        total=f"{sum(item.points for item in ruleset.manual):g}",
    )
