"""What every part of a Markdown page shares: the view (the report, for what is new, and
the link base), the size budget that folds what does not fit, and the small pieces every
section writes (a finding with its place, a verdict, a value's label, a count)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from svcstd.compare import is_new
from svcstd.report.common import value_label
from svcstd.report.markdown.text import location, md, text_with_links
from svcstd.report.messages import MESSAGES
from svcstd.result import AuditResult, Finding, Report, RuleResult

T = TypeVar("T")
RESERVE = 2_000  # room kept for the lines that say what was folded, and the footer


@dataclass(frozen=True)
class View:
    """What every part of the page needs: the report (for what is new) and the link base."""

    report: Report
    link_base: str | None

    def location(self, file: str, line: int, column: int | None = None) -> str:
        return location(file, line, column, base=self.link_base)

    def new(self, center: AuditResult, rule: RuleResult, finding: Finding) -> bool:
        return is_new(self.report, center.center["id"], rule.rule, finding)


class Page:
    """The size left, in UTF-8 bytes; blocks are taken while they fit, the rest folded."""

    def __init__(self, limit: int | None) -> None:
        self.left = None if limit is None else limit - RESERVE

    def spend(self, lines: Sequence[str]) -> list[str]:
        """Lines the page holds whatever their size (the headline)."""
        if self.left is not None:
            self.left -= _size(lines)
        return list(lines)

    def fold(
        self,
        blocks: Sequence[Sequence[str]],
        more: Callable[[int], str],
        *,
        share: float = 1.0,
        count: int | None = None,
    ) -> list[str]:
        """The blocks in order while they fit in ``share`` of what is left, then one line
        saying how many were left out (none is skipped for a smaller one after it) of
        ``count`` (all the blocks, when ``blocks`` is the :class:`Kept` part of them)."""
        count = len(blocks) if count is None else count
        budget = None if self.left is None else int(self.left * share)
        lines: list[str] = []
        for index, block in enumerate(blocks):
            size = _size(block)
            if budget is not None and size > budget:
                lines.append(more(count - index))
                break
            if budget is not None:
                budget -= size
                self.left = (self.left or 0) - size
            lines.extend(block)
        return lines


def _size(lines: Any) -> int:  # a block's lines (Any: the default size of any Kept block)
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


class Kept(Generic[T]):
    """The first blocks of a stream that a page of ``limit`` could show, and how many came:
    blocks are kept while those before them fit ``limit``, so the first that cannot fit is
    kept too and a fold in any budget up to ``limit`` stops within them. ``size`` is the
    least a block can take on the page (its lines' size, by default)."""

    def __init__(self, limit: int | None, size: Callable[[T], int] = _size) -> None:
        self.limit, self.size = limit, size
        self.blocks: list[T] = []
        self.count = self.taken = 0

    def add(self, block: Callable[[], T]) -> None:
        """Count a block; make it (only when it is kept) and keep it."""
        self.count += 1
        if self.limit is None or self.taken <= self.limit:
            made = block()
            self.blocks.append(made)
            self.taken += self.size(made)


def counted(key: str, lang: str, count: int) -> str:
    """The text of ``key`` for ``count`` things: ``key_one`` for one, so "1 center"."""
    return MESSAGES.text(f"{key}_one", lang) if count == 1 else MESSAGES.text(key, lang, count=count)


def finding_text(finding: Finding, view: View, *, column: bool = False) -> str:
    where = view.location(finding.file, finding.line, finding.column if column else None)
    return f"{where} {text_with_links(finding.message)}"


def verdict(compliant: bool | None, lang: str) -> str:
    if compliant is None:
        return "—"
    return MESSAGES.text("md_compliant" if compliant else "md_non_compliant", lang)


def value_md(value: str, lang: str) -> str:
    """A severity, status, waiver kind or level in ``lang``; an unknown id as escaped text."""
    return value_label(value, lang) or md(value)
