"""The region at a glance on an HTML page: the score histogram (SVG) and the ranking with
its area heatmap; a long ranking travels as data that the page's script shows."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from svcstd.report.common import number
from svcstd.report.html.environment import value_words
from svcstd.report.overview import Overview

HIST_LEFT, HIST_TOP, HIST_HEIGHT, HIST_STEP = 4, 18, 110, 33  # px; 10 bins fit a 390px phone
ROWS_AT_ONCE = 200  # ranking rows written as HTML; the rest come from data, filtered by the script
HEAT_EDGES = (60, 80, 90)  # heatmap colour bands: below 60, 60–80, 80–90, 90 and above
HEAT_COLOURS = ("#e5e7eb", "#fca5a5", "#fde68a", "#bbf7d0", "#4ade80")  # also in style.css (.h0–.h4)


def histogram(region: Overview) -> dict[str, Any]:
    """The score distribution as SVG at its own size (never scaled, so labels stay 12px)."""
    tallest = max(region.histogram, default=0) or 1
    step = 100 // len(region.histogram)
    bars = []
    for index, count in enumerate(region.histogram):
        height = round(HIST_HEIGHT * count / tallest, 1)
        low = index * step
        bars.append(
            {
                "x": HIST_LEFT + index * HIST_STEP,
                "y": HIST_TOP + HIST_HEIGHT - height,
                "height": height,
                "count": count,
                "low": low,
                "range": f"{low}–{low + step}",
                "colour": HEAT_COLOURS[_heat_band(low + step / 2)],
            }
        )
    return {
        "bars": bars,
        "bar_width": HIST_STEP - 6,
        "left": HIST_LEFT,
        "base": HIST_TOP + HIST_HEIGHT,
        "width": HIST_LEFT + HIST_STEP * len(bars),
        "height": HIST_TOP + HIST_HEIGHT + 24,
    }


def ranking(region: Overview | None, links: list[str], lang: str) -> dict[str, Any]:
    """The ranking's rows as HTML, at most ROWS_AT_ONCE of them; a longer ranking also
    travels as data that the page's script filters and shows (3,000 rows as HTML take
    seconds to open)."""
    rows = _standings(region, links) if region else []
    data = None
    if len(rows) > ROWS_AT_ONCE:
        label = value_words(lang)
        data = [
            [row["place"], row["name"], row["href"], row["level"], label(row["level"]), row["value"], row["grade"],
             row["grade_label"], row["non_compliant"], row["failed"], row["search"],
             [[cell["band"], cell["text"]] for cell in row["cells"]]]
            for row in rows
        ]  # fmt: skip
    return {
        "standings": rows[:ROWS_AT_ONCE],
        "more_rows": len(rows) - ROWS_AT_ONCE if data else 0,
        # as a JSON script block: "<" and "&" escaped, so no text can end the block or start markup
        "ranking_data": Markup(_json_block(data)) if data else None,
    }


def _json_block(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _standings(region: Overview, links: list[str]) -> list[dict[str, Any]]:
    rows = []
    for standing in region.standings:
        score, center = standing.score, standing.center
        rows.append(
            {
                "place": standing.place,
                "name": center["name"],
                "href": links[standing.position],
                "level": center.get("level", ""),
                "grade": score.grade or "",
                "grade_label": score.grade_label or score.grade or "—",
                "value": number(score.value),
                "non_compliant": score.compliant is False,
                "failed": standing.failed,
                "search": f"{center['name']} {center['id']}".casefold(),
                "cells": [
                    {"band": _heat_band(score.areas.get(area)), "text": number(score.areas.get(area))}
                    for area, _title in region.areas
                ],
            }
        )
    return rows


def _heat_band(value: float | None) -> int:
    """0 for no score, then 1 (< 60) to 4 (≥ 90): the colour classes of the heatmap."""
    if value is None:
        return 0
    return 1 + sum(value >= edge for edge in HEAT_EDGES)
