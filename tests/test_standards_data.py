"""The bundled standards (standards/<id>/<version>/standard.yaml) are well-formed data:
valid against the standard schema, with unique clause numbers in document order, and
every clause citing sources the standard lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from svcstd.loader import load_yaml
from svcstd.schema import load_schema

STANDARDS = Path(__file__).resolve().parents[1] / "standards"
STANDARD_FILES = sorted(STANDARDS.glob("*/*/standard.yaml"))

# The clause outline that rulesets for cn-gsc 1.0 cite: every number, in document order.
# Chapters (4, 5, ...) are the areas; (M) clauses are judged by a person.
CN_GSC_1_0_CLAUSES = [
    "4.1", "4.2", "4.3", "4.4",
    "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4",
    "5.2", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7",
    "5.3", "5.3.1",
    "5.4", "5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.5",
    "5.5", "5.5.1", "5.5.2", "5.5.3",
    "6.1", "6.1.1", "6.1.2", "6.1.3",
    "6.2", "6.2.1", "6.2.2", "6.2.3", "6.2.4",
    "6.3", "6.3.1", "6.3.2",
    "6.4", "6.4.1", "6.4.2", "6.4.3", "6.4.4",
    "6.5", "6.5.1", "6.5.2", "6.5.3", "6.5.4",
    "7.1", "7.2", "7.3", "7.4", "7.4.1", "7.4.2", "7.4.3", "7.5", "7.6",
    "8.1", "8.2", "8.3", "8.4", "8.5", "8.6",
    "9.1", "9.2", "9.2.1", "9.2.2", "9.2.3", "9.2.4", "9.2.5",
    "9.3", "9.3.1", "9.3.2", "9.3.3", "9.3.4", "9.3.5", "9.3.6", "9.4",
    "10.1", "10.2", "10.3", "10.4", "10.4.1", "10.4.2", "10.4.3", "10.4.4", "10.5",
    "11.1", "11.2", "11.3", "11.4",
]  # fmt: skip
CN_GSC_1_0_AREAS = ["4", "5", "6", "7", "8", "9", "10", "11"]
CN_GSC_1_0_MANUAL = ["4.1", "4.2", "4.3", "4.4", "5.4.5", "5.5.3", "8.6", "10.2"]
CN_GSC_1_1_ADDED = ["6.4.5", "7.2.1", "9.3.7", "10.4.5"]


def load_standard(path: Path) -> dict[str, Any]:
    return load_yaml(path).data


def clauses(standard: dict[str, Any]) -> list[dict[str, Any]]:
    return [clause for area in standard["areas"] for clause in area["clauses"]]


def clause_numbers(standard: dict[str, Any]) -> list[str]:
    return [clause["number"] for clause in clauses(standard)]


def number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def cn_gsc(version: str) -> dict[str, Any]:
    path = STANDARDS / "cn-gsc" / version / "standard.yaml"
    assert path.is_file(), f"{path} is missing"
    return load_standard(path)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = load_schema("standard")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_bundled_standards_are_found() -> None:
    found = {path.relative_to(STANDARDS).parent.as_posix() for path in STANDARD_FILES}
    assert {"cn-gsc/1.0", "cn-gsc/1.1"} <= found


standard_files = pytest.mark.parametrize(
    "path", STANDARD_FILES, ids=[path.relative_to(STANDARDS).parent.as_posix() for path in STANDARD_FILES]
)


@standard_files
def test_standard_matches_the_schema(path: Path, validator: Draft202012Validator) -> None:
    errors = [
        f"/{'/'.join(str(token) for token in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(load_standard(path))
    ]
    assert not errors, "\n".join(errors)


@standard_files
def test_id_and_version_match_the_folders(path: Path) -> None:
    standard = load_standard(path)
    assert standard["id"] == path.parent.parent.name
    assert standard["version"] == path.parent.name


@standard_files
def test_clause_numbers_are_unique(path: Path) -> None:
    numbers = clause_numbers(load_standard(path))
    duplicates = sorted({number for number in numbers if numbers.count(number) > 1})
    assert not duplicates


@standard_files
def test_clause_sources_are_listed(path: Path) -> None:
    standard = load_standard(path)
    source_ids = [source["id"] for source in standard["sources"]]
    assert len(source_ids) == len(set(source_ids)), "source ids must be unique"
    unknown = [
        (clause["number"], source)
        for clause in clauses(standard)
        for source in clause.get("sources", [])
        if source not in source_ids
    ]
    assert not unknown


@standard_files
def test_numbers_are_in_document_order(path: Path) -> None:
    standard = load_standard(path)
    area_numbers = [area["number"] for area in standard["areas"] if "number" in area]
    assert area_numbers == sorted(area_numbers, key=number_key)
    assert len(area_numbers) == len(set(area_numbers))
    numbers = clause_numbers(standard)
    out_of_order = [
        (before, after)
        for before, after in zip(numbers, numbers[1:], strict=False)
        if number_key(before) >= number_key(after)
    ]
    assert not out_of_order


@standard_files
def test_clauses_sit_under_their_area_and_parent(path: Path) -> None:
    standard = load_standard(path)
    known = set(clause_numbers(standard))
    misplaced = []
    for area in standard["areas"]:
        prefix = area.get("number")
        for clause in area["clauses"]:
            number = clause["number"]
            if prefix is not None and not number.startswith(prefix + "."):
                misplaced.append(f"{number} is not in area {prefix}")
            parent = number.rpartition(".")[0]
            if parent and parent != prefix and parent not in known:
                misplaced.append(f"{number} has no parent clause {parent}")
    assert not misplaced


@standard_files
def test_leaf_clauses_have_text(path: Path) -> None:
    standard = load_standard(path)
    numbers = clause_numbers(standard)
    leaves = {n for n in numbers if not any(other.startswith(n + ".") for other in numbers)}
    without_text = [c["number"] for c in clauses(standard) if c["number"] in leaves and "text" not in c]
    assert not without_text


@standard_files
def test_a_new_version_names_what_it_supersedes(path: Path) -> None:
    standard = load_standard(path)
    previous = standard.get("supersedes")
    if previous is None:
        return
    for version in [previous] if isinstance(previous, str) else previous:
        assert number_key(version) < number_key(standard["version"])
        assert (path.parent.parent / version / "standard.yaml").is_file()
    assert standard.get("changes"), "a superseding version lists its changes"


def test_cn_gsc_1_0_follows_the_outline() -> None:
    standard = cn_gsc("1.0")
    assert [area["number"] for area in standard["areas"]] == CN_GSC_1_0_AREAS
    assert clause_numbers(standard) == CN_GSC_1_0_CLAUSES
    manual = [clause["number"] for clause in clauses(standard) if clause.get("manual")]
    assert manual == CN_GSC_1_0_MANUAL
    assert standard["supersedes"] is None


def test_cn_gsc_1_1_adds_clauses_and_keeps_all_of_1_0() -> None:
    old, new = cn_gsc("1.0"), cn_gsc("1.1")
    assert new["supersedes"] == "1.0"
    assert new["issued"] == "2026-11-27"
    assert new["status"] == "released"
    assert set(clause_numbers(new)) - set(clause_numbers(old)) == set(CN_GSC_1_1_ADDED)
    assert set(clause_numbers(old)) <= set(clause_numbers(new))
    assert new["sources"] == old["sources"]
    manual_old = [c["number"] for c in clauses(old) if c.get("manual")]
    manual_new = [c["number"] for c in clauses(new) if c.get("manual")]
    assert manual_new == manual_old
    changes = " ".join(change["zh"] + change["en"] for change in new["changes"])
    for number in [*CN_GSC_1_1_ADDED, "9.3.4"]:
        assert number in changes


def test_cn_gsc_1_1_tightens_the_rectification_deadline() -> None:
    def rectification(standard: dict[str, Any]) -> dict[str, str]:
        return next(c["text"] for c in clauses(standard) if c["number"] == "9.3.4")

    old, new = rectification(cn_gsc("1.0")), rectification(cn_gsc("1.1"))
    assert "15" in old["zh"] and "15" in old["en"]
    assert "10" in new["zh"] and "10" in new["en"]
    assert "15" not in new["zh"] + new["en"]


def test_cn_gsc_2_0_supersedes_1_x_and_says_how_each_source_was_checked() -> None:
    old, new = cn_gsc("1.1"), cn_gsc("2.0")
    assert new["supersedes"] == ["1.0", "1.1"]
    assert set(clause_numbers(old)) <= set(clause_numbers(new))
    added = {
        "5.4.6",
        "5.4.7",
        "5.4.8",
        "5.4.9",
        "6.1.4",
        "6.4.6",
        "6.4.7",
        "6.4.8",
        "7.4.4",
        "8.4.1",
        "9.3.8",
        "9.3.9",
        "9.5",
    }
    assert set(clause_numbers(new)) - set(clause_numbers(old)) == added
    unchecked = [source["id"] for source in new["sources"] if not source.get("checked")]
    assert unchecked == []
    texts = {clause["number"]: clause["text"]["zh"] for clause in clauses(new) if "text" in clause}
    assert "依照其规定" in texts["6.2.2"] and "原件" in texts["6.3.1"] and "宜" in texts["10.5"]
