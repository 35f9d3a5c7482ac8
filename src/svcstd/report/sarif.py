"""SARIF 2.1.0 for code scanning: a result per finding of a failed rule, per waived
finding (with its suppression) and per input error, shaped to GitHub's ingestion rules.

GitHub accepts at most 25,000 results per run and 20 runs per file, stores at most 5,000
results of a run, and rejects two runs of one tool with the same category. A batch within
5,000 results is one run; a larger one is split into 2, 4, 8 or 16 runs by a hash of the
center id, each with its own ``automationDetails.id``, so a center stays in its run (and its
alerts in their category) from one audit to the next. Past 16 runs of 5,000, each run keeps
its most important results (input errors, new failures, then by severity and points lost)
and says how many it left out.

This module splits results into runs and writes the log; what each result, descriptor and
run property looks like is :mod:`svcstd.report.sarif_shapes`'.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TextIO

from svcstd import terminal
from svcstd.compare import failures
from svcstd.report.messages import MESSAGES
from svcstd.report.sarif_shapes import (
    SCHEMA,
    SEVERITY_RANK,
    SRCROOT,
    center_properties,
    error_results,
    finding_result,
    input_error_descriptor,
    rule_descriptor,
    run_invocation,
    run_properties,
    suppression,
)
from svcstd.report.stream import written_noted
from svcstd.result import AuditResult, CenterError, Finding, Report, RuleResult, WaiverReport

RESULTS_PER_RUN = 5_000  # GitHub stores at most this many results of a run (and accepts 25,000)
MAX_RUNS = 20  # GitHub's limit per file; the split uses powers of two, so at most 16


def render(report: Report, *, help_uri_base: str | None = None, max_results: int | None = None) -> str:
    return render_noted(report, help_uri_base=help_uri_base, max_results=max_results)[0]


def render_noted(
    report: Report, *, help_uri_base: str | None = None, max_results: int | None = None
) -> tuple[str, list[str]]:
    """The log of a whole report, written through the batch writer, and what the user
    should know about its split and what it left out (for stderr, in the report's language)."""
    return written_noted(partial(BatchWriter, help_uri_base=help_uri_base, max_results=max_results), report)


class BatchWriter:
    """SARIF for a batch, its centers added as they arrive. What it keeps is bounded by
    what the runs can hold (see :class:`Runs`), not by the number of centers; the log is
    written when the batch is done, since a run's rules come before its results."""

    def __init__(
        self, stream: TextIO, context: Report, *, help_uri_base: str | None = None, max_results: int | None = None
    ) -> None:
        self.stream, self.lang = stream, context.lang
        self.runs = Runs(context, help_uri_base, RESULTS_PER_RUN if max_results is None else max_results)

    def add(self, result: AuditResult) -> None:
        self.runs.add(result)

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        for error in errors:
            self.runs.add_error(error)
        self.stream.write(terminal.json_text(self.runs.log()) + "\n")
        return self.runs.warnings(self.lang)


# --- runs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A result, where it stands among its run's results (``order``: centers in the
    batch's order, then centers not audited), and its rule's descriptor."""

    order: tuple[int, int, int]
    rank: tuple[int, int, int, float]  # how important it is, lower first
    result: dict[str, Any]
    descriptor: dict[str, Any]


# A batch is split into 1, 2, 4, 8 or 16 runs by a hash of the center id; a center is
# filed under the finest of those splits as it arrives, and the runs are made of them
# at the end (a center's run of n is its finest bucket modulo n).
FINEST = 1 << (MAX_RUNS.bit_length() - 1)


@dataclass
class _Bucket:
    size: int = 0  # results, kept or not
    kept: list[tuple[tuple[float, ...], Entry]] = field(default_factory=list)  # a heap: the least important on top
    centers: list[tuple[int, AuditResult | None, dict[str, Any]]] = field(default_factory=list)
    errors: list[tuple[int, CenterError]] = field(default_factory=list)


class Runs:
    """The results of a batch, filed into the runs they will be written in.

    Each of the finest buckets keeps only its ``max_results`` most important results:
    a run is one or more whole buckets, and the most important results of a run are
    among those its buckets kept. So what is kept is bounded by what 16 runs can hold,
    however many centers there are. Centers keep a summary line each (run properties).
    """

    def __init__(self, context: Report, help_uri_base: str | None, max_results: int) -> None:
        self.context, self.help_uri_base, self.max_results = context, help_uri_base, max_results
        self.buckets = [_Bucket() for _ in range(FINEST)]
        self.centers = self.errors = 0
        self.tool_version: str | None = None
        self._descriptors: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add(self, center: AuditResult) -> None:
        bucket = self.buckets[_bucket(center.center["id"], FINEST)]
        bucket.size += _result_count(center)
        for index, (rank, result, descriptor) in enumerate(self._center_results(center)):
            self._keep(bucket, Entry((0, self.centers, index), rank, result, descriptor))
        first = center if not bucket.centers else None  # a run's ruleset and date: its first center's
        bucket.centers.append((self.centers, first, center_properties(center)))
        self.tool_version = self.tool_version or center.tool_version
        self.centers += 1

    def add_error(self, error: CenterError) -> None:
        bucket = self.buckets[_bucket(error.source, FINEST)]
        bucket.size += len(error.problems) or 1
        descriptor = input_error_descriptor(self.context.lang)
        for index, result in enumerate(error_results(error, self.context.lang)):
            self._keep(bucket, Entry((1, self.errors, index), (0, 0, 0, 0.0), result, descriptor))
        bucket.errors.append((self.errors, error))
        self.errors += 1

    def _keep(self, bucket: _Bucket, entry: Entry) -> None:
        # heapq keeps its smallest item on top: the least important entry, negated
        key = tuple(-value for value in (*entry.rank, *entry.order))
        if len(bucket.kept) < self.max_results:
            heapq.heappush(bucket.kept, (key, entry))
        else:
            heapq.heappushpop(bucket.kept, (key, entry))

    def _center_results(
        self, center: AuditResult
    ) -> Iterator[tuple[tuple[int, int, int, float], dict[str, Any], dict[str, Any]]]:
        center_id = center.center["id"]
        for rule, finding in failures(center):
            result = finding_result(self.context, center_id, rule, finding)
            yield _rank(rule, result), result, self._descriptor(rule, center)
        for rule, waiver in _applied(center):
            finding = Finding("", waiver.file, waiver.line, waiver.column, waiver.reason, waiver.subject)
            title = MESSAGES.text("sarif_waived", self.context.lang, title=rule.title, reason=waiver.reason)
            result = finding_result(self.context, center_id, rule, finding, message=title)
            result["suppressions"] = [suppression(center, waiver)]
            _first, new, severity, lost = _rank(rule, result)
            yield (2, new, severity, lost), result, self._descriptor(rule, center)

    def _descriptor(self, rule: RuleResult, center: AuditResult) -> dict[str, Any]:
        """A rule's descriptor, made once for everything it is made of."""
        clause_title = center.clauses.get(rule.clause, {}).get("title", "")
        key = (rule.rule, rule.title, rule.remediation, rule.references, rule.severity, rule.area, rule.clause,
               rule.weight, clause_title, center.lang)  # fmt: skip
        found = self._descriptors.get(key)
        if found is None:
            found = self._descriptors[key] = rule_descriptor(rule, center, self.help_uri_base)
        return found

    def _parts(self) -> list[list[_Bucket]]:
        """The fewest of 1, 2, 4, 8, 16 runs in which every run holds at most
        ``max_results`` results (or 16), each as its buckets."""
        count = 1
        while True:
            parts = [self.buckets[index::count] for index in range(count)]
            if count * 2 > MAX_RUNS or all(sum(b.size for b in part) <= self.max_results for part in parts):
                return parts
            count *= 2

    def log(self) -> dict[str, Any]:
        parts = self._parts()
        runs = [self._run(part, index, len(parts)) for index, part in enumerate(parts, 1)]
        return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}

    def warnings(self, lang: str) -> list[str]:
        parts = self._parts()
        notes = []
        limit = f"{self.max_results:,}"
        if len(parts) > 1:
            notes.append(MESSAGES.text("split", lang, runs=len(parts), limit=limit))
        sizes = [sum(bucket.size for bucket in part) for part in parts]
        left_out = sum(max(0, size - self.max_results) for size in sizes)
        if left_out:
            notes.append(MESSAGES.text("left_out", lang, count=f"{left_out:,}", total=f"{sum(sizes):,}", limit=limit))
        return notes

    def _run(self, part: list[_Bucket], index: int, count: int) -> dict[str, Any]:
        kept = heapq.nlargest(self.max_results, (item for bucket in part for item in bucket.kept))
        entries = sorted((entry for _key, entry in kept), key=lambda entry: entry.order)
        results = [dict(entry.result) for entry in entries]
        rules: dict[str, dict[str, Any]] = {}  # each rule a kept result names, in first-use order
        positions: dict[str, int] = {}
        for entry, result in zip(entries, results, strict=True):
            rule_id = result["ruleId"]
            if rule_id not in rules:
                rules[rule_id], positions[rule_id] = entry.descriptor, len(rules)
            result["ruleIndex"] = positions[rule_id]
        driver: dict[str, Any] = {"name": "svcstd"}
        if self.tool_version is not None:
            driver["version"] = driver["semanticVersion"] = self.tool_version
        driver["rules"] = list(rules.values())
        errors = [error for _seq, error in sorted(e for bucket in part for e in bucket.errors)]
        run: dict[str, Any] = {
            "tool": {"driver": driver},
            "invocations": [run_invocation(errors, self.context.lang)],
            "originalUriBaseIds": {SRCROOT: {"description": {"text": MESSAGES.text("srcroot", self.context.lang)}}},
        }
        if count > 1:
            run["automationDetails"] = {"id": f"svcstd/part-{index}-of-{count}/"}
        centers = sorted((c for bucket in part for c in bucket.centers), key=lambda c: c[0])
        run.update(
            {
                "language": self.context.lang,
                "columnKind": "unicodeCodePoints",  # columns count characters, not UTF-16 units or bytes
                "results": results,
                "properties": run_properties(centers),
            }
        )
        return run


def _bucket(key: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % count


def _result_count(result: AuditResult) -> int:
    return sum(1 for _ in failures(result)) + len(_applied(result))


def _rank(rule: RuleResult, result: dict[str, Any]) -> tuple[int, int, int, float]:
    """Failures after input errors: new ones first, then the most severe, the most points lost."""
    new = 0 if result.get("baselineState") == "new" else 1
    return 1, new, SEVERITY_RANK.get(rule.severity, len(SEVERITY_RANK)), -(rule.points_lost or 0.0)


def _applied(center: AuditResult) -> list[tuple[RuleResult, WaiverReport]]:
    """Each applied waiver with the rule it waives: a suppressed result each."""
    rules = {rule.rule: rule for rule in center.results}
    return [(rules[w.rule], w) for w in center.waivers if w.kind == "applied" and w.rule in rules]


# --- rules ---------------------------------------------------------------------------------


# --- invocation and properties ---------------------------------------------------------
