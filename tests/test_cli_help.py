"""Help pages: in the language asked for, option values as words, wrapped at word boundaries."""

from __future__ import annotations

import re
import unicodedata

import pytest
import typer
from typer.testing import CliRunner

import svcstd.cli
from svcstd.cli import app, only_command
from svcstd.cli.help import HelpCommand, HelpGroup, wrap
from svcstd.cli.messages import MESSAGES

ENGLISH = {"LANG": "C.UTF-8", "SVCSTD_LANG": ""}


def _help(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, [*args, "--help"], prog_name="svcstd", env={**ENGLISH, **(env or {})})
    assert result.exit_code == 0, result.output
    return result.stdout


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def _commands() -> list[list[str]]:
    """The path of every command and group of the app."""
    paths = []

    def walk(command: typer.core.TyperGroup, path: list[str]) -> None:
        for name, sub in command.commands.items():
            paths.append([*path, name])
            if hasattr(sub, "commands"):
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "zh"], {}),
        (["--lang=zh"], {"SVCSTD_LANG": "en"}),
        ([], {"SVCSTD_LANG": "zh"}),
        ([], {"LANG": "zh_CN.UTF-8"}),
        ([], {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}),
    ],
)
def test_help_is_chinese_when_asked_for_or_the_locale_is_chinese(runner, args, env) -> None:
    page = _help(runner, "audit", *args, env=env)
    assert page.startswith("用法：svcstd audit [选项] PATH...")
    for heading in ("参数：", "选项：", "审计服务中心并写出评分报告。", "中心描述：YAML 文件", "[默认：5.0]", "[必需]"):
        assert heading in page
    assert "Options:" not in page and "Show this message" not in page


@pytest.mark.parametrize("env", [{}, {"LANG": "en_US.UTF-8"}, {"LANG": "zh_CN.UTF-8", "SVCSTD_LANG": "en"}])
def test_help_is_english_otherwise(runner, env) -> None:
    page = _help(runner, "audit", env=env)
    assert page.startswith("Usage: svcstd audit [OPTIONS] PATH...")
    for heading in ("Arguments:", "Options:", "Audit centers and write scored reports.", "[default: 5.0]"):
        assert heading in page
    assert not re.search("[\u4e00-\u9fff]{4}", page.replace("扣分制", ""))  # no Chinese sentence


def test_group_pages_list_their_commands_in_the_language(runner) -> None:
    root = _help(runner, env={"SVCSTD_LANG": "zh"})
    assert root.startswith("用法：svcstd [选项] 命令 [参数]...")
    for name in ("audit", "validate", "report", "diff", "schema", "init", "trend", "rules", "ruleset", "standards"):
        assert re.search(rf"^  {name} +\S", root, re.MULTILINE), name
    assert "显示版本并退出。" in root and "为当前 shell 安装命令补全" in root
    rules = _help(runner, "rules")
    assert "Commands:" in rules and re.search(r"^  show +Show one rule", rules, re.MULTILINE)


def test_values_are_words_and_no_default_depends_on_the_machine(runner) -> None:
    page = _help(runner, "audit")
    assert not re.search(r"<\w|list\[|\bbool\b|Path\]|int range|float range", page)
    for option, word in [
        ("-r, --ruleset", "ID[@VERSION]"), ("-f, --format", "FORMAT"), ("-o, --output", "FILE"),
        ("-j, --jobs", "N"), ("--max-file-mb", "MB"), ("--fail-under", "SCORE"), ("--as-of", "DATE"),
    ]:  # fmt: skip
        assert re.search(rf"^  {re.escape(option)} {re.escape(word)} ", page, re.MULTILINE), option
    assert re.search(r"^  --no-cache +Audit", page, re.MULTILINE)  # a flag takes no value
    jobs = " ".join(page[page.index("-j, --jobs") : page.index("--max-file-mb")].split())
    assert "the number of cores" in jobs and "[default" not in jobs
    assert "[0 to 100]" in page and "[at least 1]" in page
    assert _help(runner, "diff").startswith(
        "Usage: svcstd diff [OPTIONS] OLD.json NEW.json\n"
    )  # as its help names them


def test_pages_wrap_at_word_boundaries_within_the_width(runner) -> None:
    for lang in ("en", "zh"):
        page = _help(runner, "audit", env={"SVCSTD_LANG": lang})
        lines = page.splitlines()
        assert max(_columns(line) for line in lines) <= 80  # CliRunner's terminal width
        assert not [
            line for line in lines if re.match(r"\s+[，。；：、）」]", line)
        ]  # no line opens with closing punctuation
    english = " ".join(_help(runner, "audit").split())
    for key in ("opt_outputs", "opt_link_base", "opt_max_chars", "help_audit"):
        assert " ".join(MESSAGES.text(key, "en").split()) in english, key  # each text whole: no word cut


def test_wrap_breaks_between_words_and_chinese_characters() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("甲乙丙丁戊，己庚", 6) == ["甲乙丙", "丁戊，", "己庚"]  # 2 columns each; the comma stays
    assert wrap("see https://example.org/a/long/path now", 12) == ["see", "https://exam", "ple.org/a/lo", "ng/path now"]
    assert wrap("text", 20, ["[default: 5.0]", "[at least 1]"]) == ["text [default: 5.0]", "[at least 1]"]


def test_every_help_key_is_defined_and_every_defined_one_shown() -> None:
    root = typer.main.get_command(app)
    used = {"help_svcstd", "opt_help"}
    for path in _commands():
        command = root
        for name in path:
            command = command.commands[name]
        assert isinstance(command, HelpCommand | HelpGroup), path
        used.add(command.help)
        for param in command.params:
            key = param.help if param.help in MESSAGES else f"opt_{param.name}"
            assert key in MESSAGES, (path, param.name, param.help)
            used.add(key)
    used |= {f"opt_{param.name}" for param in root.params}
    defined = {key for key in MESSAGES._entries if key.startswith(("help_", "opt_"))}
    assert defined == used


def test_usage_errors_show_the_same_usage_line(runner) -> None:
    result = runner.invoke(app, ["audit"], prog_name="svcstd", env={"SVCSTD_LANG": "en"})
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: svcstd audit [OPTIONS] PATH...\n")
    result = runner.invoke(app, ["audit"], prog_name="svcstd", env={"SVCSTD_LANG": "zh"})
    assert result.stderr.startswith("用法：svcstd audit [选项] PATH...\n")


def test_shell_completion_describes_in_the_language(runner) -> None:
    def complete(words: str, lang: str) -> str:
        env = {"_SVCSTD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words, "SVCSTD_LANG": lang}
        return runner.invoke(app, [], prog_name="svcstd", env=env).stdout

    assert '"audit":"审计服务中心并写出评分报告。"' in complete("svcstd au", "zh")
    assert '"audit":"Audit centers and write scored reports."' in complete("svcstd au", "en")
    assert '"--ruleset":"规则集' not in complete("svcstd audit --ru", "zh")
    assert '"--ruleset":"ID、ID@VERSION' in complete("svcstd audit --ru", "zh")


# --- the command that runs is the only one built (a quicker cold start) -----------------


@pytest.mark.parametrize("path", [["audit"], ["rules", "list"], ["trend"]], ids=" ".join)
def test_a_narrowed_app_gives_the_same_help_as_the_whole(path: list[str]) -> None:
    whole = _help(CliRunner(), *path)
    with only_command(app, path):
        assert len(app.registered_commands) + len(app.registered_groups) == 1
        assert _help(CliRunner(), *path) == whole


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["audt"], []], ids=repr)
def test_the_whole_app_is_built_for_options_and_unknown_names(args: list[str]) -> None:
    whole = (list(app.registered_commands), list(app.registered_groups))
    with only_command(app, args):
        assert (app.registered_commands, app.registered_groups) == whole
        if args == ["audt"]:
            assert "Did you mean 'audit'?" in CliRunner().invoke(app, args, env=ENGLISH).output


def test_the_whole_app_is_built_for_shell_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_SVCSTD_COMPLETE", "complete_bash")
    with only_command(app, ["audit"]):
        assert len(app.registered_commands) > 1


def test_the_app_is_whole_again_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = (list(app.registered_commands), list(app.registered_groups))
    monkeypatch.setattr("sys.argv", ["svcstd", "schema", "--help"])
    with pytest.raises(SystemExit) as done:
        svcstd.cli.main()
    assert done.value.code == 0
    assert (app.registered_commands, app.registered_groups) == whole


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_format_option_lists_every_registered_format(lang: str) -> None:
    from svcstd.report import FORMATS

    text = MESSAGES.text("opt_formats", lang)
    assert [name for name in FORMATS if name in text] == list(FORMATS)
