"""`svcstd diff` output: score changes and new / fixed failures per center, as a terminal
table or Markdown (JSON comes from ``compare.changes_to_dict``)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from rich.console import Console
from rich.table import Table

from svcstd import terminal
from svcstd.compare import CenterChange, Fingerprint
from svcstd.report.common import number, signed
from svcstd.report.markdown.text import md
from svcstd.report.messages import MESSAGES

WIDTH = 100  # a pipe or a file: wide enough for the table, narrow enough to read


def table(changes: Sequence[CenterChange], lang: str) -> Table:
    """Rich wraps the cells to the console's width; failures fold at any character."""
    view = Table(title=MESSAGES.text("diff_title", lang), title_justify="left", show_lines=True)
    for key in ("center", "score", "delta", "grade", "diff_new", "diff_fixed"):
        numeric = key in ("score", "delta")
        view.add_column(
            MESSAGES.text(key, lang),
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="fold",
            ratio=None if numeric else 1,
        )
    for change in changes:
        view.add_row(
            _center_label(change, lang),
            f"{number(change.old_score)} → {number(change.new_score)}",
            signed(change.delta),
            _grades(change),
            "\n".join(_failure(fp) for fp in change.new) or "—",
            "\n".join(_failure(fp) for fp in change.fixed) or "—",
        )
    return view


def text(changes: Sequence[CenterChange], lang: str, width: int = WIDTH) -> str:
    """The table as plain text ``width`` columns wide, for files and pipes."""
    buffer = io.StringIO()
    print_table(terminal.console(file=buffer, width=width, color=False, color_system=None), changes, lang)
    return buffer.getvalue()


def print_table(console: Console, changes: Sequence[CenterChange], lang: str) -> None:
    console.print(table(changes, lang))
    if unchanged(changes):
        console.print(MESSAGES.text("diff_none", lang), markup=False)


def markdown(changes: Sequence[CenterChange], lang: str) -> str:
    return "\n".join(_markdown_lines(changes, lang)) + "\n"


def _markdown_lines(changes: Sequence[CenterChange], lang: str) -> Iterator[str]:
    yield f"## {MESSAGES.text('diff_title', lang)}"
    yield ""
    headers = [MESSAGES.text(key, lang) for key in ("center", "score", "delta", "grade", "diff_new", "diff_fixed")]
    yield "| " + " | ".join(headers) + " |"
    yield "|---|---:|---:|---|---|---|"
    for change in changes:
        cells = [
            md(_center_label(change, lang)),
            f"{number(change.old_score)} → {number(change.new_score)}",
            signed(change.delta),
            md(_grades(change)),
            "<br>".join(md(_failure(fp)) for fp in change.new) or "—",
            "<br>".join(md(_failure(fp)) for fp in change.fixed) or "—",
        ]
        yield "| " + " | ".join(cells) + " |"
    if unchanged(changes):
        yield ""
        yield MESSAGES.text("diff_none", lang)


def unchanged(changes: Sequence[CenterChange]) -> bool:
    return all(change.status == "unchanged" for change in changes)


def _center_label(change: CenterChange, lang: str) -> str:
    suffix = MESSAGES.text(change.status, lang) if change.status in ("added", "removed", "unchanged") else ""
    return f"{change.name} ({change.center}){suffix}"


def _grades(change: CenterChange) -> str:
    """Grades as the reports name them (their language), else by id."""
    old = change.old_grade_label or change.old_grade or "—"
    new = change.new_grade_label or change.new_grade or "—"
    return f"{old} → {new}"


def _failure(fingerprint: Fingerprint) -> str:
    _center, rule, subject = fingerprint
    return f"{rule} {subject}".strip()
