"""Fuzz target: text from a description on its way to a person. Whatever a center's
name, id, process names and URLs hold, no output carries a raw terminal escape, the
terminal shows markup as text, HTML escapes it, `javascript:` is never a link, and
SARIF and JUnit stay parseable."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from hostile import fuzz, nasty_text, ruleset_file
from hypothesis import given
from hypothesis import strategies as st
from rich.control import strip_control_codes

from svcstd.audit import AuditOptions, audit_many
from svcstd.report import BINARY, FORMATS
from svcstd.rules.load import load_ruleset
from svcstd.rules.model import Ruleset
from svcstd.terminal import visible

# Files may keep a carriage return and form feed (HTML allows them); a terminal gets none.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# A live Markdown link or autolink to a script: `](javascript:` not preceded by a backslash, `<javascript:`.
MARKDOWN_LINK = re.compile(r"(?<!\\)\]\(\s*<?(javascript|data):|<(javascript|data):", re.IGNORECASE)
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cache
def _ruleset(folder: str) -> Ruleset:
    rule = {"for_each": "processes[*]", "message": "{name} at {guide.url} ({center.name})",
            "check": {"path": "guide.url", "matches": "^https://ok\\.example/"}}  # fmt: skip
    return load_ruleset(str(ruleset_file(Path(folder), rule)))


@fuzz
@given(
    names=st.lists(nasty_text, min_size=2, max_size=2),
    process=nasty_text,
    url=st.sampled_from(["javascript:alert(1)", "JaVaScRiPt:x", "https://evil.example/\x1b[2J", "data:text/html,x"])
    | nasty_text,
)
def test_description_text_is_data_in_every_output(tmp_path_factory, names: list[str], process: str, url: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(tmp_path_factory.mktemp("text"))
    ruleset = _ruleset(str(tmp_path_factory.getbasetemp()))
    paths = []
    for index, name in enumerate(names):
        center = {"svcstd": "1", "center": {"id": f"c{index}", "name": name, "level": "county"},
                  "processes": [{"id": "p1", "name": process, "guide": {"url": url}}]}  # fmt: skip
        path = folder / f"c{index}.yaml"
        path.write_text(yaml.safe_dump(center, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    report = audit_many(paths, AuditOptions(ruleset=ruleset, as_of=date(2026, 1, 1), lang="en"))
    outputs = {
        fmt: render(report) for fmt, render in FORMATS.items() if fmt not in BINARY
    }  # xlsx: see test_report_xlsx
    for fmt, text in outputs.items():
        assert not RAW_CONTROL.search(text.replace("\n", "").replace("\t", "")), fmt
    table = outputs["table"]
    assert not TERMINAL_CONTROL.search(table.replace("\n", ""))
    for result in report.results:  # markup and emoji codes in a name stay text on the terminal
        shown = visible(strip_control_codes(result.center["name"])).split("\n")[0]
        if shown.strip() and "\t" not in shown:
            assert shown in table, shown
    for fmt in ("html", "markdown"):
        assert "<script>alert" not in outputs[fmt].lower(), fmt
    assert not re.search(r"href\s*=\s*[\"']?\s*(javascript|data):", outputs["html"], re.IGNORECASE)
    # Inside an HTML block (<summary>) Markdown is not parsed; the text there is HTML-escaped.
    markdown = "\n".join(line for line in outputs["markdown"].splitlines() if not line.startswith("<summary>"))
    assert not MARKDOWN_LINK.search(markdown)
    json.loads(outputs["json"])
    json.loads(outputs["sarif"])
    ElementTree.fromstring(outputs["junit"])
