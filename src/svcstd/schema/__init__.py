"""JSON Schemas shipped as package data: the center description (format "1") and the
ruleset meta-schema."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``<name>.schema.json``, read once per process (treat it as read-only)."""
    text = files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def center_schema() -> dict[str, Any]:
    """The center description schema."""
    return load_schema("center")
