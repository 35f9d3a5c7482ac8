"""JSON Schemas shipped as package data: the center description (format "1"), the
ruleset meta-schema, standards, tailoring files, assessments and reports; the schema of
a folder center's processes/*.yaml is derived from the center's."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _schema_text(name: str) -> str:
    return (Path(__file__).parent / f"{name}.schema.json").read_text(encoding="utf-8")


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
