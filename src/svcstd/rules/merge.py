"""Read a ruleset file and the ``extends`` chain above it, each checked against the
meta-schema, and merge the chain (root first) into one compiled :class:`Ruleset`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from svcstd.cache import checked_document
from svcstd.document import Document
from svcstd.errors import InputError, Location
from svcstd.rules import safe
from svcstd.rules.bundled import locate
from svcstd.rules.compile import check_references, compile_rule
from svcstd.rules.messages import MESSAGES
from svcstd.rules.model import Area, Cap, GradeBand, Indicator, ManualItem, Parameter, Profile, Rule, Ruleset, Tailoring
from svcstd.rules.tailoring import checked_tailoring
from svcstd.schema import load_schema, schema_digest
from svcstd.schemacheck import CompiledSchema, schema_problems


class Layer(NamedTuple):
    """One ruleset file of an ``extends`` chain: its checked document and its bytes."""

    doc: Document
    content: bytes


def chain(path: Path, seen: tuple[str, ...]) -> Iterator[Layer]:
    """The ruleset files from the root of the ``extends`` chain down to ``path``."""
    doc, content = checked_document(path, _check_meta, "ruleset meta-schema " + schema_digest("ruleset"))
    parent = doc.data.get("extends")
    if parent:
        if parent in seen:
            cycle = " → ".join((*seen, parent))
            raise InputError([doc.problem("/extends", MESSAGES("extends_cycle", chain=cycle))])
        yield from chain(locate(parent), (*seen, parent))
    yield Layer(doc, content)


def _check_meta(doc: Document) -> None:
    problems = schema_problems(doc, _meta_validator()) or list(safe.schema_test_problems(doc))
    if problems:
        raise InputError(problems)


@cache
def _meta_validator() -> CompiledSchema:
    return CompiledSchema(load_schema("ruleset"), format_checker=safe.format_checker(), formats=safe.FAST_FORMATS)


def merge(layers: list[Layer]) -> Ruleset:
    """Merge an ``extends`` chain (root first) into one compiled ruleset."""
    merged: dict[str, Any] = {}
    locations: dict[str, Location] = {}  # where each parameter is defined, the last layer winning
    rules: dict[str, Rule] = {}
    for layer in layers:
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
            rules[spec["id"]] = compile_rule(spec, layer.doc, f"/rules/{index}")
        if "overrides" in data:
            base = _partial(merged, rules, layer, locations)
            base = checked_tailoring(base, Tailoring.from_mapping(data["overrides"]), layer.doc, "/overrides")
            rules = {rule.id: rule for rule in base.rules}
            merged["parameters"] = {
                **merged.get("parameters", {}),
                **{n: {**merged["parameters"][n], "default": p.default} for n, p in base.parameters.items()},
            }
    ruleset = _partial(merged, rules, layers[-1], locations)
    check_references(ruleset, layers[-1].doc)
    digest = hashlib.sha256(b"".join(layer.content for layer in layers)).hexdigest()
    return replace(ruleset, sha256=digest)


def _partial(
    merged: Mapping[str, Any], rules: Mapping[str, Rule], layer: Layer, locations: Mapping[str, Location]
) -> Ruleset:
    data = layer.doc.data
    for key in ("areas", "grading"):
        if key not in merged:
            raise InputError([layer.doc.problem("", MESSAGES("missing_section", key=key))])
    grading = merged["grading"]
    standard = data.get("standard")
    indicators = tuple(Indicator(**spec) for spec in merged.get("indicators", ()))
    scoring = merged.get("scoring", {})
    # An empty list that a rule needs is a finding in a points sheet, never a silent N/A
    # (DESIGN §6a); rulesets without points keep the N/A of their released versions.
    if_empty = "missing" if indicators else "not_applicable"
    rules = {rid: rule._replace(if_empty=rule.source.get("if_empty", if_empty)) for rid, rule in rules.items()}
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
