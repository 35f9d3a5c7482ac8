"""Help pages in the user's language, laid out like a man page.

Every help text of the command line (a command's, an option's, an argument's) is a key
of :data:`svcstd.cli.messages.MESSAGES`, written as ``help="opt_ruleset"`` where it is declared;
typer's and click's own options (``--help``, completion) are found by name (``opt_help``).
Typer fixes help strings when the app is declared, before the command line is read, so
the keys stay keys: whatever shows a help (these pages, the commands list, shell
completion) looks its text up in the language :class:`svcstd.cli.usage.UsageGroup`
chose from the command line, which it records on the root command.

The pages show option values as words (``FILE``, ``N``), never Python types, and no
default that depends on the machine; they wrap at word boundaries, and between any two
Chinese characters but not before closing punctuation, at the width each character takes
on a terminal (a Chinese character takes two columns), so both languages read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from enum import Enum
from functools import cache
from typing import Any

from typer._click import Context, HelpFormatter, Parameter
from typer.core import TyperArgument, TyperCommand, TyperGroup

from svcstd.cli.messages import MESSAGES
from svcstd.i18n import LANGS, char_width, display_width

INDENT = 2
GAP = 2  # columns between an option and its help
WIDEST_NAME = 30  # an option wider than this puts its help on the next line


def help_text(key: str | None, lang: str, *, name: str | None = None) -> str:
    """The text of a help key; for typer's and click's own options, ``opt_NAME``'s."""
    if key is not None and key in MESSAGES:
        return MESSAGES.text(key, lang)
    if f"opt_{name}" in MESSAGES:
        return MESSAGES.text(f"opt_{name}", lang)
    return key or ""


def language(ctx: Context) -> str:
    """The language the command line asked for (recorded on the root command), else English."""
    lang = getattr(ctx.find_root().command, "lang", None)
    return lang if lang in LANGS else "en"


class _Page:
    """The help page, usage line, summary and completions of a command or a group, in its language."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write(usage_line(ctx, language(ctx)) + "\n")

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write(page(ctx, language(ctx), formatter.width))

    def summary(self, lang: str) -> str:
        """The first paragraph of the help, whole (the commands list wraps it)."""
        return help_text(getattr(self, "help", None), lang).split("\n\n")[0]

    def shell_complete(self, ctx: Context, incomplete: str) -> list[Any]:
        items = super().shell_complete(ctx, incomplete)  # type: ignore[misc]
        lang = language(ctx)
        for item in items:
            command = getattr(self, "commands", {}).get(item.value)
            item.help = command.summary(lang) if isinstance(command, _Page) else help_text(item.help, lang)
        return list(items)


class HelpCommand(_Page, TyperCommand):
    """A command whose help is a page of :mod:`svcstd.cli.help`."""


class HelpGroup(_Page, TyperGroup):
    """A group of commands whose help is a page of :mod:`svcstd.cli.help`."""


def usage_line(ctx: Context, lang: str) -> str:
    command = ctx.command
    pieces = [MESSAGES.text("options_metavar", lang)]
    pieces += [_argument(param, usage=True) for param in command.params if isinstance(param, TyperArgument)]
    if isinstance(command, TyperGroup):
        pieces.append(MESSAGES.text("command_metavar", lang))
    return MESSAGES.text("usage", lang) + " ".join([ctx.command_path, *pieces])


def page(ctx: Context, lang: str, width: int) -> str:
    """The whole help page: usage, description, arguments, options, commands."""
    command = ctx.command
    lines = [usage_line(ctx, lang), ""]
    for paragraph in help_text(command.help, lang).split("\n\n"):
        lines += [" " * INDENT + line for line in wrap(paragraph, width - INDENT)] + [""]
    params = command.get_params(ctx)
    arguments = [(_argument(p), _param_help(p, lang)) for p in params if isinstance(p, TyperArgument)]
    options = [(_option(p), _param_help(p, lang)) for p in params if not isinstance(p, TyperArgument)]
    sections = [("arguments", arguments), ("options", options)]
    if isinstance(command, TyperGroup):
        listed = [command.get_command(ctx, name) for name in command.list_commands(ctx)]
        pages = [sub for sub in listed if isinstance(sub, HelpCommand | HelpGroup) and not sub.hidden]
        sections.append(("commands", [(sub.name or "", (sub.summary(lang), ())) for sub in pages]))
    for title, entries in sections:
        if entries:
            lines += [MESSAGES.text(title, lang), *definitions(entries, width), ""]
    return "\n".join(lines)


Described = tuple[str, Sequence[str]]  # a text, and notes (range, default...) a line never splits


def definitions(entries: Sequence[tuple[str, Described]], width: int) -> Iterator[str]:
    """Names and their texts in two columns; a name too wide puts its text on the next line."""
    column = min(max(display_width(name) for name, _help in entries), WIDEST_NAME) + INDENT + GAP
    for name, (text, notes) in entries:
        wrapped = wrap(text, width - column, notes) or [""]
        if display_width(name) + INDENT + GAP > column:
            yield " " * INDENT + name
        else:
            yield " " * INDENT + name + " " * (column - INDENT - display_width(name)) + wrapped.pop(0)
        yield from (" " * column + line for line in wrapped)


def _argument(param: Parameter, *, usage: bool = False) -> str:
    name = (param.metavar or (param.name or "").upper()) + ("..." if param.nargs == -1 else "")
    return f"[{name}]" if usage and not param.required else name


def _option(param: Parameter) -> str:
    names = ", ".join(sorted(param.opts, key=lambda opt: opt.startswith("--")))  # short ones first
    flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
    return names if flag or not param.metavar else f"{names} {param.metavar}"


def _param_help(param: Parameter, lang: str) -> Described:
    """The help text, and what the page knows besides: range, default, variable, required."""
    parts: list[str] = []
    low, high = getattr(param.type, "min", None), getattr(param.type, "max", None)
    if low is not None and high is not None:
        parts.append(MESSAGES.text("between", lang, min=low, max=high))
    elif low is not None:
        parts.append(MESSAGES.text("at_least", lang, min=low))
    default = param.default
    if isinstance(default, Enum):
        default = default.value
    shown = getattr(param, "show_default", True) is not False and not getattr(param, "is_flag", False)
    if shown and default is not None and not isinstance(default, (list, tuple)) and not callable(default):
        parts.append(MESSAGES.text("default", lang, value=default))
    if getattr(param, "envvar", None):
        parts.append(MESSAGES.text("env_var", lang, name=param.envvar))
    if param.required:
        parts.append(MESSAGES.text("required", lang))
    return help_text(getattr(param, "help", None), lang, name=param.name), parts


# The units a line may break between: a run of non-Chinese text without spaces, or one
# Chinese character; closing punctuation stays with what it closes, opening with what follows.
_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CLOSING = "，。；：、！？）」』》〉】,.;:!?)"
_OPENING = "（「『《〈【"


@cache
def _units() -> re.Pattern[str]:
    """Compiled when a page is shown, not on every start."""
    return re.compile(rf"[{_OPENING}]*(?:[{_WIDE}]|[^\s{_WIDE}]+)[{_CLOSING}]*|\s+")


def wrap(text: str, width: int, notes: Sequence[str] = ()) -> list[str]:
    """``text``, then ``notes`` (each kept on one line), in lines of at most ``width``
    terminal columns, broken between units."""
    lines: list[str] = []
    line = ""
    for unit in [*_units().findall(" ".join(text.split())), *(part for note in notes for part in (" ", note))]:
        if unit.isspace():
            line += " " if line else ""
            continue
        if line and display_width(line + unit) > width:
            lines.append(line.rstrip())
            line = ""
        while display_width(unit) > width:  # a unit wider than a line (an address) is cut where the line ends
            cut = _fitting(unit, width)
            lines.append(unit[:cut])
            unit = unit[cut:]
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fitting(text: str, width: int) -> int:
    """How many characters of ``text`` fit into ``width`` columns (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > width:
            return max(index, 1)
    return len(text)
