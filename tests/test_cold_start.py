"""A new process imports only what its command uses (issue 10: a quick cold start).

What a process imports is behaviour, not timing: a JSON audit of one center must not load
the template engine, jsonschema's pure-Python validator (the valid path uses jsonschema_rs),
pydantic, the spreadsheet writer, rich (nothing is printed with it) or the renderers of
formats it does not write. Run in a fresh interpreter, since the test process has them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT

HEAVY = ("jinja2", "jsonschema", "pydantic", "xlsxwriter", "rich", "referencing")
OTHER_FORMATS = ("svcstd.report.markdown", "svcstd.report.html", "svcstd.report.sarif", "svcstd.report.xlsx")

_PROBE = """
import json, sys
import svcstd.cli
sys.argv = ["svcstd", *json.loads(sys.argv[1])]
try:
    svcstd.cli.main()
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.__stdout__)
"""


def _imported(*args: str | Path) -> tuple[int, set[str]]:
    """The exit code and every module imported by ``svcstd ARGS`` in a new interpreter."""
    command = [sys.executable, "-c", _PROBE, json.dumps([str(arg) for arg in args])]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout.splitlines()[-1])
    return seen["code"], set(seen["modules"])


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


def test_a_json_audit_of_one_center_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    audit = ("audit", EXAMPLES / "jinzhong-city.yaml", "-f", "json", "-o", output)
    _imported(*audit)  # the first run checks the bundled ruleset once (with jsonschema) for the cache
    code, modules = _imported(*audit)
    assert code == 1  # the example is non-compliant: the audit ran to its gate
    assert json.loads(output.read_text(encoding="utf-8"))["results"]
    assert _loaded(modules, HEAVY) == []
    assert _loaded(modules, OTHER_FORMATS) == []
    assert _loaded(modules, ("svcstd.workers", "multiprocessing")) == []  # one center needs no workers


def test_the_probe_sees_what_a_command_does_import(tmp_path: Path) -> None:
    # the same probe on a Markdown audit sees the renderer: the check above can fail
    output = tmp_path / "report.md"
    _code, modules = _imported("audit", EXAMPLES / "jinzhong-city.yaml", "-f", "markdown", "-o", output)
    assert _loaded(modules, OTHER_FORMATS) == ["svcstd.report.markdown"]
    _code, modules = _imported("init", "--level", "city", "-o", tmp_path / "center.yaml")
    assert _loaded(modules, HEAVY) == ["jinja2"]
