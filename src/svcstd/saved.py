"""Read a saved JSON report (``svcstd-report/1`` or ``svcstd-batch/1``) back into a
:class:`~svcstd.model.Report`, for `svcstd report`, `svcstd diff` and `--baseline`."""

from __future__ import annotations

import json
from pathlib import Path

from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import Catalog
from svcstd.model import BATCH_FORMAT, REPORT_FORMAT, Report, report_from_dict

_ = Catalog(
    {
        "unreadable": {"zh": "无法读取报告：{error}", "en": "cannot read the report: {error}"},
        "json": {
            "zh": "不是有效的 JSON：{error}；请传入 svcstd audit -f json 写出的文件",
            "en": "not valid JSON: {error}; give a file written by svcstd audit -f json",
        },
        "format": {
            "zh": "不是 svcstd 报告（format 应为 {formats}）；请传入 svcstd audit -f json 写出的文件",
            "en": "not a svcstd report (format must be {formats}); give a file written by svcstd audit -f json",
        },
        "shape": {
            "zh": "报告缺少或错写了字段 {key}；它是否由另一版本的 svcstd 写出？",
            "en": "the report lacks or misstates {key}; was it written by another version of svcstd?",
        },
    }
)


def read_report(path: Path) -> Report:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(Location(source), _("unreadable", error=error))]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError([Problem(Location(source, error.lineno, error.colno), _("json", error=error.msg))]) from None
    formats = (REPORT_FORMAT, BATCH_FORMAT)
    if not isinstance(data, dict) or data.get("format") not in formats:
        raise InputError([Problem(Location(source), _("format", formats=" / ".join(formats)))])
    try:
        return report_from_dict(data)
    except (KeyError, TypeError) as error:
        raise InputError([Problem(Location(source), _("shape", key=error))]) from None
