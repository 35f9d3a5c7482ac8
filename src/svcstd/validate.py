"""Check a loaded center description: its shape against the center schema, its ids and
references, and the YAML 1.1/1.2 spellings that would give editors another meaning.

The schema errors are described by :mod:`svcstd.schemacheck` (shared by every file svcstd
reads); what JSON Schema cannot say is checked here: ids are unique in their list,
references resolve, and no plain scalar means one thing to svcstd and another to an editor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from svcstd.document import Document, pointer, unescape_token
from svcstd.errors import Problem
from svcstd.i18n import Message
from svcstd.messages import MESSAGES
from svcstd.registry import nearest
from svcstd.schema import center_schema
from svcstd.schemacheck import CompiledSchema, iter_schema_problems, key_homes, show, sorted_unique

# Lists whose elements carry an `id`, by their path in the description.
DEPARTMENTS = ("organization", "departments")
WINDOWS = ("organization", "windows")
PROCESSES = ("processes",)
STAFF = ("staffing", "staff")
ID_COLLECTIONS: tuple[tuple[str, ...], ...] = (DEPARTMENTS, WINDOWS, PROCESSES, STAFF)

# Where references are written ("*" = every element of a list) → the list they point into.
REFERENCES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("processes", "*", "department"), DEPARTMENTS),
    (("processes", "*", "windows", "*"), WINDOWS),
    (("processes", "*", "linked", "*"), PROCESSES),
    (("organization", "windows", "*", "departments", "*"), DEPARTMENTS),
    (("organization", "digital", "platform", "connected_departments", "*"), DEPARTMENTS),
    (("staffing", "staff", "*", "department"), DEPARTMENTS),
    (("staffing", "staff", "*", "window"), WINDOWS),
    (("staffing", "staff", "*", "backup"), STAFF),
)

MAX_LISTED = 10


@cache
def center_validator() -> CompiledSchema:
    return CompiledSchema(center_schema())


@cache
def _center_key_homes() -> dict[str, tuple[str, ...]]:
    return key_homes(center_schema())


def validate_center(doc: Document) -> list[Problem]:
    """Every schema, id and reference problem in ``doc``, sorted by location."""
    # A misplaced key is sent home only in a center (a file with other keys has its own layout).
    homes = _center_key_homes() if isinstance(doc.data, dict) and "svcstd" in doc.data else {}
    found = [*iter_schema_problems(doc, center_validator(), key_homes=homes), *_id_problems(doc)]
    placed = {problem.pointer for problem in found}
    return sorted_unique(found + [p for p in _yaml_version_problems(doc) if p.pointer not in placed])


# YAML 1.1 (svcstd's reader, like PyYAML) and YAML 1.2 (editors, check-jsonschema) read some
# plain scalars differently. Where the schema wants a string the type error explains it;
# where it wants a boolean or a number both would pass, each with its own meaning, so
# svcstd refuses these spellings and editors and svcstd give one verdict.
_YAML11_BOOLEAN = re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF")
_YAML12_INTEGER = re.compile(r"[-+]?[0-9]+|0x[0-9a-fA-F]+")


def _yaml_version_problems(doc: Document) -> Iterator[Problem]:
    for ptr, raw in doc.ambiguous.items():
        value = _value_at(doc.data, ptr)
        if isinstance(value, bool) and _YAML11_BOOLEAN.fullmatch(raw):
            fix = json.dumps(value)
        elif isinstance(value, int) and not isinstance(value, bool) and _yaml12_integer(raw) != value:
            fix = f'{value} (or "{raw}")'
        else:
            continue
        other = f'"{raw}"' if not _YAML12_INTEGER.fullmatch(raw) else str(_yaml12_integer(raw))
        yield doc.problem(ptr, MESSAGES("yaml_version", raw=raw, value=show(value), other=other, fix=fix))


def _yaml12_integer(raw: str) -> int | None:
    """What YAML 1.2's core schema makes of ``raw`` as an integer (None: not one)."""
    if not _YAML12_INTEGER.fullmatch(raw):
        return None
    return int(raw, 16) if raw.startswith("0x") else int(raw)


def _value_at(data: Any, ptr: str) -> Any:
    for token in (unescape_token(t) for t in ptr.split("/")[1:]):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


# --- ids and references -------------------------------------------------------------------


def _id_problems(doc: Document) -> Iterator[Problem]:
    """Duplicate ids, then references that do not resolve.

    Ill-typed parts are left to the schema errors: a reference that is not a string, or
    one into a collection that is not a list, is not checked.
    """
    known: dict[tuple[str, ...], dict[str, str]] = {}
    for collection in ID_COLLECTIONS:
        known[collection], duplicates = _index_ids(doc, collection)
        yield from duplicates
    for path, collection in REFERENCES:
        if _ill_typed(doc.data, collection):
            continue
        for tokens, target in _walk(doc.data, path):
            if isinstance(target, str):
                yield from _check_reference(doc, tokens, target, collection, known[collection])


def _ill_typed(data: Any, collection: tuple[str, ...]) -> bool:
    return any(not isinstance(value, list) for _tokens, value in _walk(data, collection))


def _index_ids(doc: Document, collection: tuple[str, ...]) -> tuple[dict[str, str], list[Problem]]:
    """{id: pointer of its first use} for ``collection``, and a problem per repeated id."""
    first: dict[str, str] = {}
    duplicates: list[Problem] = []
    for tokens, value in _walk(doc.data, (*collection, "*", "id")):
        if not isinstance(value, str) or not value:
            continue
        ptr = pointer(tokens)
        if value in first:
            duplicates.append(_duplicate(doc, ptr, value, collection, first[value]))
        else:
            first[value] = ptr
    return first, duplicates


def _duplicate(doc: Document, ptr: str, value: str, collection: tuple[str, ...], first_ptr: str) -> Problem:
    _node, here = doc.locate(ptr)
    _node, first = doc.locate(first_ptr)
    params = {"id": show(value), "collection": ".".join(collection)}
    if first.file == here.file:
        message = MESSAGES("duplicate_element_id", line=first.line, **params)
    else:
        message = MESSAGES("duplicate_element_id_other_file", location=str(first), **params)
    return doc.problem(ptr, message)


def _check_reference(
    doc: Document,
    tokens: tuple[str | int, ...],
    target: str,
    collection: tuple[str, ...],
    ids: dict[str, str],
) -> Iterator[Problem]:
    ptr = pointer(tokens)
    name = ".".join(collection)
    if target not in ids:
        message = MESSAGES("unknown_ref", target=show(target), collection=name)
        yield doc.problem(ptr, message, _id_hint(target, ids, name))
    elif _owner_id_pointer(tokens, collection) == ids[target]:
        yield doc.problem(ptr, MESSAGES("self_ref", target=show(target), collection=name))


def _owner_id_pointer(tokens: tuple[str | int, ...], collection: tuple[str, ...]) -> str | None:
    """The pointer of the id of the element of ``collection`` holding the reference, if any."""
    depth = len(collection)
    if tokens[:depth] != collection:
        return None
    return pointer((*tokens[: depth + 1], "id"))


def _id_hint(target: str, ids: dict[str, str], collection: str) -> Message:
    if not ids:
        return MESSAGES("no_ids", collection=collection)
    close = nearest(target, ids)
    if close:
        return MESSAGES("did_you_mean", suggestion=show(close[0]))
    listed = [show(known) for known in list(ids)[:MAX_LISTED]]
    if len(ids) > MAX_LISTED:
        listed.append("…")
    return MESSAGES("known_ids", ids=", ".join(listed))


def _walk(
    node: Any, path: Sequence[str], tokens: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Values at ``path`` ("*": every list element) and their tokens; other shapes give none."""
    if not path:
        yield tokens, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*tokens, index))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*tokens, head))
