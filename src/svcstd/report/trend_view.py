"""`svcstd trend` output: the region and each center over time, as a terminal table,
Markdown, or an HTML page with inline SVG line charts (JSON comes from
``trend.trend_to_dict``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import Group
from rich.table import Table

from svcstd import terminal
from svcstd.report.common import number, signed
from svcstd.report.html.environment import HTML_LANG, page_environment
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES
from svcstd.trend import CenterTrend, Trend, trend_to_dict

CHART_W, CHART_H, PAD = 340, 200, 32  # px: fits a 390 px phone unscaled, so labels stay 12 px
SPARK_W, SPARK_H = 120, 28
LINES_DRAWN = 100  # center lines drawn behind the mean; more would be a grey smear


def table(found: Trend) -> Group:
    lang = found.lang
    region = Table(title=MESSAGES.text("region_trend", lang), title_justify="left")
    for key in ("as_of", "centers_count", "mean", "trend_compliant", "trend_non_compliant"):
        region.add_column(MESSAGES.text(key, lang), justify="left" if key == "as_of" else "right")
    for date, point in zip(found.dates, found.region, strict=True):
        region.add_row(date, str(point.centers), number(point.mean), str(point.compliant), str(point.non_compliant))
    centers = Table(title=MESSAGES.text("centers_trend", lang), title_justify="left")
    centers.add_column(MESSAGES.text("center", lang))
    for date in found.dates:
        centers.add_column(date, justify="right")
    centers.add_column(MESSAGES.text("change", lang), justify="right")
    centers.add_column(MESSAGES.text("grade_changes", lang))
    for center in found.centers:
        centers.add_row(
            f"{center.name} ({center.center})", *_scores(center), signed(center.change), _grade_text(center, found)
        )
    parts: list[Any] = [region, centers]
    for period in found.periods:
        view = Table(title=MESSAGES.text("period", lang, start=period.start, end=period.end), title_justify="left")
        view.add_column(MESSAGES.text("trend_fixed", lang))
        view.add_column(MESSAGES.text("failing", lang))
        view.add_row(_rules_text(period.fixed, found), _rules_text(period.failing, found))
        parts.append(view)
    return Group(*parts)


def markdown(found: Trend) -> str:
    return "\n".join(_markdown(found)) + "\n"


def _markdown(found: Trend) -> Iterator[str]:
    lang = found.lang
    yield f"## {MESSAGES.text('trend_title', lang, first=found.dates[0], last=found.dates[-1])}"
    yield ""
    yield f"### {MESSAGES.text('region_trend', lang)}"
    yield ""
    yield (
        "| "
        + " | ".join(
            MESSAGES.text(k, lang) for k in ("as_of", "centers_count", "mean", "trend_compliant", "trend_non_compliant")
        )
        + " |"
    )
    yield "|---|--:|--:|--:|--:|"
    for date, p in zip(found.dates, found.region, strict=True):
        yield f"| {date} | {p.centers} | {number(p.mean)} | {p.compliant} | {p.non_compliant} |"
    yield ""
    yield f"### {MESSAGES.text('centers_trend', lang)}"
    yield ""
    yield (
        f"| {MESSAGES.text('center', lang)} | "
        + " | ".join(found.dates)
        + f" | {MESSAGES.text('change', lang)} | {MESSAGES.text('grade_changes', lang)} |"
    )
    yield "|---|" + "--:|" * (len(found.dates) + 1) + "---|"
    for center in found.centers:
        cells = [f"{md(center.name)} ({md(center.center)})", *_scores(center), signed(center.change)]
        yield "| " + " | ".join(cells) + f" | {md(_grade_text(center, found))} |"
    yield ""
    yield f"### {MESSAGES.text('periods', lang)}"
    for period in found.periods:
        yield ""
        yield f"**{MESSAGES.text('period', lang, start=period.start, end=period.end)}**"
        yield ""
        colon = MESSAGES.text("colon", lang)
        yield f"- {MESSAGES.text('trend_fixed', lang)}{colon}{md(_rules_text(period.fixed, found))}"
        yield f"- {MESSAGES.text('failing', lang)}{colon}{md(_rules_text(period.failing, found))}"


def html(found: Trend) -> str:
    lang = found.lang
    page = {
        "html_lang": HTML_LANG.get(lang, lang),
        "title": MESSAGES.text("trend_title", lang, first=found.dates[0], last=found.dates[-1]),
        "trend": found,
        "rows": zip(found.dates, found.region, strict=True),
        "chart": _chart(found),
        "centers": [
            {
                "trend": c,
                "scores": _scores(c),
                "change": signed(c.change),
                "grades": _grade_text(c, found),
                "spark": _spark(c),
            }
            for c in found.centers
        ],  # fmt: skip
        "periods": [
            {
                "label": MESSAGES.text("period", lang, start=p.start, end=p.end),
                "fixed": _rules_text(p.fixed, found),
                "failing": _rules_text(p.failing, found),
            }
            for p in found.periods
        ],  # fmt: skip
    }
    template = page_environment().get_template("trend.html.j2")
    return template.render(page=page, t=lambda key, **params: MESSAGES.text(key, lang, **params))


def json_text(found: Trend) -> str:
    """The trend as JSON, through the one JSON writer (controls from descriptions escaped)."""
    return terminal.json_text(trend_to_dict(found)) + "\n"


def _chart(found: Trend) -> dict[str, Any]:
    """The region's mean score as a line over the dates, each center's line faint behind it."""
    count = len(found.dates)
    step = (CHART_W - 2 * PAD) / max(1, count - 1)

    def x(index: int) -> float:
        return round(PAD + index * step, 1)

    def y(value: float) -> float:
        return round(PAD / 2 + (100 - max(0.0, min(100.0, value))) * (CHART_H - 1.5 * PAD) / 100, 1)

    def polyline(values: Sequence[float | None]) -> str:
        return " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values) if v is not None)

    lines = [polyline([None if p is None else p.value for p in c.points]) for c in found.centers[:LINES_DRAWN]]
    means = [p.mean for p in found.region]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "lines": [line for line in lines if line],
        "mean": polyline(means),
        "dots": [{"x": x(i), "y": y(v), "text": number(v)} for i, v in enumerate(means) if v is not None],
        "ticks": [{"y": y(v), "text": str(v)} for v in (0, 60, 80, 100)],
        "left": PAD,
        "right": CHART_W - PAD / 2,
        # full dates while they fit the chart's width; from five on without the century
        "dates": [{"x": x(i), "text": date if count <= 4 else date[2:]} for i, date in enumerate(found.dates)],
        "base": CHART_H - PAD / 2,
    }


def _spark(center: CenterTrend) -> str:
    values = [None if p is None else p.value for p in center.points]
    step = (SPARK_W - 8) / max(1, len(values) - 1)
    return " ".join(
        f"{round(4 + i * step, 1)},{round(4 + (100 - v) * (SPARK_H - 8) / 100, 1)}"
        for i, v in enumerate(values)
        if v is not None
    )


def _scores(center: CenterTrend) -> list[str]:
    return ["—" if p is None else number(p.value) for p in center.points]


def _grade_text(center: CenterTrend, found: Trend) -> str:
    changes = center.grade_changes(found.dates)
    return "; ".join(f"{date}: {old} → {new}" for date, old, new in changes) or "—"


def _rules_text(rules: Sequence[tuple[str, int]], found: Trend) -> str:
    if not rules:
        return MESSAGES.text("trend_none", found.lang)
    return ", ".join(f"{rule} {found.titles.get(rule, '')} ×{count}".replace("  ", " ") for rule, count in rules)
