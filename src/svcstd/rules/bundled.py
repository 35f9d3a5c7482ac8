"""The rulesets bundled with svcstd (``rulesets/<id>/<version>.yaml``), found by
``ID@VERSION`` through a :class:`~svcstd.registry.Registry`, and which newer version
supersedes a released one."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from svcstd import loader
from svcstd.errors import Location
from svcstd.registry import Registry
from svcstd.resources import bundled_dir
from svcstd.rules.messages import MESSAGES
from svcstd.standards import newest_superseding, version_key


class BundledRuleset(NamedTuple):
    """A ruleset shipped with svcstd: ``rulesets/<id>/<version>.yaml``."""

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


DEFAULT_RULESET = "cn-gsc"


def registry() -> Registry[BundledRuleset]:
    """The bundled rulesets by ``ID@VERSION``; ``ID`` alone names its newest version."""
    found = bundled()
    return Registry(
        {"zh": "规则集", "en": "ruleset"},
        {f"{r.id}@{r.version}": r for r in found},
        aliases={r.id: f"{r.id}@{r.version}" for r in found},  # by version: the newest is the last
        unknown=lambda **params: MESSAGES("unknown_ruleset", **params),
    )


def locate(spec: str | None) -> Path:
    """The file behind ``spec``: a path to a YAML file, ``ID``, ``ID@VERSION``, or None
    (the newest version of :data:`DEFAULT_RULESET`). An unknown ruleset is an input
    error naming the nearest bundled ones."""
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec):
        return Path(spec)
    name = spec.removesuffix("@") if spec else DEFAULT_RULESET
    return registry().get(name, where=Location.argument(spec or "--ruleset")).path


def superseded_by(ruleset_id: str, version: str) -> str | None:
    """The newest bundled version of the ruleset whose ``supersedes`` names ``version``."""
    return newest_superseding(version, [(r.version, _supersedes(r.path)) for r in bundled() if r.id == ruleset_id])


@cache
def _supersedes(path: Path) -> tuple[str, ...]:
    return tuple(loader.load_yaml(path).data.get("supersedes", ()))
