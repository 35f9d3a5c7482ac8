"""JUnit XML (Jenkins' junit-10.xsd): a test suite per center, a test case per rule.

CI servers read it to show which rules fail where. A test case names its file and line
(``file`` and ``line``, as pytest's xunit1 family writes them and GitLab shows them: the
one addition to junit-10.xsd). ``time`` is 0: the output depends on the report alone, not
on how long the run took, and a rule takes microseconds.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from svcstd.compare import is_new
from svcstd.report.common import points_text
from svcstd.report.messages import MESSAGES
from svcstd.report.stream import written
from svcstd.result import AuditResult, CenterError, Finding, Report, RuleResult

TOOL = "svcstd"
TIME = "0"
# What XML 1.0 can hold (§2.2); anything else (most C0 controls, lone surrogates,
# U+FFFE/U+FFFF) would make the document ill-formed, so it becomes U+FFFD.
# Not XML 1.0, or (C1 controls) allowed but obeyed by some terminals.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report) -> str:
    return written(BatchWriter, report)


class BatchWriter:
    """JUnit XML written as a batch's centers arrive, in flat memory: each suite goes to an
    unnamed spool file as it comes, and the root element, which carries the totals, is
    written at the end with the suites after it. ``context`` is the report the suites
    belong to (its language and baseline), with or without its results."""

    def __init__(self, stream: TextIO, context: Report) -> None:
        self.stream, self.context = stream, context
        # Closed by close(); unnamed, so nothing is left behind if the batch stops before.
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.totals: Counter[str] = Counter()

    def add(self, result: AuditResult) -> None:
        self._write(_suite(self.context, result))

    def _write(self, suite: ET.Element) -> None:
        for attribute in _TOTALS:
            self.totals[attribute] += int(suite.get(attribute, "0"))
        ET.indent(suite, space="  ", level=1)  # as ET.indent of the whole document would
        self.spool.write("\n  " + ET.tostring(suite, encoding="unicode"))

    def close(self, errors: Sequence[CenterError]) -> list[str]:
        for error in errors:
            self._write(_broken_suite(error, self.context.lang))
        root = _element("testsuites", name=TOOL, time=TIME)
        for attribute in _TOTALS:
            root.set(attribute, str(self.totals[attribute]))
        self.spool.seek(0)
        if not self.spool.read(1):  # no suite: the root alone, closed in its own tag
            self.stream.write(_document(root) + "\n")
        else:
            root.text = "…"  # a child, so that the root's start tag can be cut off its serialization
            self.stream.write(_document(root).removesuffix("…</testsuites>"))
            self.spool.seek(0)
            shutil.copyfileobj(self.spool, self.stream)
            self.stream.write("\n</testsuites>\n")
        self.spool.close()
        return []


_TOTALS = ("tests", "failures", "errors")


def _document(root: ET.Element) -> str:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True).decode("utf-8")


def xml_text(text: object) -> str:
    """``text`` with the characters XML 1.0 cannot represent replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(text))


def _element(tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    element = ET.Element(tag, {name: xml_text(value) for name, value in attributes.items()})
    if text:
        element.text = xml_text(text)
    return element


def _suite(report: Report, result: AuditResult) -> ET.Element:
    center, statuses = result.center, Counter(rule.status for rule in result.results)
    suite = _element(
        "testsuite",
        name=center["id"],
        tests=len(result.results),
        failures=statuses["fail"],
        errors=statuses["error"],
        skipped=statuses["not_applicable"] + statuses["waived"],
        time=TIME,
        file=center["source"],
    )
    suite.append(_properties(result))
    suite.extend(_case(report, result, rule) for rule in result.results)
    return suite


def _properties(result: AuditResult) -> ET.Element:
    score, ruleset = result.score, result.ruleset
    values = {
        "center.name": result.center["name"],
        "center.level": result.center["level"],
        "as_of": result.as_of,
        "ruleset": f"{ruleset['id']}@{ruleset['version']}",
        "profile": ruleset["profile"],
        "score": score.value,
        "score_without_waivers": score.value_without_waivers,
        "grade": score.grade,
        "compliant": None if score.compliant is None else str(score.compliant).lower(),
    }
    properties = _element("properties")
    # "nothing assessed" leaves score, grade and compliant out rather than inventing a value.
    properties.extend(
        _element("property", name=name, value=value) for name, value in values.items() if value is not None
    )
    return properties


def _case(report: Report, result: AuditResult, rule: RuleResult) -> ET.Element:
    name, classname = f"{rule.rule} {rule.title}", f"{result.center['id']}.{rule.area}"
    case = _element("testcase", name=name, classname=classname, time=TIME, **_place(result, rule))
    lang = result.lang
    new = [is_new(report, result.center["id"], rule.rule, finding) for finding in rule.findings]
    mark = MESSAGES.text("junit_new", lang) if any(new) else ""
    if rule.status == "fail":
        message = MESSAGES.text("failure", lang, clause=rule.clause, count=len(rule.findings), points=_points(rule))
        case.append(_element("failure", _details(rule, new, lang), message=mark + message, type=rule.severity))
    elif rule.status == "error":
        message = mark + MESSAGES.text("junit_error", lang)
        case.append(_element("error", _details(rule, new, lang), message=message, type=rule.severity))
    elif rule.status == "not_applicable":
        case.append(_element("skipped", message=MESSAGES.text("not_applicable", lang)))
    elif rule.status == "waived":
        case.append(_element("skipped", message=_waived(result, rule)))
    return case


def _points(rule: RuleResult) -> str:
    return points_text(rule.points_lost)


def _place(result: AuditResult, rule: RuleResult) -> dict[str, str]:
    """Where a case points: its first finding, or the center's file."""
    if not rule.findings:
        return {"file": result.center["source"]}
    first = rule.findings[0]
    return {"file": first.file, "line": str(first.line)} if first.line >= 1 else {"file": first.file}


def _details(rule: RuleResult, new: list[bool], lang: str) -> str:
    mark = MESSAGES.text("junit_new", lang)
    lines = [(mark if fresh else "") + _position(finding) for finding, fresh in zip(rule.findings, new, strict=True)]
    if rule.remediation:
        lines.append(MESSAGES.text("fix", lang) + rule.remediation)
    return "\n".join(lines)


def _position(finding: Finding) -> str:
    return f"{finding.location}: {finding.message}"


def _waived(result: AuditResult, rule: RuleResult) -> str:
    reasons = [w.reason for w in result.waivers if w.kind == "applied" and w.rule == rule.rule and w.reason]
    if not reasons:
        return MESSAGES.text("junit_waived", result.lang)
    return MESSAGES.text("waived_because", result.lang, reasons="; ".join(dict.fromkeys(reasons)))


def _broken_suite(error: CenterError, lang: str) -> ET.Element:
    suite = _element(
        "testsuite", name=error.source, tests=1, failures=0, errors=1, skipped=0, time=TIME, file=error.source
    )
    first = error.problems[0] if error.problems else None
    place = {"line": str(first.line)} if first is not None and first.line >= 1 else {}
    case = _element(
        "testcase", name=MESSAGES.text("load", lang), classname=error.source, time=TIME, file=error.source, **place
    )
    details = "\n".join(_position(problem) for problem in error.problems)
    case.append(_element("error", details, message=MESSAGES.text("junit_not_audited", lang), type="input"))
    suite.append(case)
    return suite
