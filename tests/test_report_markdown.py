"""The Markdown renderer: goldens, escaping of hostile descriptions, links, the CLI."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import AS_OF, EXAMPLES
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from svcstd import loader
from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.model import Report, report_from_dict, report_to_dict
from svcstd.report import markdown
from svcstd.rules.load import load_ruleset

RULESET = "cn-gsc@1.0"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MD_LINK = "[x](javascript:alert(1))"
PIPES = "| pipes |"
# Every tag the renderer writes, or GitHub makes of its Markdown.
OUR_TAGS = {
    "h2", "h3", "h4", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "br", "ol", "ul", "li", "a", "sub",
}  # fmt: skip
HOSTILE = f"{SCRIPT} {IMG} javascript:alert(1) {MD_LINK} {PIPES}"
# YAML double-quoted scalars: every '"' and '\' escaped; \x01 and \e are control characters.
_Q = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
HOSTILE_CENTER = f"""\
svcstd: "1"
center:
  id: hostile
  name: "{_Q} \\x01\\e"
  level: county
organization:
  departments:
    - {{id: d1, name: "{_Q}", stationed: true, authorized: false}}
processes:
  - id: "p1"
    name: "{_Q}"
    promised_days: 30
    statutory_days: 20
    guide: {{published: true, url: "javascript:alert(1)"}}
  - id: "p2"
    name: "{_Q} **bold** _em_ ~~strike~~ $x$ # heading"
    guide: {{published: true, url: "https://example.gov.cn/g?a=1&b=2 {_Q}"}}
waivers:
  - {{rule: PROC-004, reason: "{_Q}", approver: "{_Q}", expires: 2027-01-01}}
  - {{rule: SUP-013, reason: old, approver: "{_Q}", expires: 2025-01-01}}
  - {{rule: NOPE-001, reason: "{_Q}", approver: me, expires: 2027-01-01}}
"""


def write_hostile_center(folder: Path) -> Path:
    """A center whose every free text tries to break out of Markdown or HTML."""
    path = folder / "hostile.yaml"
    path.write_text(HOSTILE_CENTER, encoding="utf-8")
    return path


def audit(*paths: Path, lang: str = "en", model: str = "default") -> Report:
    options = AuditOptions(ruleset=load_ruleset(RULESET), as_of=date.fromisoformat(AS_OF), lang=lang, model=model)
    return audit_many(list(paths), options)


def to_html(text: str) -> str:
    """Markdown as GitHub would turn it into HTML (CommonMark + tables, raw HTML allowed)."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)


def test_single_center_in_chinese_matches_golden(in_repo: Path, golden) -> None:
    text = markdown.render(audit(Path("examples/jinzhong-city.yaml"), lang="zh"))
    golden("jinzhong.md", text)


def test_batch_in_english_matches_golden(in_repo: Path, golden) -> None:
    text = markdown.render(audit(*loader.find_centers([Path("examples")])))
    golden("examples.md", text)


def test_single_center_shows_score_areas_failures_and_manual_clauses(in_repo: Path) -> None:
    text = markdown.render(audit(Path("examples/jinzhong-city.yaml"), lang="zh"))
    assert text.startswith("## 晋中市政务服务中心\n")
    assert "**得分 98.7** · 等级 优秀 · ✅ 达标" in text
    assert "| 组织管理与监督 | 97.6 |" in text
    # failed rules, most points lost first, each finding as a link to file#Lline
    failed = text.split("### 未通过的规则")[1]
    assert failed.index("SUP-013") < failed.index("STAFF-003") < failed.index("PROC-004") < failed.index("PROC-011")
    assert "[examples/jinzhong-city.yaml:544](examples/jinzhong-city.yaml#L544)" in failed
    # the top three with what each is worth, and their sum (the default model is linear)
    fix_first = text.split("### 优先整改")[1].split("###")[0]
    assert "1. **SUP-013** 差评全部整改（条款 9.3.4） — 单独整改可提高 0.5 分" in fix_first
    assert "2. **STAFF-003** 窗口人员均有 B 岗（条款 10.3） — 单独整改可提高 0.5 分" in fix_first
    assert "约可提高 1.1 分（至约 99.8 分）" in fix_first
    assert "- **4.1** 以用户为中心" in text


def test_batch_ranks_then_folds_each_center(in_repo: Path) -> None:
    text = markdown.render(audit(*loader.find_centers([Path("examples")])))
    ranking = text.split("<details>")[0]
    rows = [line for line in ranking.splitlines() if re.match(r"\| \d \|", line)]
    assert [row.split("|")[2].strip() for row in rows] == [
        "Jinzhong Government Service Center (jinzhong-city)",
        "Taigu District Government Service Center (taigu-county)",
        "Beiguan Township Convenience Service Center (beiguan-township)",
        "Anhua County Government Service Center (anhua-county)",
    ]
    assert text.count("<details>") == text.count("</details>") == 4
    assert "<summary>Jinzhong Government Service Center — 98.7 · excellent</summary>" in text


def test_saved_report_renders_the_same(in_repo: Path) -> None:
    report = audit(*loader.find_centers([Path("examples")]))
    assert markdown.render(report_from_dict(report_to_dict(report))) == markdown.render(report)


def test_hostile_description_is_escaped(tmp_path: Path) -> None:
    text = markdown.render(audit(write_hostile_center(tmp_path)))
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    assert "](javascript:" not in text
    assert "\x01" not in text and "\x1b" not in text
    rendered = to_html(text)
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", rendered))
    assert tags <= OUR_TAGS
    # the only links: the http(s) address from the guide, nothing from javascript:
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs and all(href.startswith("https://example.gov.cn/g?a=1&amp;b=2") for href in hrefs)
    # the name reads literally: no emphasis, strikethrough or heading, and its pipes stay in one cell
    assert html.escape(HOSTILE) in rendered
    assert "**bold** _em_ ~~strike~~ $x$ # heading" in rendered
    assert "<del>" not in rendered and "<em>" not in rendered and "<strong>bold" not in rendered


def test_waivers_and_waiver_notes(tmp_path: Path) -> None:
    text = markdown.render(audit(write_hostile_center(tmp_path)))
    waivers = text.split("### Waivers")[1].split("\n### ")[0]
    assert "- **PROC-004**" in waivers
    assert "| expired | SUP-013 |" in waivers
    assert "| unmatched | NOPE-001 |" in waivers
    assert "without waivers" in text


def test_links_only_to_relative_files() -> None:
    assert markdown.location("centers/a b(1).yaml", 7) == "[centers/a b\\(1\\).yaml:7](centers/a%20b%281%29.yaml#L7)"
    assert markdown.location("javascript:alert(1)", 3) == "javascript:alert\\(1\\):3"
    assert markdown.location("/etc/passwd", 1) == "/etc/passwd:1"
    assert markdown.location("//evil.example/x", 1) == "//evil.example/x:1"


def test_only_http_addresses_become_links() -> None:
    text = "guide at https://a.example/x_(1)). then\njavascript:alert(1) <b>"
    assert markdown.text_with_links(text) == (
        "guide at <https://a.example/x_(1)>\\). then javascript:alert\\(1\\) &lt;b&gt;"
    )


def test_gains_are_not_added_up_in_the_absolute_model(in_repo: Path) -> None:
    text = markdown.render(audit(Path("examples/taigu-county"), model="absolute"))
    assert "in the absolute scoring model they do not add up" in text
    assert "these gains add up" not in text


def test_nothing_assessed(in_repo: Path) -> None:
    report = audit(Path("examples/jinzhong-city.yaml"))
    result = report.results[0]
    nothing = replace(result.score, value=None, value_without_waivers=None, grade=None, compliant=None)
    empty = replace(result, score=nothing)
    text = markdown.render(Report((empty,), "en"))
    assert "**nothing assessed**" in text
    assert "to about" not in text


def test_batch_lists_centers_that_could_not_be_audited(in_repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('svcstd: "1"\ncenter: {id: broken, name: [unclosed\n', encoding="utf-8")
    text = markdown.render(audit(EXAMPLES / "jinzhong-city.yaml", broken))
    assert "### Not audited" in text
    assert "broken.yaml:3:1" in text


def test_cli_writes_markdown_and_html(in_repo: Path, tmp_path: Path) -> None:
    html_file, md_file = tmp_path / "out.html", tmp_path / "out.md"
    args = f"audit examples/jinzhong-city.yaml -f html -o {html_file} -f markdown -o {md_file} --as-of {AS_OF}".split()
    result = CliRunner().invoke(app, [*args, "--ruleset", RULESET])
    assert result.exit_code == 0, result.output
    assert md_file.read_text(encoding="utf-8").startswith("## 晋中市政务服务中心\n")
    assert html_file.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="zh-CN">')


def test_equal_scores_share_a_place_in_json_markdown_and_html(in_repo: Path) -> None:
    from svcstd.report import html as html_report

    batch = audit(*loader.find_centers([Path("examples")]))
    results = list(batch.results)
    best = max(results, key=lambda r: r.score.value or 0)
    twin = replace(best, center={**best.center, "id": "zz-twin", "name": "Twin"})
    tied = Report((*results, twin), batch.lang)
    ranks = [entry["rank"] for entry in report_to_dict(tied)["ranking"]]
    expected = [1, 1, *range(3, len(results) + 2)]  # two centers tie for first: the next is third
    assert ranks == expected
    rows = [line for line in markdown.render(tied).splitlines() if re.match(r"\| \d \| ", line)]
    assert [row.split(" | ")[0] for row in rows] == [f"| {rank}" for rank in expected]
    places = re.findall(r'<tr class="[^"]*" data-level[^>]*><td class="num">(\d+)</td>', html_report.render(tied))
    assert places == [str(rank) for rank in expected]


def test_an_address_cannot_carry_a_second_link_in_brackets() -> None:
    # found by the text fuzz target: the address ran on through "]](javascript:…)"
    from svcstd.report.markdown import text_with_links

    text = text_with_links("[link=https://evil.example]L[/link]](javascript:alert(1)) at javascript:alert(1)")
    assert "<https://evil.example>" in text
    assert "](javascript:" not in text and "<javascript:" not in text
