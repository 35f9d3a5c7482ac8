"""Fuzz target: the rule language. Generated rulesets (value tests, aggregates, all /
any / not, regexes, schema fragments, message templates) against generated centers:
a ruleset loads or is refused with positioned problems; one that loads evaluates every
center to outcomes (never an exception) whose messages render in both languages."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hostile import fuzz, nasty_text, ruleset_file
from hypothesis import given
from hypothesis import strategies as st

from svcstd import engine, scoring
from svcstd.errors import InputError
from svcstd.loader import load_yaml_text
from svcstd.rules.load import load_ruleset

PATHS = ["center.id", "center.name", "center.level", "processes[*].name", "processes[*].days", "processes",
         "processes[*].tags", "processes[*].tags[*]", "missing.path", "name", "days", "tags[*]"]  # fmt: skip
PATTERNS = ["^(a+)+$", "(", "a{2,}", "\\S", "^[^x]*$", "(?i)abc", "(?!x)", "(a)\\1", "[\\p{Han}]", ".*", "", "\\"]
scalars = st.one_of(st.integers(-5, 50), st.booleans(), nasty_text, st.sampled_from(["county", "a"]))
paths = st.sampled_from(PATHS)


def _value_test(path: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda b: {"path": path, "present": b}, st.booleans()),
        st.builds(lambda b: {"path": path, "truthy": b}, st.booleans()),
        st.builds(lambda op, v: {"path": path, op: v}, st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]), scalars),
        st.builds(lambda v: {"path": path, "in": v}, st.lists(scalars, max_size=3)),
        st.builds(lambda p: {"path": path, "matches": p}, st.sampled_from(PATTERNS) | nasty_text),
        st.builds(lambda p: {"path": path, "not_matches": p}, st.sampled_from(PATTERNS)),
        st.builds(lambda n: {"path": path, "length": {"ge": n}}, st.integers(0, 3)),
        st.builds(lambda v: {"path": path, "contains_all": v}, st.lists(scalars, max_size=2)),
        st.builds(lambda n: {"path": path, "max_age_days": n}, st.integers(0, 400)),
        st.builds(lambda s: {"path": path, "schema": s}, st.sampled_from([
            {"type": "string"}, {"pattern": "^(a+)+$"}, {"$ref": "#"}, {"$ref": "file:///etc/passwd"},
            {"properties": {"x": {"$ref": "#"}}}, {"type": "nonsense"}, {"patternProperties": {"a": {}}},
            {"$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}, {"minLength": 2},
        ])),
    )  # fmt: skip


leaf = paths.flatmap(_value_test) | st.builds(
    lambda agg, of, n: {agg: {"of": of}, "ge": n}, st.sampled_from(["count", "share"]), paths, st.integers(0, 2)
)
conditions = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=6,
)
templates = st.lists(st.sampled_from(["{name}", "{actual}", "{expected}", "{center.name}", "{x!r}", "{x:>99}", "{",
                                      "}", "{{", "}}", "{param.nothing}", "{a b}", "text "]) | nasty_text,
                     max_size=5).map("".join)  # fmt: skip
rules = st.fixed_dictionaries(
    {"check": conditions},
    optional={"for_each": st.sampled_from(["processes[*]", "processes", "center", "nothing[*]"]), "when": conditions,
              "message": templates, "weight": st.sampled_from([0, 1, 2.5, 1e308])},
)  # fmt: skip
processes = st.lists(
    st.fixed_dictionaries({}, optional={"id": nasty_text, "name": nasty_text | st.integers(), "days": scalars,
                                        "tags": st.lists(scalars, max_size=3) | scalars}),
    max_size=3,
)  # fmt: skip
centers = st.fixed_dictionaries(
    {"svcstd": st.just("1"), "center": st.fixed_dictionaries({"id": nasty_text, "name": nasty_text, "level": scalars})},
    optional={"processes": processes | scalars},
)
_counter = itertools.count()


@fuzz
@given(rule=rules, examples=st.lists(centers, min_size=1, max_size=3))
def test_generated_rulesets_load_or_are_refused_and_evaluate_without_exceptions(
    tmp_path_factory: Any, rule: dict[str, Any], examples: list[dict[str, Any]]
) -> None:
    folder = Path(tmp_path_factory.mktemp(f"rules{next(_counter)}"))
    path = ruleset_file(folder, rule)
    try:
        ruleset = load_ruleset(str(path))
    except InputError as error:
        assert error.problems and all(str(path) in str(p.location) for p in error.problems), error.render("en")
        return
    for example in examples:
        doc = load_yaml_text(yaml.safe_dump(example, allow_unicode=True), source="c.yaml")
        evaluation = engine.evaluate(doc, ruleset, as_of=date(2026, 1, 1))
        for outcome in evaluation.outcomes:
            for subject in outcome.subjects:
                if subject.failure is not None:
                    for lang in ("zh", "en"):
                        assert len(subject.failure.render(lang)) <= engine.MAX_MESSAGE_CHARS
            if outcome.error is not None:
                outcome.error.render("en")
        scoring.score(evaluation.outcomes, ruleset)
