"""`svcstd audit` and `svcstd validate`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from svcstd import centerfiles, terminal
from svcstd.cli.common import (
    DEFAULT_LANG,
    DEFAULT_MAX_CENTER_MB,
    DEFAULT_MAX_FILE_MB,
    AsOf,
    Debug,
    Formats,
    HelpUriBase,
    Lang,
    LinkBase,
    MaxCenterMB,
    MaxChars,
    MaxFileMB,
    Model,
    Outputs,
    Paths,
    Profile,
    RulesetOpt,
    SeverityChoice,
    Tailoring,
    app,
    emit,
    emit_batch,
    limits_for,
    progress_bar,
    render_settings,
    run_guarded,
    stderr,
    streams_batch,
    targets_for,
)  # fmt: skip
from svcstd.cli.help import HelpCommand
from svcstd.cli.messages import MESSAGES
from svcstd.compare import known_failures
from svcstd.errors import EXIT_GATE, EXIT_INPUT, EXIT_OK, InputError, Location, Problem
from svcstd.gates import GateFailure, Gates, failed_gates
from svcstd.output import check_targets
from svcstd.result import AuditResult, CenterError, Report


@app.command(cls=HelpCommand, help="help_audit")
def audit(
    paths: Paths,
    ruleset: RulesetOpt = None,
    profile: Profile = None,
    tailoring: Tailoring = None,
    formats: Formats = None,
    outputs: Outputs = None,
    as_of: AsOf = None,
    lang: Lang = DEFAULT_LANG,
    model: Model = None,
    assessments: Annotated[
        list[Path] | None,
        typer.Option(
            "--assessment",
            metavar="FILE",
            help="opt_assessments",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, metavar="SCORE", help="opt_fail_under"),
    ] = None,
    fail_on: Annotated[
        SeverityChoice | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="opt_fail_on",
        ),
    ] = None,
    waivers: Annotated[
        list[Path] | None,
        typer.Option("--waivers", metavar="FILE", help="opt_waivers"),
    ] = None,
    no_waivers: Annotated[bool, typer.Option("--no-waivers", help="opt_no_waivers")] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="REPORT.json", help="opt_gate_baseline"),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="opt_jobs",
        ),
    ] = None,
    max_file_mb: MaxFileMB = DEFAULT_MAX_FILE_MB,
    max_center_mb: MaxCenterMB = DEFAULT_MAX_CENTER_MB,
    max_chars: MaxChars = None,
    link_base: LinkBase = None,
    help_uri_base: HelpUriBase = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="opt_no_cache")] = False,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd import assessment
        from svcstd.audit import AuditOptions, RulesetRef, audit_many, error_text, iter_audits, skipped_errors
        from svcstd.waivers import load_file as load_waivers

        targets = targets_for(formats, outputs, lang.value)
        settings = render_settings(max_chars, link_base, help_uri_base, lang.value)
        workers = jobs or os.cpu_count() or 1  # resolved here: the help shows no machine's count
        ref = RulesetRef(ruleset, profile, tailoring)
        loaded = ref.load()
        if model == "points" and not loaded.indicators:
            message = MESSAGES("no_points_sheet", ruleset=f"{loaded.id}@{loaded.version}")
            raise InputError([Problem(Location.argument("--model"), message)])
        options = AuditOptions(
            ruleset=loaded,
            as_of=as_of or date.today(),
            lang=lang.value,
            model=model,
            assessments=[assessment.load(path, loaded) for path in assessments or []],
            waivers=[w for path in waivers or [] for w in load_waivers(path)],
            use_waivers=not no_waivers,
            limits=limits_for(max_file_mb, max_center_mb),
            use_cache=not no_cache,
        )
        known = None
        if baseline:
            from svcstd.saved import read_report

            known = known_failures(read_report(baseline))
        skipped: list[Problem] = []
        centers = centerfiles.find_centers(paths, skipped=skipped)
        inputs = [
            *(file for center in centers for file in centerfiles.center_files(center)),
            *(Path(p) for p in (ruleset, tailoring, baseline) if p and Path(p).suffix in (".yaml", ".yml", ".json")),
            *(waivers or []),
            *(assessments or []),
        ]
        check_targets([target.path for target in targets if target.path is not None], inputs)
        gates = Gates(fail_under, fail_on.value if fail_on else None, known)
        failures: list[GateFailure] = []

        def checked(result: AuditResult) -> None:
            failures.extend(failed_gates(result, gates))
            advance()

        with progress_bar(len(centers)) as advance:
            if len(centers) > 1 and streams_batch(targets):  # each center written as it finishes
                context = Report((), lang.value, known_failures=known)  # the batch's language and baseline
                errors: Sequence[CenterError] = emit_batch(
                    iter_audits(centers, options, jobs=workers, ref=ref), targets, context, checked,
                    skipped=skipped_errors(skipped, lang.value), inputs=inputs, settings=settings,
                )  # fmt: skip
            else:  # one center (bad input raises: nothing is written), or formats that need all
                report = audit_many(centers, options, jobs=workers, ref=ref)
                if skipped:
                    report = replace(report, errors=(*skipped_errors(skipped, lang.value), *report.errors))
                report = replace(report, known_failures=known)
                for result in report.results:
                    checked(result)
                emit(report, targets, inputs, settings)
                errors = report.errors
        for error in errors:
            stderr().print(error_text(error))
        for failure in failures:
            terminal.echo(_gate_text(failure, gates, lang.value), err=True)
        return EXIT_INPUT if errors else EXIT_GATE if failures else EXIT_OK

    run_guarded(work, lang.value, debug)


@app.command(cls=HelpCommand, help="help_validate")
def validate(
    paths: Paths,
    lang: Lang = DEFAULT_LANG,
    max_file_mb: MaxFileMB = DEFAULT_MAX_FILE_MB,
    max_center_mb: MaxCenterMB = DEFAULT_MAX_CENTER_MB,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd.audit import load_valid_center

        problems: list[Problem] = []
        for path in centerfiles.find_centers(paths, skipped=problems):
            try:
                load_valid_center(path, limits_for(max_file_mb, max_center_mb))
                terminal.echo(MESSAGES.text("valid", lang.value, path=path))
            except InputError as error:
                problems.extend(error.problems)
        if problems:
            raise InputError(problems)
        return EXIT_OK

    run_guarded(work, lang.value, debug)


def _gate_text(failure: GateFailure, gates: Gates, lang: str) -> str:
    """What a failed gate means, in ``lang``; with a baseline, the new failures one per line."""
    center = failure.center
    if failure.gate == "fail_under":
        return MESSAGES.text("gate_under", lang, center=center, value=failure.score, limit=gates.fail_under)
    if failure.gate == "compliance":
        return MESSAGES.text("gate_compliance", lang, center=center)
    lines = (
        [MESSAGES.text("gate_severity", lang, center=center, severity=gates.fail_on)]
        if failure.gate == "fail_on"
        else []
    )
    if failure.new:
        key = "gate_new_one" if len(failure.new) == 1 else "gate_new"
        lines.append(MESSAGES.text(key, lang, center=center, count=len(failure.new)))
        for rule, finding in failure.new:
            lines.append(MESSAGES.text("new_failure", lang, rule=rule.rule, title=rule.title, where=finding.location))
    return "\n".join(lines)
