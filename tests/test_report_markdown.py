"""The Markdown renderer: goldens, escaping of hostile descriptions, links, the CLI."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import AS_OF, EXAMPLES, center_copies
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from svcstd import centerfiles
from svcstd.audit import AuditOptions, audit_many
from svcstd.cli import app
from svcstd.cli.messages import MESSAGES
from svcstd.jsonform import report_from_dict, report_to_dict
from svcstd.report import markdown
from svcstd.report.common import is_link_base
from svcstd.result import Report
from svcstd.rules.load import load_ruleset

RULESET = "cn-gsc@1.0"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MD_LINK = "[x](javascript:alert(1))"
PIPES = "| pipes |"
# Every tag the renderer writes, or GitHub makes of its Markdown.
OUR_TAGS = {
    "h2", "h3", "h4", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "br", "ol", "ul", "li", "a", "sub",
    "code",
}  # fmt: skip
BLOB = "https://github.com/org/centers/blob/0123abc/"
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
    text = markdown.render(audit(*centerfiles.find_centers([Path("examples")])))
    golden("examples.md", text)


def test_single_center_shows_score_areas_failures_and_manual_clauses(in_repo: Path) -> None:
    text = markdown.render(audit(Path("examples/jinzhong-city.yaml"), lang="zh"))
    assert text.startswith("## 晋中市政务服务中心\n")
    assert "**得分 98.7** · 等级 优秀 · ✅ 达标" in text
    assert "| 组织管理与监督 | 97.6 |" in text
    # failed rules, most points lost first; without a link base a place is text, never a broken link
    failed = text.split("### 未通过的规则")[1]
    assert failed.index("SUP-013") < failed.index("STAFF-003") < failed.index("PROC-004") < failed.index("PROC-011")
    assert "examples/jinzhong-city.yaml:544 " in failed
    assert "](" not in failed
    linked = markdown.render(audit(Path("examples/jinzhong-city.yaml"), lang="zh"), link_base=BLOB)
    assert f"[examples/jinzhong-city.yaml:544]({BLOB}examples/jinzhong-city.yaml#L544)" in linked
    # the top three with what each is worth, and their sum (the default model is linear)
    fix_first = text.split("### 优先整改")[1].split("###")[0]
    assert "1. **SUP-013** 差评全部整改（条款 9.3.4） — 单独整改可提高 0.5 分" in fix_first
    assert "2. **STAFF-003** 窗口人员均有 B 岗（条款 10.3） — 单独整改可提高 0.5 分" in fix_first
    assert "约可提高 1.1 分（至约 99.8 分）" in fix_first
    assert "- **4.1** 以用户为中心" in text


def test_batch_ranks_then_folds_each_center(in_repo: Path) -> None:
    text = markdown.render(audit(*centerfiles.find_centers([Path("examples")])))
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
    report = audit(*centerfiles.find_centers([Path("examples")]))
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


def test_links_only_to_relative_files_under_a_link_base() -> None:
    link = markdown.location("centers/a b(1).yaml", 7, base=BLOB)
    assert link == f"[centers/a b\\(1\\).yaml:7]({BLOB}centers/a%20b%281%29.yaml#L7)"
    assert (
        markdown.location("centers/a.yaml", 7, base=BLOB.rstrip("/")) == f"[centers/a.yaml:7]({BLOB}centers/a.yaml#L7)"
    )
    assert markdown.location("centers/a b(1).yaml", 7) == "centers/a b\\(1\\).yaml:7"  # no base: text
    assert markdown.location("javascript:alert(1)", 3, base=BLOB) == "javascript:alert\\(1\\):3"
    assert markdown.location("/etc/passwd", 1, base=BLOB) == "/etc/passwd:1"
    assert markdown.location("//evil.example/x", 1, base=BLOB) == "//evil.example/x:1"
    assert not is_link_base("javascript:alert(1)//")
    assert not is_link_base("https://x.example/a)b/")


def test_field_names_are_code_spans_not_escaped_backticks() -> None:
    assert markdown.text_with_links("`guide.elements` lacks fee | x") == "`guide.elements` lacks fee \\| x"
    # only field names become code spans; other quoted text (a description's) is escaped
    assert markdown.text_with_links("`a|b` is 1") == "\\`a\\|b\\` is 1"
    assert markdown.text_with_links("x`: `<b>` y") == "x\\`: \\`&lt;b&gt;\\` y"
    assert markdown.text_with_links("`staffing.staff[*]` is 0") == "`staffing.staff[*]` is 0"
    assert markdown.with_fields("set promised_days and guide.elements, e.g. now") == (
        "set `promised_days` and `guide.elements`, e.g. now"
    )
    rendered = to_html("| x |\n|---|\n| " + markdown.text_with_links("`a|b` and `time_limit`") + " |\n")
    assert "<code>time_limit</code>" in rendered and "`a|b`" in rendered  # one cell, read literally


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

    batch = audit(*centerfiles.find_centers([Path("examples")]))
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


def test_a_large_batch_fits_the_limit_keeping_headline_ranking_and_new_failures(tmp_path: Path) -> None:
    from svcstd.compare import failures, known_failures

    report = audit(*center_copies(tmp_path, 40, "beiguan-township"))
    full = markdown.render(report, max_chars=None)
    assert len(full.encode("utf-8")) > markdown.MAX_CHARS  # the case the limit is for
    # the baseline lacks c007: its failures are new
    baseline = replace(report, results=tuple(r for r in report.results if r.center["id"] != "c007"))
    report = replace(report, known_failures=known_failures(baseline))
    text = markdown.render(report)
    assert len(text.encode("utf-8")) <= markdown.MAX_CHARS
    assert text.startswith("## Region overview\n") and "\n## Ranking (40 centers)\n" in text
    new = text.split("### New failures against the baseline (")[1].split("\n\n")[1]
    new_count = sum(1 for _ in failures(report.results[7]))
    assert len(new.splitlines()) == new_count and all(line.startswith("- c007 · **") for line in new.splitlines())
    # the whole ranking: 40 rows (equal copies, so all share the first place)
    assert len(re.findall(r"^\| 1 \| ", text.split("## Ranking")[1], re.M)) == 40
    assert re.search(r"\n\d+ more centers are not shown in detail, see the full HTML report\.\n", text)
    first = text.split("<details>")[1]
    assert "c007" in first.split("</details>")[0]  # the center with new failures is shown first
    assert "**new** " in first
    assert text.count("<details>") == text.count("</details>")
    small = markdown.render(report, max_chars=5_000)
    assert len(small.encode("utf-8")) <= 5_000
    assert "more new failures, see the full HTML report" in small or "more centers, see the full HTML report" in small


def test_new_failures_take_at_most_half_the_page(tmp_path: Path) -> None:
    report = replace(
        audit(*center_copies(tmp_path, 40, "beiguan-township")), known_failures=frozenset()
    )  # every failure is new
    text = markdown.render(report)
    assert len(text.encode("utf-8")) <= markdown.MAX_CHARS
    new = text.split("### New failures against the baseline (")[1].split("\n| # |")[0]
    assert len(new.encode("utf-8")) <= markdown.MAX_CHARS // 2
    assert "more new failures, see the full HTML report" in new
    # the whole ranking: 40 rows (equal copies, so all share the first place)
    assert len(re.findall(r"^\| 1 \| ", text.split("## Ranking")[1], re.M)) == 40


def test_one_center_is_one_center(tmp_path: Path) -> None:
    report = audit(*center_copies(tmp_path, 1, "beiguan-township"), tmp_path / "missing.yaml")
    assert "## Ranking (1 center)\n" in markdown.render(report)
    assert "## 审核结果排名（1 个中心）\n" in markdown.render(
        audit(*center_copies(tmp_path, 1, "beiguan-township"), tmp_path / "x.yaml", lang="zh")
    )


def test_no_new_failures_says_so(in_repo: Path) -> None:
    from svcstd.compare import known_failures

    report = audit(Path("examples/beiguan-township.yaml"))
    text = markdown.render(replace(report, known_failures=known_failures(report)))
    assert "### No failure is new against the baseline." in text
    assert "**new**" not in text
    assert "No failure is new" not in markdown.render(report)  # no baseline, no claim


def test_cli_links_from_the_github_environment(in_repo: Path) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "org/centers", "GITHUB_SHA": "0123abc"}
    args = ["audit", "examples/beiguan-township.yaml", "-f", "markdown", "--as-of", AS_OF, "--lang", "en"]
    text = CliRunner().invoke(app, args, env=env).stdout
    assert f"]({BLOB}examples/beiguan-township.yaml#L" in text
    text = CliRunner().invoke(app, [*args, "--link-base", "https://example.org/tree/"], env=env).stdout
    assert "](https://example.org/tree/examples/beiguan-township.yaml#L" in text
    plain = CliRunner().invoke(app, args, env={"GITHUB_SERVER_URL": "", "GITHUB_REPOSITORY": "", "GITHUB_SHA": ""})
    assert "](" not in plain.stdout
    small = CliRunner().invoke(app, [*args, "--max-chars", "3000"]).stdout
    assert len(small.encode("utf-8")) <= 3000
    bad = CliRunner().invoke(app, [*args, "--link-base", "javascript:alert(1)//"])
    assert bad.exit_code == 2
    for lang in ("en", "zh"):  # in the language asked for, not both at once
        said = CliRunner().invoke(app, [*args, "--lang", lang, "--link-base", "javascript:alert(1)//"]).output
        other = "zh" if lang == "en" else "en"
        assert MESSAGES.text("bad_url", lang, option="--link-base", value="javascript:alert(1)//") in said
        assert MESSAGES.text("bad_url", other, option="--link-base", value="javascript:alert(1)//") not in said


def test_an_address_cannot_carry_a_second_link_in_brackets() -> None:
    # found by the text fuzz target: the address ran on through "]](javascript:…)"
    from svcstd.report.markdown import text_with_links

    text = text_with_links("[link=https://evil.example]L[/link]](javascript:alert(1)) at javascript:alert(1)")
    assert "<https://evil.example>" in text
    assert "](javascript:" not in text and "<javascript:" not in text


def test_a_streamed_batch_is_the_page_of_the_whole_report(tmp_path: Path) -> None:
    """`audit` of a batch streams the page as the centers finish; `report` renders the saved batch whole."""
    streamed, saved = tmp_path / "audit.md", tmp_path / "audit.json"
    args = ["audit", str(EXAMPLES), "--as-of", AS_OF, "--lang", "en", "--ruleset", RULESET, "--no-cache"]
    CliRunner().invoke(app, [*args, "-f", "markdown", "-f", "json", "-o", str(streamed), "-o", str(saved)])
    for max_chars in ("60000", "5000"):
        CliRunner().invoke(app, [*args, "-f", "markdown", "--max-chars", max_chars, "-o", str(streamed)])
        whole = CliRunner().invoke(app, ["report", str(saved), "-f", "markdown", "--max-chars", max_chars])
        assert "## Ranking (4 centers)" in whole.stdout
        assert streamed.read_text(encoding="utf-8") == whole.stdout


def test_the_page_folds_alike_when_the_centers_with_new_failures_come_last(tmp_path: Path) -> None:
    from svcstd.compare import known_failures

    report = audit(
        *center_copies(tmp_path, 40, "beiguan-township")
    )  # equal copies: the order changes nothing else on the page
    baseline = replace(report, results=report.results[:-1])  # the last center's failures are new
    report = replace(report, known_failures=known_failures(baseline))
    last_first = replace(report, results=(report.results[-1], *report.results[:-1]))
    shown = []
    for max_chars in (5_000, markdown.MAX_CHARS, 100_000, 300_000):  # a center's section takes 18 KB
        text = markdown.render(report, max_chars=max_chars)
        assert text == markdown.render(last_first, max_chars=max_chars)
        assert len(text.encode("utf-8")) <= max_chars
        shown.append(text.count("<details>"))
        folded = re.search(r"\n(\d+) more centers are not shown in detail", text)
        assert shown[-1] + int(folded.group(1)) == 40
        if shown[-1]:
            assert "c039" in text.split("<details>")[1].split("</details>")[0]  # the center with new failures first
    assert shown[0] == 0 and shown[-1] > shown[-2] > shown[1] > 0


def test_a_batch_writer_keeps_no_result(tmp_path: Path) -> None:
    import gc
    import io
    import weakref

    results = list(audit(*center_copies(tmp_path, 12, "beiguan-township")).results)
    alive = [weakref.ref(result) for result in results]
    stream = io.StringIO()
    writer = markdown.BatchWriter(stream, Report((), "en", known_failures=frozenset()), max_chars=5_000)
    for result in results:
        writer.add(result)
    del results, result
    gc.collect()
    assert [ref() for ref in alive] == [None] * 12
    writer.close([])
    assert "## Ranking (12 centers)" in stream.getvalue()
