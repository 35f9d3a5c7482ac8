"""`svcstd trend`: scores over time from several saved audits of one region."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from svcstd.cli.common import DEFAULT_LANG, Debug, Lang, app, run_guarded, stdout_console
from svcstd.cli.help import HelpCommand
from svcstd.errors import EXIT_OK
from svcstd.output import STDOUT, write_all

TrendFormat = Enum("TrendFormat", {name: name for name in ("table", "markdown", "html", "json")}, type=str)  # type: ignore[misc]
TREND_TABLE = TrendFormat("table")


@app.command(cls=HelpCommand, help="help_trend")
def trend(
    saved: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT.json",
            help="opt_trend_saved",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        TrendFormat, typer.Option("--format", "-f", metavar="FORMAT", help="opt_trend_format")
    ] = TREND_TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="opt_output")] = None,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd.report import trend_view
        from svcstd.saved import read_report
        from svcstd.trend import trend as build_trend

        found = build_trend([(str(path), read_report(path)) for path in saved])
        if fmt.value == "table":
            if output is None:
                stdout_console().print(trend_view.table(found))
                return EXIT_OK
            console = stdout_console()
            with console.capture() as captured:
                console.print(trend_view.table(found))
            write_all({output: captured.get()}, inputs=saved)
            return EXIT_OK
        renderers = {"markdown": trend_view.markdown, "html": trend_view.html, "json": trend_view.json_text}
        text = renderers[fmt.value](found)
        write_all({output or STDOUT: text}, inputs=saved)
        return EXIT_OK

    run_guarded(work, lang.value, debug)
