"""The command line, end to end through typer's CliRunner: exit codes, outputs, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, CENTERS, EXAMPLES
from typer.testing import CliRunner

from svcstd import __version__, audit
from svcstd.cli import app

STARTER = ["--ruleset", "cn-gsc@0.1", "--as-of", AS_OF]


def run(runner: CliRunner, *args: str | Path):
    return runner.invoke(app, [str(arg) for arg in args])


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"svcstd {__version__}"


def test_audit_table_shows_score_grade_and_failed_rules(runner: CliRunner) -> None:
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Score 95.1" in result.output
    assert "Grade excellent" in result.output
    # failed rules name file:line:column and the fix
    assert "✗ PROC-001" in result.output
    assert "jinzhong-city.yaml:153:20" in result.output
    assert "Fix: Cut promised_days to at most statutory_days." in result.output


def test_audit_speaks_chinese_by_default(runner: CliRunner) -> None:
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER)
    assert "得分 95.1" in result.output
    assert "整改：" in result.output


DESIGN_TOP_KEYS = [
    "format", "tool", "as_of", "center", "ruleset", "score", "summary", "manual_clauses", "results",
]  # fmt: skip


def audit_json(runner: CliRunner, *args: str | Path) -> dict:
    result = run(runner, "audit", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_json_report_has_the_keys_of_design_section_7(runner: CliRunner) -> None:
    report = audit_json(runner, EXAMPLES / "jinzhong-city.yaml", *STARTER)
    assert [key for key in report if key in DESIGN_TOP_KEYS] == DESIGN_TOP_KEYS
    assert report["format"] == "svcstd-report/1"
    assert report["tool"] == {"name": "svcstd", "version": __version__}
    assert report["as_of"] == AS_OF
    assert report["center"] == {
        "id": "jinzhong-city",
        "name": "晋中市政务服务中心",
        "level": "city",
        "source": str(EXAMPLES / "jinzhong-city.yaml"),
    }
    assert set(report["ruleset"]) == {"id", "version", "profile", "sha256"}
    assert report["ruleset"]["profile"] == "baseline"
    assert len(report["ruleset"]["sha256"]) == 64
    score = report["score"]
    assert {"value", "value_without_waivers", "grade", "compliant", "model", "areas"} <= set(score)
    assert set(score["areas"]) == {"organization", "processes", "disclosure", "staffing"}
    summary = report["summary"]
    assert list(summary) == ["rules", "pass", "fail", "not_applicable", "waived", "error"]
    assert summary["rules"] == len(report["results"]) == sum(list(summary.values())[1:])
    failed = next(r for r in report["results"] if r["rule"] == "PROC-001")
    assert {
        "rule",
        "title",
        "status",
        "severity",
        "weight",
        "area",
        "clause",
        "score",
        "points_lost",
        "findings",
    } <= set(failed)
    assert failed["status"] == "fail"
    assert 0 < failed["score"] < 1  # partial credit: one of several processes fails
    assert failed["points_lost"] > 0
    [finding] = failed["findings"]
    assert finding["pointer"].startswith("/processes/") and finding["pointer"].endswith("/promised_days")
    assert (finding["line"], finding["column"]) == (153, 20)
    assert finding["file"] == str(EXAMPLES / "jinzhong-city.yaml")


def test_json_is_byte_identical_across_runs(runner: CliRunner) -> None:
    args = ["audit", str(EXAMPLES / "taigu-county"), *STARTER, "-f", "json"]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.stdout == second.stdout
    assert first.stdout.startswith('{\n  "format": "svcstd-report/1"')


def test_folder_of_centers_gives_a_batch(runner: CliRunner) -> None:
    report = audit_json(runner, EXAMPLES, *STARTER)
    assert report["format"] == "svcstd-batch/1"
    ids = [center["center"]["id"] for center in report["centers"]]
    assert ids == ["anhua-county", "beiguan-township", "jinzhong-city", "taigu-county"]
    scores = {c["center"]["id"]: c["score"]["value"] for c in report["centers"]}
    assert scores["jinzhong-city"] > scores["taigu-county"] > scores["beiguan-township"]


def test_split_center_findings_point_into_the_process_files(runner: CliRunner) -> None:
    report = audit_json(runner, EXAMPLES / "taigu-county", *STARTER)
    files = {f["file"] for r in report["results"] for f in r["findings"]}
    assert any("/processes/" in file for file in files)
    assert any(file.endswith("center.yaml") for file in files)


def test_output_file_is_written_and_stdout_keeps_the_table(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER, "-f", "json", "-o", target, "-f", "table")
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["center"]["id"] == "jinzhong-city"
    assert "95.1" in result.stdout
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary left


def test_exit_1_when_non_compliant(runner: CliRunner) -> None:
    result = run(runner, "audit", EXAMPLES / "beiguan-township.yaml", *STARTER)
    assert result.exit_code == 1
    assert "beiguan-township" in result.stderr


def test_fail_under_and_fail_on_gates(runner: CliRunner) -> None:
    center = EXAMPLES / "jinzhong-city.yaml"
    assert run(runner, "audit", center, *STARTER, "--fail-under", "90").exit_code == 0
    under = run(runner, "audit", center, *STARTER, "--fail-under", "96")
    assert under.exit_code == 1
    assert (
        "below --fail-under 96" in run(runner, "audit", center, *STARTER, "--fail-under", "96", "--lang", "en").stderr
    )
    assert run(runner, "audit", center, *STARTER, "--fail-on", "critical").exit_code == 0
    assert run(runner, "audit", center, *STARTER, "--fail-on", "major").exit_code == 1


def test_model_center_passes_every_starter_rule(runner: CliRunner) -> None:
    report = audit_json(runner, CENTERS / "model-center.yaml", *STARTER)
    assert report["summary"]["fail"] == 0
    assert report["score"]["value"] == 100.0


def test_scoring_models_by_flag(runner: CliRunner) -> None:
    center = EXAMPLES / "taigu-county"
    values = {
        model: audit_json(runner, center, *STARTER, "--model", model)["score"]["value"]
        for model in ("default", "flat", "flat-unweighted", "absolute")
    }
    assert values["absolute"] == 0.0
    assert len({values["default"], values["flat"], values["flat-unweighted"]}) == 3


BAD_INPUTS = {
    "syntax.yaml": ('svcstd: "1"\ncenter: {id: x\n', 3),
    "duplicate.yaml": ('svcstd: "1"\ncenter:\n  id: a\n  id: b\n', 4),
    "python-tag.yaml": ('svcstd: "1"\ncenter: !!python/object/apply:os.system [ls]\n', 2),
    "alias-bomb.yaml": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                        + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                                  for p, c in zip("abcdefg", "bcdefgh", strict=True)), None),
    "empty.yaml": ("# nothing here\n", 1),
    "schema.yaml": ('svcstd: "1"\ncenter: {id: x, name: X, level: city, nmae: y}\n', 2),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_position(runner: CliRunner, tmp_path: Path, name: str) -> None:
    text, line = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "report.json"
    result = run(runner, "audit", path, *STARTER, "-f", "json", "-o", target)
    assert result.exit_code == 2, result.output
    assert f"{path}:{line if line else ''}" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()  # nothing written half-way


def test_non_utf8_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes('svcstd: "1"\ncenter: {id: x, name: 晋中, level: city}\n'.encode("gbk"))
    result = run(runner, "audit", path, *STARTER)
    assert result.exit_code == 2
    assert f"{path}:2:" in result.stderr


def test_missing_file_and_unknown_ruleset_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "audit", tmp_path / "nope.yaml", *STARTER).exit_code == 2
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", "--ruleset", "no-such@9", "--lang", "en")
    assert result.exit_code == 2
    assert "no ruleset no-such@9; available:" in result.stderr


def test_bad_as_of_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", "--as-of", "27/11/2026")
    assert result.exit_code == 2


def test_internal_error_exits_3_without_traceback_unless_debug(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("svcstd.audit.audit_center", explode)
    result = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER, "--lang", "en")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output
    debug = run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER, "--debug")
    assert isinstance(debug.exception, RuntimeError)


def test_validate(runner: CliRunner, tmp_path: Path) -> None:
    ok = run(runner, "validate", EXAMPLES, "--lang", "en")
    assert ok.exit_code == 0
    assert ok.stdout.count(": valid") == 4
    bad = tmp_path / "bad.yaml"
    bad.write_text('svcstd: "1"\ncenter: {id: x, name: X, level: town}\n', encoding="utf-8")
    result = run(runner, "validate", bad, "--lang", "en")
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.stderr


def test_installed_package_finds_bundled_rulesets_from_any_folder(tmp_path: Path) -> None:
    center = EXAMPLES / "jinzhong-city.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "svcstd", "audit", str(center), *STARTER, "-f", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ruleset"]["version"] == "0.1"


def test_audit_center_function_matches_the_cli(runner: CliRunner) -> None:
    from datetime import date

    from svcstd.rules.load import load_ruleset

    options = audit.AuditOptions(ruleset=load_ruleset("cn-gsc@0.1"), as_of=date(2026, 11, 27), lang="en")
    result = audit.audit_center(EXAMPLES / "jinzhong-city.yaml", options)
    assert result.score.value == audit_json(runner, EXAMPLES / "jinzhong-city.yaml", *STARTER)["score"]["value"]


def test_a_broken_center_in_a_batch_does_not_stop_the_others(runner: CliRunner, tmp_path: Path) -> None:
    centers = tmp_path / "centers"
    centers.mkdir()
    (centers / "good.yaml").write_text((EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (centers / "broken.yaml").write_text('svcstd: "1"\ncenter: {id: broken, name: X, level: town}\n', encoding="utf-8")
    target = tmp_path / "batch.json"
    result = run(runner, "audit", centers, *STARTER, "-f", "json", "-o", target, "--lang", "en")
    assert result.exit_code == 2  # bad input wins over the gates
    assert f"{centers / 'broken.yaml'}:2:" in result.stderr
    batch = json.loads(target.read_text(encoding="utf-8"))
    assert [c["center"]["id"] for c in batch["centers"]] == ["jinzhong-city"]
    assert batch["ranking"] == [{"rank": 1, "center": "jinzhong-city", "score": 95.1, "grade": "excellent"}]
    [error] = batch["errors"]
    assert error["source"] == str(centers / "broken.yaml")
    assert error["problems"][0]["line"] == 2


def test_reports_get_the_usual_file_mode(runner: CliRunner, tmp_path: Path) -> None:
    import os

    target = tmp_path / "report.json"
    run(runner, "audit", EXAMPLES / "jinzhong-city.yaml", *STARTER, "-f", "json", "-o", target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_file_size_bound_is_configurable(runner: CliRunner, tmp_path: Path) -> None:
    center = tmp_path / "center.yaml"
    center.write_text((EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    refused = run(runner, "validate", center, "--max-file-mb", "0.01", "--lang", "en")
    assert refused.exit_code == 2
    assert f"{center}:1:1:" in refused.stderr
    assert run(runner, "validate", center, "--max-file-mb", "1").exit_code == 0


def test_table_wraps_to_the_terminal_with_a_hanging_indent(in_repo: Path) -> None:
    import io

    from rich.console import Console
    from test_report_markdown import audit

    from svcstd.report.table import print_report

    buffer = io.StringIO()
    terminal = Console(file=buffer, width=80, force_terminal=True, color_system=None, highlight=False)
    print_report(terminal, audit(Path("examples/beiguan-township.yaml")))
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    fixes = [index for index, line in enumerate(lines) if line.startswith("    Fix: ")]
    wrapped = [index for index in fixes if lines[index + 1].startswith("      ") and lines[index + 1].strip()]
    assert wrapped, "no fix text long enough to wrap"
    # continuation lines keep the indent, and no word is cut in two
    for index in wrapped:
        assert lines[index].rstrip()[-1] != "-"
        first_word = lines[index + 1].split()[0]
        assert first_word[0].isalnum() or first_word[0] in "`(", lines[index : index + 2]


def test_an_input_error_keeps_the_list_it_was_given() -> None:
    from svcstd.errors import InputError, Location, Problem
    from svcstd.i18n import Message

    late, early = (Problem(Location("f.yaml", line), Message({"zh": "x", "en": "x"})) for line in (9, 2))
    given = [late, early]
    error = InputError(given)
    assert given == [late, early]  # the caller's list, untouched
    assert error.problems == [early, late]  # the error's own copy, by position


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["audit"], "错误：缺少参数 'PATH'", "Error: Missing argument 'PATH'."),
        (["audit", "x", "--nope"], "错误：没有选项 --nope", "Error: No such option: --nope"),
        (["audit", "x", "-f", "pdf"], "'pdf' 不是可选值之一", "'pdf' is not one of"),
        (["nope"], "错误：没有命令 'nope'", "Error: No such command 'nope'."),
        (["audit", "x", "-j", "many"], "'--jobs' / '-j' 的值无效：'many' 不是整数", "'-j': 'many' is not a valid int"),
        (["audit", "x", "-f"], "错误：选项 '-f' 需要一个值", "Error: Option '-f' requires an argument."),
    ],
)
def test_usage_errors_are_said_in_the_language_asked_for(runner, args, zh, en) -> None:
    chinese = runner.invoke(app, args, env={"SVCSTD_LANG": "zh"})
    english = runner.invoke(app, args, env={"SVCSTD_LANG": "en"})
    assert (chinese.exit_code, english.exit_code) == (2, 2)
    assert zh in chinese.stderr
    assert en in english.stderr
    assert "Traceback" not in chinese.output + english.output


def test_lang_on_the_command_line_chooses_the_language_of_usage_errors(runner) -> None:
    result = runner.invoke(app, ["audit", "--lang", "en", "x", "--nope"], env={"SVCSTD_LANG": "zh"})
    assert "Error: No such option: --nope" in result.stderr
    assert result.stderr.startswith("Usage: svcstd audit")
    result = runner.invoke(app, ["audit", "x", "--nope", "--lang=zh"], env={"SVCSTD_LANG": "en"})
    assert result.stderr.startswith("用法：svcstd audit") and "运行 'svcstd audit -h' 查看帮助。" in result.stderr


def test_shell_completion_completes_commands(runner) -> None:
    result = runner.invoke(
        app,
        [],
        prog_name="svcstd",
        env={"_SVCSTD_COMPLETE": "complete_bash", "COMP_WORDS": "svcstd au", "COMP_CWORD": "1"},
    )
    assert result.stdout.split() == ["audit"]
    shown = runner.invoke(app, ["--show-completion", "bash"], prog_name="svcstd")
    assert shown.exit_code == 0 and "_svcstd_completion" in shown.stdout
