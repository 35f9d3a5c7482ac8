"""One self-contained HTML5 page: a score gauge, area bars, rules by area with filters.

CSS, SVG and the small filter script are inline, so the page makes no request, and the
page carries no timestamp other than the audit date. Here the page and each center's part
are put together, as the centers arrive: :class:`BatchWriter` writes one page (each
center's article spooled until the overview, which comes first, can be written) and
:class:`SiteWriter` a site (each center's page at once, the index last); :mod:`.environment` holds the templates, escaping and filters, and
:mod:`.overview` the region's histogram and ranking.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TextIO

from markupsafe import Markup

from svcstd.compare import is_new
from svcstd.report.common import (
    FIX_FIRST,
    failed_rules,
    gain_note,
    number,
    outlook,
    points_notes,
    points_text,
    sheet_rows,
    tailoring_note,
)
from svcstd.report.html.environment import HTML_LANG, page_environment, rich_text, value_words
from svcstd.report.html.overview import ROWS_AT_ONCE, histogram, ranking
from svcstd.report.messages import MESSAGES
from svcstd.report.overview import Tally
from svcstd.report.stream import written
from svcstd.result import AuditResult, CenterError, Report, RuleResult

# The package's public names: a page, a site, its text with links, and how many ranking
# rows a page writes as HTML.
__all__ = ["ROWS_AT_ONCE", "render", "render_site", "rich_text"]

SEVERITY_ORDER = ("critical", "major", "minor", "info")
STATUS_ORDER = ("fail", "error", "waived", "not_applicable", "pass")
SHOWN_AT_FIRST = ("fail", "error", "waived")  # the filter's starting state; print shows every rule

GAUGE_RADIUS = 52


def render(report: Report) -> str:
    """The page for one center, or a batch: the region's overview and ranking, then
    every center, in one file."""
    return written(BatchWriter, report)


def render_site(report: Report) -> dict[str, str]:
    """A batch as a site: ``index.html`` (overview and ranking) and one page per center
    under ``centers/``, each small enough to open at once whatever the region's size."""
    pages = _Pages()
    writer = SiteWriter(pages, report)
    for result in report.results:
        writer.add(result)
    writer.close(report.errors)
    return {"index.html": pages.pop("index.html"), **pages}


class Folder(Protocol):
    """Where a site's pages go: ``open(path)`` gives a page to write, in place once closed."""

    def open(self, path: str) -> AbstractContextManager[TextIO]: ...


class _Pages(dict[str, str]):
    """A site in memory (:func:`render_site`): path → page."""

    @contextmanager
    def open(self, path: str) -> Iterator[TextIO]:
        page = io.StringIO()
        yield page
        self[path] = page.getvalue()


class _Seen:
    """What the pages of a batch need of the centers written: their anchors (in-page ids
    made safe and unique: saved reports are not validated), the region's tally, the
    severities and statuses present, the tool's version."""

    def __init__(self) -> None:
        self.tally = Tally()
        self.anchors: list[str] = []
        self.taken: set[str] = set()
        self.severities: set[str] = set()
        self.statuses: set[str] = set()
        self.version, self.name = "", ""  # of the first center

    def add(self, result: AuditResult) -> str:
        """The center's anchor."""
        if not self.anchors:
            self.version, self.name = result.tool_version, result.center["name"]
        self.tally.add(result)
        self.severities.update(rule.severity for rule in result.results)
        self.statuses.update(rule.status for rule in result.results)
        place = len(self.anchors) + 1
        slug = re.sub(r"[^a-z0-9-]+", "-", str(result.center.get("id", "")).lower()).strip("-")
        anchor = f"center-{slug}" if slug else f"center-{place}"
        anchor = anchor if anchor not in self.taken else f"{anchor}-{place}"
        self.anchors.append(anchor)
        self.taken.add(anchor)
        return anchor

    def title(self, lang: str, errors: Sequence[CenterError]) -> str:
        """The title of the batch's page or index: that of its center, when it is one without errors."""
        if len(self.anchors) == 1 and not errors:
            return MESSAGES.text("html_title", lang, name=self.name)
        return MESSAGES.text("batch_title", lang, count=len(self.anchors))


class BatchWriter:
    """A page written as a batch's centers arrive: each center's article goes to an unnamed
    spool file as it comes; the title, the overview and the ranking, which come first and
    need every center, are written at the end from small entries, with the articles after
    them. One center without errors is that center's page."""

    def __init__(self, stream: TextIO, context: Report) -> None:
        self.stream, self.context, self.seen = stream, context, _Seen()
        # Closed by close(); unnamed, so nothing is left behind if the batch stops before.
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    def add(self, result: AuditResult) -> None:
        self.spool.write(_article(self.context, result, self.seen.add(result)))

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        seen, count = self.seen, len(self.seen.anchors)
        shown, title = (seen.severities, seen.statuses), seen.title(self.context.lang, errors)
        if count == 1 and not errors:
            page = _page(self.context, "single", _SPOOLED, shown, version=seen.version, title=title)
        else:
            links = [f"#{anchor}" for anchor in seen.anchors]
            centers = _SPOOLED if count else Markup("")
            region = (seen.tally, links, errors)
            page = _page(self.context, "batch", centers, shown, version=seen.version, title=title, region=region)
        head, _, tail = page.partition(_SPOOLED)
        self.stream.write(head)
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        self.stream.write(tail)
        return []


class SiteWriter:
    """A site written as a batch's centers arrive: each center's page as it comes, the
    index (overview and ranking, linking to them) at the end from small entries."""

    def __init__(self, folder: Folder, context: Report) -> None:
        self.folder, self.context, self.seen = folder, context, _Seen()

    def add(self, result: AuditResult) -> None:
        anchor = self.seen.add(result)
        shown = ({rule.severity for rule in result.results}, {rule.status for rule in result.results})
        title = MESSAGES.text("html_title", self.context.lang, name=result.center["name"])
        article = Markup(_article(self.context, result, anchor))
        page = _page(
            self.context, "center", article, shown, version=self.seen.version, title=title, back="../index.html"
        )
        with self.folder.open(f"centers/{anchor}.html") as stream:
            stream.write(page)

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        seen = self.seen
        title = seen.title(self.context.lang, errors)
        region = (seen.tally, [f"centers/{anchor}.html" for anchor in seen.anchors], errors)
        page = _page(
            self.context, "index", Markup(""), (set(), set()), version=seen.version, title=title, region=region
        )
        with self.folder.open("index.html") as stream:
            stream.write(page)
        return []


# Where the spooled articles go in a page; no text from a description can write it ("<" is escaped).
_SPOOLED = Markup("<!-- svcstd: the centers -->")


def _page(
    report: Report,
    kind: str,
    centers: Markup,
    shown: tuple[set[str], set[str]],
    *,
    version: str,
    title: str,
    region: tuple[Tally, list[str], Sequence[CenterError]] | None = None,
    back: str | None = None,
) -> str:
    """A page around ``centers`` (their articles); ``shown``: their severities and statuses;
    ``region``: the tally, each center's link and the errors of a batch's page or index."""
    lang = report.lang
    tally, links, errors = region or (None, [], ())
    overview = tally.overview() if tally else None
    page = {
        "kind": kind,
        "html_lang": HTML_LANG.get(lang, lang),
        "title": title,
        "back": back,
        "region": overview,
        "histogram": histogram(overview) if overview else None,
        **ranking(overview, links, lang),
        "centers": centers,
        "errors": [_error(error) for error in errors],
        "severities": _ordered(shown[0], SEVERITY_ORDER),
        "statuses": _ordered(shown[1], STATUS_ORDER),
        "shown_at_first": SHOWN_AT_FIRST,
        "version": version,
    }
    return _render("report.html.j2", report, page=page)


def _article(report: Report, result: AuditResult, anchor: str) -> str:
    return _render("center.html.j2", report, c=_center(result, anchor))


def _render(template: str, report: Report, **values: Any) -> str:
    lang = report.lang
    return (
        page_environment()
        .get_template(template)
        .render(
            **values,
            t=lambda key, **params: MESSAGES.text(key, lang, **params),
            v=value_words(lang),
            new=lambda result, rule, finding: is_new(report, result.center["id"], rule.rule, finding),
        )
    )


def _center(result: AuditResult, anchor: str) -> dict[str, Any]:
    score, lang = result.score, result.lang
    failed = failed_rules(result)
    return {
        "result": result,
        "anchor": anchor,
        "name": result.center["name"],
        "level": result.center.get("level", ""),
        "grade": score.grade_label or score.grade or "—",
        "value": number(score.value),
        "without_waivers": number(score.shown_without_waivers) if score.shown_without_waivers is not None else None,
        "verdict": None if score.compliant is None else ("compliant" if score.compliant else "non_compliant"),
        "gauge": _gauge(score.value),
        "bars": _bars(result),
        "tailoring": tailoring_note(result.ruleset, lang),
        "fix_first": failed[:FIX_FIRST],
        "gain_note": _gain_note(result, failed[:FIX_FIRST]),
        "outlook": [MESSAGES.text(key, lang, **params) for key, params in outlook(result)],
        "failed_count": len(failed),
        "areas": _areas(result),
        "waived": [r for r in result.results if r.status == "waived"],
        "manual": [(number, result.clauses.get(number, {})) for number in result.manual_clauses],
        "summary": MESSAGES.text("rules_line", lang, **result.summary),
        "points_notes": [(key, MESSAGES.text(key, lang, **params)) for key, params in points_notes(result)],
        "sheet": sheet_rows(result),
    }


def _gauge(value: float | None) -> dict[str, Any]:
    circumference = 2 * math.pi * GAUGE_RADIUS
    arc = 0.0 if value is None else circumference * max(0.0, min(100.0, value)) / 100
    return {"r": GAUGE_RADIUS, "dash": f"{arc:.2f} {circumference:.2f}", "empty": value is None}


def _bars(result: AuditResult) -> list[dict[str, Any]]:
    """Area scores as HTML bars: their labels wrap and keep their size on a phone."""
    return [
        {
            "title": result.areas.get(area, area),
            "width": 0 if value is None else round(max(0.0, min(100.0, value)), 1),
            "value": value,
            "text": number(value),
        }
        for area, value in result.score.areas.items()
    ]


def _gain_note(result: AuditResult, top: list[RuleResult]) -> str | None:
    note = gain_note(result, top)
    return None if note is None else MESSAGES.text(note[0], result.lang, **note[1])


def _areas(result: AuditResult) -> list[dict[str, Any]]:
    """Every rule grouped by area (in the ruleset's order): failures first, most points lost first."""
    rank = {status: place for place, status in enumerate(STATUS_ORDER)}
    order = list(result.areas) + sorted({r.area for r in result.results} - set(result.areas))
    groups = []
    for area in order:
        rules = sorted(
            (r for r in result.results if r.area == area),
            key=lambda r: (rank.get(r.status, 0), -(r.points_lost or 0), r.rule),
        )
        if rules:
            groups.append(
                {
                    "id": area,
                    "title": result.areas.get(area, area),
                    "score": number(result.score.areas.get(area)),
                    "rules": [_rule(rule, result) for rule in rules],
                }
            )
    return groups


def _rule(rule: RuleResult, result: AuditResult) -> dict[str, Any]:
    clause = result.clauses.get(rule.clause, {})
    return {
        "rule": rule,
        "clause_title": clause.get("title", ""),
        "clause_text": clause.get("text", ""),
        "detailed": rule.status in ("fail", "error", "waived"),
        "points_lost": None if rule.points_lost is None else points_text(rule.points_lost),
        "share": None if rule.score is None or rule.status == "pass" else f"{100 * rule.score:.0f}",
        "waivers": [w for w in result.waivers if w.rule == rule.rule],
    }


def _error(error: CenterError) -> dict[str, Any]:
    return {"source": error.source, "problems": error.problems}


def _ordered(values: set[str], order: tuple[str, ...]) -> list[str]:
    return [v for v in order if v in values] + sorted(values - set(order))
