"""What every command shares: the Typer app, option declarations, and the error guard
that turns user errors into exit 2 and bugs into exit 3."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from svcstd import __version__, terminal
from svcstd.cli.messages import MESSAGES
from svcstd.cli.usage import UnknownChoice, UsageGroup
from svcstd.errors import EXIT_INPUT, EXIT_INTERNAL, InputError, WorkerEnded
from svcstd.i18n import LANGS
from svcstd.loader import Limits
from svcstd.output import STDOUT, check_targets, streamed, write_all
from svcstd.report import BINARY, FORMATS, format_of
from svcstd.result import AuditResult, CenterError, Report
from svcstd.rules.model import SEVERITIES
from svcstd.scoring import MODEL_REGISTRY

if TYPE_CHECKING:
    from rich.console import Console

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


app = typer.Typer(
    name="svcstd",
    cls=UsageGroup,
    help="help_svcstd",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Choices as Enums built from the registries, so a new model is one entry there
# (mypy cannot see members made this way, hence the ignores; members are looked up by value).
LangChoice = Enum("LangChoice", {lang: lang for lang in LANGS}, type=str)  # type: ignore[misc]
SeverityChoice = Enum("SeverityChoice", {name: name for name in SEVERITIES}, type=str)  # type: ignore[misc]
ListFormat = Enum("ListFormat", {"table": "table", "json": "json"}, type=str)
DiffFormat = Enum("DiffFormat", {"table": "table", "markdown": "markdown", "json": "json"}, type=str)
DEFAULT_LANG = LangChoice("zh")
TABLE = ListFormat("table")


def parse_format(value: str) -> str:
    """An output format's name; an unknown one is a usage error naming the nearest."""
    if value not in FORMATS:
        raise UnknownChoice(value, FORMATS)
    return value


def parse_model(value: str) -> str:
    """A scoring model's name; an unknown one is a usage error naming the nearest."""
    if value not in MODEL_REGISTRY:
        raise UnknownChoice(value, MODEL_REGISTRY)
    return value


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        # A parser runs before --lang is known: say it in both languages.
        raise typer.BadParameter(" / ".join(MESSAGES.text("bad_date", lang, value=value) for lang in LANGS)) from error


Paths = Annotated[
    list[Path],
    typer.Argument(metavar="PATH", help="opt_paths", show_default=False),
]
Lang = Annotated[LangChoice, typer.Option("--lang", envvar="SVCSTD_LANG", metavar="zh|en", help="opt_lang")]
Debug = Annotated[bool, typer.Option("--debug", help="opt_debug")]
RulesetOpt = Annotated[
    str | None,
    typer.Option(
        "--ruleset",
        "-r",
        metavar="ID[@VERSION]",
        help="opt_ruleset",
    ),
]
Profile = Annotated[str | None, typer.Option("--profile", "-p", metavar="NAME", help="opt_profile")]
Tailoring = Annotated[
    Path | None,
    typer.Option("--tailoring", metavar="FILE", help="opt_tailoring"),
]
MaxFileMB = Annotated[
    float,
    typer.Option(
        "--max-file-mb",
        min=0.001,
        metavar="MB",
        help="opt_max_file_mb",
    ),
]
DEFAULT_MAX_FILE_MB = 5.0
MaxCenterMB = Annotated[
    float,
    typer.Option(
        "--max-center-mb",
        min=0.001,
        metavar="MB",
        help="opt_max_center_mb",
    ),
]
DEFAULT_MAX_CENTER_MB = 20.0


def limits_for(max_file_mb: float, max_center_mb: float = DEFAULT_MAX_CENTER_MB) -> Limits:
    megabyte = 1024 * 1024
    return Limits(max_bytes=int(max_file_mb * megabyte), max_center_bytes=int(max_center_mb * megabyte))


AsOf = Annotated[
    date | None,
    typer.Option("--as-of", parser=parse_date, metavar="DATE", help="opt_as_of"),
]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"svcstd {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="opt_version")
    ] = False,
) -> None:
    """svcstd checks service-center descriptions against standards and scores them."""


def run_guarded(work: Callable[[], int], lang: str, debug: bool) -> None:
    """Run a command body; user errors exit 2 with their positioned messages, bugs exit 3."""
    try:
        code = work()
    except InputError as error:
        stderr().print(error.render(lang))
        raise typer.Exit(EXIT_INPUT) from None
    except (typer.Exit, typer.BadParameter):
        raise
    except KeyboardInterrupt:
        terminal.echo(MESSAGES.text("interrupted", lang), err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except WorkerEnded as error:
        terminal.echo(MESSAGES.text("worker_ended", lang, code=str(error.exitcode)), err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    except Exception as error:
        if debug:
            raise
        terminal.echo(MESSAGES.text("internal", lang, error=f"{type(error).__name__}: {error}"), err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    raise typer.Exit(code)


def stdout_console() -> Console:
    """Stdout for tables: files and pipes get a wide page instead of 80 folded columns."""
    console = terminal.console()
    if not console.is_terminal:
        console.width = 160
    return console


def stderr() -> Console:
    return terminal.console(stderr=True, color=False)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long batches on a terminal; silent in CI and pipes."""
    console = None if total < 2 or os.environ.get("CI") else terminal.console(stderr=True)  # no rich for one
    if console is None or not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("svcstd", total=total)
        yield lambda: progress.advance(task)


Model = Annotated[
    str | None,
    typer.Option("--model", parser=parse_model, autocompletion=MODEL_REGISTRY.names, metavar="MODEL", help="opt_model"),
]
Formats = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        parser=parse_format,
        autocompletion=FORMATS.names,
        metavar="FORMAT",
        help="opt_formats",
    ),
]
Outputs = Annotated[
    list[str] | None,
    typer.Option(
        "--output", "-o", metavar="FILE",
        help="opt_outputs",
    ),
]  # fmt: skip


ONE_PAGE_AT_MOST = 50  # centers; beyond this one HTML file takes seconds to open (benchmarks/bench_region.py)


class Target(NamedTuple):
    format: str
    path: Path | None  # None: standard output
    folder: bool = False  # a site (index plus a page per center), for -o DIR/


def targets_for(formats: Sequence[str] | None, outputs: Sequence[str] | None, lang: str) -> list[Target]:
    """Pair each format with its output file (by position); the rest go to stdout.

    Without -f, each -o file's format comes from its extension (a folder: html; table for
    any other); ``-o -`` is stdout. Two outputs to one file are refused."""
    texts = list(outputs or [])
    files = [Path(text) for text in texts]
    if formats:
        names = list(formats)
    else:
        names = [
            "html" if _is_folder(text) else format_of(path.suffix) or "table"
            for text, path in zip(texts, files, strict=True)
        ] or ["table"]
    check_targets(files)
    if len(texts) > len(names):
        raise typer.BadParameter(MESSAGES.text("too_many_outputs", lang, outputs=len(texts), formats=len(names)))
    paired = [_target(name, texts[i] if i < len(texts) else None, lang) for i, name in enumerate(names)]
    if sum(1 for target in paired if target.path is None) > 1:
        raise typer.BadParameter(MESSAGES.text("stdout_twice", lang))
    return paired


def _is_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _target(name: str, output: str | None, lang: str) -> Target:
    if output is None or Path(output) == STDOUT:
        if name in BINARY and sys.stdout.isatty():
            raise typer.BadParameter(MESSAGES.text("binary_terminal", lang, format=name))
        return Target(name, None)
    if FORMATS[name].site:
        return Target(name, Path(output), _is_folder(output))
    if output.endswith(("/", os.sep)):
        raise typer.BadParameter(MESSAGES.text("not_a_site", lang, output=output, format=name))
    return Target(name, Path(output))  # an existing folder: the writer says it needs a file name


MaxChars = Annotated[
    int | None,
    typer.Option(
        "--max-chars", min=3000, metavar="N",
        help="opt_max_chars",
    ),
]  # fmt: skip
LinkBase = Annotated[
    str | None,
    typer.Option(
        "--link-base", metavar="URL",
        help="opt_link_base",
    ),
]  # fmt: skip
HelpUriBase = Annotated[
    str | None,
    typer.Option("--help-uri-base", metavar="URL", help="opt_help_uri_base"),
]


def render_settings(max_chars: int | None, link_base: str | None, help_uri_base: str | None, lang: str) -> Settings:
    """The per-format options of the renderers; the link base defaults from GitHub Actions,
    the Markdown size from the renderer (so the CLI's start does not import it)."""
    if link_base is None:
        parts = [os.environ.get(name, "") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
        link_base = "{}/{}/blob/{}/".format(*parts) if all(parts) else None
    for name, value in (("--link-base", link_base), ("--help-uri-base", help_uri_base)):
        if value is None:
            continue
        from svcstd.report.common import is_link_base  # only for an address given

        if not is_link_base(value):
            raise typer.BadParameter(MESSAGES.text("bad_url", lang, option=name, value=value))
    markdown = {"link_base": link_base, **({"max_chars": max_chars} if max_chars is not None else {})}
    return {"markdown": markdown, "sarif": {"help_uri_base": help_uri_base}}


Settings = Mapping[str, Mapping[str, Any]]


def emit(
    report: Report, targets: Sequence[Target], inputs: Sequence[Path] = (), settings: Settings | None = None
) -> None:
    """Write every file output at once (atomically), then print the stdout one; an
    output that is one of ``inputs`` is refused. ``settings`` are each format's options."""
    settings = settings or {}
    pages: list[Path] = []  # every file output, a site's pages too: a dict would merge two to one path
    files: dict[Path, str | bytes] = {}
    shown: list[tuple[Target, str | bytes]] = []  # stdout outputs, printed once the files are in place
    notes: list[str] = []
    for target in targets:
        entry = FORMATS[target.format]
        if target.folder and target.path is not None:
            site = {target.path / page: text for page, text in entry.render_site(report).items()}
            pages.extend(site)
            files.update(site)
            continue
        if target.path is None and target.format == "table":
            shown.append((target, ""))
            continue
        rendered, said = entry.render_noted(report, **settings.get(target.format, {}))
        notes.extend(said)
        if target.path is None:
            shown.append((target, rendered))
            continue
        pages.append(target.path)
        files[target.path] = rendered
        note = _one_page_note(target, len(report.results), report.lang)
        if note:
            notes.append(note)
    check_targets(pages, inputs)  # as streamed() does: a page and a file output to one path is refused
    write_all(files, inputs=inputs)
    for note in notes:
        stderr().print(note, markup=False)
    for target, rendered in shown:
        if target.format == "table":
            from svcstd.report.table import print_report

            console = terminal.console()
            console.soft_wrap = not console.is_terminal  # a terminal wraps at words, with a hanging indent
            print_report(console, report)
        elif isinstance(rendered, bytes):
            sys.stdout.buffer.write(rendered)
        else:
            sys.stdout.write(rendered)


def _one_page_note(target: Target, centers: int, lang: str) -> str | None:
    """Advice to write a site instead of one page of many centers, for a file output."""
    if FORMATS[target.format].site and not target.folder and target.path is not None and centers > ONE_PAGE_AT_MOST:
        return MESSAGES.text("use_a_site", lang, count=centers, output=target.path)
    return None


def streams_batch(targets: Sequence[Target]) -> bool:
    """Whether every output can be written one center at a time (its format ``streams``)."""
    return all(FORMATS[target.format].streams for target in targets)


def emit_batch(
    outcomes: Iterable[AuditResult | CenterError],
    targets: Sequence[Target],
    context: Report,
    on_result: Callable[[AuditResult], None],
    *,
    skipped: Sequence[CenterError] = (),
    inputs: Sequence[Path] = (),
    settings: Settings | None = None,
) -> list[CenterError]:
    """Write a batch whose outputs all stream (:func:`streams_batch`) as its centers
    arrive, keeping only each center's ranking entry; return the centers that could not be
    audited. ``context`` is the batch's report without results (language, baseline).
    The outputs are put in place (renamed, or copied to stdout) only once every center is
    done."""
    errors = list(skipped)
    notes: list[str] = []
    settings = settings or {}
    files = [target.path or STDOUT for target in targets if not target.folder]
    folders = [target.path for target in targets if target.folder and target.path is not None]
    with streamed(files, folders=folders, inputs=inputs) as (streams, sites):
        writers = [
            FORMATS[target.format].site_writer(sites[target.path], context)
            if target.folder and target.path is not None
            else FORMATS[target.format].writer(
                streams[target.path or STDOUT], context, **settings.get(target.format, {})
            )
            for target in targets
        ]
        centers = 0
        for outcome in outcomes:
            if isinstance(outcome, CenterError):
                errors.append(outcome)
                continue
            on_result(outcome)
            centers += 1
            for writer in writers:
                writer.add(outcome)
        for writer in writers:
            notes.extend(writer.close(errors))
    notes[:0] = [note for target in targets if (note := _one_page_note(target, centers, context.lang))]
    for note in notes:  # once the outputs are in place, as emit() says them
        stderr().print(note, markup=False)
    return errors
