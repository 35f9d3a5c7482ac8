"""Shared fixtures: paths to the repository's examples and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CENTERS = ROOT / "tests" / "data" / "centers"
AS_OF = "2026-11-27"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
