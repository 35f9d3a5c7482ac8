"""The region at a glance, in Markdown: counts, grades by level, the score distribution,
area scores, and the rules failing in most centers."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.report.common import number
from svcstd.report.markdown.page import value_md, verdict
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import Overview

HISTOGRAM_WIDTH = 20  # characters of the tallest bar


def region_lines(region: Overview, lang: str) -> Iterator[str]:
    """The region at a glance: counts, grades by level, distribution, area scores, and
    the rules failing in most centers."""
    yield f"## {MESSAGES.text('region', lang)}"
    yield ""
    line = f"**{region.centers}** {MESSAGES.text('centers', lang)} · {verdict(True, lang)} **{region.compliant}** · {verdict(False, lang)} **{region.non_compliant}**"
    if region.unassessed:
        line += f" · {MESSAGES.text('nothing', lang)} **{region.unassessed}**"
    yield line
    yield ""
    yield f"### {MESSAGES.text('by_grade_level', lang)}"
    yield ""
    yield (
        f"| {MESSAGES.text('grade', lang)} | "
        + " | ".join(value_md(level, lang) for level in region.levels)
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
            values = [v for s in region.standings if (v := s.score.areas.get(area)) is not None]
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
                f"| **{md(spread.rule)}** {md(spread.title)} | {value_md(spread.severity, lang)} "
                f"| {spread.failing} / {region.centers} ({100 * spread.share:.0f}%) | {spread.points:.1f} |"
            )
