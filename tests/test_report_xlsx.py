"""The spreadsheet, read back with openpyxl as Excel or WPS would open it."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from conftest import AS_OF
from test_report_markdown import audit

from svcstd import centerfiles
from svcstd.cli import app
from svcstd.report import xlsx
from svcstd.result import Report


@pytest.fixture
def batch(in_repo: Path) -> Report:
    return audit(*centerfiles.find_centers([Path("examples")]), lang="zh")


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_have_frozen_headers_filters_and_rows(batch: Report) -> None:
    book = open_book(xlsx.render(batch))
    assert book.sheetnames == ["排名", "规则结果", "问题清单"]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    ranking = book["排名"]
    header = [cell.value for cell in ranking[1]]
    assert header[:8] == ["名次", "中心", "中心编号", "级别", "得分", "等级", "是否达标", "未通过规则数"]
    rows = [[cell.value for cell in row] for row in ranking.iter_rows(min_row=2)]
    assert [row[2] for row in rows] == [r.center["id"] for r in batch.ranked()]
    best = batch.ranked()[0].score.value
    assert rows[0][:7] == [1, "晋中市政务服务中心", "jinzhong-city", "市级", best, "优秀", "是"]
    assert rows[-1][6] == "否"  # beiguan-township is non-compliant
    assert book["规则结果"].max_row - 1 == sum(len(r.results) for r in batch.results)


def test_one_row_per_finding_with_location_message_and_remediation(batch: Report) -> None:
    sheet = open_book(xlsx.render(batch))["问题清单"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "中心",
        "中心编号",
        "规则",
        "规则名称",
        "条款",
        "严重度",
        "可挽回分值",
        "原因",
        "位置",
        "问题描述",
        "整改建议",
    ]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    failed = [(res, rule) for res in batch.results for rule in res.results if rule.status in ("fail", "error")]
    assert len(rows) == sum(max(1, len(rule.findings)) for _res, rule in failed)
    staff = next(row for row in rows if row["规则"] == "STAFF-003" and row["中心编号"] == "jinzhong-city")
    assert staff["位置"] == "examples/jinzhong-city.yaml:544"
    assert staff["整改建议"].startswith("为该人员指定另一名")
    # Chinese text gets a column about twice as wide as its characters count
    assert sheet.column_dimensions["B"].width >= 2 * len("中心编号")


def test_text_that_looks_like_a_formula_stays_text(in_repo: Path) -> None:
    result = audit(Path("examples/jinzhong-city.yaml")).results[0]
    hostile = Report((replace(result, center={**result.center, "name": '=HYPERLINK("x")'}),), "en")
    cell = open_book(xlsx.render(hostile))["Ranking"]["B2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_cli_writes_the_same_bytes_twice(runner, in_repo: Path, tmp_path: Path) -> None:
    outputs = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for output in outputs:
        done = runner.invoke(app, ["audit", "examples", "--as-of", AS_OF, "-f", "xlsx", "-o", str(output)])
        assert done.exit_code == 1, done.output  # beiguan-township is non-compliant
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert open_book(outputs[0].read_bytes())["排名"]["C2"].value == "jinzhong-city"


def test_a_points_ruleset_gets_the_points_sheet_and_causes(runner, in_repo: Path, tmp_path: Path) -> None:
    output = tmp_path / "points.xlsx"
    done = runner.invoke(app, ["audit", "examples", "-r", "tests/data/rulesets/points-demo.yaml", "--as-of", AS_OF,
                               "-f", "xlsx", "-o", str(output)])  # fmt: skip
    assert done.exit_code == 1, done.output
    book = open_book(output.read_bytes())
    assert book.sheetnames == ["排名", "评分表", "问题清单"]
    sheet = [[cell.value for cell in row] for row in book["评分表"].iter_rows()]
    assert sheet[0] == ["中心", "中心编号", "指标", "领域", "分值", "得分", "待现场评估", "扣分明细"]
    beiguan = [row for row in sheet if row[1] == "beiguan-township"]
    assert beiguan[0][2:6] == ["1 事项管理", "服务事项", 50, 25]
    assert beiguan[0][7] == "PT-PROM −20.0; PT-GUIDE −5.0"
    causes = {row[7] for row in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert causes == {"信息缺失", "不符合"}


def test_the_extension_xlsx_chooses_the_format(runner, in_repo: Path, tmp_path: Path) -> None:
    output = tmp_path / "region.xlsx"
    done = runner.invoke(app, ["audit", "examples", "--as-of", AS_OF, "-o", str(output)])
    assert done.exit_code == 1, done.output
    assert open_book(output.read_bytes()).sheetnames[0] == "排名"
