"""Tests for svcstd.loader: positions, YAML 1.1 surprises, center folders, and every bad input."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from svcstd.centerfiles import find_centers, load_center
from svcstd.document import Document, escape_token
from svcstd.errors import InputError, Location, Problem
from svcstd.loader import Limits, load_yaml, load_yaml_text

CENTER = """\
svcstd: "1"
center:
  id: jinzhong
  name: {zh: 晋中, en: Jinzhong}
  hours:
    weekdays: "09:00"
processes:
  - id: "0001"
    steps: [受理, 审查]
    fee:
      amount: 0
  -   id: "0002"
"""


def load(text: str, **limits: int) -> Document:
    return load_yaml_text(text, source="c.yaml", limits=Limits(**limits))


def problem_of(call: Any, *args: Any, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    [problem] = caught.value.problems
    return problem


def text_problem(text: str, **limits: int) -> Problem:
    return problem_of(load, text, **limits)


def check(problem: Problem, line: int, column: int, *words: str, file: str = "c.yaml") -> None:
    assert problem.location.file == file
    assert (problem.location.line, problem.location.column) == (line, column)
    english = problem.message.render("en")
    for word in words:
        assert word in english
    assert problem.message.render("zh") != english


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# Data and positions --------------------------------------------------------------------------


def test_positions_of_nested_values() -> None:
    document = load(CENTER)
    where = {ptr: (loc.line, loc.column) for ptr, loc in document.positions.items()}
    assert where[""] == (1, 1)
    assert where["/svcstd"] == (1, 9)
    assert where["/center"] == (2, 1)  # a mapping value sits at its key
    assert where["/center/id"] == (3, 7)
    assert where["/center/name"] == (4, 3)
    assert where["/center/name/zh"] == (4, 14)  # columns count characters, not bytes
    assert where["/center/name/en"] == (4, 22)
    assert where["/processes/0"] == (8, 5)  # a list item sits at its own start
    assert where["/processes/0/steps"] == (9, 5)
    assert where["/processes/0/steps/1"] == (9, 17)
    assert where["/processes/0/fee/amount"] == (11, 15)
    assert where["/processes/1"] == (12, 7)
    assert document.data["processes"][0]["steps"] == ["受理", "审查"]
    assert document.source == "c.yaml"


def test_pointers_are_escaped() -> None:
    document = load("a/b:\n  x~y: 1\n")
    assert document.data == {"a/b": {"x~y": 1}}
    assert (document.positions["/a~1b/x~0y"].line, document.positions["/a~1b/x~0y"].column) == (
        2,
        8,
    )


def test_yaml_11_keys_stay_text() -> None:
    assert load("no: 1\non: 2\n1: 3\nnull: 4\n").data == {"no": 1, "on": 2, "1": 3, "null": 4}


def test_raw_text_of_values_yaml_resolved_to_non_strings() -> None:
    document = load("a: no\nb: 010\nc: 1:20\nd: 'no'\ne: text\nf: 0x1F\ng: 0o17\nh: ~\ni:\n")
    assert document.data == {
        "a": False,
        "b": 8,
        "c": 80,
        "d": "no",
        "e": "text",
        "f": 31,
        "g": "0o17",  # YAML 1.1, like SafeLoader: only a leading 0 means octal
        "h": None,
        "i": None,
    }
    assert document.raw == {"/a": "no", "/b": "010", "/c": "1:20", "/f": "0x1F", "/h": "~"}


def test_dates_become_iso_strings() -> None:
    document = load("d: 2026-10-01\nt: 2026-10-01 09:30:00\nq: '2026-10-01'\n")
    assert document.data == {"d": "2026-10-01", "t": "2026-10-01T09:30:00", "q": "2026-10-01"}
    assert document.raw["/t"] == "2026-10-01 09:30:00"


def test_aliases_are_expanded_with_positions() -> None:
    document = load("base: &b {x: 1}\nother: *b\nlist: [*b, *b]\n")
    assert document.data == {"base": {"x": 1}, "other": {"x": 1}, "list": [{"x": 1}, {"x": 1}]}
    assert document.positions["/other"].line == 2
    assert document.positions["/list/1/x"].line == 1


def test_node_bound_counts_alias_expansion_only() -> None:
    assert len(load("[" + ", ".join("x" * 50) + "]", max_nodes=10).data) == 50


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", codecs.BOM_UTF8 + "名称: 中心\n".encode())
    document = load_yaml(path)
    assert document.data == {"名称": "中心"}
    assert (document.positions["/名称"].line, document.positions["/名称"].column) == (1, 5)
    assert load_yaml_text("\ufeffa: 1\n", source="s").data == {"a": 1}


identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True)
# PyYAML itself does not round-trip NEL (U+0085): safe_dump('\x85') reads back as ' '.
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x85"))
scalars = st.none() | st.booleans() | st.integers() | texts
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(identifiers, children, max_size=4),
    max_leaves=12,
)


def pointers(value: Any, ptr: str = "") -> list[str]:
    found = [ptr]
    if isinstance(value, dict):
        for key, child in value.items():
            found += pointers(child, f"{ptr}/{escape_token(key)}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += pointers(child, f"{ptr}/{index}")
    return found


@settings(max_examples=60, deadline=None)
@given(trees)
def test_round_trip_with_positions(original: Any) -> None:
    text = yaml.safe_dump(original, sort_keys=False, allow_unicode=True)
    document = load_yaml_text(text, source="gen.yaml")
    assert document.data == original
    line_count = len(text.splitlines())
    for ptr in pointers(original):
        assert 1 <= document.positions[ptr].line <= line_count


keys_with_escapes = st.from_regex(r"[a-z~/]{1,4}", fullmatch=True)
raw_scalars = st.sampled_from(["yes", "no", "010", "0x1F", "1:20", "12", "true", "~", "2026-10-01", "1.5", "text"])
raw_trees = st.recursive(
    raw_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys_with_escapes, children, max_size=3),
    max_leaves=10,
)


def _dump_plain(value: Any, indent: str = "") -> str:
    """YAML with every scalar written plain, so YAML resolves the spellings itself."""
    if isinstance(value, dict) and value:
        return "".join(f"{indent}{key}:\n{_dump_plain(child, indent + '  ')}" for key, child in value.items())
    if isinstance(value, list) and value:
        return "".join(f"{indent}-\n{_dump_plain(child, indent + '  ')}" for child in value)
    empty = "{}" if isinstance(value, dict) else "[]"
    return f"{indent}{empty if isinstance(value, dict | list) else value}\n"


@settings(max_examples=80, deadline=None)
@given(raw_trees)
def test_positions_looked_up_agree_with_the_whole_table(original: Any) -> None:
    # The loader's tables are looked up in the node graph one pointer at a time; iterating
    # one walks the graph. Both must give the same entries, for every value and no other.
    document = load_yaml_text(_dump_plain(original), source="gen.yaml")
    wanted = pointers(document.data)
    for table in (document.positions, document.keys, document.raw):
        whole = dict(table.items())
        assert set(whole) <= set(wanted)
        for ptr in wanted:
            assert table.get(ptr) == whole.get(ptr)
            assert (ptr in table) == (ptr in whole)
        for ptr in wanted:  # one past the end of a list, a key no mapping has, no index of RFC 6901
            for probe in ("/99", "/absent", "/00", "/01", "/\u0661", "/+1"):
                assert table.get(ptr + probe) is None
    assert set(document.positions) == set(wanted)
    assert set(document.ambiguous or {}) <= set(document.raw)


process_lists = st.lists(st.lists(raw_trees, max_size=3), max_size=3)


@settings(max_examples=60, deadline=None)
@given(st.none() | st.lists(raw_trees, max_size=2), process_lists)
def test_a_folder_centers_tables_are_its_files_tables_moved_under_processes(
    tmp_path_factory: pytest.TempPathFactory, inline: list[Any] | None, files: list[list[Any]]
) -> None:
    # Looked up through the files' own tables, they must be what copying each file's
    # table under /processes/N (offset by the items before it) gives.
    folder = tmp_path_factory.mktemp("center")
    own = {"center": {"id": "c"}, **({"processes": inline} if inline is not None else {})}
    (folder / "center.yaml").write_text(_dump_plain(own), encoding="utf-8")
    (folder / "processes").mkdir()
    for number, items in enumerate(files):
        (folder / "processes" / f"{number}.yaml").write_text(_dump_plain(items), encoding="utf-8")
    document = load_center(folder)
    center = load_yaml_text(_dump_plain(own), source=str(folder / "center.yaml"))
    offset = len(inline or [])
    expected = {kind: dict(getattr(center, kind)) for kind in ("positions", "raw", "keys", "ambiguous")}
    if inline is None and files:
        expected["positions"]["/processes"] = Location(str(folder / "processes" / "0.yaml"), 1, 1)
    for number, items in enumerate(files):
        part = load_yaml_text(_dump_plain(items), source=str(folder / "processes" / f"{number}.yaml"))
        for kind, table in expected.items():
            for ptr, value in getattr(part, kind).items():
                if ptr:
                    index, slash, rest = ptr[1:].partition("/")
                    table[f"/processes/{int(index) + offset}{slash}{rest}"] = value
        offset += len(items)
    for kind, whole in expected.items():
        table = getattr(document, kind)
        assert dict(table.items()) == whole and len(table) == len(whole)
        for ptr in [*pointers(document.data), "/processes/01", "/processes/99/x", "/processes/-1"]:
            assert table.get(ptr) == whole.get(ptr)
            assert (ptr in table) == (ptr in whole)


def test_ambiguous_spellings_are_those_yaml_12_may_read_otherwise() -> None:
    document = load_yaml_text("a: yes\nb: 010\nc: 1:20\nd: 0x1F\ne: true\nf: 12\ng: 2026-10-01\nh: '010'\n", source="s")
    assert document.ambiguous == {"/a": "yes", "/b": "010", "/c": "1:20", "/d": "0x1F"}
    assert set(document.raw) == {"/a", "/b", "/c", "/d", "/e", "/f", "/g"}


# Bad YAML ------------------------------------------------------------------------------------


def test_duplicate_key_names_the_first() -> None:
    problem = text_problem("center:\n  id: a\n  name: b\n  id: c\n")
    check(problem, 4, 3, "duplicate key 'id'", "line 2")
    assert problem.pointer == "/center/id"


def test_merge_key_is_refused() -> None:
    check(text_problem("base: &b {x: 1}\nc:\n  <<: *b\n"), 3, 3, "merge key")


def test_non_scalar_key_is_refused() -> None:
    check(text_problem("a: 1\n? [x, y]\n: 2\n"), 2, 3, "key")


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {x, y}", "!!set"),
        ("!custom 1", "!custom"),
        ("!!str {x: 1}", "!!str"),
    ],
)
def test_tags_are_refused(value: str, tag: str) -> None:
    check(text_problem(f"a:\n  b: {value}\n"), 2, 6, f"tag '{tag}'", "not allowed")


def test_bad_value_for_tag() -> None:
    check(text_problem("a: [1, !!int abc]\n"), 1, 8, "'abc'", "int")


def test_impossible_date() -> None:
    check(text_problem("reviewed: 2026-13-45\n"), 1, 11, "'2026-13-45'", "timestamp")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf"])
def test_non_finite_numbers_are_refused(value: str) -> None:
    check(text_problem(f"a: 1\nb: {value}\n"), 2, 4, value, "finite")


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefg", "abcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    check(text_problem("\n".join(lines) + "\n", max_nodes=1000), 1, 4, "1000", "alias")


def test_recursive_alias_is_refused() -> None:
    check(text_problem("a: 1\nb: &b [1, [2, *b]]\n"), 2, 4, "alias")


def test_deep_nesting_is_refused() -> None:
    check(text_problem("a: " + "[" * 70 + "]" * 70 + "\n"), 1, 67, "64")


def test_very_deep_nesting_does_not_crash_the_parser() -> None:
    check(text_problem("- " * 200_000 + "x\n"), 1, 129, "64")


def test_deep_nesting_through_aliases_is_refused() -> None:
    text = "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    check(text_problem(text), 1, 40, "64")


def test_syntax_error_is_positioned() -> None:
    problem = text_problem("a: 1\nb: [1, 2\nc: 3\n")
    check(problem, 3, 2, "YAML syntax error", "while parsing a flow sequence")


def test_unclosed_quote() -> None:
    check(text_problem('a: "open\n\n'), 3, 1, "end of stream", "quoted scalar, line 1")


def test_undefined_alias() -> None:
    check(text_problem("a: *nowhere\n"), 1, 4, "undefined alias")


def test_control_character_is_refused() -> None:
    check(text_problem("a: 1\nb: x\x07y\n"), 2, 5, "U+0007")


def test_second_document_is_refused() -> None:
    check(text_problem("a: 1\n---\nb: 2\n"), 2, 1, "second YAML document")


@pytest.mark.parametrize("text", ["", "\n  \n", "# only a comment\n\n# another\n"])
def test_empty_text_is_refused(text: str) -> None:
    check(text_problem(text), 1, 1, "empty")


# Bad files -----------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "# nothing yet\n")
    check(problem_of(load_yaml, path), 1, 1, "empty", file=str(path))


def test_large_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "a: " + "x" * 200 + "\n")
    problem = problem_of(load_yaml, path, limits=Limits(max_bytes=100))
    check(problem, 1, 1, "100 bytes", "--max-file-mb", file=str(path))


def test_large_text_is_refused() -> None:
    check(text_problem("a: " + "x" * 200 + "\n", max_bytes=100), 1, 1, "100 bytes")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    ],
)
def test_wide_encodings_are_refused(tmp_path: Path, bom: bytes, codec: str, name: str) -> None:
    path = write(tmp_path / "c.yaml", bom + "a: 1\n".encode(codec))
    check(problem_of(load_yaml, path), 1, 1, name, "save the file as UTF-8", file=str(path))


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "a: 1\n".encode("utf-16-be"))  # the NUL bytes give it away
    check(problem_of(load_yaml, path), 1, 1, "U+0000", "UTF-8", file=str(path))


@pytest.mark.parametrize(
    ("tail", "column", "byte"), [("中心".encode() + b"\xff\xfe", 9, "0xFF"), ("中心".encode("gbk"), 7, "0xD6")]
)
def test_invalid_utf8_is_positioned(tmp_path: Path, tail: bytes, column: int, byte: str) -> None:
    path = write(tmp_path / "c.yaml", b"a: 1\nname: " + tail + b"\n")
    check(problem_of(load_yaml, path), 2, column, byte, "save the file as UTF-8", file=str(path))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    check(problem_of(load_yaml, path), 1, 1, "cannot read", file=str(path))


def test_folder_is_not_a_yaml_file(tmp_path: Path) -> None:
    check(problem_of(load_yaml, tmp_path), 1, 1, "is a folder, not a file", file=str(tmp_path))


# Centers -------------------------------------------------------------------------------------


def test_center_file(tmp_path: Path) -> None:
    path = write(tmp_path / "jinzhong.yaml", CENTER)
    document = load_center(path)
    assert document.source == str(path)
    assert document.data["center"]["id"] == "jinzhong"
    assert document.positions["/center/id"].file == str(path)


def test_center_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "- a\n- b\n")
    check(problem_of(load_center, path), 1, 1, "mapping", file=str(path))


def test_center_folder_merges_processes_in_file_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "jinzhong"
    write(folder / "center.yaml", 'svcstd: "1"\ncenter: {id: x}\nprocesses:\n  - id: p0\n')
    write(folder / "processes" / "b.yaml", "- id: b0\n  online: no\n- id: b1\n")
    write(folder / "processes" / "a.yaml", "# first by name\n- id: a0\n")
    write(folder / "processes" / "c.yaml", "")
    write(folder / "processes" / "d.yaml", "[]\n")
    write(folder / "processes" / "notes.txt", "not yaml: [")
    document = load_center(folder)
    assert document.source == str(folder)
    assert [process["id"] for process in document.data["processes"]] == ["p0", "a0", "b0", "b1"]

    def where(ptr: str) -> tuple[str, int, int]:
        location = document.positions[ptr]
        return Path(location.file).name, location.line, location.column

    assert where("/processes/0/id") == ("center.yaml", 4, 9)
    assert where("/processes/1/id") == ("a.yaml", 2, 7)
    assert where("/processes/2") == ("b.yaml", 1, 3)
    assert where("/processes/2/online") == ("b.yaml", 2, 11)
    assert where("/processes/3/id") == ("b.yaml", 3, 7)
    assert document.positions["/processes/1"].file == str(folder / "processes" / "a.yaml")
    assert document.raw == {"/processes/2/online": "no"}


def test_center_folder_without_processes_key(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write(folder / "center.yaml", 'svcstd: "1"\n')
    write(folder / "processes" / "all.yaml", "- id: a\n")
    document = load_center(folder)
    assert document.data["processes"] == [{"id": "a"}]
    assert document.positions["/processes"].file == str(folder / "processes" / "all.yaml")


def test_center_folder_needs_center_yaml(tmp_path: Path) -> None:
    write(tmp_path / "processes" / "a.yaml", "- id: a\n")
    check(problem_of(load_center, tmp_path), 1, 1, "center.yaml", str(tmp_path), file=str(tmp_path))


def test_center_processes_must_be_a_list(tmp_path: Path) -> None:
    write(tmp_path / "center.yaml", 'svcstd: "1"\nprocesses:\n  id: a\n')
    write(tmp_path / "processes" / "a.yaml", "- id: b\n")
    problem = problem_of(load_center, tmp_path)
    check(problem, 2, 1, "'processes' must be a list", file=str(tmp_path / "center.yaml"))


def test_processes_file_must_be_a_list(tmp_path: Path) -> None:
    write(tmp_path / "center.yaml", 'svcstd: "1"\n')
    path = write(tmp_path / "processes" / "a.yaml", "id: b\n")
    check(problem_of(load_center, tmp_path), 1, 1, "list of processes", file=str(path))


def test_error_in_processes_file_names_that_file(tmp_path: Path) -> None:
    write(tmp_path / "center.yaml", 'svcstd: "1"\n')
    path = write(tmp_path / "processes" / "a.yaml", "- id: a\n  id: b\n")
    check(problem_of(load_center, tmp_path), 2, 3, "duplicate key 'id'", file=str(path))


# Finding centers -----------------------------------------------------------------------------


def test_find_centers(tmp_path: Path) -> None:
    write(tmp_path / "b-county.yaml", '# county\nsvcstd: "1"\ncenter: {id: b}\n')
    write(tmp_path / "a-city" / "center.yaml", "center: {}\n")
    write(tmp_path / "a-city" / "nested.yaml", 'svcstd: "1"\n')  # inside a center: not walked
    write(tmp_path / "region" / "c.yml", '\ufeffsvcstd: "1"\n')
    write(tmp_path / "region" / "ruleset.yaml", "rules: []\n  svcstd: 1\n")
    write(tmp_path / ".hidden" / "d.yaml", 'svcstd: "1"\n')
    loose = write(tmp_path / "loose.txt", "anything")
    found = find_centers([tmp_path, loose, tmp_path / "a-city"])
    assert found == sorted([tmp_path / "a-city", tmp_path / "b-county.yaml", tmp_path / "region" / "c.yml", loose])


def test_find_centers_folder_with_center_yaml(tmp_path: Path) -> None:
    write(tmp_path / "center.yaml", "center: {}\n")
    write(tmp_path / "sub" / "center.yaml", "center: {}\n")
    assert find_centers([tmp_path]) == [tmp_path]


def test_find_centers_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "absent"
    check(problem_of(find_centers, [path]), 1, 1, "does not exist", file=str(path))


def test_find_centers_empty_folder(tmp_path: Path) -> None:
    write(tmp_path / "notes.yaml", "title: not a center\n")
    problem = problem_of(find_centers, [tmp_path])
    check(problem, 1, 1, f"no center descriptions found in {tmp_path}", "svcstd:", file=str(tmp_path))
