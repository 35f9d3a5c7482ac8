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
from svcstd.errors import EXIT_GATE, EXIT_OK, InputError, Location, Problem
from svcstd.i18n import Catalog
from svcstd.output import write_all

_ = Catalog(
    {
        "exists": {
            "zh": "{path} 已存在；换一个文件名，或加 --force 覆盖",
            "en": "{path} exists; choose another name or pass --force to overwrite it",
        },
        "new_failures": {
            "zh": "NEW 中有 {count} 处未通过是 OLD 中没有的（--fail-on-new）",
            "en": "{count} failures in NEW are not in OLD (--fail-on-new)",
        },
        "written_worksheet": {
            "zh": "已写入 {path}；填好后用 svcstd audit --assessment {path} 计入得分",
            "en": "wrote {path}; once filled in, pass it to svcstd audit --assessment {path}",
        },
        "written": {
            "zh": "已写入 {path}；用 svcstd validate {path} 检查",
            "en": "wrote {path}; check it with svcstd validate {path}",
        },
    }
)

Saved = Annotated[
    Path,
    typer.Argument(metavar="REPORT.json", help="A JSON report written by svcstd audit -f json.", show_default=False),
]


@app.command()
def report(
    saved: Saved,
    formats: Formats = None,
    outputs: Outputs = None,
    lang: Lang = DEFAULT_LANG,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="REPORT.json", help="Mark the failures this report lacks as new."),
    ] = None,
    max_chars: MaxChars = None,
    link_base: LinkBase = None,
    help_uri_base: HelpUriBase = None,
    debug: Debug = False,
) -> None:
    """Render a saved JSON result again in other formats, without re-auditing.

    The report keeps the language it was written in; --lang sets the language of errors.
    """

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


DIFF_SUFFIXES = {".json": "json", ".md": "markdown"}


@app.command()
def diff(
    old: Saved,
    new: Saved,
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, markdown or json (default: from the -o extension, else table).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
    fail_on_new: Annotated[
        bool, typer.Option("--fail-on-new", help="Exit 1 when a failure of NEW is not in OLD (a new center's count).")
    ] = False,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    """Compare two saved results: score changes, new and fixed failures per center.

    Failures are matched by center, rule and subject, not by line.
    """

    def work() -> int:
        from svcstd.compare import changes_to_dict, compare
        from svcstd.report import diff_view
        from svcstd.saved import read_report

        changes = compare(read_report(old), read_report(new))
        name = fmt.value if fmt else DIFF_SUFFIXES.get(output.suffix if output else "", "table")
        if name == "json":
            text = terminal.json_text(changes_to_dict(changes)) + "\n"
        elif name == "markdown":
            text = diff_view.markdown(changes, lang.value)
        elif output is None and sys.stdout.isatty():
            diff_view.print_table(stdout_console(), changes, lang.value)  # the terminal's own width
            text = ""
        else:
            text = diff_view.text(changes, lang.value)
        if output is not None:
            write_all({output: text}, inputs=[old, new])
        else:
            sys.stdout.write(text)
        count = sum(len(change.new) for change in changes)
        if fail_on_new and count:
            terminal.echo(_.text("new_failures", lang.value, count=count), err=True)
            return EXIT_GATE
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@app.command()
def schema(
    processes: Annotated[
        bool, typer.Option("--processes", help="The schema of a folder center's processes/*.yaml file instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the center description (format "1"), for editors.

    YAML is read as editors read it (YAML 1.2): yes/no/on/off are text, not booleans, and
    svcstd refuses them where a boolean belongs (write true/false), so both agree.
    """
    from svcstd.schema import center_schema, processes_schema

    typer.echo(json.dumps(processes_schema() if processes else center_schema(), ensure_ascii=False, indent=2))


WorksheetFormat = Enum("WorksheetFormat", {"yaml": "yaml", "markdown": "markdown", "html": "html"}, type=str)
WORKSHEET_YAML = WorksheetFormat("yaml")


@app.command()
def init(
    level: Annotated[
        starter.LevelChoice,
        typer.Option(
            "--level", metavar="LEVEL", help="The center's level: province, city, county, township or village."
        ),
    ] = starter.DEFAULT_LEVEL,
    worksheet: Annotated[
        bool,
        typer.Option(
            "--assessment",
            help="Write the blank on-site assessment worksheet of --ruleset's manual clauses instead "
            "(YAML to fill in; -f markdown or html for a printable checklist).",
        ),
    ] = False,
    ruleset: RulesetOpt = None,
    center: Annotated[
        str, typer.Option("--center", metavar="ID", help="With --assessment: the center the worksheet is for.")
    ] = "center-id",
    fmt: Annotated[
        WorksheetFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="With --assessment: yaml, markdown or html."),
    ] = WORKSHEET_YAML,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    """Write a starter description for a center of the given level, to fill in; or, with
    --assessment, the on-site assessment worksheet of a ruleset's manual clauses."""

    def work() -> int:
        text = _worksheet(ruleset, center, fmt.value, lang.value) if worksheet else starter.render(level.value)
        if output is None:
            sys.stdout.write(text)
            return EXIT_OK
        if output.exists() and not force:
            raise InputError([Problem(Location.argument(str(output)), _("exists", path=output))])
        write_all({output: text})
        terminal.echo(_.text("written" if not worksheet else "written_worksheet", lang.value, path=output), err=True)
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
