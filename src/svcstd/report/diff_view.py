"""`svcstd diff` output: score changes and new / fixed failures per center, as a terminal
table or Markdown (JSON comes from ``compare.changes_to_dict``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.table import Table

from svcstd.compare import CenterChange, Fingerprint
from svcstd.i18n import Catalog
from svcstd.report.common import LABELS
from svcstd.report.markdown import md

_ = Catalog(
    {
        "title": {"zh": "审核结果对比", "en": "Audit comparison"},
        "delta": {"zh": "变化", "en": "Change"},
        "new": {"zh": "新增未通过", "en": "New failures"},
        "fixed": {"zh": "已修复", "en": "Fixed"},
        "added": {"zh": "（新增中心）", "en": " (new center)"},
        "removed": {"zh": "（已移除）", "en": " (removed)"},
        "none": {"zh": "无变化", "en": "no changes"},
    },
    base=LABELS,
)


def table(changes: Sequence[CenterChange], lang: str) -> Table:
    view = Table(title=_.text("title", lang), title_justify="left", show_lines=True)
    for key in ("center", "score", "delta", "grade", "new", "fixed"):
        view.add_column(_.text(key, lang), justify="right" if key in ("score", "delta") else "left")
    for change in changes:
        view.add_row(
            _center_label(change, lang),
            f"{_number(change.old_score)} → {_number(change.new_score)}",
            _signed(change.delta),
            f"{change.old_grade or '—'} → {change.new_grade or '—'}",
            "\n".join(_failure(fp) for fp in change.new) or "—",
            "\n".join(_failure(fp) for fp in change.fixed) or "—",
        )
    return view


def markdown(changes: Sequence[CenterChange], lang: str) -> str:
    return "\n".join(_markdown_lines(changes, lang)) + "\n"


def _markdown_lines(changes: Sequence[CenterChange], lang: str) -> Iterator[str]:
    yield f"## {_.text('title', lang)}"
    yield ""
    headers = [_.text(key, lang) for key in ("center", "score", "delta", "grade", "new", "fixed")]
    yield "| " + " | ".join(headers) + " |"
    yield "|---|---:|---:|---|---|---|"
    for change in changes:
        cells = [
            md(_center_label(change, lang)),
            f"{_number(change.old_score)} → {_number(change.new_score)}",
            _signed(change.delta),
            f"{md(change.old_grade or '—')} → {md(change.new_grade or '—')}",
            "<br>".join(md(_failure(fp)) for fp in change.new) or "—",
            "<br>".join(md(_failure(fp)) for fp in change.fixed) or "—",
        ]
        yield "| " + " | ".join(cells) + " |"
    if not changes:
        yield ""
        yield _.text("none", lang)


def _center_label(change: CenterChange, lang: str) -> str:
    suffix = _.text(change.status, lang) if change.status in ("added", "removed") else ""
    return f"{change.name} ({change.center}){suffix}"


def _failure(fingerprint: Fingerprint) -> str:
    _center, rule, subject = fingerprint
    return f"{rule} {subject}".strip()


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"
