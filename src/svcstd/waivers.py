"""Waivers: accepted exceptions to a rule, for one subject or all, until a date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from svcstd import loader
from svcstd.document import Document
from svcstd.errors import InputError, Location
from svcstd.i18n import LocalText
from svcstd.schema import center_schema
from svcstd.schemacheck import CompiledSchema, schema_problems


# eq=False: a waiver is one entry of a file, hashed by identity (its reason may be
# {zh, en} text, which cannot be hashed, and two equal entries are still two entries).
@dataclass(frozen=True, eq=False)
class Waiver:
    """An approved exception to one rule, with a reason, approver and expiry date."""

    rule: str
    reason: LocalText
    approver: str
    expires: date
    location: Location
    pointer: str
    subject: str | None = None

    def expired(self, as_of: date) -> bool:
        return self.expires < as_of

    def covers(self, rule_ids: Iterable[str], subject: str | None) -> bool:
        return self.rule in rule_ids and (self.subject is None or self.subject == subject)


def from_document(doc: Document, key_path: str = "/waivers") -> list[Waiver]:
    """The waivers listed in a validated document (a center's ``waivers:`` or a waivers file)."""
    entries = doc.data.get("waivers", []) if isinstance(doc.data, Mapping) else []
    return [_waiver(entry, doc, f"{key_path}/{index}") for index, entry in enumerate(entries)]


def _waiver(entry: Mapping[str, Any], doc: Document, ptr: str) -> Waiver:
    subject = entry.get("subject")
    return Waiver(
        rule=entry["rule"],
        subject=None if subject is None else str(subject),
        reason=entry["reason"],
        approver=entry["approver"],
        expires=date.fromisoformat(entry["expires"]),
        location=doc.locate(ptr)[1],
        pointer=ptr,
    )


def load_file(path: Path) -> list[Waiver]:
    """The waivers of a waivers file (``svcstd-waivers: "1"`` and a ``waivers:`` list)."""
    doc = loader.load_yaml(path)
    problems = schema_problems(doc, _file_validator())
    if problems:
        raise InputError(problems)
    return from_document(doc)


@cache
def _file_validator() -> CompiledSchema:
    schema = {
        "type": "object",
        "required": ["svcstd-waivers", "waivers"],
        "additionalProperties": False,
        "properties": {
            "svcstd-waivers": {"const": "1"},
            "waivers": {"type": "array", "items": {"$ref": "#/$defs/waiver"}},
        },
        "$defs": center_schema()["$defs"],
    }
    return CompiledSchema(schema)
