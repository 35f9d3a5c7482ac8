"""The command line: thin wrappers that parse options and call the pipeline.

Each command module registers its commands on the one Typer app in ``common``.
"""

from __future__ import annotations

from svcstd.cli import audit_cmd, report_cmd, rules_cmd, trend_cmd  # noqa: F401  (they register commands)
from svcstd.cli.common import app


def main() -> None:
    app()
