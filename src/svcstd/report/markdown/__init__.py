"""GitHub-flavoured Markdown for pull-request comments and CI step summaries.

Text from a description (names, messages, file paths) is escaped for the context it lands
in. A file becomes a link only under a link base (``--link-base``, e.g. a GitHub blob URL
of the audited commit), else plain text. The page fits a size limit: the headline, the new
failures and the ranking come first, the rest is folded into "N more, see the HTML report".

Here the page is put together (one center, or a batch: the region, the ranking, each
center in a collapsible section; a batch through :class:`BatchWriter`, which holds only
what the page can show as the centers arrive); :mod:`.text` escapes, :mod:`.page` holds the size
budget, :mod:`.region` and :mod:`.center` write the sections.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from svcstd.report.common import is_link_base, number
from svcstd.report.markdown.center import (
    NewFailure,
    center_sections,
    new_failure_lines,
    new_failure_size,
    new_failures,
)
from svcstd.report.markdown.page import RESERVE, Kept, Page, View, counted, finding_text, verdict
from svcstd.report.markdown.region import region_lines
from svcstd.report.markdown.text import inline_html, location, md, text_with_links, with_fields
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import Standing, Tally
from svcstd.report.stream import written
from svcstd.result import AuditResult, CenterError, Report

# The package's public functions: the page, and Markdown text for the other formats.
__all__ = [
    "MAX_CHARS",
    "location",
    "md",
    "render",
    "text_with_links",
    "with_fields",
]

MAX_CHARS = 60_000  # a pull-request comment holds at most 65,536 characters


def render(report: Report, *, max_chars: int | None = MAX_CHARS, link_base: str | None = None) -> str:
    """One center's report, or a ranking followed by each center in a collapsible section,
    in at most ``max_chars`` (counted in UTF-8 bytes, never fewer than the characters)."""
    if report.single is None:
        return written(
            lambda stream, context: BatchWriter(stream, context, max_chars=max_chars, link_base=link_base), report
        )
    view = View(report, _link_base(link_base))
    return "\n".join(_single(report.single, view, Page(max_chars))) + "\n"


def _link_base(base: str | None) -> str | None:
    return base if base and is_link_base(base) else None


class BatchWriter:
    """A batch's page written once its centers are in, holding meanwhile what the page
    can still show: each center's ranking entry (the region and the ranking need every
    center), and of the new failures and the centers' sections the first that fit."""

    def __init__(
        self, stream: TextIO, context: Report, *, max_chars: int | None = MAX_CHARS, link_base: str | None = None
    ) -> None:
        self.stream, self.max_chars = stream, max_chars
        self.view = View(context, _link_base(link_base))
        self.tally = Tally()
        room = None if max_chars is None else max_chars - RESERVE  # what the page leaves for what it folds
        self.new: Kept[NewFailure] = Kept(None if room is None else int(room * 0.5), new_failure_size)
        # Centers with new failures first: a pull request's reader needs those.
        self.details_new: Kept[list[str]] = Kept(room)
        self.details_rest: Kept[list[str]] = Kept(room)
        self.version: str | None = None

    def add(self, result: AuditResult) -> None:
        self.tally.add(result)
        self.version = self.version or result.tool_version
        new = new_failures(result, self.view)
        for item in new:
            self.new.add(lambda: item)  # noqa: B023 - called at once
        details = self.details_new if new else self.details_rest
        details.add(lambda: _details(result, self.view))

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        lang, page, region = self.view.report.lang, Page(self.max_chars), self.tally.overview()
        lines = page.spend([*region_lines(region, lang), ""]) if region.centers else []
        lines += page.spend([f"## {counted('md_ranking', lang, region.centers)}", ""])
        new, labelled = self.new, region.centers > 1
        lines += new_failure_lines(new.blocks, self.view, page, heading="###", labelled=labelled, count=new.count)
        header = [
            f"| # | {MESSAGES.text('center', lang)} | {MESSAGES.text('score', lang)} | {MESSAGES.text('grade', lang)} | {MESSAGES.text('verdict', lang)} | {MESSAGES.text('failed_count', lang)} |",
            "|--:|---|--:|---|---|--:|",
        ]
        rows = [[_ranking_row(standing, lang)] for standing in region.standings]
        lines += page.spend(header) + page.fold(rows, lambda count: "\n" + counted("more_centers", lang, count))
        not_audited: list[str] = []  # folded before the centers' sections, written after them
        if errors:
            not_audited = page.spend(["", f"### {MESSAGES.text('md_not_audited', lang)}", ""])
            blocks = [list(_error(error, self.view)) for error in errors]
            not_audited += page.fold(blocks, lambda count: counted("more_lines", lang, count))
        first, rest = self.details_new, self.details_rest
        # a fold stops within the first centers kept, unless all of them are
        details = first.blocks + rest.blocks if len(first.blocks) == first.count else first.blocks
        more = lambda count: "\n" + counted("more_details", lang, count)  # noqa: E731
        lines += page.fold(details, more, count=first.count + rest.count) + not_audited
        if self.version is not None:
            lines += ["", f"<sub>{MESSAGES.text('footer', lang, version=md(self.version))}</sub>"]
        self.stream.write("\n".join(lines) + "\n")
        return []


def _ranking_row(standing: Standing, lang: str) -> str:
    score, center, failed = standing.score, standing.center, standing.failed
    return (
        f"| {standing.place} | {md(center['name'])} ({md(center['id'])}) | {number(score.value)} "
        f"| {md(score.grade_label or score.grade or '—')} | {verdict(score.compliant, lang)} | {failed} |"
    )


def _details(result: AuditResult, view: View) -> list[str]:
    summary = f"{result.center['name']} — {number(result.score.value)} · {result.score.grade_label or '—'}"
    body = center_sections(result, view, Page(None), heading="###")
    return ["", "<details>", f"<summary>{inline_html(summary)}</summary>", "", *body, "", "</details>"]


def _error(error: CenterError, view: View) -> Iterator[str]:
    yield f"- {md(error.source)}: {MESSAGES.text('input_errors', view.report.lang)}"
    for problem in error.problems:
        yield f"  - {finding_text(problem, view, column=True)}"


def _single(result: AuditResult, view: View, page: Page) -> list[str]:
    return center_sections(result, view, page, heading="##") + [
        "",
        f"<sub>{MESSAGES.text('footer', result.lang, version=md(result.tool_version))}</sub>",
    ]
