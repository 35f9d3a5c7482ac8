"""`svcstd rules`, `svcstd ruleset` and `svcstd standards`: read, compare, lint and test
rulesets and standards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from svcstd import ruledoc, standards, terminal
from svcstd.cli.common import (
    DEFAULT_LANG,
    TABLE,
    Debug,
    Lang,
    ListFormat,
    Profile,
    RulesetOpt,
    Tailoring,
    run_guarded,
    stdout_console,
)
from svcstd.cli.common import app as root
from svcstd.cli.help import HelpCommand, HelpGroup
from svcstd.cli.messages import MESSAGES
from svcstd.errors import EXIT_GATE, EXIT_OK, InputError
from svcstd.rules.bundled import locate, superseded_by
from svcstd.rules.load import load_ruleset

rules_app = typer.Typer(cls=HelpGroup, help="help_rules", no_args_is_help=True)
ruleset_app = typer.Typer(cls=HelpGroup, help="help_ruleset", no_args_is_help=True)
standards_app = typer.Typer(cls=HelpGroup, help="help_standards", no_args_is_help=True)
root.add_typer(rules_app, name="rules")
root.add_typer(ruleset_app, name="ruleset")
root.add_typer(standards_app, name="standards")

FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="opt_list_format")]
RulesetArg = Annotated[str, typer.Argument(metavar="RULESET", help="opt_ruleset_arg", show_default=False)]
OldRuleset = Annotated[str, typer.Argument(metavar="OLD", help="opt_ruleset_arg", show_default=False)]
NewRuleset = Annotated[str, typer.Argument(metavar="NEW", help="opt_ruleset_arg", show_default=False)]


def _show(fmt: ListFormat, data: Callable[[], Any], view: Callable[[], Any]) -> None:
    """JSON of ``data()`` or the rich ``view()``, as the user chose with --format."""
    if fmt.value == "json":
        typer.echo(terminal.json_text(data()))
    else:
        stdout_console().print(view())


@rules_app.command("list", cls=HelpCommand, help="help_rules_list")
def rules_list(
    ruleset: RulesetOpt = None,
    profile: Profile = None,
    tailoring: Tailoring = None,
    area: Annotated[str | None, typer.Option("--area", metavar="AREA", help="opt_area")] = None,
    fmt: FormatOpt = TABLE,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        loaded = load_ruleset(ruleset, profile=profile, tailoring=tailoring)
        rules = [rule for rule in loaded.rules if area is None or rule.area == area]
        newer = superseded_by(loaded.id, loaded.version)
        if newer and fmt.value != "json":
            label = f"{loaded.id}@{loaded.version}"
            stdout_console().print(MESSAGES.text("superseded", lang.value, ruleset=label, newer=f"{loaded.id}@{newer}"))
        _show(
            fmt, lambda: [ruledoc.rule_summary(rule) for rule in rules], lambda: ruledoc.rules_table(rules, lang.value)
        )
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@rules_app.command("show", cls=HelpCommand, help="help_rules_show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="opt_rule_id", show_default=False)],
    ruleset: RulesetOpt = None,
    profile: Profile = None,
    fmt: FormatOpt = TABLE,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        loaded = load_ruleset(ruleset, profile=profile)
        rule = loaded.by_id.get(rule_id)
        _show(fmt, lambda: ruledoc.rule_detail(rule, loaded), lambda: ruledoc.rule_view(rule, loaded, lang.value))
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@rules_app.command("diff", cls=HelpCommand, help="help_rules_diff")
def rules_diff(
    old: OldRuleset,
    new: NewRuleset,
    fmt: FormatOpt = TABLE,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        from svcstd.rules.diff import diff

        change = diff(load_ruleset(old), load_ruleset(new))
        _show(fmt, lambda: change.to_dict(), lambda: ruledoc.diff_view(change, lang.value))
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@ruleset_app.command("lint", cls=HelpCommand, help="help_ruleset_lint")
def ruleset_lint(path: RulesetArg, lang: Lang = DEFAULT_LANG, debug: Debug = False) -> None:
    def work() -> int:
        from svcstd.rules.lint import lint

        loaded = load_ruleset(path)
        problems = lint(loaded)
        for problem in problems:
            terminal.echo(problem.render(lang.value), err=True)
        if not problems:
            terminal.echo(MESSAGES.text("lint_ok", lang.value, path=locate(path), rules=len(loaded.rules)))
        return EXIT_GATE if problems else EXIT_OK

    run_guarded(work, lang.value, debug)


@ruleset_app.command("test", cls=HelpCommand, help="help_ruleset_test")
def ruleset_test(path: RulesetArg, lang: Lang = DEFAULT_LANG, debug: Debug = False) -> None:
    def work() -> int:
        from svcstd.rules.testing import run_tests

        results = list(run_tests(load_ruleset(path)))
        failed = [case for case in results if not case.ok]
        for case in failed:
            terminal.echo(
                MESSAGES.text("case_failed", lang.value, label=case.label, problem=case.problem.render(lang.value))
            )
        terminal.echo(MESSAGES.text("tests_summary", lang.value, passed=len(results) - len(failed), failed=len(failed)))
        return EXIT_GATE if failed else EXIT_OK

    run_guarded(work, lang.value, debug)


@standards_app.command("list", cls=HelpCommand, help="help_standards_list")
def standards_list(fmt: FormatOpt = TABLE, lang: Lang = DEFAULT_LANG, debug: Debug = False) -> None:
    def work() -> int:
        rows = []
        for data in standards.bundled():
            total, manual = standards.clause_count(data)
            rows.append({
                "id": data["id"], "version": data["version"], "status": data["status"],
                "issued": data["issued"], "title": data["title"], "clauses": total, "manual": manual,
                "superseded_by": standards.superseded_by(data),
            })  # fmt: skip
        _show(fmt, lambda: rows, lambda: ruledoc.standards_table(rows, lang.value))
        return EXIT_OK

    run_guarded(work, lang.value, debug)


@standards_app.command("show", cls=HelpCommand, help="help_standards_show")
def standards_show(
    spec: Annotated[str, typer.Argument(metavar="ID[@VERSION]", help="opt_standard", show_default=False)],
    fmt: FormatOpt = TABLE,
    lang: Lang = DEFAULT_LANG,
    debug: Debug = False,
) -> None:
    def work() -> int:
        data = standards.registry().get(spec)
        _show(fmt, lambda: data, lambda: ruledoc.standard_view(data, _checked_by(data), lang.value))
        return EXIT_OK

    run_guarded(work, lang.value, debug)


def _checked_by(data: dict[str, Any]) -> dict[str, list[str]]:
    """Clause number → the rules of the bundled ruleset of the same id and version."""
    try:
        loaded = load_ruleset(f"{data['id']}@{data['version']}")
    except InputError:
        return {}
    checked: dict[str, list[str]] = {}
    for rule in loaded.rules:
        checked.setdefault(rule.clause, []).append(rule.id)
    return checked
