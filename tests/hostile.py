"""Builders of hostile inputs shared by the robustness tests: a one-rule ruleset and a
center around a given name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


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
