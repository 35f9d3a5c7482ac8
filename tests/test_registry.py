"""The one lookup by name: an unknown name is an input error naming the nearest entries."""

from __future__ import annotations

import pytest

from svcstd.errors import InputError, Location
from svcstd.registry import Registry, nearest

COLOURS = Registry({"zh": "颜色", "en": "colour"}, {"red": 1, "green": 2, "blue": 3}, aliases={"crimson": "red"})


def test_get_finds_names_and_aliases() -> None:
    assert COLOURS.get("green") == 2
    assert COLOURS.get("crimson") == 1
    assert "crimson" in COLOURS and "pink" not in COLOURS
    assert COLOURS.names() == ["red", "green", "blue"]
    assert COLOURS.find("pink") is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "--colour: no colour gren (did you mean green?); known: red, green, blue"),
        ("zh", "--colour: 没有颜色 gren（是否想用 green？）；可用：red, green, blue"),
    ],
)
def test_an_unknown_name_names_the_nearest(lang: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        COLOURS.get("gren", where=Location.argument("--colour"))
    assert caught.value.render(lang) == expected


def test_nothing_near_means_no_suggestion() -> None:
    with pytest.raises(InputError) as caught:
        COLOURS.get("zzzzzz")
    assert "did you mean" not in caught.value.render("en")
    assert nearest("zzzzzz", ["red"]) == []


def test_a_long_registry_lists_a_few_names() -> None:
    many = Registry("thing", {f"t{i:03d}": i for i in range(50)})
    with pytest.raises(InputError) as caught:
        many.get("x")
    assert caught.value.render("en").endswith("t019, …")


# --- output formats: one registry entry each ----------------------------------------


@pytest.mark.parametrize(
    ("option", "lang", "expected"),
    [
        (["-f", "jsn"], "en", "'jsn' is not one of 'table', 'json', 'markdown', 'html', 'sarif', 'junit', 'summary', 'xlsx'. (did you mean json?)"),
        (["-f", "jsn"], "zh", "'jsn' 不是可选值之一（'table', 'json', 'markdown', 'html', 'sarif', 'junit', 'summary', 'xlsx'）（是否想用 json？）"),
        (["--model", "flatt"], "en", "'flatt' is not one of 'points', 'default', 'flat', 'flat-unweighted', 'absolute'. (did you mean flat?)"),
        (["--model", "flatt"], "zh", "'flatt' 不是可选值之一（'points', 'default', 'flat', 'flat-unweighted', 'absolute'）（是否想用 flat？）"),
    ],
)  # fmt: skip
def test_an_unknown_format_or_model_is_a_usage_error_naming_the_nearest(
    runner, option: list[str], lang: str, expected: str
) -> None:
    from svcstd.cli import app

    result = runner.invoke(app, ["audit", "examples", *option, "--lang", lang])
    assert result.exit_code == 2
    assert result.stderr.endswith(expected + "\n")
    assert "Traceback" not in result.output


def test_a_format_is_known_by_its_name_and_its_extension() -> None:
    from svcstd.report import FORMATS, format_of

    assert FORMATS.suggestion("markdwn") is not None and FORMATS.suggestion("zzz") is None
    assert [format_of(suffix) for suffix in (".MD", ".xml", ".yaml")] == ["markdown", "junit", None]
    assert [name for name, entry in FORMATS.items() if entry.streams] == ["json", "markdown", "html", "sarif", "junit"]
    assert [name for name, entry in FORMATS.items() if entry.site] == ["html"]


def test_the_format_registry_imports_no_renderer() -> None:
    """Renderers are imported when first used: knowing the formats loads none of them, nor
    Jinja2, xlsxwriter or rich (checked in a fresh interpreter, as a run starts)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from svcstd.report import FORMATS, format_of\n"
        "assert FORMATS.get('json').streams and format_of('.xlsx') == 'xlsx'\n"
        "heavy = ('jinja2', 'xlsxwriter', 'rich', 'svcstd.report.json_report', 'svcstd.report.html')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
