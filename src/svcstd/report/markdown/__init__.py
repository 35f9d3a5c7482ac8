"""GitHub-flavoured Markdown for pull-request comments and CI step summaries.

Text from a description (names, messages, file paths) is escaped for the context it lands
in. A file becomes a link only under a link base (``--link-base``, e.g. a GitHub blob URL
of the audited commit), else plain text. The page fits a size limit: the headline, the new
failures and the ranking come first, the rest is folded into "N more, see the HTML report".

Here the page is put together (one center, or a batch: the region, the ranking, each
center in a collapsible section); :mod:`.text` escapes, :mod:`.page` holds the size
budget, :mod:`.region` and :mod:`.center` write the sections.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.compare import failures
from svcstd.report.common import number
from svcstd.report.markdown.center import center_sections, new_failure_lines
from svcstd.report.markdown.page import Page, View, counted, finding_text, verdict
from svcstd.report.markdown.region import region_lines
from svcstd.report.markdown.text import inline_html, location, md, text_with_links, with_fields
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import overview
from svcstd.result import AuditResult, CenterError, Report

# The package's public functions: the page, and Markdown text for the other formats.
__all__ = [
    "MAX_CHARS",
    "SUMMARY_MAX_CHARS",
    "is_link_base",
    "location",
    "md",
    "render",
    "text_with_links",
    "with_fields",
]

MAX_CHARS = 60_000  # a pull-request comment holds at most 65,536 characters
SUMMARY_MAX_CHARS = 1_000_000  # a step summary ($GITHUB_STEP_SUMMARY) at most 1 MiB


def render(report: Report, *, max_chars: int = MAX_CHARS, link_base: str | None = None) -> str:
    """One center's report, or a ranking followed by each center in a collapsible section,
    in at most ``max_chars`` (counted in UTF-8 bytes, never fewer than the characters)."""
    view = View(report, link_base if link_base and is_link_base(link_base) else None)
    page = Page(max_chars)
    lines = _single(report.single, view, page) if report.single is not None else _batch(report, view, page)
    return "\n".join(lines) + "\n"


def is_link_base(base: str) -> bool:
    """Only an http(s) address can be a link base."""
    return base.startswith(("https://", "http://")) and not any(c in base for c in " <>()[]\"'`")


def _batch(report: Report, view: View, page: Page) -> list[str]:
    lang = report.lang
    region = page.spend([*region_lines(overview(report), lang), ""]) if report.results else []
    headline = page.spend([f"## {counted('md_ranking', lang, len(report.results))}", ""])
    new = new_failure_lines(report.results, view, page, heading="###")
    header = [
        f"| # | {MESSAGES.text('center', lang)} | {MESSAGES.text('score', lang)} | {MESSAGES.text('grade', lang)} | {MESSAGES.text('verdict', lang)} | {MESSAGES.text('failed_count', lang)} |",
        "|--:|---|--:|---|---|--:|",
    ]
    rows = [[_ranking_row(place, result, lang)] for place, result in report.standings()]
    ranking = page.spend(header) + page.fold(rows, lambda count: "\n" + counted("more_centers", lang, count))
    errors: list[str] = []
    if report.errors:
        errors = page.spend(["", f"### {MESSAGES.text('md_not_audited', lang)}", ""])
        blocks = [list(_error(error, view)) for error in report.errors]
        errors += page.fold(blocks, lambda count: counted("more_lines", lang, count))
    # Centers with new failures first: a pull request's reader needs those.
    ordered = sorted(report.results, key=lambda result: not _has_new(result, view))
    details = page.fold(
        [_details(result, view) for result in ordered],
        lambda count: "\n" + counted("more_details", lang, count),
    )
    footer = []
    if report.results:
        footer = ["", f"<sub>{MESSAGES.text('footer', lang, version=md(report.results[0].tool_version))}</sub>"]
    return region + headline + new + ranking + details + errors + footer


def _ranking_row(place: int, result: AuditResult, lang: str) -> str:
    score, center = result.score, result.center
    failed = sum(1 for r in result.results if r.failed)
    return (
        f"| {place} | {md(center['name'])} ({md(center['id'])}) | {number(score.value)} "
        f"| {md(score.grade_label or score.grade or '—')} | {verdict(score.compliant, lang)} | {failed} |"
    )


def _details(result: AuditResult, view: View) -> list[str]:
    summary = f"{result.center['name']} — {number(result.score.value)} · {result.score.grade_label or '—'}"
    body = center_sections(result, view, Page(None), heading="###")
    return ["", "<details>", f"<summary>{inline_html(summary)}</summary>", "", *body, "", "</details>"]


def _has_new(result: AuditResult, view: View) -> bool:
    return any(view.new(result, rule, finding) for rule, finding in failures(result))


def _error(error: CenterError, view: View) -> Iterator[str]:
    yield f"- {md(error.source)}: {MESSAGES.text('input_errors', view.report.lang)}"
    for problem in error.problems:
        yield f"  - {finding_text(problem, view, column=True)}"


def _single(result: AuditResult, view: View, page: Page) -> list[str]:
    return center_sections(result, view, page, heading="##") + [
        "",
        f"<sub>{MESSAGES.text('footer', result.lang, version=md(result.tool_version))}</sub>",
    ]
