"""The command line: thin wrappers that parse options and call the pipeline.

Each command module registers its commands on the one Typer app in ``common``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import typer

from svcstd.cli import audit_cmd, report_cmd, rules_cmd, trend_cmd  # noqa: F401  (they register commands)
from svcstd.cli.common import app


def main() -> None:
    with only_command(app, sys.argv[1:]):
        app()


@contextmanager
def only_command(group: typer.Typer, args: Sequence[str]) -> Iterator[None]:
    """``group`` narrowed, while the command runs, to the top-level command (or
    subgroup) that ``args`` name, so Typer builds only that one: building every
    command reads every signature, about a tenth of a cold start.

    The whole group is kept when the first argument is an option (``--help``,
    ``--version``), names nothing registered (the group then suggests a name), or
    the shell asks for completions.
    """
    commands, groups = group.registered_commands, group.registered_groups
    name = args[0] if args else ""
    completing = any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)
    kept_commands = [info for info in commands if _command_name(info) == name]
    kept_groups = [info for info in groups if info.name == name]
    if completing or name.startswith("-") or not (kept_commands or kept_groups):
        yield
        return
    group.registered_commands, group.registered_groups = kept_commands, kept_groups
    try:
        yield
    finally:
        group.registered_commands, group.registered_groups = commands, groups


def _command_name(info: typer.models.CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else "")
