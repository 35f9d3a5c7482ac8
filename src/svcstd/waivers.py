"""Waivers: accepted exceptions to a rule, for one subject or all, until a date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from svcstd.document import Document
from svcstd.errors import Location


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
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
