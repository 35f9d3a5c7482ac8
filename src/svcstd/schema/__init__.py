"""JSON Schemas shipped as package data: the center description (format "1") and the
ruleset meta-schema; the schema of a folder center's processes/*.yaml is derived from the
center's."""

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


def processes_schema() -> dict[str, Any]:
    """A processes/*.yaml file of a folder center: a list of processes, each as in the
    center schema (for editors; svcstd appends the files to the center's `processes`)."""
    center = center_schema()
    return {
        "$schema": center["$schema"],
        "$id": center["$id"].replace("/center/", "/processes/"),
        "title": "svcstd processes file, format 1 (政务服务事项清单)",
        "description": "processes/*.yaml of a center folder: a list of service matters, appended to the "
        "center's processes in file-name order.",
        "type": "array",
        "items": {"$ref": "#/$defs/process"},
        "$defs": center["$defs"],
    }
