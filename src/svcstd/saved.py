"""Read a saved JSON report (``svcstd-report/1`` or ``svcstd-batch/1``) back into a
:class:`~svcstd.result.Report`, for `svcstd report`, `svcstd diff` and `--baseline`.

A saved report may come from anywhere, so it is read like any untrusted input: a
regular file within a size bound, then JSON, then checked against the JSON Schema of
the report format, and only then used. Whatever it holds, the answer is a report or a
positioned error (exit 2).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from svcstd import files
from svcstd.document import escape_token
from svcstd.errors import InputError, Location, Problem
from svcstd.jsonform import BATCH_FORMAT, REPORT_FORMAT, expanded_batch, report_from_dict
from svcstd.messages import MESSAGES
from svcstd.result import Report
from svcstd.schema import load_schema

# A batch of a few thousand centers is tens of megabytes; more is not a report of ours.
MAX_REPORT_BYTES = 256 * 1024 * 1024


def read_report(path: Path) -> Report:
    source = str(path)
    content = files.read_bytes(path, MAX_REPORT_BYTES)
    if len(content) > MAX_REPORT_BYTES:
        raise _error(source, "report_too_large", limit=MAX_REPORT_BYTES)
    data = _parse(content, source)
    formats = (REPORT_FORMAT, BATCH_FORMAT)
    if not isinstance(data, dict) or data.get("format") not in formats:
        raise _error(source, "report_format", formats=" / ".join(formats))
    if data["format"] == BATCH_FORMAT:
        try:
            data = expanded_batch(data)  # check each center whole, as report_from_dict reads it
        except (KeyError, TypeError, AttributeError, ValueError) as problem:
            raise _error(source, "shape", where="/rulesets", error=f"{type(problem).__name__}: {problem}") from None
    error = best_match(_validator(data["format"]).iter_errors(data))
    if error is not None:
        where = "/" + "/".join(escape_token(str(part)) for part in error.absolute_path)
        raise _error(source, "shape", where=where, error=_short(error.message))
    try:
        return report_from_dict(data)
    except (KeyError, TypeError, ValueError) as problem:  # keys the schema allows but this version cannot use
        raise _error(source, "shape", where="/", error=f"{type(problem).__name__}: {problem}") from None


def _parse(content: bytes, source: str) -> Any:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _error(source, "report_unreadable", error=error) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            [Problem(Location(source, error.lineno, error.colno), MESSAGES("json", error=error.msg))]
        ) from None
    except (ValueError, RecursionError) as error:  # NaN/Infinity, a number of thousands of digits, deep nesting
        raise _error(source, "json", error=_short(str(error) or type(error).__name__)) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in a report")


@cache
def _validator(report_format: str) -> Draft202012Validator:
    """The schema of one format (so errors name its keys, not the other format's)."""
    schema = load_schema("report")
    shape = "report" if report_format == REPORT_FORMAT else "batch"
    return Draft202012Validator({"$ref": f"#/$defs/{shape}", "$defs": schema["$defs"]})


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(source: str, key: str, **params: Any) -> InputError:
    return InputError([Problem(Location(source), MESSAGES(key, **params))])
