"""Bundled standards as data: metadata and clauses (number, title, text in zh and en)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from svcstd.cache import checked_document
from svcstd.i18n import pick
from svcstd.registry import Registry
from svcstd.resources import bundled_dir

# The shapes the ruleset meta-schema gives a standard's id and version.
_ID = re.compile(r"[a-z0-9]+([_-][a-z0-9]+)*")
_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")


def _path(standard_id: str, version: str) -> Path:
    return bundled_dir("standards") / standard_id / version / "standard.yaml"


@cache
def standard_digest(standard: tuple[str, str] | None) -> str:
    """The sha256 of the standard's file ("" if it has none): what its texts in a report
    depend on. Once per run, like :func:`load_standard` that reads the texts."""
    if not standard or not (_ID.fullmatch(standard[0]) and _VERSION.fullmatch(standard[1])):
        return ""
    path = _path(*standard)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@cache
def load_standard(standard_id: str, version: str) -> dict[str, Any] | None:
    """The standard's ``standard.yaml`` as data, or None if it is not bundled.

    The id and version are names, never paths: anything else is not bundled.
    """
    if not (_ID.fullmatch(standard_id) and _VERSION.fullmatch(version)):
        return None
    path = _path(standard_id, version)
    if not path.is_file():
        return None
    return checked_document(Path(path), lambda _doc: None, "standard")[0].data


def manual_clauses(standard: tuple[str, str] | None) -> tuple[str, ...]:
    """The numbers of the clauses that a person must judge, in document order."""
    data = load_standard(*standard) if standard else None
    if data is None:
        return ()
    return tuple(
        clause["number"] for area in data.get("areas", []) for clause in area.get("clauses", []) if clause.get("manual")
    )


def clause_texts(standard: tuple[str, str] | None, numbers: Iterable[str], lang: str) -> dict[str, dict[str, str]]:
    """Title and text in ``lang`` of each named clause the standard has, by number, sorted."""
    data = load_standard(*standard) if standard else None
    if data is None:
        return {}
    wanted = set(numbers)
    found = {
        clause["number"]: {"title": pick(clause.get("title"), lang), "text": pick(clause.get("text"), lang)}
        for area in data.get("areas", [])
        for clause in area.get("clauses", [])
        if clause["number"] in wanted
    }
    return {number: found[number] for number in sorted(found, key=version_key)}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def newest_superseding(version: str, candidates: Iterable[tuple[str, Sequence[str]]]) -> str | None:
    """The newest of ``candidates`` (a version, and the versions it says it supersedes)
    that supersedes ``version``; None while ``version`` is current. Standards and rulesets
    stay bundled and unchanged once released: a newer version says it replaces them."""
    newer = [candidate for candidate, supersedes in candidates if version in supersedes]
    return max(newer, key=version_key) if newer else None


def bundled() -> list[dict[str, Any]]:
    """Every bundled standard (``standards/<id>/<version>/standard.yaml``), by id and version."""
    found = [
        load_standard(path.parent.parent.name, path.parent.name)
        for path in sorted(bundled_dir("standards").glob("*/*/standard.yaml"))
    ]
    data = [item for item in found if item is not None]
    return sorted(data, key=lambda item: (item["id"], version_key(item["version"])))


def superseded_by(data: dict[str, Any]) -> str | None:
    """The newest bundled version of the same standard that names ``data``'s version in its
    ``supersedes`` (a version or a list of them), or None while it is current."""
    same = [
        (other["version"], _superseded(other.get("supersedes"))) for other in bundled() if other["id"] == data["id"]
    ]
    return newest_superseding(data["version"], same)


def _superseded(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def registry() -> Registry[dict[str, Any]]:
    """The bundled standards by ``ID@VERSION``; a bare ``ID`` is its newest version."""
    found = bundled()  # sorted by id, then version: the last of an id is its newest
    return Registry(
        {"zh": "随附标准", "en": "bundled standard"},
        {f"{data['id']}@{data['version']}": data for data in found},
        aliases={data["id"]: f"{data['id']}@{data['version']}" for data in found},
    )


def clause_count(data: dict[str, Any]) -> tuple[int, int]:
    """How many clauses a standard has, and how many of them are manual."""
    clauses = [clause for area in data.get("areas", []) for clause in area.get("clauses", [])]
    return len(clauses), sum(1 for clause in clauses if clause.get("manual"))
