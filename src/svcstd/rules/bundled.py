"""The rulesets bundled with svcstd (``rulesets/<id>/<version>.yaml``), found by
``ID@VERSION``, and which newer version supersedes a released one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from svcstd import loader
from svcstd.errors import InputError, Location, Problem
from svcstd.resources import bundled_dir
from svcstd.rules.messages import _
from svcstd.standards import version_key


@dataclass(frozen=True)
class BundledRuleset:
    id: str
    version: str
    path: Path


def bundled() -> list[BundledRuleset]:
    """Every bundled ruleset (``rulesets/<id>/<version>.yaml``), by id then version."""
    root = bundled_dir("rulesets")
    found = [
        BundledRuleset(path.parent.name, path.stem, path)
        for path in root.glob("*/*.yaml")
        if not path.name.startswith(".")
    ]
    return sorted(found, key=lambda r: (r.id, version_key(r.version)))


def locate(spec: str | None) -> Path:
    """The file behind ``spec``: a path to a YAML file, ``ID``, ``ID@VERSION``, or None
    (the newest version of the first bundled ruleset in name order)."""
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec):
        return Path(spec)
    candidates = bundled()
    if spec:
        rid, _sep, version = spec.partition("@")
        candidates = [r for r in candidates if r.id == rid and (not version or r.version == version)]
    else:
        candidates = [r for r in candidates if r.id == DEFAULT_RULESET] or candidates
    if not candidates:
        known = ", ".join(f"{r.id}@{r.version}" for r in bundled()) or "—"
        raise InputError(
            [Problem(Location.argument(spec or "--ruleset"), _("unknown_ruleset", spec=spec, known=known))]
        )
    return max(candidates, key=lambda r: version_key(r.version)).path


DEFAULT_RULESET = "cn-gsc"


def superseded_by(ruleset_id: str, version: str) -> str | None:
    """The newest bundled version of the ruleset whose ``supersedes`` names ``version``
    (released versions stay bundled and unchanged; a newer one says it replaces them)."""
    newer = [r.version for r in bundled() if r.id == ruleset_id and version in _supersedes(r.path)]
    return max(newer, key=version_key) if newer else None


@cache
def _supersedes(path: Path) -> tuple[str, ...]:
    return tuple(loader.load_yaml(path).data.get("supersedes", ()))
