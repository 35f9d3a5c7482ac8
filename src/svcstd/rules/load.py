"""Find, read, check and compile rulesets: bundled ones by ``ID@VERSION``, or files.

A ruleset file is validated against the meta-schema before anything in it is used; its
problems name file:line:column like any other input. ``extends`` chains, profiles and
tailoring files are resolved here, so the engine sees one flat, compiled ruleset.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from svcstd import loader
from svcstd.cache import checked_document
from svcstd.document import Document
from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import Catalog
from svcstd.resources import bundled_dir
from svcstd.rules import paths, safe
from svcstd.rules.conditions import compile_condition
from svcstd.rules.model import (
    Area,
    Cap,
    GradeBand,
    Indicator,
    ManualItem,
    Parameter,
    Profile,
    Rule,
    Ruleset,
    RuleTest,
    Tailoring,
)  # fmt: skip
from svcstd.rules.operands import PARAM_FIELD
from svcstd.schema import load_schema, schema_digest
from svcstd.schemacheck import CompiledSchema, schema_problems
from svcstd.standards import version_key

_ = Catalog(
    {
        "unknown_ruleset": {
            "zh": "找不到规则集 {spec}；可用：{known}",
            "en": "no ruleset {spec}; available: {known}",
        },
        "unknown_profile": {
            "zh": "规则集 {ruleset} 没有配置 {profile}；可用：{known}",
            "en": "ruleset {ruleset} has no profile {profile}; available: {known}",
        },
        "unknown_param": {
            "zh": "规则 {rule} 引用了未定义的参数 {name}；请在 parameters 中定义它",
            "en": "rule {rule} uses parameter {name}, which is not defined; define it under parameters",
        },
        "tailor_unknown_param": {
            "zh": "参数 {name} 在规则集中不存在",
            "en": "parameter {name} is not defined by the ruleset",
        },
        "unknown_rule": {
            "zh": "规则 {rule} 在规则集中不存在",
            "en": "rule {rule} is not in the ruleset",
        },
        "duplicate_rule": {
            "zh": "规则编号 {rule} 重复（首次出现在第 {line} 行）",
            "en": "rule id {rule} is used twice (first at line {line})",
        },
        "unknown_area": {
            "zh": "规则 {rule} 的领域 {area} 未在 areas 中定义",
            "en": "rule {rule} names area {area}, which is not defined under areas",
        },
        "unknown_grade": {
            "zh": "封顶等级 {grade} 不是 grading.bands 中的等级",
            "en": "cap grade {grade} is not one of grading.bands",
        },
        "extends_cycle": {
            "zh": "规则集的 extends 形成循环：{chain}",
            "en": "ruleset extends itself: {chain}",
        },
        "missing_section": {
            "zh": "规则集缺少 {key}，也没有可继承的上级规则集",
            "en": "ruleset has no {key} and extends nothing that has one",
        },
        "bad_template": {
            "zh": "规则 {rule} 的提示模板有误：{error}；花括号须成对，字面的花括号写作 {{{{ 和 }}}}",
            "en": "rule {rule}'s message template is malformed: {error}; braces must pair, write literal ones as {{{{ and }}}}",
        },
        "template_spec": {
            "zh": "规则 {rule} 的提示模板中的 {{{field}}} 带有格式说明或转换（{spec}）；模板只能写 {{路径}}",
            "en": "rule {rule}'s message template gives {{{field}}} a format spec or conversion ({spec}); write plain {{path}} fields only",
        },
        "template_field": {
            "zh": "规则 {rule} 的提示模板中的 {{{field}}} 不是路径：{why}",
            "en": "rule {rule}'s message template has {{{field}}}, which is not a path: {why}",
        },
        "points_total": {
            "zh": "各指标分值合计 {total}，应为 100",
            "en": "the indicators' points add up to {total}, not 100",
        },
        "indicator_total": {
            "zh": "指标 {indicator} 分值为 {points}，但其规则与人工条款合计 {total}；两者须一致",
            "en": "indicator {indicator} has {points} points, but its rules and manual clauses add up to {total}; make them agree",
        },
        "unknown_indicator": {
            "zh": "{what} 所属的指标 {indicator} 未在 indicators 中定义",
            "en": "{what} names indicator {indicator}, which is not defined under indicators",
        },
        "needs_points": {
            "zh": "规则 {rule} 缺少 {key}：声明了 indicators 的规则集中，每条规则都要有分值（加分项可不属于指标）",
            "en": "rule {rule} has no {key}: in a ruleset with indicators every rule needs points (bonus items need no indicator)",
        },
        "points_without_sheet": {
            "zh": "规则 {rule} 有分值，但规则集没有声明 indicators（评分表）",
            "en": "rule {rule} has points, but the ruleset declares no indicators (points sheet)",
        },
        "tailoring_ruleset": {
            "zh": "剪裁文件针对的是 {expected}，当前规则集是 {actual}",
            "en": "the tailoring file is for {expected}, but the ruleset is {actual}",
        },
    }
)

TAILORING_CHANGES = ("parameters", "weights", "severities", "disable", "select")  # what reports name
_TAILORING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["svcstd-tailoring"],
    "properties": {
        "svcstd-tailoring": {"const": "1"},
        "ruleset": {"type": "string"},
        "profile": {"type": "string"},
        "description": {"type": "string"},
        "parameters": {"type": "object"},
        "weights": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1000}},
        "severities": {
            "type": "object",
            "additionalProperties": {"enum": ["critical", "major", "minor", "info"]},
        },
        "disable": {"type": "array", "items": {"type": "string"}},
        "select": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class BundledRuleset:
    id: str
    version: str
    path: Path


def bundled() -> list[BundledRuleset]:
    """Every bundled ruleset (``rulesets/<id>/<version>.yaml``), by id then version."""
    root = bundled_dir("rulesets")
    found = [
        BundledRuleset(path.parent.name, path.stem, path)
        for path in root.glob("*/*.yaml")
        if not path.name.startswith(".")
    ]
    return sorted(found, key=lambda r: (r.id, version_key(r.version)))


def locate(spec: str | None) -> Path:
    """The file behind ``spec``: a path to a YAML file, ``ID``, ``ID@VERSION``, or None
    (the newest version of the first bundled ruleset in name order)."""
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec):
        return Path(spec)
    candidates = bundled()
    if spec:
        rid, _sep, version = spec.partition("@")
        candidates = [r for r in candidates if r.id == rid and (not version or r.version == version)]
    else:
        candidates = [r for r in candidates if r.id == DEFAULT_RULESET] or candidates
    if not candidates:
        known = ", ".join(f"{r.id}@{r.version}" for r in bundled()) or "—"
        raise InputError(
            [Problem(Location.argument(spec or "--ruleset"), _("unknown_ruleset", spec=spec, known=known))]
        )
    return max(candidates, key=lambda r: version_key(r.version)).path


DEFAULT_RULESET = "cn-gsc"


def superseded_by(ruleset_id: str, version: str) -> str | None:
    """The newest bundled version of the ruleset whose ``supersedes`` names ``version``
    (released versions stay bundled and unchanged; a newer one says it replaces them)."""
    newer = [r.version for r in bundled() if r.id == ruleset_id and version in _supersedes(r.path)]
    return max(newer, key=version_key) if newer else None


@cache
def _supersedes(path: Path) -> tuple[str, ...]:
    return tuple(loader.load_yaml(path).data.get("supersedes", ()))


def load_ruleset(
    spec: str | None = None,
    *,
    profile: str | None = None,
    tailoring: Path | None = None,
) -> Ruleset:
    """Load, check and compile a ruleset with a profile and an optional tailoring file.

    The profile is ``profile``, else the tailoring file's ``profile``, else baseline.
    The report's sha256 covers every file involved: the ``extends`` chain and the
    tailoring file.
    """
    return _load(str(locate(spec)), profile, str(tailoring) if tailoring else None)


@cache
def _load(path: str, profile: str | None, tailoring_path: str | None) -> Ruleset:
    chain = list(_chain(Path(path), ()))
    ruleset = _build(chain)
    tailoring_doc = loader.load_yaml(Path(tailoring_path)) if tailoring_path else None
    if tailoring_doc is not None:
        _check_tailoring_file(tailoring_doc)
        profile = profile or tailoring_doc.data.get("profile")
    ruleset = _apply_profile(ruleset, profile or "baseline", chain[-1].doc)
    if tailoring_doc is not None and tailoring_path is not None:
        ruleset = _apply_tailoring_file(ruleset, tailoring_doc)
        digest = hashlib.sha256(ruleset.sha256.encode() + Path(tailoring_path).read_bytes())
        changes = {key: tailoring_doc.data[key] for key in TAILORING_CHANGES if key in tailoring_doc.data}
        ruleset = replace(ruleset, sha256=digest.hexdigest(), tailoring=tailoring_path, tailoring_changes=changes)
    return ruleset


@dataclass(frozen=True)
class _Layer:
    doc: Document
    content: bytes


def _chain(path: Path, seen: tuple[str, ...]) -> Iterator[_Layer]:
    """The ruleset files from the root of the ``extends`` chain down to ``path``."""
    doc = checked_document(path, _check_meta, "ruleset meta-schema " + schema_digest("ruleset"))
    parent = doc.data.get("extends")
    if parent:
        if parent in seen:
            chain = " → ".join((*seen, parent))
            raise InputError([doc.problem("/extends", _("extends_cycle", chain=chain))])
        yield from _chain(locate(parent), (*seen, parent))
    yield _Layer(doc, path.read_bytes())


def _check_meta(doc: Document) -> None:
    problems = schema_problems(doc, _meta_validator()) or list(safe.schema_test_problems(doc))
    if problems:
        raise InputError(problems)


@cache
def _meta_validator() -> CompiledSchema:
    return CompiledSchema(load_schema("ruleset"), format_checker=safe.FORMAT_CHECKER, formats=safe.FAST_FORMATS)


def _build(chain: list[_Layer]) -> Ruleset:
    """Merge an ``extends`` chain (root first) into one compiled ruleset."""
    merged: dict[str, Any] = {}
    locations: dict[str, Location] = {}  # where each parameter is defined, the last layer winning
    rules: dict[str, Rule] = {}
    for layer in chain:
        data = layer.doc.data
        for key in ("areas", "grading", "profiles"):
            if key in data:
                merged[key] = {**merged.get(key, {}), **data[key]} if key != "grading" else data[key]
        for key in ("scoring", "indicators", "manual"):  # the points sheet is replaced whole
            if key in data:
                merged[key] = data[key]
        merged["parameters"] = {**merged.get("parameters", {}), **data.get("parameters", {})}
        locations.update({name: layer.doc.locate(f"/parameters/{name}")[1] for name in data.get("parameters", {})})
        for index, spec in enumerate(data.get("rules", [])):
            rules[spec["id"]] = _compile_rule(spec, layer.doc, f"/rules/{index}")
        if "overrides" in data:
            base = _partial(merged, rules, layer, locations)
            base = _checked_tailoring(base, Tailoring.from_mapping(data["overrides"]), layer.doc, "/overrides")
            rules = {rule.id: rule for rule in base.rules}
            merged["parameters"] = {
                **merged.get("parameters", {}),
                **{n: {**merged["parameters"][n], "default": p.default} for n, p in base.parameters.items()},
            }
    ruleset = _partial(merged, rules, chain[-1], locations)
    _check_references(ruleset, chain[-1].doc)
    digest = hashlib.sha256(b"".join(layer.content for layer in chain)).hexdigest()
    return replace(ruleset, sha256=digest)


def _partial(
    merged: Mapping[str, Any], rules: Mapping[str, Rule], layer: _Layer, locations: Mapping[str, Location]
) -> Ruleset:
    data = layer.doc.data
    for key in ("areas", "grading"):
        if key not in merged:
            raise InputError([layer.doc.problem("", _("missing_section", key=key))])
    grading = merged["grading"]
    standard = data.get("standard")
    indicators = tuple(Indicator(**spec) for spec in merged.get("indicators", ()))
    scoring = merged.get("scoring", {})
    # An empty list that a rule needs is a finding in a points sheet, never a silent N/A
    # (DESIGN §6a); rulesets without points keep the N/A of their released versions.
    if_empty = "missing" if indicators else "not_applicable"
    rules = {rid: replace(rule, if_empty=rule.source.get("if_empty", if_empty)) for rid, rule in rules.items()}
    return Ruleset(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data.get("description"),
        status=data.get("status", "released"),
        sha256="",
        path=layer.doc.source,
        rules=tuple(rules.values()),
        parameters={
            name: Parameter(name, spec["title"], spec["default"], spec.get("unit"), locations.get(name))
            for name, spec in merged.get("parameters", {}).items()
        },
        areas={aid: Area(aid, spec["title"], spec.get("weight", 1.0)) for aid, spec in merged["areas"].items()},
        bands=tuple(sorted((GradeBand(**band) for band in grading["bands"]), key=lambda b: -b.min)),
        caps=tuple(Cap(**cap) for cap in grading.get("caps", [])),
        profiles={
            pid: Profile(pid, spec["title"], Tailoring.from_mapping(spec), spec.get("description"), spec.get("extends"))
            for pid, spec in merged.get("profiles", {}).items()
        },
        standard=(standard["id"], standard["version"]) if standard else None,
        indicators=indicators,
        manual=tuple(ManualItem(**spec) for spec in merged.get("manual", ())),
        bonus_cap=scoring.get("bonus_cap", 0.0),
        assessment_max_age_days=scoring.get("assessment_max_age_days"),
    )


def _compile_rule(spec: Mapping[str, Any], doc: Document, ptr: str) -> Rule:
    return Rule(
        id=spec["id"],
        aliases=tuple(spec.get("aliases", ())),
        title=spec["title"],
        area=spec["area"],
        clause=spec["clause"],
        severity=spec["severity"],
        weight=spec["weight"],
        levels=tuple(spec.get("levels", Rule.levels)),
        status=spec.get("status", "stable"),
        rationale=spec["rationale"],
        remediation=spec["remediation"],
        references=tuple(spec["references"]),
        for_each=spec.get("for_each"),
        subject_name=spec.get("subject_name"),
        when=compile_condition(spec["when"]) if "when" in spec else None,
        check=compile_condition(spec["check"]),
        all_or_nothing=spec.get("all_or_nothing", False),
        message=spec.get("message"),
        tests=tuple(
            RuleTest(
                expect=case["expect"],
                center=case["center"],
                name=case.get("name", ""),
                level=case.get("level"),
                pointer=case.get("pointer"),
                as_of=case.get("as_of"),
            )
            for case in spec["tests"]
        ),
        parameters=tuple(sorted(set(_param_names(spec)))),
        indicator=spec.get("indicator"),
        points=spec.get("points"),
        deduct_per_subject=spec["deduct"]["points"] if "deduct" in spec else None,
        veto=spec.get("veto", False),
        bonus=spec.get("bonus", False),
        source=dict(spec),
        location=doc.locate(ptr)[1],
    )


def _param_names(node: Any) -> Iterator[str]:
    """Every parameter a rule reads: ``{param: NAME}`` in its logic, ``{param.NAME}`` in
    its message and its remediation."""
    if isinstance(node, Mapping):
        if set(node) == {"param"}:
            yield node["param"]
        for key, value in node.items():
            if key == "message":
                yield from (field[6:] for field in _template_fields(value) if field.startswith("param."))
            elif key == "remediation":
                texts = [value] if isinstance(value, str) else value.values()
                yield from (name for text in texts for name in PARAM_FIELD.findall(text))
            elif key != "tests":
                yield from _param_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from _param_names(item)


def _template_fields(message: Any) -> Iterator[str]:
    """The ``{fields}`` of a message template in every language; malformed ones are skipped
    here and reported by :func:`_template_problems`."""
    for text in [message] if isinstance(message, str) else message.values():
        try:
            yield from (field for _t, field, _s, _c in string.Formatter().parse(text) if field)
        except ValueError:
            continue


def _check_references(ruleset: Ruleset, doc: Document) -> None:
    """Problems the meta-schema cannot see: duplicate ids, unknown params, areas, grades,
    malformed message templates."""
    problems: list[Problem] = []
    seen: dict[str, Location] = {}
    for rule in ruleset.rules:
        where = rule.location or Location(ruleset.path)
        problems.extend(_template_problems(rule, where))
        for name in (rule.id, *rule.aliases):
            if name in seen:
                problems.append(Problem(where, _("duplicate_rule", rule=name, line=seen[name].line)))
            seen.setdefault(name, where)
        for name in rule.parameters:
            if name not in ruleset.parameters:
                problems.append(Problem(where, _("unknown_param", rule=rule.id, name=name)))
        if rule.area not in ruleset.areas:
            problems.append(Problem(where, _("unknown_area", rule=rule.id, area=rule.area)))
    grades = {band.grade for band in ruleset.bands}
    for cap in ruleset.caps:
        if cap.max_grade not in grades:
            problems.append(doc.problem("/grading/caps", _("unknown_grade", grade=cap.max_grade)))
    problems.extend(_points_problems(ruleset, doc))
    if problems:
        raise InputError(problems)


def _points_problems(ruleset: Ruleset, doc: Document) -> Iterator[Problem]:
    """The points sheet adds up: indicators to 100, each indicator's rules and manual
    clauses to the indicator's points; every rule of a points ruleset has points."""
    if not ruleset.indicators:
        for rule in ruleset.rules:
            if rule.points is not None:
                yield Problem(rule.location or doc.locate("")[1], _("points_without_sheet", rule=rule.id))
        return
    total = sum(indicator.points for indicator in ruleset.indicators)
    if abs(total - 100) > 1e-6:
        yield doc.problem("/indicators", _("points_total", total=_points_text(total)))
    known = {indicator.id: indicator for indicator in ruleset.indicators}
    sums = dict.fromkeys(known, 0.0)
    for rule in ruleset.rules:
        where = rule.location or doc.locate("")[1]
        if rule.points is None:
            yield Problem(where, _("needs_points", rule=rule.id, key="points"))
        if rule.bonus:
            continue
        if rule.indicator is None:
            yield Problem(where, _("needs_points", rule=rule.id, key="indicator"))
        elif rule.indicator not in known:
            yield Problem(where, _("unknown_indicator", what=rule.id, indicator=rule.indicator))
        else:
            sums[rule.indicator] += rule.points or 0.0
    for index, item in enumerate(ruleset.manual):
        if item.indicator not in known:
            yield doc.problem(f"/manual/{index}", _("unknown_indicator", what=item.clause, indicator=item.indicator))
        else:
            sums[item.indicator] += item.points
    for index, indicator in enumerate(ruleset.indicators):
        if indicator.area not in ruleset.areas:
            yield doc.problem(f"/indicators/{index}", _("unknown_area", rule=indicator.id, area=indicator.area))
        if abs(sums[indicator.id] - indicator.points) > 1e-6:
            yield doc.problem(
                f"/indicators/{index}",
                _("indicator_total", indicator=indicator.id, points=_points_text(indicator.points),
                  total=_points_text(sums[indicator.id])),
            )  # fmt: skip


def _points_text(points: float) -> str:
    return f"{points:g}"


def _template_problems(rule: Rule, where: Location) -> Iterator[Problem]:
    """Message templates that do not parse, or name a field that is not a path (parameters
    they name are checked with the rule's other parameters)."""
    texts = [] if rule.message is None else [rule.message] if isinstance(rule.message, str) else rule.message.values()
    for text in texts:
        try:
            parsed = [(field, spec, conversion) for _t, field, spec, conversion in string.Formatter().parse(text)]
        except ValueError as error:
            yield Problem(where, _("bad_template", rule=rule.id, error=error))
            continue
        for field, spec, conversion in parsed:
            # `{x!r}` and `{x:>99999999}` would let a ruleset print Python reprs or fill memory.
            if spec or conversion:
                shown = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                yield Problem(where, _("template_spec", rule=rule.id, field=field or "", spec=shown))
        fields = [field for field, _spec, _conversion in parsed if field]
        for field in fields:
            if field in ("actual", "expected") or field.startswith("param."):
                continue
            try:
                paths.parse(field)
            except paths.PathSyntaxError as error:
                yield Problem(where, _("template_field", rule=rule.id, field=field, why=error))


def _checked_tailoring(ruleset: Ruleset, tailoring: Tailoring, doc: Document, ptr: str) -> Ruleset:
    problems = [
        doc.problem(f"{ptr}/parameters/{name}", _("tailor_unknown_param", name=name))
        for name in tailoring.parameters
        if name not in ruleset.parameters
    ]
    problems += [
        doc.problem(ptr, _("unknown_rule", rule=rule_id))
        for rule_id in sorted(tailoring.rule_ids())
        if ruleset.rule(rule_id) is None
    ]
    if problems:
        raise InputError(problems)
    return ruleset.tailored(tailoring)


def _apply_profile(ruleset: Ruleset, profile: str, doc: Document) -> Ruleset:
    if profile == "baseline" and "baseline" not in ruleset.profiles:
        return ruleset
    steps: list[Profile] = []
    current: str | None = profile
    while current and current != "baseline":
        if current not in ruleset.profiles or any(p.id == current for p in steps):
            known = ", ".join(["baseline", *sorted(ruleset.profiles)])
            message = _("unknown_profile", ruleset=f"{ruleset.id}@{ruleset.version}", profile=current, known=known)
            raise InputError([Problem(Location.argument("--profile"), message)])
        steps.append(ruleset.profiles[current])
        current = ruleset.profiles[current].extends
    for step in reversed(steps):
        ruleset = _checked_tailoring(ruleset, step.tailoring, doc, f"/profiles/{step.id}")
    return replace(ruleset, profile=profile)


@cache
def _tailoring_validator() -> CompiledSchema:
    return CompiledSchema(_TAILORING_SCHEMA, format_checker=None)


def _check_tailoring_file(doc: Document) -> None:
    problems = schema_problems(doc, _tailoring_validator())
    if problems:
        raise InputError(problems)


def _apply_tailoring_file(ruleset: Ruleset, doc: Document) -> Ruleset:
    target = doc.data.get("ruleset")
    if target and target not in (ruleset.id, f"{ruleset.id}@{ruleset.version}"):
        actual = f"{ruleset.id}@{ruleset.version}"
        raise InputError([doc.problem("/ruleset", _("tailoring_ruleset", expected=target, actual=actual))])
    return _checked_tailoring(ruleset, Tailoring.from_mapping(doc.data), doc, "")
