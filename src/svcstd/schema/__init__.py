"""JSON Schemas shipped as package data: the center description (format "1") and the
ruleset meta-schema."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def _schema_text(name: str) -> str:
    return files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``<name>.schema.json``, read once per process (treat it as read-only)."""
    return json.loads(_schema_text(name))


def schema_digest(name: str) -> str:
    """The sha256 of the schema's text: what a check against it depends on."""
    return hashlib.sha256(_schema_text(name).encode()).hexdigest()


def center_schema() -> dict[str, Any]:
    """The center description schema."""
    return load_schema("center")
