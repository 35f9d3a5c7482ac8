"""The schema editors use agrees with svcstd: check-jsonschema (YAML 1.2, as editors read
it) and `svcstd validate` (YAML 1.1) give one verdict on the examples and on the spellings
the two YAML versions read differently; processes/*.yaml files have their own schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from svcstd.cli import app

pytest.importorskip("check_jsonschema", reason="check-jsonschema absent: pip install '.[test]'")

TOWNSHIP = EXAMPLES / "beiguan-township.yaml"
# (what to replace, with what, the editors' verdict, svcstd's verdict)
CASES = [
    ("weekend_service: false", "weekend_service: no", False, False),  # YAML 1.1: false; 1.2: "no"
    ("weekend_service: false", "weekend_service: Off", False, False),
    ("weekend_service: false", "weekend_service: False", True, True),  # a boolean in both
    ("promised_days: 20", "promised_days: 1:20", False, False),  # 1.1: 80; 1.2: "1:20"
    ("promised_days: 20", "promised_days: 0x14", True, True),  # 20 in both
    ("promised_days: 20", 'promised_days: "20"', False, False),  # a string in both
    # The one difference, on purpose: a number both read, as different numbers (1.1: 8,
    # 1.2: 10). An editor cannot know; svcstd refuses rather than audit another value.
    ("promised_days: 20", "promised_days: 010", True, False),
]


def editor_verdicts(schema: Path, *files: Path) -> dict[Path, bool]:
    """check-jsonschema's verdict on each file, from one run (its JSON output names each failure)."""
    command = [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(schema), *map(str, files)]
    result = json.loads(subprocess.run(command, capture_output=True, check=False, text=True).stdout)
    failed = {entry["filename"] for entry in result.get("errors", []) + result.get("parse_errors", [])}
    return {path: str(path) not in failed for path in files}


def editor_verdict(schema: Path, *files: Path) -> bool:
    return all(editor_verdicts(schema, *files).values())


def schema_file(folder: Path, *args: str) -> Path:
    path = folder / ("processes.json" if args else "center.json")
    path.write_text(CliRunner().invoke(app, ["schema", *args]).stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bool]]:
    """Each case's file and the editors' verdict on it (check-jsonschema runs once)."""
    folder = tmp_path_factory.mktemp("cases")
    text = TOWNSHIP.read_text(encoding="utf-8")
    files = {}
    for index, (old, new, _editors, _svcstd) in enumerate(CASES):
        assert old in text
        files[new] = folder / f"case-{index}.yaml"
        files[new].write_text(text.replace(old, new, 1), encoding="utf-8")
    verdicts = editor_verdicts(schema_file(folder), *files.values())
    return {new: (path, verdicts[path]) for new, path in files.items()}


def svcstd_verdict(path: Path) -> bool:
    return CliRunner().invoke(app, ["validate", str(path)]).exit_code == 0


def test_the_examples_pass_both(tmp_path: Path) -> None:
    center = schema_file(tmp_path)
    files = [EXAMPLES / "jinzhong-city.yaml", TOWNSHIP, EXAMPLES / "taigu-county" / "center.yaml"]
    assert editor_verdict(center, *files)
    processes = sorted((EXAMPLES / "taigu-county" / "processes").glob("*.yaml"))
    assert processes and editor_verdict(schema_file(tmp_path, "--processes"), *processes)
    assert not editor_verdict(center, *processes)  # a list of processes is not a center
    assert all(svcstd_verdict(path) for path in (*files[:2], EXAMPLES / "taigu-county"))


@pytest.mark.parametrize(("old", "new", "editors", "svcstd"), CASES, ids=[case[1] for case in CASES])
def test_both_give_one_verdict(cases: dict, old: str, new: str, editors: bool, svcstd: bool) -> None:
    path, verdict = cases[new]
    assert verdict is editors
    assert svcstd_verdict(path) is svcstd


def test_svcstd_says_how_to_write_it(tmp_path: Path) -> None:
    path = tmp_path / "center.yaml"
    path.write_text(TOWNSHIP.read_text(encoding="utf-8").replace("weekend_service: false", "weekend_service: no"))
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert f'{path}:13:22: YAML 1.1 reads `no` as false, editors and YAML 1.2 as "no"; write false' in result.stderr
    path.write_text(TOWNSHIP.read_text(encoding="utf-8").replace("promised_days: 20", "promised_days: 010", 1))
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert 'YAML 1.1 reads `010` as 8, editors and YAML 1.2 as 10; write 8 (or "010")' in result.stderr


def test_the_processes_schema_is_a_list_of_the_centers_processes(runner: CliRunner) -> None:
    center = json.loads(runner.invoke(app, ["schema"]).stdout)
    processes = json.loads(runner.invoke(app, ["schema", "--processes"]).stdout)
    assert processes["type"] == "array"
    assert processes["items"] == {"$ref": "#/$defs/process"} == center["properties"]["processes"]["items"]
    assert processes["$defs"] == center["$defs"]
    assert processes["$id"] != center["$id"]
