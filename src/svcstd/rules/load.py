"""Load a ruleset for an audit: a bundled one by ``ID@VERSION`` or a file, its
``extends`` chain merged and compiled, a profile and a tailoring file applied, so the
engine sees one flat, compiled ruleset.

A ruleset file is validated against the meta-schema before anything in it is used; its
problems name file:line:column like any other input. The steps live apart: finding
(:mod:`~svcstd.rules.bundled`), merging (:mod:`~svcstd.rules.merge`), compiling and
checking (:mod:`~svcstd.rules.compile`), profiles and tailoring (:mod:`~svcstd.rules.tailoring`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from svcstd import files, loader
from svcstd.rules.bundled import locate
from svcstd.rules.merge import chain, merge
from svcstd.rules.model import Ruleset
from svcstd.rules.tailoring import TAILORING_CHANGES, apply_profile, apply_tailoring_file, check_tailoring_file


def load_ruleset(
    spec: str | None = None,
    *,
    profile: str | None = None,
    tailoring: Path | None = None,
) -> Ruleset:
    """Load, check and compile a ruleset with a profile and an optional tailoring file.

    The profile is ``profile``, else the tailoring file's ``profile``, else baseline.
    The report's sha256 covers every file involved: the ``extends`` chain and the
    tailoring file.
    """
    return _load(str(locate(spec)), profile, str(tailoring) if tailoring else None)


@cache
def _load(path: str, profile: str | None, tailoring_path: str | None) -> Ruleset:
    layers = list(chain(Path(path), ()))
    ruleset = merge(layers)
    if tailoring_path is None:
        return apply_profile(ruleset, profile or "baseline", layers[-1].doc)
    # read once: the ruleset's sha256 covers the very bytes that were parsed
    content = files.read_bytes(Path(tailoring_path), loader.DEFAULT_LIMITS.max_bytes)
    tailoring = loader.load_yaml_bytes(content, tailoring_path)
    check_tailoring_file(tailoring)
    ruleset = apply_profile(ruleset, profile or tailoring.data.get("profile") or "baseline", layers[-1].doc)
    ruleset = apply_tailoring_file(ruleset, tailoring)
    digest = hashlib.sha256(ruleset.sha256.encode() + content)
    changes = {key: tailoring.data[key] for key in TAILORING_CHANGES if key in tailoring.data}
    return replace(ruleset, sha256=digest.hexdigest(), tailoring=tailoring_path, tailoring_changes=changes)
