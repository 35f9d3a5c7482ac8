"""The JUnit renderer: valid against Jenkins' junit-10.xsd, counts that match, safe with any text.

Also the CLI writing SARIF and JUnit side by side.
"""

from __future__ import annotations

import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from conftest import AS_OF, BROKEN_CENTER, EXAMPLES, SCHEMAS, streamed_and_whole
from test_report_sarif import assert_valid_sarif
from typer.testing import CliRunner

from svcstd import centerfiles
from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.report import junit
from svcstd.result import Report
from svcstd.rules.load import load_ruleset

RULESET = "cn-gsc@1.0"
BROKEN = BROKEN_CENTER
HOSTILE = '<b>&amp; "q" ]]> \x01\x1b\ufffe end'


def audit(*paths: Path, lang: str = "en") -> Report:
    options = AuditOptions(ruleset=load_ruleset(RULESET), as_of=date.fromisoformat(AS_OF), lang=lang)
    return audit_many(list(paths), options)


# The one addition to junit-10.xsd: a test case's file and line, as pytest's xunit1 family
# writes them and GitLab reads them.
CASE_PLACE = '<xs:attribute name="file" type="xs:string"/>\n<xs:attribute name="line" type="xs:string"/>\n'


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    text = (SCHEMAS / "junit-10.xsd").read_text(encoding="utf-8")
    anchor = '<xs:attribute name="group" type="xs:string"/>\n        </xs:complexType>\n    </xs:element>\n\n    <xs:element name="testsuite">'
    assert text.count(anchor) == 1  # the testcase element, and only it
    return xmlschema.XMLSchema(io.StringIO(text.replace(anchor, CASE_PLACE + anchor)))


def test_the_plain_schema_refuses_only_the_case_place(in_repo: Path) -> None:
    plain = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    root = ET.fromstring(junit.render(audit(Path("examples/jinzhong-city.yaml"))).encode("utf-8"))
    for case in root.iter("testcase"):
        case.attrib.pop("file")
        case.attrib.pop("line", None)
    plain.validate(io.BytesIO(ET.tostring(root)))


def parse(text: str, xsd: xmlschema.XMLSchema) -> ET.Element:
    """Well-formed (the parser accepts it) and valid against the XSD."""
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n")
    root = ET.fromstring(text.encode("utf-8"))
    xsd.validate(io.BytesIO(text.encode("utf-8")))
    return root


@pytest.fixture
def batch(in_repo: Path, tmp_path: Path) -> Report:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    return audit(*centerfiles.find_centers([Path("examples")]), broken)


def test_single_center_is_valid_junit_and_matches_golden(in_repo: Path, golden, xsd: xmlschema.XMLSchema) -> None:
    text = junit.render(audit(Path("examples/jinzhong-city.yaml")))
    parse(text, xsd)
    golden("jinzhong-city.junit.xml", text)


def test_counts_match_each_centers_summary(batch: Report, xsd: xmlschema.XMLSchema) -> None:
    root = parse(junit.render(batch), xsd)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.center["id"] for r in batch.results] + [batch.errors[0].source]
    for suite, result in zip(suites, batch.results, strict=False):
        summary = result.summary
        assert int(suite.get("tests")) == summary["rules"] == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == summary["fail"] == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == summary["error"] == len(suite.findall("testcase/error"))
        skipped = summary["not_applicable"] + summary["waived"]
        assert int(suite.get("skipped")) == skipped == len(suite.findall("testcase/skipped"))
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["score"] == str(result.score.value)
        assert properties["grade"] == result.score.grade
        assert properties["compliant"] == str(result.score.compliant).lower()
        assert properties["ruleset"] == RULESET
    for attribute in ("tests", "failures", "errors"):
        assert int(root.get(attribute)) == sum(int(s.get(attribute)) for s in suites)
    assert sum(int(s.get("failures")) for s in suites) > 20  # the weak examples fail many rules


def test_failure_names_severity_findings_and_fix(batch: Report, xsd: xmlschema.XMLSchema) -> None:
    root = parse(junit.render(batch), xsd)
    center = next(r for r in batch.results if r.center["id"] == "beiguan-township")
    rule = next(r for r in center.results if r.rule == "ORG-004")
    case = root.find(f"testsuite[@name='beiguan-township']/testcase[@name='ORG-004 {rule.title}']")
    assert case is not None
    assert case.get("classname") == "beiguan-township.organization"
    failure = case.find("failure")
    assert failure.get("type") == "major"
    lines = failure.text.splitlines()
    assert lines[:-1] == [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in rule.findings]
    assert lines[-1] == "Fix: " + rule.remediation
    not_applicable = next(r for r in center.results if r.status == "not_applicable")
    skipped = root.find(
        f"testsuite[@name='beiguan-township']/testcase[@name='{not_applicable.rule} {not_applicable.title}']/skipped"
    )
    assert skipped.get("message") == "not applicable"


def test_a_broken_center_is_a_suite_with_an_error(batch: Report, xsd: xmlschema.XMLSchema) -> None:
    root = parse(junit.render(batch), xsd)
    (error,) = batch.errors
    suite = root.find(f"testsuite[@name='{error.source}']")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1")
    (case,) = suite.findall("testcase")
    element = case.find("error")
    assert element.get("message") == "not audited, the input has errors"
    assert element.text.splitlines() == [f"{p.file}:{p.line}:{p.column}: {p.message}" for p in error.problems]
    assert f"{error.problems[0].file}:{error.problems[0].line}:" in element.text


def test_error_and_waived_rules(in_repo: Path, xsd: xmlschema.XMLSchema) -> None:
    result = audit(Path("examples/jinzhong-city.yaml")).results[0]
    errored = result.results[0]._replace(status="error")
    waived = result.results[1]._replace(status="waived", findings=())
    result = dataclasses.replace(result, results=(errored, waived, *result.results[2:]))
    root = parse(junit.render(Report((result,), "en")), xsd)
    suite = root.find("testsuite")
    assert (suite.get("errors"), suite.get("skipped")) == ("1", "1")
    cases = suite.findall("testcase")
    assert cases[0].find("error").get("type") == errored.severity
    assert cases[1].find("skipped").get("message") == "waived"


def test_hostile_text_gives_well_formed_xml(tmp_path: Path, xsd: xmlschema.XMLSchema) -> None:
    text = (EXAMPLES / "jinzhong-city.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted scalar: control characters as escapes
    text = text.replace(
        "{zh: 晋中市政务服务中心, en: Jinzhong Government Service Center}", f"{{zh: {quoted}, en: {quoted}}}"
    )
    text = text.replace("晋中市规划和自然资源局,", f"{quoted},")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    report = audit(path)
    assert report.results[0].center["name"] == HOSTILE  # the hostile text reached the report as is

    root = parse(junit.render(report), xsd)
    cleaned = '<b>&amp; "q" ]]> \ufffd\ufffd\ufffd end'  # XML 1.0 cannot hold \x01, \x1b or U+FFFE
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["center.name"] == cleaned
    failure = root.find("testsuite/testcase[@classname='jinzhong-city.organization']/failure")
    assert cleaned + ": stationed but" in failure.text


def test_xml_text_keeps_what_xml_can_hold() -> None:
    kept = "tab\there\nline\r晋中 😀 \ud7ff\ue000"
    assert junit.xml_text(kept) == kept
    # DEL and C1 controls are XML, but some terminals obey them (\x9b is CSI): replaced too.
    assert junit.xml_text("a\x00b\x08c\x7f\x9b\ud800\uffff") == "a\ufffdb\ufffdc\ufffd\ufffd\ufffd\ufffd"


def test_cli_writes_sarif_and_junit_and_exits_1(in_repo: Path, tmp_path: Path, xsd: xmlschema.XMLSchema) -> None:
    sarif_file, junit_file = tmp_path / "x.sarif", tmp_path / "x.xml"
    args = ["audit", "examples/", "-f", "sarif", "-o", str(sarif_file), "-f", "junit", "-o", str(junit_file)]
    result = CliRunner().invoke(app, [*args, "--as-of", AS_OF])
    assert result.exit_code == 1, result.output  # beiguan-township is non-compliant
    assert_valid_sarif(json.loads(sarif_file.read_text(encoding="utf-8")))
    root = parse(junit_file.read_text(encoding="utf-8"), xsd)
    assert len(root.findall("testsuite")) == 4


def test_cases_name_their_file_line_and_time(in_repo: Path, xsd: xmlschema.XMLSchema) -> None:
    report = audit(Path("examples/beiguan-township.yaml"))
    root = parse(junit.render(report), xsd)
    cases = {case.get("name").split()[0]: case for case in root.iter("testcase")}
    for rule in report.results[0].results:
        case = cases[rule.rule]
        assert case.get("time") == "0"
        if rule.findings:
            assert (case.get("file"), case.get("line")) == (rule.findings[0].file, str(rule.findings[0].line))
        else:
            assert case.get("file") == "examples/beiguan-township.yaml" and case.get("line") is None
    assert all(suite.get("time") == "0" for suite in root.iter("testsuite"))


def test_new_failures_are_marked(in_repo: Path, xsd: xmlschema.XMLSchema) -> None:
    from svcstd.compare import known_failures

    report = audit(*centerfiles.find_centers([Path("examples")]))
    old = dataclasses.replace(report, results=tuple(r for r in report.results if r.center["id"] != "taigu-county"))
    root = parse(junit.render(dataclasses.replace(report, known_failures=known_failures(old))), xsd)
    for suite in root.iter("testsuite"):
        messages = [f.get("message") for f in suite.iter("failure")]
        assert messages
        if suite.get("name") == "taigu-county":
            assert all(m.startswith("[new] ") for m in messages)
            assert all(line.startswith("[new] ") for f in suite.iter("failure") for line in f.text.splitlines()[:1])
        else:
            assert not any(m.startswith("[new] ") for m in messages)
    assert "[new]" not in junit.render(report)  # no baseline, nothing is called new


def test_a_streamed_batch_is_the_whole_reports_bytes(in_repo: Path, tmp_path: Path, xsd: xmlschema.XMLSchema) -> None:
    # Streamed, suites are spooled and the root with its totals is written last.
    code, text, whole = streamed_and_whole(tmp_path, "junit")
    assert code == 2  # the broken center
    assert text == whole
    root = parse(text, xsd)
    assert len(root.findall("testsuite")) == 4 and "[new]" in text
    assert root.get("tests") == str(sum(int(suite.get("tests")) for suite in root.findall("testsuite")))
