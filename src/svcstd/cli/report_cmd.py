"""`svcstd report` (render a saved result again), `svcstd diff` (compare two results),
`svcstd schema` (the center JSON Schema) and `svcstd init` (a starter description)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from svcstd import starter, terminal
from svcstd.cli.common import (
    DEFAULT_LANG,
    Debug,
    DiffFormat,
    Formats,
    HelpUriBase,
    Lang,
    LinkBase,
    MaxChars,
    Outputs,
    RulesetOpt,
    app,
    emit,
    render_settings,
    run_guarded,
    stdout_console,
    targets_for,
)
from svcstd.cli.help import HelpCommand
from svcstd.cli.messages import MESSAGES
from svcstd.errors import EXIT_GATE, EXIT_OK, InputError, Location, Problem
from svcstd.output import STDOUT, write_all

Saved = Annotated[Path, typer.Argument(metavar="REPORT.json", help="opt_saved", show_default=False)]
# diff's two reports are named as its help and --fail-on-new name them
OldSaved = Annotated[Path, typer.Argument(metavar="OLD.json", help="opt_saved", show_default=False)]
NewSaved = Annotated[Path, typer.Argument(metavar="NEW.json", help="opt_saved", show_default=False)]


@app.command(cls=HelpCommand, help="help_report")
def report(
    saved: Saved,
    formats: Formats = None,
    outputs: Outputs = None,
    lang: Lang = DEFAULT_LANG,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="REPORT.json", help="opt_mark_baseline"),
    ] = None,
    max_chars: MaxChars = None,
    link_base: LinkBase = None,
    help_uri_base: HelpUriBase = None,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd.compare import known_failures
        from svcstd.saved import read_report

        targets = targets_for(formats, outputs, lang.value)
        settings = render_settings(max_chars, link_base, help_uri_base, lang.value)
        loaded = read_report(saved)
        if baseline is not None:
            loaded = replace(loaded, known_failures=known_failures(read_report(baseline)))
        emit(loaded, targets, [saved, *([baseline] if baseline else [])], settings)
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@app.command(cls=HelpCommand, help="help_diff")
def diff(
    old: OldSaved,
    new: NewSaved,
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="opt_diff_format",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="opt_output")] = None,
    fail_on_new: Annotated[bool, typer.Option("--fail-on-new", help="opt_fail_on_new")] = False,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd.compare import changes_to_dict, compare
        from svcstd.report import diff_view, format_of
        from svcstd.saved import read_report

        changes = compare(read_report(old), read_report(new))
        named = format_of(output.suffix) if output else None  # as for an audit's -o: .json, .md
        name = fmt.value if fmt else named if named in DiffFormat.__members__ else "table"
        if name == "json":
            text = terminal.json_text(changes_to_dict(changes)) + "\n"
        elif name == "markdown":
            text = diff_view.markdown(changes, lang.value)
        elif output is None and sys.stdout.isatty():
            diff_view.print_table(stdout_console(), changes, lang.value)  # the terminal's own width
            text = ""
        else:
            text = diff_view.text(changes, lang.value)
        write_all({output or STDOUT: text}, inputs=[old, new])
        count = sum(len(change.new) for change in changes)
        if fail_on_new and count:
            terminal.echo(MESSAGES.text("new_failures", lang.value, count=count), err=True)
            return EXIT_GATE
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@app.command(cls=HelpCommand, help="help_schema")
def schema(
    processes: Annotated[bool, typer.Option("--processes", help="opt_processes")] = False,
) -> None:
    from svcstd.schema import center_schema, processes_schema

    typer.echo(json.dumps(processes_schema() if processes else center_schema(), ensure_ascii=False, indent=2))


WorksheetFormat = Enum("WorksheetFormat", {"yaml": "yaml", "markdown": "markdown", "html": "html"}, type=str)
WORKSHEET_YAML = WorksheetFormat("yaml")


@app.command(cls=HelpCommand, help="help_init")
def init(
    level: Annotated[
        starter.LevelChoice,
        typer.Option("--level", metavar="LEVEL", help="opt_level"),
    ] = starter.DEFAULT_LEVEL,
    worksheet: Annotated[
        bool,
        typer.Option(
            "--assessment",
            help="opt_worksheet",
        ),
    ] = False,
    ruleset: RulesetOpt = None,
    center: Annotated[str, typer.Option("--center", metavar="ID", help="opt_center")] = "center-id",
    fmt: Annotated[
        WorksheetFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="opt_worksheet_format"),
    ] = WORKSHEET_YAML,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="opt_output")] = None,
    force: Annotated[bool, typer.Option("--force", help="opt_force")] = False,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        text = _worksheet(ruleset, center, fmt.value, lang.value) if worksheet else starter.render(level.value)
        if output is None:
            sys.stdout.write(text)
            return EXIT_OK
        if output.exists() and not force:
            raise InputError([Problem(Location.argument(str(output)), MESSAGES("exists", path=output))])
        write_all({output: text})
        terminal.echo(
            MESSAGES.text("written" if not worksheet else "written_worksheet", lang.value, path=output), err=True
        )
        return EXIT_OK

    run_guarded(work, lang.value, debug)


def _worksheet(spec: str | None, center: str, fmt: str, lang: str) -> str:
    from svcstd import assessment, standards
    from svcstd.report import checklist
    from svcstd.rules.load import load_ruleset

    loaded = load_ruleset(spec)
    clauses = standards.clause_texts(loaded.standard, [item.clause for item in loaded.manual], lang)
    if fmt == "markdown":
        return checklist.markdown(loaded, clauses, center=center, lang=lang)
    if fmt == "html":
        return checklist.html(loaded, clauses, center=center, lang=lang)
    titles = {number: clause["title"] for number, clause in clauses.items()}
    return assessment.worksheet(loaded, titles, center=center, today=date.today(), lang=lang)
