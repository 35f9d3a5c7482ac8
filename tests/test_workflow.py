"""Where users plug svcstd in: saved reports rendered again, diffs, baselines, waivers,
parallel batches, the schema for editors and starter descriptions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, EXAMPLES, ROOT
from typer.testing import CliRunner

from svcstd.cli import app

CITY = EXAMPLES / "jinzhong-city.yaml"


def audit(runner: CliRunner, *args: str | Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", *map(str, args), "--as-of", AS_OF, "-f", "json", "--lang", "en"])
    return result.exit_code, json.loads(result.stdout)


def saved(runner: CliRunner, tmp_path: Path, name: str, *args: str | Path) -> Path:
    target = tmp_path / name
    result = runner.invoke(app, ["audit", *map(str, args), "--as-of", AS_OF, "-f", "json", "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    return target


def with_waivers(tmp_path: Path, waivers: list[dict]) -> Path:
    path = tmp_path / "center.yaml"
    text = CITY.read_text(encoding="utf-8") + "\n" + yaml.safe_dump({"waivers": waivers}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


WAIVER = {"rule": "PROC-004", "subject": "000114002000", "reason": "法律规定须现场核验", "approver": "王五"}


def test_a_waiver_scores_its_subject_as_not_applicable(runner: CliRunner, tmp_path: Path) -> None:
    _code, plain = audit(runner, CITY)
    _code, waived = audit(runner, with_waivers(tmp_path, [{**WAIVER, "expires": "2027-06-30"}]))
    rule = next(r for r in waived["results"] if r["rule"] == "PROC-004")
    assert rule["status"] == "pass" and rule["findings"] == []
    assert waived["score"]["value"] > plain["score"]["value"]
    assert waived["score"]["value_without_waivers"] == plain["score"]["value"]
    assert [w["kind"] for w in waived["waivers"]] == ["applied"]


def test_a_waiver_reason_may_be_text_in_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    reason = {"zh": "法律规定须现场核验", "en": "the law requires an on-site check"}
    _code, report = audit(runner, with_waivers(tmp_path, [{**WAIVER, "reason": reason, "expires": "2027-06-30"}]))
    assert [(w["kind"], w["reason"]) for w in report["waivers"]] == [("applied", "the law requires an on-site check")]


def test_a_waiver_of_a_whole_rule_makes_it_waived(runner: CliRunner, tmp_path: Path) -> None:
    waiver = {"rule": "SUP-013", "reason": "整改中", "approver": "王五", "expires": "2027-06-30"}
    _code, report = audit(runner, with_waivers(tmp_path, [waiver]))
    assert next(r for r in report["results"] if r["rule"] == "SUP-013")["status"] == "waived"
    assert report["summary"]["waived"] == 1


def test_expired_and_unmatched_waivers_are_reported(runner: CliRunner, tmp_path: Path) -> None:
    center = with_waivers(
        tmp_path,
        [
            {**WAIVER, "expires": "2026-01-31"},
            {"rule": "PROC-004", "subject": "no-such-matter", "reason": "x", "approver": "y", "expires": "2027-01-01"},
        ],
    )
    _code, report = audit(runner, center)
    assert next(r for r in report["results"] if r["rule"] == "PROC-004")["status"] == "fail"  # expired: not applied
    kinds = {w["subject"]: (w["kind"], w["message"]) for w in report["waivers"]}
    assert kinds["000114002000"][0] == "expired"
    assert "expired on 2026-01-31" in kinds["000114002000"][1]
    assert kinds["no-such-matter"][0] == "unmatched"
    assert all(w["file"] == str(center) and w["line"] > 100 for w in report["waivers"])
    table = runner.invoke(app, ["audit", str(center), "--as-of", AS_OF, "--lang", "en"]).stdout
    assert "Waiver: the waiver of PROC-004 expired on 2026-01-31" in table


def test_no_waivers_ignores_them_all(runner: CliRunner, tmp_path: Path) -> None:
    center = with_waivers(tmp_path, [{**WAIVER, "expires": "2027-06-30"}])
    _code, report = audit(runner, center, "--no-waivers")
    assert next(r for r in report["results"] if r["rule"] == "PROC-004")["status"] == "fail"
    assert report["waivers"] == []


def test_waivers_file(runner: CliRunner, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        yaml.safe_dump({"svcstd-waivers": "1", "waivers": [{**WAIVER, "expires": "2027-06-30"}]}, allow_unicode=True),
        encoding="utf-8",
    )
    _code, report = audit(runner, CITY, "--waivers", waivers)
    assert next(r for r in report["results"] if r["rule"] == "PROC-004")["status"] == "pass"
    bad = tmp_path / "bad-waivers.yaml"
    bad.write_text('svcstd-waivers: "1"\nwaivers:\n  - {rule: PROC-004, reason: x}\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", str(CITY), "--waivers", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bad}:3:5: missing required key 'approver'" in result.stderr


def test_report_renders_a_saved_result_again(runner: CliRunner, tmp_path: Path) -> None:
    result_file = saved(runner, tmp_path, "result.json", CITY)
    again = runner.invoke(app, ["report", str(result_file), "-f", "json"])
    assert again.exit_code == 0
    assert again.stdout == result_file.read_text(encoding="utf-8")  # the round trip is exact
    table = runner.invoke(app, ["report", str(result_file)])
    assert "94.0" in table.stdout


def test_report_rejects_what_is_not_a_report(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "svcstd-report/1",\n  "oops"\n}', encoding="utf-8")
    result = runner.invoke(app, ["report", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:3:1:" in result.stderr  # where json stopped, expecting the colon
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}', encoding="utf-8")
    assert "not a svcstd report" in runner.invoke(app, ["report", str(other), "--lang", "en"]).stderr


def test_diff_shows_new_and_fixed_failures(runner: CliRunner, tmp_path: Path) -> None:
    old = saved(runner, tmp_path, "old.json", EXAMPLES, "--ruleset", "cn-gsc@1.0")
    new = saved(runner, tmp_path, "new.json", EXAMPLES, "--ruleset", "cn-gsc@1.1")
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"])
    assert result.exit_code == 0
    changes = {c["center"]: c for c in json.loads(result.stdout)["centers"]}
    city = changes["jinzhong-city"]
    assert city["score"] == {"old": 98.7, "new": 98.3, "delta": -0.4}
    assert {f["rule"] for f in city["new_failures"]} == {"PROC-022"}
    assert city["fixed_failures"] == []
    back = json.loads(runner.invoke(app, ["diff", str(new), str(old), "-f", "json"]).stdout)
    backwards = {c["center"]: c for c in back["centers"]}
    assert {f["rule"] for f in backwards["jinzhong-city"]["fixed_failures"]} == {"PROC-022"}
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown", "--lang", "en"]).stdout
    assert markdown.startswith("## Audit comparison")
    assert "| 98.7 → 98.3 | -0.4 |" in markdown


def test_diff_gates_writes_translates_and_fits(runner: CliRunner, tmp_path: Path) -> None:
    old = saved(runner, tmp_path, "old.json", EXAMPLES, "--ruleset", "cn-gsc@1.0")
    new = saved(runner, tmp_path, "new.json", EXAMPLES, "--ruleset", "cn-gsc@1.1")
    gated = runner.invoke(app, ["diff", str(old), str(new), "--fail-on-new", "--lang", "en"])
    assert gated.exit_code == 1
    assert re.fullmatch(r"\d+ failures in NEW are not in OLD \(--fail-on-new\)\n", gated.stderr)
    assert runner.invoke(app, ["diff", str(new), str(old), "--fail-on-new"]).exit_code == 0  # only fixes
    same = runner.invoke(app, ["diff", str(new), str(new), "--fail-on-new", "-f", "json"])
    assert same.exit_code == 0
    assert {c["status"] for c in json.loads(same.stdout)["centers"]} == {"unchanged"}
    assert runner.invoke(app, ["diff", str(new), str(new), "--lang", "en"]).stdout.rstrip().endswith("no changes")
    # grades as the reports name them (they were written in Chinese), in a table that fits
    table = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    assert "优秀 → 优秀" in table and "excellent" not in table
    assert max(len(line) for line in table.splitlines()) <= 100
    # -o writes the file; its extension picks the format
    target = tmp_path / "diff.md"
    written = runner.invoke(app, ["diff", str(old), str(new), "-o", str(target)])
    assert written.exit_code == 0 and written.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("## 审核结果对比")
    data = tmp_path / "diff.json"
    runner.invoke(app, ["diff", str(old), str(new), "-o", str(data)])
    city = next(c for c in json.loads(data.read_text(encoding="utf-8"))["centers"] if c["center"] == "jinzhong-city")
    assert city["grade"] == {"old": "excellent", "new": "excellent", "old_label": "优秀", "new_label": "优秀"}
    # as for an audit's -o, in any case; an extension diff has no format for is a table
    upper = tmp_path / "DIFF.MD"
    runner.invoke(app, ["diff", str(old), str(new), "-o", str(upper)])
    assert upper.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")
    page = tmp_path / "diff.html"
    runner.invoke(app, ["diff", str(old), str(new), "-o", str(page)])
    assert page.read_text(encoding="utf-8") == runner.invoke(app, ["diff", str(old), str(new)]).stdout


def test_baseline_gates_only_new_failures(runner: CliRunner, tmp_path: Path) -> None:
    baseline = saved(runner, tmp_path, "baseline.json", EXAMPLES)
    same = runner.invoke(app, ["audit", str(EXAMPLES), "--as-of", AS_OF, "--baseline", str(baseline)])
    assert same.exit_code == 0  # beiguan is non-compliant, but nothing is new
    assert runner.invoke(app, ["audit", str(EXAMPLES), "--as-of", AS_OF]).exit_code == 1
    # a new defect that moves no line: the gate catches it
    worse = tmp_path / "centers"
    worse.mkdir()
    text = CITY.read_text(encoding="utf-8").replace("accessibility: true", "accessibility: false", 1)
    (worse / "jinzhong-city.yaml").write_text(text, encoding="utf-8")
    gated = runner.invoke(app, ["audit", str(worse), "--as-of", AS_OF, "--baseline", str(baseline), "--lang", "en"])
    assert gated.exit_code == 1
    assert gated.stderr.splitlines() == [
        "jinzhong-city: 1 failure not in the baseline:",
        f"  ORG-019 The site is accessible — {worse / 'jinzhong-city.yaml'}:40:20",
    ]
    severe = ["--fail-on", "minor", "--lang", "en"]
    gated = runner.invoke(app, ["audit", str(worse), "--as-of", AS_OF, "--baseline", str(baseline), *severe])
    assert gated.exit_code == 1
    assert "ORG-019 The site is accessible" in gated.stderr.splitlines()[2]
    # lines moved but nothing new: matched by center, rule and subject, not by line
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "jinzhong-city.yaml").write_text("\n\n\n" + CITY.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["audit", str(moved), "--as-of", AS_OF, "--baseline", str(baseline)]).exit_code == 0


def test_parallel_batches_give_the_same_bytes(runner: CliRunner) -> None:
    args = ["audit", str(EXAMPLES), "--as-of", AS_OF, "-f", "json"]
    one, two = runner.invoke(app, [*args, "-j", "1"]), runner.invoke(app, [*args, "-j", "2"])
    assert one.stdout == two.stdout
    assert json.loads(two.stdout)["format"] == "svcstd-batch/1"


def test_piped_batch_prints_no_progress_bar(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", str(EXAMPLES), "--as-of", AS_OF, "-f", "json"])
    assert "━" not in result.stderr and "%" not in result.stderr


def test_schema_command_prints_the_center_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"svcstd", "center", "organization", "processes", "disclosure", "staffing"} <= set(schema["properties"])


@pytest.mark.parametrize("level", ["province", "city", "county", "township", "village"])
def test_init_writes_a_valid_starter(runner: CliRunner, tmp_path: Path, level: str) -> None:
    target = tmp_path / f"{level}.yaml"
    assert runner.invoke(app, ["init", "--level", level, "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["center"]["level"] == level
    again = runner.invoke(app, ["init", "--level", level, "-o", str(target), "--lang", "en"])
    assert again.exit_code == 2
    assert "exists" in again.stderr


def test_pre_commit_hook_definition_names_the_real_entry_point() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook for hook in hooks}
    assert entries["svcstd-validate"]["entry"] == "svcstd validate"
    assert entries["svcstd-audit"]["entry"] == "svcstd audit --lang en -f summary"  # a short summary
    assert all(hook["language"] == "python" for hook in hooks)
    # the hooks name folders, not the changed files: svcstd finds the centers itself
    assert all(hook["pass_filenames"] is False and hook["args"] == ["."] for hook in hooks)


def test_the_audit_hook_prints_a_short_summary(runner: CliRunner, in_repo: Path, tmp_path: Path) -> None:
    hook = ["audit", "--lang", "en", "-f", "summary", "examples", "--as-of", AS_OF]
    result = runner.invoke(app, hook)
    assert result.exit_code == 1  # a center is non-compliant
    line = r"[a-z-]+: score \d+\.\d · \w+ · (compliant|non-compliant) · \d+ rules failed"
    *centers, total = result.stdout.splitlines()
    assert len(centers) == 4 and all(re.fullmatch(line, center) for center in centers), result.stdout
    assert re.fullmatch(r"4 centers: \d compliant, \d non-compliant, 0 not audited", total)
    baseline = saved(runner, tmp_path, "old.json", "examples", "--ruleset", "cn-gsc@1.0")
    lines = runner.invoke(app, [*hook, "--baseline", str(baseline)]).stdout.splitlines()
    assert re.fullmatch(line + r" · \d+ new", lines[0])
    new = int(lines[0].rsplit(" · ", 1)[1].split()[0])
    shown = lines[1 : 1 + min(new, 10)]
    assert new > 0 and all(re.fullmatch(r"  new [A-Z]+-\d+ .+ — examples/\S+:\d+:\d+", item) for item in shown)


def test_a_repository_folder_yields_only_its_centers(runner: CliRunner, in_repo: Path) -> None:
    # what the pre-commit hook runs: other YAML (a CI workflow, a tailoring file) is not a center
    result = runner.invoke(app, ["validate", "examples", "--lang", "en"])
    assert result.exit_code == 0
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == [
        "examples/anhua-county.yaml",
        "examples/beiguan-township.yaml",
        "examples/jinzhong-city.yaml",
        "examples/taigu-county",
    ]


def test_report_of_the_wrong_shape_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('{"format": "svcstd-report/1", "tool": {}}', encoding="utf-8")
    result = runner.invoke(app, ["report", str(odd), "--lang", "en"])
    assert result.exit_code == 2
    assert "the report is wrong at /: 'as_of' is a required property" in result.stderr


def test_the_summary_never_prints_a_raw_escape() -> None:
    from svcstd.report import summary
    from svcstd.result import CenterError, Report

    text = summary.render(Report((), "en", errors=(CenterError("evil\x1b]0;x\x07.yaml", ()),)))
    assert text == "evil\\x1b]0;x\\x07.yaml: not audited, the input has errors (svcstd validate shows where)\n"


def test_new_failures_are_marked_in_the_table_and_the_html(runner: CliRunner, tmp_path: Path) -> None:
    baseline = saved(runner, tmp_path, "baseline.json", CITY)
    worse = tmp_path / "jinzhong-city.yaml"
    worse.write_text(CITY.read_text(encoding="utf-8").replace("accessibility: true", "accessibility: false", 1))
    args = ["audit", str(worse), "--as-of", AS_OF, "--lang", "en", "--baseline", str(baseline)]
    table = runner.invoke(app, [*args, "-f", "table"]).stdout
    marked = [line.strip() for line in table.splitlines() if line.strip().startswith("new ")]
    assert marked == [f"new {worse}:40:20 `organization.site.accessibility` is false, expected true"]
    page = runner.invoke(app, [*args, "-f", "html"]).stdout
    assert page.count('<span class="badge new">new</span>') == 1
    plain = runner.invoke(app, ["audit", str(worse), "--as-of", AS_OF, "--lang", "en", "-f", "html"]).stdout
    assert '<span class="badge new">' not in plain
