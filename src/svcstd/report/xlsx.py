"""A spreadsheet for supervisors (Excel, WPS): the ranking, every rule result per center,
and one row per finding, each sheet with a frozen header, a filter and columns wide
enough for Chinese text.

Written with XlsxWriter: it writes a large batch about 1.5× faster than openpyxl's
write-only mode (150,000 finding rows: 10.7 s against 15.7 s on the same machine), and
its files are the same bytes for the same report once the creation date is fixed (to
the audit date), which keeps `svcstd` output deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import xlsxwriter

from svcstd.i18n import display_width
from svcstd.report.common import points_text, sheet_rows, value_text
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import overview
from svcstd.result import Report

MAX_WIDTH = 60  # characters; longer text wraps in its cell
WIDTH_SAMPLE = 1000  # rows measured for column widths: enough to fit, cheap for 3,000 centers
MIN_WIDTH = 6


def render(report: Report) -> bytes:
    lang = report.lang
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    as_of = report.results[0].as_of if report.results else "1980-01-01"
    book.set_properties({"created": datetime.fromisoformat(as_of), "title": MESSAGES.text("sheet_ranking", lang)})
    styles = {
        "header": book.add_format({"bold": True, "bg_color": "#F3F4F6", "border": 1, "text_wrap": True}),
        "number": book.add_format({"num_format": "0.0"}),
        "share": book.add_format({"num_format": "0%"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    _sheet(book, styles, MESSAGES.text("sheet_ranking", lang), *_ranking(report))
    if any(result.indicators for result in report.results):
        _sheet(book, styles, MESSAGES.text("sheet", lang), *_points_sheet(report))
    else:  # rulesets without points: every rule result of every center instead
        _sheet(book, styles, MESSAGES.text("sheet_results", lang), *_results(report))
    _sheet(book, styles, MESSAGES.text("sheet_findings", lang), *_findings(report))
    book.close()
    return buffer.getvalue()


Column = tuple[str, str]  # (heading, style: "" | "number" | "share" | "wrap")


def _ranking(report: Report) -> tuple[list[Column], Iterable[Sequence[Any]]]:
    lang = report.lang
    region = overview(report, top=0)
    columns = [
        (MESSAGES.text("place", lang), ""), (MESSAGES.text("center", lang), ""), (MESSAGES.text("center_id", lang), ""),
        (MESSAGES.text("level", lang), ""), (MESSAGES.text("score", lang), "number"), (MESSAGES.text("grade", lang), ""),
        (MESSAGES.text("verdict", lang), ""), (MESSAGES.text("failed_rules", lang), ""),
        *((title, "number") for _area, title in region.areas),
    ]  # fmt: skip
    rows = (
        (
            s.place,
            s.center["name"],
            s.center["id"],
            value_text(s.center.get("level", ""), lang),
            s.score.value,
            s.score.grade_label or s.score.grade or "",
            _yes_no(s.score.compliant, lang),
            s.failed,
            *(s.score.areas.get(area) for area, _title in region.areas),
        )  # fmt: skip
        for s in region.standings
    )
    return columns, rows


def _points_sheet(report: Report) -> tuple[list[Column], Iterable[Sequence[Any]]]:
    """The points sheet (评分表) of every center: one row per indicator, with its deductions."""
    lang = report.lang
    keys = (("center", ""), ("center_id", ""), ("indicator", ""), ("area", ""), ("points_col", "number"),
            ("earned_col", "number"), ("xlsx_pending", "number"), ("deductions_col", "wrap"))  # fmt: skip
    rows = (
        (
            result.center["name"],
            result.center["id"],
            f"{row.indicator.id} {row.indicator.title}",
            row.area,
            row.indicator.points,
            row.indicator.points_earned,
            row.indicator.points_pending or None,
            "; ".join(f"{d.label} −{points_text(d.lost)}" for d in row.deductions),
        )  # fmt: skip
        for result in report.results
        for row in sheet_rows(result)
    )
    return [(MESSAGES.text(key, lang), style) for key, style in keys], rows


def _results(report: Report) -> tuple[list[Column], Iterable[Sequence[Any]]]:
    lang = report.lang
    keys = (("center", ""), ("center_id", ""), ("rule", ""), ("xlsx_title", ""), ("area", ""), ("clause", ""),
            ("status", ""), ("severity", ""), ("xlsx_weight", ""), ("share", "share"), ("points_lost", "number"))  # fmt: skip
    rows = (
        (
            result.center["name"],
            result.center["id"],
            rule.rule,
            rule.title,
            result.areas.get(rule.area, rule.area),
            rule.clause,
            value_text(rule.status, lang),
            value_text(rule.severity, lang),
            rule.weight,
            rule.score,
            rule.points_lost,
        )
        for result in report.results
        for rule in result.results
    )
    return [(MESSAGES.text(key, lang), style) for key, style in keys], rows


def _findings(report: Report) -> tuple[list[Column], Iterable[Sequence[Any]]]:
    lang = report.lang
    keys = (("center", ""), ("center_id", ""), ("rule", ""), ("xlsx_title", ""), ("clause", ""), ("severity", ""),
            ("points_lost", "number"), ("cause", ""), ("location", ""), ("message", "wrap"),
            ("xlsx_remediation", "wrap"))  # fmt: skip

    def rows() -> Iterable[Sequence[Any]]:
        for result in report.results:
            for rule in result.results:
                if not rule.failed:
                    continue
                head = (result.center["name"], result.center["id"], rule.rule, rule.title, rule.clause,
                        value_text(rule.severity, lang), rule.points_lost)  # fmt: skip
                for finding in rule.findings or [None]:
                    cause = finding.cause if finding else None  # the points model's missing | violation
                    where = f"{finding.file}:{finding.line}" if finding else ""
                    message = finding.message if finding else ""
                    yield (*head, MESSAGES.text(cause, lang) if cause else "", where, message, rule.remediation)

    return [(MESSAGES.text(key, lang), style) for key, style in keys], rows()


def _sheet(
    book: xlsxwriter.Workbook,
    styles: dict[str, Any],
    name: str,
    columns: list[Column],
    rows: Iterable[Sequence[Any]],
) -> None:
    sheet = book.add_worksheet(name)
    widths = [_width(heading) for heading, _style in columns]
    sheet.write_row(0, 0, [heading for heading, _style in columns], styles["header"])
    count = 0
    for count, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            style = styles.get(columns[column][1])
            if value is None:
                sheet.write_blank(count, column, None, style)
            elif isinstance(value, str):
                sheet.write_string(count, column, value, style)  # never a formula or a link
            else:
                sheet.write_number(count, column, value, style)
            if count <= WIDTH_SAMPLE:
                widths[column] = max(widths[column], _width(value))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, max(MIN_WIDTH, min(MAX_WIDTH, width)) + 1)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(columns) - 1)


def _width(value: object) -> int:
    """Display width in Excel's character units: a CJK character takes two."""
    return display_width("" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value))


def _yes_no(value: bool | None, lang: str) -> str:
    return "" if value is None else MESSAGES.text("yes" if value else "no", lang)
