"""Fuzz target: saved reports. A real report with any of its values replaced, keys
dropped or added, is read back as a report that renders in every format and compares
with itself, or is refused as bad input (exit 2) — never an internal error."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from conftest import AS_OF, EXAMPLES
from hostile import fuzz, nasty_text
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.compare import compare
from svcstd.errors import InputError
from svcstd.report import FORMATS
from svcstd.saved import read_report

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | nasty_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=8,
)


@cache
def _report(batch: bool) -> str:
    runner = CliRunner()
    target = EXAMPLES if batch else EXAMPLES / "jinzhong-city.yaml"
    result = runner.invoke(app, ["audit", str(target), "-f", "json", "--as-of", AS_OF])
    return result.stdout


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            found += _places(value, (*path, index))
    return found


@st.composite
def mutated_reports(draw: st.DrawFn) -> Any:
    report = json.loads(_report(draw(st.booleans())))
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _places(report) if p]
        where = draw(st.sampled_from(places))
        parent = report
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(nasty_text)] = draw(json_values)
        else:
            parent[where[-1]] = draw(json_values)
    return copy.deepcopy(report)


@fuzz
@given(mutated_reports())
def test_mutated_reports_are_read_and_rendered_or_refused(tmp_path_factory: Any, report: Any) -> None:
    path = Path(tmp_path_factory.mktemp("saved")) / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    try:
        loaded = read_report(path)
    except InputError as error:
        assert str(path) in error.render("en")
        return
    for render in FORMATS.values():
        render(loaded)
    compare(loaded, loaded)
