"""Builders of hostile inputs shared by the robustness tests: a one-rule ruleset and a
center around a given name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def ruleset_file(folder: Path, rule: dict[str, Any] | None = None, **top: Any) -> Path:
    """A valid one-rule ruleset; ``rule`` replaces keys of the rule, ``top`` of the ruleset."""
    spec = {
        "id": "T-001",
        "title": {"zh": "测试", "en": "Test"},
        "area": "a",
        "clause": "1",
        "severity": "major",
        "weight": 1,
        "rationale": "r",
        "remediation": "fix it",
        "references": [{"title": "r"}],
        "check": {"path": "center.id", "present": True},
        "tests": [{"expect": "pass", "center": {"center": {"id": "x"}}}, {"expect": "fail", "center": {"center": {}}}],
        **(rule or {}),
    }
    data = {
        "svcstd-ruleset": "1",
        "id": "hostile",
        "version": "1.0",
        "title": "hostile",
        "areas": {"a": {"title": "A"}},
        "grading": {"bands": [{"grade": "pass", "min": 60, "label": "pass", "compliant": True},
                              {"grade": "fail", "min": 0, "label": "fail", "compliant": False}]},
        "rules": [spec],
        **top,
    }  # fmt: skip
    path = folder / "ruleset.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def center_file(folder: Path, name: str = "中心", center_id: str = "c1", filename: str = "center.yaml") -> Path:
    path = folder / filename
    data = {"svcstd": "1", "center": {"id": center_id, "name": name, "level": "county"}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# Fuzz targets run a few dozen examples in the suite; SVCSTD_FUZZ_EXAMPLES=5000 runs longer.
FUZZ_EXAMPLES = int(os.environ.get("SVCSTD_FUZZ_EXAMPLES", "20"))
fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

# Text that has broken svcstd or tools like it: markup, emoji codes, format fields,
# terminal escapes, HTML and Markdown syntax, links, bidi overrides, YAML indicators.
NASTY = [
    "[/oops]", "[link=https://evil.example]L[/link]", "[bold]", ":100:", ":1234:", "{", "}", "{0}", "{{",
    "{name!r:>9}", "\x1b[2J", "\x1b]8;;https://evil.example\x1b\\", "\x9b31m", "\x07", "\r", "\u202e", "\x00",
    "<script>alert(1)</script>", "javascript:alert(1)", "](javascript:alert(1))", "<!--", "&amp;", "|", "`", "*_",
    "\n", "\t", "---", "- ", ": ", "#", "!!python/object", "&a", "*a", "'", '"', "\\", "😀", "政务", "\ufeff",
]  # fmt: skip
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=6).map("".join)
