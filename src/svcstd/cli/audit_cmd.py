"""`svcstd audit` and `svcstd validate`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from svcstd import loader
from svcstd.audit import AuditOptions, audit_many, error_text, load_valid_center
from svcstd.cli.common import (
    AsOf,
    Debug,
    FormatChoice,
    Lang,
    LangChoice,
    ModelChoice,
    Paths,
    Profile,
    RulesetOpt,
    SeverityChoice,
    Tailoring,
    app,
    run_guarded,
    stderr,
)  # fmt: skip
from svcstd.errors import EXIT_GATE, EXIT_INPUT, EXIT_OK, InputError
from svcstd.i18n import Catalog
from svcstd.model import AuditResult, Report
from svcstd.output import write_all
from svcstd.report import FORMATS
from svcstd.report.table import color_console, print_report
from svcstd.rules.load import load_ruleset
from svcstd.rules.model import SEVERITIES

_ = Catalog(
    {
        "valid": {"zh": "{path}：格式正确", "en": "{path}: valid"},
        "too_many_outputs": {
            "zh": "-o/--output 的数量（{outputs}）多于 -f/--format（{formats}）；每个输出文件对应一个格式",
            "en": "more -o/--output ({outputs}) than -f/--format ({formats}); give one format per output file",
        },
        "stdout_twice": {
            "zh": "最多只能有一个格式输出到标准输出；请用 -o 为其他格式指定文件",
            "en": "only one format can go to standard output; give the others an -o file",
        },
        "gate_under": {
            "zh": "{center}：得分 {value} 低于 --fail-under {limit}",
            "en": "{center}: score {value} is below --fail-under {limit}",
        },
        "gate_severity": {
            "zh": "{center}：有严重度为 {severity} 或更高的规则未通过（--fail-on）",
            "en": "{center}: a rule of severity {severity} or higher failed (--fail-on)",
        },
        "gate_compliance": {"zh": "{center}：不达标", "en": "{center}: non-compliant"},
    }
)

Formats = Annotated[
    list[FormatChoice] | None, typer.Option("--format", "-f", help="Output format; repeat for several.")
]
Outputs = Annotated[
    list[Path] | None,
    typer.Option("--output", "-o", help="Output file for the format at the same position; without it, stdout."),
]


@app.command()
def audit(
    paths: Paths,
    ruleset: RulesetOpt = None,
    profile: Profile = None,
    tailoring: Tailoring = None,
    formats: Formats = None,
    outputs: Outputs = None,
    as_of: AsOf = None,
    lang: Lang = LangChoice.zh,
    model: Annotated[ModelChoice, typer.Option("--model", help="Scoring model (after XCCDF).")] = ModelChoice.default,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", min=0, max=100, help="Fail (exit 1) if a score is below this.")
    ] = None,
    fail_on: Annotated[
        SeverityChoice | None, typer.Option("--fail-on", help="Fail (exit 1) if a rule this severe or worse fails.")
    ] = None,
    no_waivers: Annotated[bool, typer.Option("--no-waivers", help="Ignore every waiver.")] = False,
    debug: Debug = False,
) -> None:
    """Audit centers and write scored reports.

    Exit codes: 0 every gate held; 1 a gate failed (by default: a center is
    non-compliant; --fail-under and --fail-on replace that default); 2 bad input or
    usage; 3 internal error.
    """

    def work() -> int:
        targets = _targets([f.value for f in formats or [FormatChoice.table]], outputs or [], lang.value)
        options = AuditOptions(
            ruleset=load_ruleset(ruleset, profile=profile, tailoring=tailoring),
            as_of=as_of or date.today(),
            lang=lang.value,
            model=model.value,
            use_waivers=not no_waivers,
        )
        report = audit_many(loader.find_centers(paths), options)
        _emit(report, targets)
        for error in report.errors:
            stderr().print(error_text(error), markup=False)
        gate = _gates(report.results, fail_under, fail_on.value if fail_on else None, lang.value)
        return EXIT_INPUT if report.errors else gate

    run_guarded(work, lang.value, debug)


@app.command()
def validate(paths: Paths, lang: Lang = LangChoice.zh, debug: Debug = False) -> None:
    """Check center descriptions against the schema (format "1") without auditing them."""

    def work() -> int:
        problems = []
        for path in loader.find_centers(paths):
            try:
                load_valid_center(path)
                typer.echo(_.text("valid", lang.value, path=path))
            except InputError as error:
                problems.extend(error.problems)
        if problems:
            raise InputError(problems)
        return EXIT_OK

    run_guarded(work, lang.value, debug)


def _targets(formats: Sequence[str], outputs: Sequence[Path], lang: str) -> list[tuple[str, Path | None]]:
    """Pair each format with its output file (by position); the rest go to stdout."""
    if len(outputs) > len(formats):
        raise typer.BadParameter(_.text("too_many_outputs", lang, outputs=len(outputs), formats=len(formats)))
    paired = [(fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(formats)]
    if sum(1 for _fmt, target in paired if target is None) > 1:
        raise typer.BadParameter(_.text("stdout_twice", lang))
    return paired


def _emit(report: Report, targets: Sequence[tuple[str, Path | None]]) -> None:
    write_all({target: FORMATS[fmt](report) for fmt, target in targets if target is not None})
    for fmt, target in targets:
        if target is not None:
            continue
        if fmt == "table":
            print_report(color_console(), report)
        else:
            sys.stdout.write(FORMATS[fmt](report))


def _gates(results: Sequence[AuditResult], fail_under: float | None, fail_on: str | None, lang: str) -> int:
    failures = []
    explicit = fail_under is not None or fail_on is not None
    for result in results:
        center, value = result.center["id"], result.score.value
        if fail_under is not None and value is not None and value < fail_under:
            failures.append(_.text("gate_under", lang, center=center, value=value, limit=fail_under))
        if fail_on is not None:
            worst = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
            if any(r.status in ("fail", "error") and r.severity in worst for r in result.results):
                failures.append(_.text("gate_severity", lang, center=center, severity=fail_on))
        if not explicit and result.score.compliant is False:
            failures.append(_.text("gate_compliance", lang, center=center))
    for failure in failures:
        typer.echo(failure, err=True)
    return EXIT_GATE if failures else EXIT_OK
