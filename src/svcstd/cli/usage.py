"""Usage errors (a missing argument, an unknown option, a bad choice) in the user's language.

Typer's click raises them in English before any command runs, so before ``--lang`` is
parsed. :class:`UsageGroup` runs the app, catches them, and says them in the language
that ``--lang`` (or ``SVCSTD_LANG``) asks for, as plain text on stderr with the usage
line and where to find help; exit 2 as click does. It also records the language of the
help pages (:func:`help_lang`) before the command line is parsed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from typer import Abort  # typer.exceptions only from 0.27.2
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from svcstd import terminal
from svcstd.cli.help import HelpGroup, usage_line
from svcstd.cli.messages import MESSAGES
from svcstd.i18n import LANGS
from svcstd.registry import Registry

# Click's English texts that can stand in a message, with the catalog entry that says
# them in another language (their groups become its parameters, in order).
_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"No such command '(.+)'\."), "no_command", ("name",)),
    (re.compile(r"Option '(.+)' requires an argument\."), "needs_value", ("name",)),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "extra_args", ("args",)),
    (re.compile(r"'(.*)' is not one of (.+)\."), "not_one_of", ("value", "choices")),
    (re.compile(r"'(.*)' is not a valid (int|integer|float)(?: range)?\."), "not_number", ("value", "kind")),
    (re.compile(r"(.+) is not in the range (.+)\."), "out_of_range", ("value", "range")),
)


class UnknownChoice(BadParameter):
    """A value that is none of a registry's names: said as click says a bad choice, plus
    the names nearest it (the registry's did-you-mean)."""

    def __init__(self, value: str, registry: Registry[Any]) -> None:
        self.value, self.registry = value, registry
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        choices = ", ".join(repr(name) for name in self.registry.names())
        suggestion = self.registry.suggestion(self.value)
        return MESSAGES.text("not_one_of", lang, value=self.value, choices=choices) + (
            suggestion.render(lang) if suggestion else ""
        )


def _asked_lang(args: Sequence[str]) -> str | None:
    """The language the command line asks for: ``--lang X``, ``--lang=X``, then ``SVCSTD_LANG``."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in LANGS:
            return value
    env = os.environ.get("SVCSTD_LANG", "")
    return env if env in LANGS else None


def usage_lang(args: Sequence[str]) -> str:
    """The language of usage errors: the one asked for, else Chinese, the default of every command."""
    return _asked_lang(args) or "zh"


def help_lang(args: Sequence[str]) -> str:
    """The language of help pages: the one asked for, else Chinese where the locale is
    Chinese (``LC_ALL``, ``LC_MESSAGES``, then ``LANG``, the POSIX order), else English."""
    locale = next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), "")
    return _asked_lang(args) or ("zh" if locale.lower().startswith("zh") else "en")


def message(error: UsageError, lang: str) -> str:
    """What went wrong, in ``lang``; click's own text where no translation is known."""
    if lang == "en":
        return error.format_message()
    if isinstance(error, MissingParameter):
        hint = error.param_hint or (error.param.get_error_hint(error.ctx) if error.param and error.ctx else "")
        param_type = error.param_type or (error.param.param_type_name if error.param else "")
        key = {"argument": "missing_argument", "option": "missing_option"}.get(param_type, "missing_parameter")
        return MESSAGES.text(key, lang, hint=hint)
    if isinstance(error, NoSuchOption):
        text = MESSAGES.text("no_option", lang, name=error.option_name)
        if error.possibilities:
            text += MESSAGES.text("did_you_mean", lang, names=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, BadParameter) and error.param is not None and error.ctx is not None:
        hint = error.param_hint or error.param.get_error_hint(error.ctx)
        detail = error.text(lang) if isinstance(error, UnknownChoice) else _translated(error.message, lang)
        return MESSAGES.text("bad_value", lang, hint=hint, detail=detail)
    return _translated(error.message, lang)


def _translated(text: str, lang: str) -> str:
    for pattern, key, names in _PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            params = dict(zip(names, match.groups(), strict=True))
            if key == "not_number":
                params["kind"] = MESSAGES.text("float" if params["kind"] == "float" else "integer", lang)
            return MESSAGES.text(key, lang, **params)
    return text


def show(error: UsageError, lang: str) -> None:
    lines = []
    if error.ctx is not None:
        lines.append(usage_line(error.ctx, lang))
        if error.ctx.command.get_help_option(error.ctx) is not None:
            option = error.ctx.help_option_names[0]
            lines.append(MESSAGES.text("try_help", lang, command=error.ctx.command_path, option=option))
    lines.append(MESSAGES.text("error", lang, message=message(error, lang)))
    terminal.echo("\n".join(lines), err=True)


class UsageGroup(HelpGroup):
    """The app's group: usage errors and help pages are in the language asked for."""

    lang = "en"  # of the help pages; main() sets it from the command line

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        self.lang = help_lang(argv)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            if not standalone_mode:
                raise
            terminal.echo(error.format_message(), err=True)
            code = error.exit_code
        except UsageError as error:
            if not standalone_mode:
                raise
            show(error, usage_lang(argv))
            code = error.exit_code
        except ClickException as error:  # a file error and the like: click's own words
            if not standalone_mode:
                raise
            error.show()
            code = error.exit_code
        except Abort:
            if not standalone_mode:
                raise
            terminal.echo(MESSAGES.text("aborted", usage_lang(argv)), err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)
