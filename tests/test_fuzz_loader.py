"""Fuzz target: the YAML front door. Any bytes are a document or positioned problems,
never another exception, and validation of whatever loads is problems, never a crash."""

from __future__ import annotations

from pathlib import Path

import yaml
from hostile import fuzz, nasty_text
from hypothesis import given
from hypothesis import strategies as st

from svcstd import centerfiles, loader
from svcstd.errors import InputError
from svcstd.validate import validate_center

YAML_BITS = ["svcstd: \"1\"\n", "center:\n", "  id: x\n", "  name: ", "  level: county\n", "processes:\n",
             "  - {id: p, name: n}\n", "&a [*a, *a]\n", "!!python/object:os.system\n", "? ", "- ", "{", "}", "[", "]",
             ": ", "'", '"', "\\u0000", "010", "no", "1:20", "\t", "\n", "#", "%YAML 1.1\n", "---\n", "...\n"]  # fmt: skip
yamlish = st.lists(st.one_of(st.sampled_from(YAML_BITS), nasty_text), max_size=30).map("".join)


def _loads_or_refuses(text: str) -> None:
    try:
        document = loader.load_yaml_text(text, source="fuzz.yaml")
    except InputError as error:
        assert error.problems and all(p.location.file == "fuzz.yaml" for p in error.problems)
        error.render("en")
        return
    if isinstance(document.data, dict):
        for problem in validate_center(document):
            problem.render("zh")


@fuzz
@given(yamlish)
def test_yaml_like_text_loads_or_is_refused(text: str) -> None:
    _loads_or_refuses(text)


@fuzz
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_refused(tmp_path_factory, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("fuzz")) / "c.yaml"
    path.write_bytes(content)
    try:
        centerfiles.load_center(path)
    except InputError as error:
        assert error.problems


@fuzz
@given(st.recursive(st.none() | st.booleans() | st.integers() | nasty_text, lambda c: st.lists(c, max_size=4)
                    | st.dictionaries(nasty_text, c, max_size=4), max_leaves=30))  # fmt: skip
def test_centers_of_any_shape_validate_to_problems(center: object) -> None:
    text = yaml.safe_dump({"svcstd": "1", "center": center}, allow_unicode=True)
    _loads_or_refuses(text)
