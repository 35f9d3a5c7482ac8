"""The rule language's conditions (DESIGN §5), one operator at a time, through
``compile_condition`` on plain documents; plus property tests of paths and aggregates."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcstd.document import unescape_token
from svcstd.errors import InputError
from svcstd.rules import paths
from svcstd.rules.conditions import compile_condition
from svcstd.rules.operands import COMPARISONS, Context, EvalError, Failure
from svcstd.rules.paths import MISSING
from svcstd.rules.value_tests import VALUE_TESTS
from svcstd.schema import load_schema

AS_OF = date(2026, 11, 27)
PARAMS = {
    "max_days": 20,
    "online_share": 0.7,
    "guide_elements": ["materials", "fees"],
    "channels": ["window", "online"],
    "levels": ["city", "county"],
    "meeting_age": 30,
    "min_staff": 2,
    "unset": None,
}

CENTER: dict[str, Any] = {
    "center": {"id": "hz", "name": "杭州市民中心", "level": "city", "phone": "0571-85251234"},
    "processes": [
        {
            "id": "p1",
            "name": "甲",
            "promised_days": 10,
            "statutory_days": 20,
            "online": "full",
            "max_visits": 0,
            "guide": {"elements": ["materials", "fees", "hours"], "updated": "2026-10-28"},
        },
        {
            "id": "p2",
            "name": "乙",
            "promised_days": 25,
            "statutory_days": 20,
            "online": "none",
            "max_visits": 2,
            "guide": {"elements": ["materials"], "updated": "2026-10-27"},
        },
        {
            "id": "p3",
            "name": "甲",
            "statutory_days": 30,
            "online": "submit",
            "max_visits": 1,
            "guide": {"elements": [], "updated": "last month"},
        },
    ],
    "staffing": {
        "staff": [
            {"id": "s1", "name": "张", "backup": "s2", "training_hours": 12},
            {"id": "s2", "name": "李", "backup": "s9", "training_hours": 8.5},
            {"id": "s3", "name": "王", "training_hours": "many"},
        ]
    },
    "hall": {"conditions": [], "flags": [True, False, True]},
}


def ctx_for(doc: Any, params: dict[str, Any] | None = None) -> Context:
    return Context(root=doc, params=PARAMS if params is None else params, as_of=AS_OF, level="city")


def follow(doc: Any, ptr: str) -> Any:
    """The value a JSON pointer names, or MISSING."""
    value = doc
    for token in ptr.split("/")[1:] if ptr else []:
        token = unescape_token(token)
        if isinstance(value, dict):
            value = value.get(token, MISSING)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return MISSING
    return value


def check(condition: dict[str, Any], doc: Any = CENTER, *, at: str = "", params: dict | None = None) -> Failure | None:
    """Run ``condition`` on the subject at pointer ``at`` of ``doc``."""
    return compile_condition(condition)(follow(doc, at), at, ctx_for(doc, params))


def holds(condition: dict[str, Any], doc: Any = CENTER, **kwargs: Any) -> bool:
    return check(condition, doc, **kwargs) is None


def failure_of(condition: dict[str, Any], doc: Any = CENTER, **kwargs: Any) -> Failure:
    failure = check(condition, doc, **kwargs)
    assert failure is not None, f"{condition} unexpectedly holds"
    return failure


# present / truthy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "holds_present", "holds_absent"),
    [
        ({"center": {"phone": "0571"}}, True, False),
        ({"center": {"phone": None}}, False, True),  # an explicit null is not present
        ({"center": {}}, False, True),
        ({}, False, True),
        # present means "not missing, not null": falsy values are present
        ({"center": {"phone": ""}}, True, False),
        ({"center": {"phone": 0}}, True, False),
        ({"center": {"phone": False}}, True, False),
    ],
)
def test_present(doc: dict, holds_present: bool, holds_absent: bool) -> None:
    assert holds({"path": "center.phone", "present": True}, doc) is holds_present
    assert holds({"path": "center.phone", "present": False}, doc) is holds_absent


def test_present_failure_messages() -> None:
    failure = failure_of({"path": "center.fax", "present": True})
    assert failure.pointer == "/center/fax"
    assert failure.actual is MISSING
    assert failure.detail.render("en") == "`center.fax` is missing"
    assert failure.detail.render("zh") == "缺少 `center.fax`"

    failure = failure_of({"path": "center.phone", "present": False})
    assert failure.pointer == "/center/phone"
    assert failure.detail.render("en") == "`center.phone` should be absent"
    assert failure.detail.render("zh") == "`center.phone` 应当不存在"


@pytest.mark.parametrize(
    ("value", "truthy", "falsy"),
    [
        (True, True, False),
        (False, False, True),
        (1, True, False),
        (0, False, True),
        ("x", True, False),
        ("", False, True),
        ([], False, True),
        (None, False, True),  # null and missing: not truthy, but `truthy: false` holds
        (MISSING, False, True),
    ],
)
def test_truthy(value: Any, truthy: bool, falsy: bool) -> None:
    doc = {} if value is MISSING else {"open": value}
    assert holds({"path": "open", "truthy": True}, doc) is truthy
    assert holds({"path": "open", "truthy": False}, doc) is falsy


def test_truthy_failure_messages() -> None:
    failure = failure_of({"path": "open", "truthy": True}, {"open": False})
    assert failure.pointer == "/open"
    assert failure.detail.render("en") == "`open` is false, expected true"
    assert failure.detail.render("zh") == "`open` 为 false，应为 true"
    failure = failure_of({"path": "open", "truthy": True}, {})
    assert failure.detail.render("en") == "`open` is missing"


# eq / ne / in / not_in --------------------------------------------------------------


def test_eq_ne() -> None:
    assert holds({"path": "center.level", "eq": "city"})
    assert not holds({"path": "center.level", "eq": "county"})
    assert holds({"path": "center.level", "ne": "county"})
    assert not holds({"path": "center.level", "ne": "city"})
    assert holds({"path": "n", "eq": 1.0}, {"n": 1})  # ints and floats compare as numbers
    assert holds({"path": "center.level", "eq": {"param": "levels"}}, params={"levels": "city"})

    failure = failure_of({"path": "center.level", "eq": "county"})
    assert failure.pointer == "/center/level"
    assert (failure.actual, failure.expected) == ("city", "county")
    assert failure.detail.render("en") == "`center.level` is city, expected = county"
    assert failure.detail.render("zh") == "`center.level` 为 city，应 = county"


def test_eq_and_ne_of_missing_value_fail_as_missing() -> None:
    for op in ("eq", "ne"):
        failure = failure_of({"path": "center.fax", op: "x"})
        assert failure.pointer == "/center/fax"
        assert failure.detail.render("en") == "`center.fax` is missing"


def test_in_not_in_with_constant_and_param() -> None:
    assert holds({"path": "online", "in": ["submit", "full"]}, at="/processes/0")
    assert not holds({"path": "online", "in": ["submit", "full"]}, at="/processes/1")
    assert holds({"path": "online", "not_in": ["none"]}, at="/processes/0")
    assert not holds({"path": "online", "not_in": ["none"]}, at="/processes/1")
    assert holds({"path": "center.level", "in": {"param": "levels"}})
    assert not holds({"path": "center.level", "not_in": {"param": "levels"}})

    failure = failure_of({"path": "online", "in": ["submit", "full"]}, at="/processes/1")
    assert failure.pointer == "/processes/1/online"
    assert failure.detail.render("en") == "`online` is none, expected one of submit, full"
    assert failure.detail.render("zh") == "`online` 为 none，应为以下之一：submit, full"
    failure = failure_of({"path": "online", "not_in": ["none"]}, at="/processes/1")
    assert failure.detail.render("en") == "`online` is none, which is not allowed (none)"


def test_in_of_missing_value_fails_as_missing() -> None:
    failure = failure_of({"path": "channel", "in": ["a"]}, at="/processes/0")
    assert failure.pointer == "/processes/0/channel"
    assert failure.detail.render("en") == "`channel` is missing"
    # a missing value is not "one of the forbidden values", but it still cannot pass
    assert not holds({"path": "channel", "not_in": ["a"]}, at="/processes/0")


# lt / le / gt / ge ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "argument", "expected"),
    [
        ("lt", 10, False),
        ("lt", 11, True),
        ("le", 10, True),
        ("le", 9, False),
        ("gt", 10, False),
        ("gt", 9, True),
        ("ge", 10, True),
        ("ge", 10.5, False),
        ("ge", 9.99, True),
    ],
)
def test_comparison_with_constant(op: str, argument: float, expected: bool) -> None:
    assert holds({"path": "promised_days", op: argument}, at="/processes/0") is expected


@pytest.mark.parametrize(
    ("at", "op", "expected"),
    [
        ("/processes/0", "le", True),  # 10 ≤ 20
        ("/processes/1", "le", False),  # 25 ≤ 20
        ("/processes/1", "gt", True),
        ("/processes/0", "ge", False),
    ],
)
def test_comparison_with_param(at: str, op: str, expected: bool) -> None:
    assert holds({"path": "promised_days", op: {"param": "max_days"}}, at=at) is expected


def test_comparison_with_param_failure_names_the_param() -> None:
    failure = failure_of({"path": "promised_days", "le": {"param": "max_days"}}, at="/processes/1")
    assert failure.pointer == "/processes/1/promised_days"
    assert failure.detail.render("en") == "`promised_days` is 25, expected ≤ 20 (max_days)"


def test_comparison_with_other_field_of_the_subject() -> None:
    rule = {"path": "promised_days", "le": {"path": "statutory_days"}}
    assert holds(rule, at="/processes/0")  # 10 ≤ 20
    failure = failure_of(rule, at="/processes/1")  # 25 > 20
    assert failure.pointer == "/processes/1/promised_days"
    assert failure.actual == 25
    assert failure.expected == "20 (statutory_days)"
    assert failure.detail.render("en") == "`promised_days` is 25, expected ≤ 20 (statutory_days)"
    assert failure.detail.render("zh") == "`promised_days` 为 25，应 ≤ 20 (statutory_days)"


def test_comparison_with_missing_other_field_fails() -> None:
    doc = {"processes": [{"promised_days": 10}]}
    failure = failure_of({"path": "promised_days", "le": {"path": "statutory_days"}}, doc, at="/processes/0")
    assert failure.pointer == "/processes/0/promised_days"
    assert failure.detail.render("en") == "`promised_days` is 10, expected ≤ not stated (statutory_days)"


def test_comparison_failure_pointer_names_where_a_missing_value_would_be() -> None:
    failure = failure_of({"path": "promised_days", "le": 20}, at="/processes/2")
    assert failure.pointer == "/processes/2/promised_days"
    assert failure.actual is MISSING
    assert failure.detail.render("en") == "`promised_days` is missing"
    assert failure.detail.render("zh") == "缺少 `promised_days`"
    # a missing parent: the pointer still names the leaf
    failure = failure_of({"path": "window.count", "ge": 1}, at="/processes/2")
    assert failure.pointer == "/processes/2/window/count"


def test_strings_compare_with_strings() -> None:
    assert holds({"path": "v", "lt": "b"}, {"v": "a"})
    assert not holds({"path": "v", "gt": "b"}, {"v": "a"})


@pytest.mark.parametrize(
    ("value", "argument"),
    [
        ("10", 5),  # a string against a number
        (5, "10"),
        (True, 1),  # booleans are not numbers
        (1, True),
        (0, False),
        ([1], 1),
    ],
)
@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge", "eq", "ne"])
def test_comparison_type_mismatch_raises(value: Any, argument: Any, op: str) -> None:
    with pytest.raises(EvalError) as raised:
        check({"path": "v", op: argument}, {"v": value})
    assert raised.value.message.render("en").startswith("cannot compare `v`")


def test_type_mismatch_message() -> None:
    with pytest.raises(EvalError) as raised:
        check({"path": "v", "le": {"param": "max_days"}}, {"v": "10"})
    assert raised.value.message.render("en") == "cannot compare `v` (10) with 20"
    assert raised.value.message.render("zh") == "无法比较 `v` 的值 10 与 20"


def test_missing_param_raises() -> None:
    with pytest.raises(EvalError) as raised:
        check({"path": "promised_days", "le": {"param": "nope"}}, at="/processes/0")
    assert raised.value.message.render("en") == "parameter nope has no value for level city"
    assert raised.value.message.render("zh") == "参数 nope 对层级 city 没有取值"
    with pytest.raises(EvalError):  # a parameter without a value for this level
        check({"path": "promised_days", "le": {"param": "unset"}}, at="/processes/0")
    with pytest.raises(EvalError):
        check({"path": "center.level", "in": {"param": "nope"}})
    with pytest.raises(EvalError):
        check({"count": {"of": "processes[*]"}, "ge": {"param": "nope"}})


# matches / length / contains ----------------------------------------------------------


def test_matches() -> None:
    phone = r"^0\d{2,3}-\d{7,8}$"
    assert holds({"path": "center.phone", "matches": phone})
    failure = failure_of({"path": "v", "matches": phone}, {"v": "12345"})
    assert failure.pointer == "/v"
    assert failure.detail.render("en") == f"`v` (12345) does not match {phone}"
    assert failure.detail.render("zh") == f"`v` 的值 12345 不符合格式 {phone}"
    # not a string: a failure, not an error
    assert not holds({"path": "v", "matches": r"^\d+$"}, {"v": 12345})
    assert failure_of({"path": "v", "matches": "x"}, {}).detail.render("en") == "`v` is missing"
    # the pattern is searched for, not matched whole: anchors are the author's job
    assert holds({"path": "v", "matches": r"\d"}, {"v": "abc1"})


def test_length() -> None:
    elements = {"path": "guide.elements", "length": {"ge": 2}}
    assert holds(elements, at="/processes/0")
    failure = failure_of(elements, at="/processes/1")
    assert failure.pointer == "/processes/1/guide/elements"
    assert failure.detail.render("en") == "`guide.elements` has 1 items, expected ≥ 2"
    assert failure.detail.render("zh") == "`guide.elements` 有 1 项，应 ≥ 2"
    assert holds({"path": "name", "length": {"eq": 2}}, {"name": "张三"})  # strings: characters
    assert holds({"path": "staffing.staff", "length": {"ge": {"param": "min_staff"}}})
    failure = failure_of(
        {"path": "staffing.staff", "length": {"gt": {"param": "min_staff"}}},
        params={"min_staff": 3},
    )
    assert failure.detail.render("en") == "`staffing.staff` has 3 items, expected > 3 (min_staff)"
    # a missing list has no items
    assert not holds({"path": "guide.forms", "length": {"ge": 1}}, at="/processes/0")
    assert holds({"path": "guide.forms", "length": {"eq": 0}}, at="/processes/0")


def test_contains_all() -> None:
    assert holds({"path": "guide.elements", "contains_all": ["materials", "fees"]}, at="/processes/0")
    assert holds({"path": "guide.elements", "contains_all": {"param": "guide_elements"}}, at="/processes/0")
    failure = failure_of(
        {"path": "guide.elements", "contains_all": ["materials", "fees", "basis"]},
        at="/processes/1",
    )
    assert failure.pointer == "/processes/1/guide/elements"
    assert failure.detail.render("en") == "`guide.elements` lacks fees, basis"
    assert failure.detail.render("zh") == "`guide.elements` 缺少：fees, basis"
    failure = failure_of({"path": "guide.elements", "contains_all": {"param": "guide_elements"}}, at="/processes/2")
    assert failure.detail.render("en") == "`guide.elements` lacks materials, fees"
    # a missing list contains nothing
    assert not holds({"path": "guide.forms", "contains_all": ["a"]}, at="/processes/0")
    assert holds({"path": "guide.elements", "contains_all": []}, at="/processes/2")


def test_contains_any() -> None:
    assert holds({"path": "guide.elements", "contains_any": ["fees", "basis"]}, at="/processes/0")
    assert holds({"path": "channels", "contains_any": {"param": "channels"}}, {"channels": ["online"]})
    assert not holds({"path": "channels", "contains_any": {"param": "channels"}}, {"channels": ["mail"]})
    failure = failure_of({"path": "guide.elements", "contains_any": ["fees", "basis"]}, at="/processes/1")
    assert failure.pointer == "/processes/1/guide/elements"
    assert failure.detail.render("en") == "`guide.elements` should contain at least one of fees, basis"
    assert failure.detail.render("zh") == "`guide.elements` 应至少包含以下之一：fees, basis"


# max_age_days ---------------------------------------------------------------------------


def test_max_age_days_boundary() -> None:
    rule = {"path": "guide.updated", "max_age_days": 30}
    assert holds(rule, at="/processes/0")  # 2026-10-28 → 2026-11-27: exactly 30 days
    failure = failure_of(rule, at="/processes/1")  # 2026-10-27: 31 days
    assert failure.pointer == "/processes/1/guide/updated"
    assert failure.detail.render("en") == "`guide.updated` (2026-10-27) is 31 days old, expected at most 30"
    assert failure.detail.render("zh") == "`guide.updated`（2026-10-27）距审核日已 31 天，应不超过 30 天"
    assert holds({"path": "guide.updated", "max_age_days": {"param": "meeting_age"}}, at="/processes/0")
    assert not holds({"path": "guide.updated", "max_age_days": {"param": "meeting_age"}}, at="/processes/1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 27), True),  # a YAML date, 0 days old
        (date(2026, 10, 28), True),
        (date(2026, 10, 27), False),
        ("2026-10-28T23:59:00", True),  # a timestamp counts by its date
        ("2027-01-01", True),  # in the future
    ],
)
def test_max_age_days_values(value: Any, expected: bool) -> None:
    assert holds({"path": "held", "max_age_days": 30}, {"held": value}) is expected


@pytest.mark.parametrize("value", ["last month", "2026-13-01", True, [2026, 1, 1]])
def test_max_age_days_of_non_date_raises(value: Any) -> None:
    with pytest.raises(EvalError) as raised:
        check({"path": "held", "max_age_days": 30}, {"held": value})
    assert "is not an ISO date" in raised.value.message.render("en")


def test_max_age_days_of_missing_date_fails() -> None:
    failure = failure_of({"path": "held", "max_age_days": 30}, {})
    assert failure.pointer == "/held"
    assert failure.detail.render("en") == "`held` is missing"


# ref / schema ---------------------------------------------------------------------------


def test_ref() -> None:
    rule = {"path": "backup", "ref": "staffing.staff[*].id"}
    assert holds(rule, at="/staffing/staff/0")
    failure = failure_of(rule, at="/staffing/staff/1")
    assert failure.pointer == "/staffing/staff/1/backup"
    assert failure.actual == "s9"
    assert failure.detail.render("en") == "`backup` (s9) is not among staffing.staff[*].id"
    assert failure.detail.render("zh") == "`backup` 的值 s9 不在 staffing.staff[*].id 中"
    assert failure_of(rule, at="/staffing/staff/2").pointer == "/staffing/staff/2/backup"
    # an explicit `$.` path works the same
    assert holds({"path": "backup", "ref": "$.staffing.staff[*].id"}, at="/staffing/staff/0")


def test_schema_fragment() -> None:
    fragment = {"type": "object", "required": ["elements", "updated"]}
    assert holds({"path": "guide", "schema": fragment}, at="/processes/0")
    failure = failure_of(
        {"path": "guide", "schema": fragment},
        {"processes": [{"guide": {"elements": []}}]},
        at="/processes/0",
    )
    assert failure.pointer == "/processes/0/guide"
    assert failure.detail.render("en") == "`guide`: 'updated' is a required property"
    assert failure.detail.render("zh") == "`guide`：'updated' is a required property"
    assert not holds({"path": "v", "schema": {"type": "string"}}, {"v": None})  # null is validated
    assert holds({"path": "v", "schema": {"type": ["string", "null"]}}, {"v": None})
    assert failure_of({"path": "v", "schema": {"type": "string"}}, {}).detail.render("en") == "`v` is missing"


# all / any / not -------------------------------------------------------------------------


def test_all_returns_the_first_failure() -> None:
    rule = {"all": [{"path": "online", "ne": "none"}, {"path": "promised_days", "le": 20}]}
    assert holds(rule, at="/processes/0")
    assert failure_of(rule, at="/processes/1").pointer == "/processes/1/online"
    assert failure_of(rule, at="/processes/2").pointer == "/processes/2/promised_days"


def test_any() -> None:
    rule = {"any": [{"path": "online", "eq": "full"}, {"path": "max_visits", "le": 1}]}
    assert holds(rule, at="/processes/0")
    assert holds(rule, at="/processes/2")  # second branch
    failure = failure_of(rule, at="/processes/1")
    assert failure.pointer == "/processes/1/online"  # the first branch's failure


def test_not() -> None:
    inner = {"path": "online", "eq": "none"}
    assert holds({"not": inner}, at="/processes/0")
    failure = failure_of({"not": inner}, at="/processes/1")
    assert failure.pointer == "/processes/1"  # the subject: nothing in it is "missing"
    assert failure.detail.render("en") == ('a condition that must not hold holds: {"eq": "none", "path": "online"}')
    assert failure.detail.render("zh").startswith("不应成立的条件成立了：")
    assert not holds({"not": {"not": inner}}, at="/processes/0")


# paths: wildcards and `$.` --------------------------------------------------------------


def test_wildcard_must_hold_for_every_element() -> None:
    rule = {"path": "processes[*].statutory_days", "ge": 20}
    assert holds(rule)
    rule = {"path": "processes[*].promised_days", "le": 20}
    failure = failure_of(rule)
    assert failure.pointer == "/processes/1/promised_days"  # the first failing element
    rule = {"path": "processes[*].guide.elements", "contains_all": ["materials"]}
    assert failure_of(rule).pointer == "/processes/2/guide/elements"
    assert failure_of({"path": "processes[*].guide.elements[*]", "eq": "materials"}).pointer == (
        "/processes/0/guide/elements/1"
    )


def test_wildcard_over_nothing_holds() -> None:
    assert holds({"path": "hall.conditions[*]", "truthy": True})  # an empty list
    assert holds({"path": "hall.conditions[*].ok", "present": True})
    assert holds({"path": "hall.missing[*]", "truthy": True})  # no list at all
    assert failure_of({"path": "hall.flags[*]", "eq": True}).pointer == "/hall/flags/1"


def test_index_paths() -> None:
    assert holds({"path": "processes[1].online", "eq": "none"})
    assert failure_of({"path": "processes[7].online", "present": True}).pointer == "/processes/7/online"


def test_absolute_path_inside_a_subject() -> None:
    assert holds({"path": "$.center.level", "eq": "city"}, at="/processes/1")
    failure = failure_of({"path": "$.center.level", "eq": "county"}, at="/processes/1")
    assert failure.pointer == "/center/level"
    failure = failure_of({"path": "promised_days", "le": {"path": "$.center.limit"}}, at="/processes/0")
    assert failure.detail.render("en") == "`promised_days` is 10, expected ≤ not stated ($.center.limit)"
    doc = {"limit": 15, "processes": [{"promised_days": 10}, {"promised_days": 16}]}
    rule = {"path": "promised_days", "le": {"path": "$.limit"}}
    assert holds(rule, doc, at="/processes/0")
    assert failure_of(rule, doc, at="/processes/1").pointer == "/processes/1/promised_days"


# aggregates ---------------------------------------------------------------------------


def test_count() -> None:
    assert holds({"count": {"of": "processes[*]"}, "eq": 3})
    assert holds({"count": {"of": "processes[*]", "where": {"path": "online", "ne": "none"}}, "eq": 2})
    failure = failure_of({"count": {"of": "hall.conditions[*]"}, "ge": 1})
    assert failure.pointer == "/hall/conditions"
    assert failure.actual == 0
    assert failure.detail.render("en") == "count of hall.conditions[*] is 0, expected ≥ 1"
    assert failure.detail.render("zh") == "hall.conditions[*] 的 count 为 0，应 ≥ 1"
    assert holds({"count": {"of": "nothing[*]"}, "eq": 0})  # counting nothing is 0, not an error


def test_share() -> None:
    online = {"of": "processes[*]", "where": {"path": "online", "in": ["submit", "full"]}}
    assert holds({"share": online, "ge": 0.6})  # 2 of 3
    failure = failure_of({"share": online, "ge": {"param": "online_share"}})
    assert failure.pointer == "/processes"
    assert failure.actual == pytest.approx(2 / 3)
    assert failure.detail.render("en") == "share of processes[*] is 0.6667, expected ≥ 0.7 (online_share)"
    assert failure.detail.render("zh") == "processes[*] 的 share 为 0.6667，应 ≥ 0.7 (online_share)"
    assert holds({"share": {"of": "processes[*]"}, "eq": 1})  # no `where`: every element


@pytest.mark.parametrize("doc", [{"processes": []}, {}])
def test_share_of_empty_collection_fails(doc: dict) -> None:
    rule = {"share": {"of": "processes[*]", "where": {"path": "online", "eq": "full"}}, "ge": 0}
    failure = failure_of(rule, doc)
    assert failure.pointer == "/processes"
    assert failure.detail.render("en") == "processes[*] has no elements to compute the share of"
    assert failure.detail.render("zh") == "processes[*] 中没有可计算 share 的元素"


@pytest.mark.parametrize(
    ("aggregate", "where", "expected"),
    [
        ("sum", None, 3),  # 0 + 2 + 1
        ("min", None, 0),
        ("max", None, 2),
        ("mean", None, 1),
        ("sum", {"path": "online", "ne": "none"}, 1),  # 0 + 1
        ("min", {"path": "online", "ne": "none"}, 0),
        ("max", {"path": "online", "ne": "none"}, 1),
        ("mean", {"path": "online", "ne": "none"}, 0.5),
    ],
)
def test_numeric_aggregates(aggregate: str, where: dict | None, expected: float) -> None:
    spec: dict[str, Any] = {"of": "processes[*]", "path": "max_visits"}
    if where is not None:
        spec["where"] = where
    assert holds({aggregate: spec, "eq": expected})
    failure = failure_of({aggregate: spec, "ne": expected})
    assert failure.pointer == "/processes"
    assert failure.actual == expected


def test_numeric_aggregates_skip_non_numbers() -> None:
    # training_hours: 12, 8.5, "many" → the string is left out
    staff = {"of": "staffing.staff[*]", "path": "training_hours"}
    assert holds({"sum": staff, "eq": 20.5})
    assert holds({"mean": staff, "eq": 10.25})
    assert holds({"min": staff, "eq": 8.5})
    failure = failure_of({"mean": staff, "ge": 12})
    assert failure.pointer == "/staffing/staff"
    assert failure.detail.render("en") == "mean of staffing.staff[*] is 10.25, expected ≥ 12"
    assert holds({"max": {"of": "f[*]", "path": "n"}, "eq": 1}, {"f": [{"n": True}, {"n": 1}]})


@pytest.mark.parametrize("aggregate", ["min", "max", "mean"])
def test_min_max_mean_of_nothing_fail(aggregate: str) -> None:
    rule = {
        aggregate: {
            "of": "processes[*]",
            "path": "max_visits",
            "where": {"path": "online", "eq": "x"},
        },
        "ge": 0,
    }
    failure = failure_of(rule)
    assert failure.pointer == "/processes"
    assert failure.detail.render("en") == f"processes[*] has no elements to compute the {aggregate} of"


def test_sum_of_nothing_is_zero() -> None:
    assert holds({"sum": {"of": "processes[*]", "path": "fee"}, "eq": 0})


def test_aggregate_relative_to_subject_and_absolute() -> None:
    rule = {"count": {"of": "guide.elements[*]"}, "ge": 1}
    assert holds(rule, at="/processes/0")
    assert failure_of(rule, at="/processes/2").pointer == "/processes/2/guide/elements"
    rule = {"count": {"of": "$.processes[*]"}, "ge": 4}
    assert failure_of(rule, at="/staffing/staff/0").pointer == "/processes"


def test_nested_collection_pointer() -> None:
    rule = {"count": {"of": "processes[*].guide.elements[*]"}, "ge": 10}
    assert failure_of(rule).pointer == "/processes"
    # an empty outer list leaves nothing to resolve the inner list on (used to raise IndexError)
    assert failure_of(rule, {"processes": []}).pointer == "/processes"
    assert failure_of(rule, {}).pointer == "/processes"


def test_unique() -> None:
    failure = failure_of({"unique": {"of": "processes[*]", "path": "name"}})
    assert failure.pointer == "/processes/2/name"  # the second 甲
    assert failure.actual == ["甲"]
    assert failure.detail.render("en") == "processes[*] has duplicate `name` values: 甲"
    assert failure.detail.render("zh") == "processes[*] 中 `name` 有重复值：甲"
    assert holds({"unique": {"of": "processes[*]", "path": "id"}})
    assert holds({"unique": {"of": "processes[*]", "path": "fax"}})  # missing values are skipped
    assert holds({"unique": {"of": "nothing[*]", "path": "id"}})
    # without `path`: the elements themselves
    failure = failure_of({"unique": {"of": "tags[*]"}}, {"tags": ["a", "b", "c", "b", "a"]})
    assert failure.pointer == "/tags/3"
    assert failure.detail.render("en") == "tags[*] has duplicate `@` values: b, a"


# properties ------------------------------------------------------------------------------

small_ints = st.integers(min_value=-1000, max_value=1000)


@settings(max_examples=100, deadline=None)
@given(a=small_ints, b=small_ints)
def test_property_le_path(a: int, b: int) -> None:
    assert holds({"path": "a", "le": {"path": "b"}}, {"a": a, "b": b}) is (a <= b)


@settings(max_examples=100, deadline=None)
@given(
    a=small_ints,
    b=st.one_of(small_ints, st.floats(-1e6, 1e6)),
    op=st.sampled_from(sorted(COMPARISONS)),
)
def test_property_not_inverts_comparison(a: int, b: float, op: str) -> None:
    doc = {"a": a, "b": b}
    condition = {"path": "a", op: {"path": "b"}}
    assert holds({"not": condition}, doc) is not holds(condition, doc)
    assert holds(condition, doc) is COMPARISONS[op](a, b)


@settings(max_examples=100, deadline=None)
@given(flags=st.lists(st.booleans(), max_size=30), threshold=st.floats(0, 1))
def test_property_share_is_fraction_of_trues(flags: list[bool], threshold: float) -> None:
    doc = {"items": [{"ok": flag} for flag in flags]}
    rule = {"share": {"of": "items[*]", "where": {"path": "ok", "truthy": True}}, "ge": threshold}
    failure = check(rule, doc)
    if not flags:
        assert failure is not None and failure.detail.render("en").startswith("items[*] has no elements")
        return
    share = sum(flags) / len(flags)
    assert (failure is None) is (share >= threshold)
    if failure is not None:
        assert failure.actual == share
        assert failure.pointer == "/items"


names = st.sampled_from(["a", "_", "Z9", "promised_days", "kebab-case", "x_1-y", "a1"])
indexes = st.lists(st.one_of(st.just(paths.WILDCARD), st.integers(0, 99)), max_size=2)


def render(steps: tuple[str | int, ...]) -> str:
    """A path's text from its steps (the inverse of ``paths.parse``)."""
    text = ""
    for step in steps:
        if isinstance(step, int) or step == paths.WILDCARD:
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


@settings(max_examples=100, deadline=None)
@given(segments=st.lists(st.tuples(names, indexes), min_size=1, max_size=4), absolute=st.booleans())
def test_property_parse_round_trips(segments: list[tuple[str, list]], absolute: bool) -> None:
    body = ".".join(name + "".join(f"[{i}]" for i in index) for name, index in segments)
    text = f"$.{body}" if absolute else body
    parsed = paths.parse(text)
    expected_steps = tuple(step for name, index in segments for step in (name, *index))
    assert parsed.steps == expected_steps
    assert parsed.absolute is absolute
    assert parsed.multi is (paths.WILDCARD in expected_steps)
    assert ("$." if absolute else "") + render(parsed.steps) == text


@pytest.mark.parametrize("text", ["a..b", "a.", ".a", "1a", "a[x]", "a[-1]", "a[*", "a b", "$a"])
def test_parse_rejects_malformed_paths(text: str) -> None:
    with pytest.raises(paths.PathSyntaxError):
        paths.parse(text)


KEYS = ("a", "b", "c-d", "e_1")
path_steps = st.tuples(
    st.sampled_from(KEYS),
    st.lists(st.one_of(st.sampled_from(KEYS), st.just(paths.WILDCARD), st.integers(0, 3)), max_size=4),
).map(lambda drawn: (drawn[0], *drawn[1]))


def build_tree(steps: tuple[str | int, ...], rng: random.Random) -> Any:
    """A value that mostly has ``steps`` in it, with siblings, and now and then a gap."""
    if not steps or rng.random() < 0.1:  # a scalar: a leaf, or a wrong turn
        return rng.choice([None, True, False, 0, 7, "x"])
    step, rest = steps[0], steps[1:]
    if isinstance(step, str) and step != paths.WILDCARD:
        mapping = {key: build_tree(rest, rng) for key in rng.sample(KEYS, rng.randint(0, 2))}
        if rng.random() < 0.9:
            mapping[step] = build_tree(rest, rng)
        else:
            mapping.pop(step, None)
        return mapping
    size = rng.randint(0, 3) if step == paths.WILDCARD else step + rng.choice([0, 1, 1, 1, 2])
    return [build_tree(rest, rng) for _ in range(size)]


@settings(max_examples=100, deadline=None)
@given(steps=path_steps, seed=st.integers(0, 2**32))
def test_property_resolve_pointers_reach_their_values(steps: tuple[str | int, ...], seed: int) -> None:
    # a seeded generator, not st.randoms(): hypothesis would bias it toward leaves
    root = build_tree(steps, random.Random(seed))
    if not isinstance(root, dict):
        root = {}
    path = paths.parse(render(steps))
    assert path.steps == steps
    found = paths.resolve(path, root, "", root)
    if not path.multi:
        assert len(found) == 1
    for ptr, reached in found:
        assert len(ptr.split("/")) - 1 == len(steps)  # one token per step
        expected = follow(root, ptr)
        if reached is MISSING:
            assert expected is MISSING
        else:
            assert expected is reached
    # what a wildcard finds is every element there is
    if path.multi:
        assert len(found) == _count_reached(root, steps)


def _count_reached(value: Any, steps: tuple[str | int, ...]) -> int:
    if not steps:
        return 1
    step, rest = steps[0], steps[1:]
    if step == paths.WILDCARD:
        return sum(_count_reached(item, rest) for item in value) if isinstance(value, list) else 0
    if isinstance(step, str):
        return _count_reached(value.get(step, MISSING) if isinstance(value, dict) else MISSING, rest)
    inside = isinstance(value, list) and step < len(value)
    return _count_reached(value[step] if inside else MISSING, rest)


def test_resolve_from_a_subject() -> None:
    subject = CENTER["processes"][1]
    found = paths.resolve(paths.parse("guide.elements[*]"), subject, "/processes/1", CENTER)
    assert found == [("/processes/1/guide/elements/0", "materials")]
    assert paths.get(paths.parse("$.center.id"), subject, "/processes/1", CENTER) == (
        "/center/id",
        "hz",
    )
    assert paths.get(paths.parse("@"), subject, "/processes/1", CENTER) == ("/processes/1", subject)


def test_scaled_field_argument_expresses_a_ratio() -> None:
    # resolved must be at least 95% of received: 39 ≥ 0.95 × 40 = 38 holds, 37 does not
    check = compile_condition({"path": "resolved", "ge": {"path": "received", "times": {"param": "share"}}})
    context = Context(root={}, params={"share": 0.95}, as_of=date(2026, 11, 27), level="city")
    assert check({"resolved": 39, "received": 40}, "/c", context) is None
    failure = check({"resolved": 37, "received": 40}, "/c", context)
    assert failure is not None
    assert failure.pointer == "/c/resolved"
    assert "≥ 38 (share × received)" in failure.detail.render("en")


def test_a_sum_of_two_fields_as_argument() -> None:
    # rectified + pending within the deadline must cover the verified bad reviews
    check = compile_condition({"path": "bad", "le": {"path": "rectified", "plus": {"path": "pending"}}})
    context = Context(root={}, params={}, as_of=date(2026, 11, 27), level="city")
    assert check({"bad": 12, "rectified": 10, "pending": 2}, "/g", context) is None
    failure = check({"bad": 12, "rectified": 9, "pending": 2}, "/g", context)
    assert failure is not None
    assert failure.pointer == "/g/bad"
    assert "≤ 11 (rectified + pending)" in failure.detail.render("en")
    # an absent addend makes the sum absent: the comparison fails, it does not guess 0
    assert check({"bad": 12, "rectified": 12}, "/g", context) is not None


@pytest.mark.parametrize(
    ("processes", "condition", "missing"),
    [
        # too few online, and the others do not say: information is missing
        (
            [{"online": "full"}, {}, {}],
            {"share": {"of": "processes[*]", "where": {"path": "online", "in": ["full"]}}, "ge": 0.9},
            True,
        ),
        # too few online, and the others say they are not: a violation
        (
            [{"online": "full"}, {"online": "none"}, {}],
            {"share": {"of": "processes[*]", "where": {"path": "online", "in": ["full"]}}, "ge": 0.9},
            False,
        ),
        # too many late: those that qualify are the violation, whatever the others lack
        (
            [{"late": True}, {}],
            {"count": {"of": "processes[*]", "where": {"path": "late", "truthy": True}}, "le": 0},
            False,
        ),
        # nothing to count at all
        ([], {"count": {"of": "processes[*]"}, "ge": 1}, True),
    ],
)
def test_an_aggregate_fails_for_want_of_information_or_for_a_violation(processes, condition, missing) -> None:
    failure = compile_condition(condition)({"processes": processes}, "", Context({"processes": processes}, {}, AS_OF))
    assert failure is not None and failure.missing is missing


# the list of value tests ----------------------------------------------------------------


def test_the_meta_schema_allows_exactly_the_value_tests_the_engine_knows() -> None:
    written = set(load_schema("ruleset")["$defs"]["valueTest"]["properties"]) - {"path"}
    assert written == set(VALUE_TESTS)


def test_a_value_test_the_engine_lacks_is_named_with_the_nearest() -> None:
    with pytest.raises(InputError) as error:
        VALUE_TESTS.get("not_match")
    assert "did you mean not_matches" in error.value.render("en")
