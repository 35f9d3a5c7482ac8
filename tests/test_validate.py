"""Tests for svcstd.validate: schema shape, positioned bilingual messages, ids and references.

Most cases are data: tests/data/schema/positive/ holds descriptions that must validate
clean; each file in tests/data/schema/negative/ states the problems it must produce in
header comments, one ``# expect: LINE:COLUMN <part of the en message>`` per problem in
order, each optionally followed by ``# hint: <part of the en hint>``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from svcstd.centerfiles import load_center
from svcstd.document import Document, pointer
from svcstd.errors import Problem
from svcstd.loader import load_yaml_text
from svcstd.schema import center_schema
from svcstd.validate import center_validator, validate_center

DATA = Path(__file__).parent / "data" / "schema"
POSITIVE = sorted((DATA / "positive").iterdir())
NEGATIVE = sorted((DATA / "negative").glob("*.yaml"))
DESIGN_EXAMPLE = DATA / "positive" / "design-example.yaml"

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (.+)$")
HINT = re.compile(r"^# hint: (.+)$")

MINIMAL = """\
svcstd: "1"
center: {id: jinzhong-city, name: 晋中市政务服务中心, level: city}
"""


@dataclass
class Expected:
    line: int
    column: int
    message: str
    hint: str | None = None


def expectations(path: Path) -> list[Expected]:
    expected: list[Expected] = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if match := EXPECT.match(text):
            line, column, message = match.groups()
            expected.append(Expected(int(line), int(column), message))
        elif match := HINT.match(text):
            expected[-1].hint = match[1]
    return expected


def validate_text(text: str) -> list[Problem]:
    return validate_center(load_yaml_text(text, source="center.yaml"))


def english(problems: list[Problem]) -> list[str]:
    return [problem.render("en") for problem in problems]


# --- data-driven cases --------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(center_schema())


@pytest.mark.parametrize("path", POSITIVE, ids=lambda path: path.name)
def test_positive_descriptions_validate_clean(path: Path) -> None:
    assert english(validate_center(load_center(path))) == []


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda path: path.stem)
def test_negative_descriptions_report_exactly_the_expected_problems(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no '# expect:' line"
    problems = validate_center(load_center(path))
    assert len(problems) == len(expected), english(problems)
    for want, problem in zip(expected, problems, strict=True):
        shown = problem.render("en")
        assert (problem.location.line, problem.location.column) == (want.line, want.column), shown
        assert problem.location.file == str(path)
        assert want.message in problem.message.render("en"), shown
        if want.hint is not None:
            assert problem.hint is not None, shown
            assert want.hint in problem.hint.render("en"), shown


def test_every_problem_has_a_pointer() -> None:
    for path in NEGATIVE:
        for problem in validate_center(load_center(path)):
            assert problem.pointer is not None, problem
            assert problem.pointer == "" or problem.pointer.startswith("/"), problem


# --- messages -----------------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest_key_in_both_languages() -> None:
    [problem] = validate_text(MINIMAL + "organization:\n  lead_agncy: 晋中市行政审批服务管理局\n")
    assert problem.pointer == "/organization/lead_agncy"
    assert problem.message.render("en") == "unknown key 'lead_agncy' in /organization"
    assert problem.message.render("zh") == "/organization 中有未知的键 'lead_agncy'"
    assert problem.hint is not None
    assert problem.hint.render("en") == ("did you mean 'lead_agency'? Keys starting with x- are free extensions.")
    assert problem.hint.render("zh") == "是否想写 'lead_agency'？以 x- 开头的键可自由扩展。"


def test_yaml_hint_is_given_only_when_quoting_would_help() -> None:
    # `yes` quoted is still not a number: no quoting advice, only the type problem.
    [problem] = validate_text(MINIMAL + "processes:\n  - {id: P1, name: X, promised_days: yes}\n")
    assert problem.message.render("en") == "expected number, got boolean true"
    assert problem.hint is None


def test_a_yaml_boolean_in_an_enumeration_gets_the_hint_and_the_allowed_values() -> None:
    problems = validate_text(MINIMAL.replace("level: city", "level: off"))
    assert [p.message.render("en") for p in problems] == [
        "expected string, got boolean false",
        "false is not one of: province, city, county, township, village",
    ]
    assert [p.hint and p.hint.render("en") for p in problems] == [
        'YAML read `off` as false; put it in quotes: "off"',
        None,
    ]


def test_region_code_written_bare_is_explained() -> None:
    [problem] = validate_text(MINIMAL.replace("level: city", "level: city, region_code: 140700"))
    assert problem.hint is not None
    assert problem.hint.render("en") == 'YAML read `140700` as 140700; put it in quotes: "140700"'
    assert problem.hint.render("zh") == 'YAML 把 `140700` 读成了 140700；请加引号："140700"'


def test_all_problems_are_reported_at_once_and_sorted() -> None:
    text = (
        'svcstd: "1"\n'
        "center: {id: Bad, name: X, level: city, colour: red}\n"
        "processes:\n"
        "  - {id: P1, name: X, department: nowhere}\n"
        "  - {id: P1, name: X, online: partly}\n"
    )
    problems = validate_text(text)
    positions = [(p.location.line, p.location.column) for p in problems]
    assert positions == sorted(positions)
    assert [p.pointer for p in problems] == [
        "/center/id",
        "/center/colour",
        "/processes/0/department",
        "/processes/1/id",
        "/processes/1/online",
    ]


def test_a_missing_top_level_key_points_at_the_start_of_the_file() -> None:
    [problem] = validate_text("center: {id: x, name: X, level: city}\n")
    assert problem.pointer == ""
    assert (problem.location.line, problem.location.column) == (1, 1)
    assert problem.message.render("zh") == "缺少必需的顶层键 'svcstd'"


# --- x- extensions and closed objects -----------------------------------------------------


def objects(node: Any, tokens: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The tokens of every mapping in ``node``, the root included."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(node, dict):
        found.append(tokens)
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        return found
    for token, child in children:
        found.extend(objects(child, (*tokens, token)))
    return found


def design_example_with_key_everywhere(key: str) -> tuple[Document, list[str]]:
    """The DESIGN example with ``key`` added to every mapping (localized names included)."""
    doc = load_center(DESIGN_EXAMPLE)
    data = copy.deepcopy(doc.data)
    data["center"]["name"] = {"zh": "晋中市政务服务中心", "en": "Jinzhong"}
    added = []
    for tokens in objects(data):
        node = data
        for token in tokens:
            node = node[token]
        node[key] = {"note": "free"}
        added.append(pointer((*tokens, key)))
    return Document(data, doc.source, doc.positions, doc.raw), added


def test_x_keys_are_free_at_every_level() -> None:
    doc, added = design_example_with_key_everywhere("x-note")
    assert len(added) >= 30
    assert english(validate_center(doc)) == []


def test_every_other_unknown_key_is_reported_at_its_own_pointer() -> None:
    doc, added = design_example_with_key_everywhere("note")
    assert sorted(p.pointer or "" for p in validate_center(doc)) == sorted(added)


# --- ids and references -------------------------------------------------------------------


def test_duplicate_in_another_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "center.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "processes").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "processes" / name).write_text('- {id: "P1", name: X}\n', encoding="utf-8")
    [problem] = validate_center(load_center(tmp_path))
    first = tmp_path / "processes" / "a.yaml"
    assert problem.location.file == str(tmp_path / "processes" / "b.yaml")
    assert problem.pointer == "/processes/1/id"
    assert problem.message.render("en") == (f'duplicate id "P1" in processes, first used at {first}:1:8')


REFERENCE_CASES = {
    "/processes/0/department": "processes:\n  - {id: P1, name: X, department: tx}\n",
    "/processes/0/windows/0": "processes:\n  - {id: P1, name: X, windows: [W2]}\n",
    "/organization/windows/0/departments/0": ("organization:\n  windows: [{id: W2, departments: [tx]}]\n"),
    "/organization/digital/platform/connected_departments/0": (
        "organization:\n  digital: {platform: {connected_departments: [tx]}}\n"
    ),
    "/staffing/staff/0/department": "staffing:\n  staff: [{id: S1, department: tx}]\n",
    "/staffing/staff/0/window": "staffing:\n  staff: [{id: S1, window: W2}]\n",
    "/staffing/staff/0/backup": "staffing:\n  staff: [{id: S1, backup: S2}]\n",
}


@pytest.mark.parametrize("ptr", REFERENCE_CASES)
def test_every_reference_kind_is_checked(ptr: str) -> None:
    [problem] = validate_text(MINIMAL + REFERENCE_CASES[ptr])
    assert problem.pointer == ptr
    assert re.fullmatch(r'"(tx|W2|S2)" is not an id in [a-z.]+', problem.message.render("en"))


def test_references_resolve_when_the_ids_exist() -> None:
    text = MINIMAL + (
        "organization:\n"
        "  departments: [{id: tax, name: 税务局}]\n"
        "  windows: [{id: W2, departments: [tax]}]\n"
        "  digital: {platform: {connected_departments: [tax]}}\n"
        "processes:\n  - {id: P1, name: X, department: tax, windows: [W2]}\n"
        "staffing:\n"
        "  staff: [{id: S1, department: tax, window: W2, backup: S2}, {id: S2, backup: S1}]\n"
    )
    assert validate_text(text) == []


def test_reference_checks_skip_ill_typed_parts() -> None:
    text = MINIMAL + (
        "organization:\n  departments: {id: tax}\n  windows: [{id: W1}]\n"
        "processes:\n  - {id: P1, name: X, department: tax, windows: [[W1]]}\n"
    )
    problems = validate_text(text)
    assert [p.pointer for p in problems] == ["/organization/departments", "/processes/0/windows/0"]
    assert [p.message.render("en").split(",")[0] for p in problems] == [
        "expected list",
        "expected string",
    ]


# --- the compiled validity check agrees with jsonschema ------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["2026-02-30", "2026-10-01", "city", "W01", "x-note", "full"]),
)  # fmt: skip


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [path, *(leaf for key, value in data.items() for leaf in _leaves(value, (*path, key)))]
    if isinstance(data, list):
        return [path, *(leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index)))]
    return [path]


EXAMPLE_DATA = load_center(DESIGN_EXAMPLE).data
EXAMPLE_LEAVES = _leaves(EXAMPLE_DATA)[1:]


@pytest.mark.parametrize("path", [*POSITIVE, *NEGATIVE], ids=lambda path: path.name)
def test_compiled_check_agrees_with_jsonschema_on_the_cases(path: Path) -> None:
    data = load_center(path).data
    assert center_validator().is_valid(data) == center_validator().validator.is_valid(data)


@settings(max_examples=200, deadline=None)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(EXAMPLE_LEAVES) - 1), st.one_of(SCALARS, st.just("__delete__"))),
        min_size=1,
        max_size=3,
    )
)
def test_compiled_check_agrees_with_jsonschema_on_changed_centers(changes: list[tuple[int, Any]]) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    for index, value in changes:
        *parents, last = EXAMPLE_LEAVES[index]
        try:
            parent = data
            for key in parents:
                parent = parent[key]
            if value == "__delete__" and isinstance(parent, dict):
                del parent[last]
            else:
                parent[last] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    assert center_validator().is_valid(data) == center_validator().validator.is_valid(data)
