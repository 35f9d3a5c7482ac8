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
