"""The HTML renderer: goldens, escaping, validity (Nu HTML Checker) and a real headless browser.

The checker and the browser are optional: their tests skip, saying why, when absent.
Set SVCSTD_VNU_JAR to vnu.jar (or put a ``vnu`` launcher on PATH) and install Chromium
(Debian: ``apt-get install chromium``; or set SVCSTD_CHROMIUM) to run them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import browser
import pytest
from browser import dump_dom
from conftest import AS_OF, tool_missing
from test_report_markdown import SCRIPT, audit, write_hostile_center

from svcstd import centerfiles
from svcstd.jsonform import report_from_dict, report_to_dict
from svcstd.report import html
from svcstd.result import Report


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, in document order."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture
def single(in_repo: Path) -> Report:
    return audit(Path("examples/jinzhong-city.yaml"), lang="zh")


@pytest.fixture
def batch(in_repo: Path) -> Report:
    return audit(*centerfiles.find_centers([Path("examples")]))


def test_single_center_in_chinese_matches_golden(single: Report, golden) -> None:
    golden("jinzhong.html", html.render(single))


def test_batch_in_english_matches_golden(batch: Report, golden) -> None:
    golden("examples.html", html.render(batch))


def test_page_is_self_contained(single: Report) -> None:
    page = html.render(single)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n')
    elements = Elements(page)
    # nothing loaded from anywhere: no external stylesheet, script, image, font or frame
    assert not elements.named("link") and not elements.named("img") and not elements.named("iframe")
    assert all("src" not in attrs for _tag, attrs in elements.tags)
    assert "@import" not in page and "url(" not in page
    assert len(elements.named("svg")) == 1  # the gauge (area bars are HTML, so their labels wrap)
    assert AS_OF in page


def test_failed_rule_shows_clause_remediation_references_and_findings(single: Report) -> None:
    page = html.render(single)
    rule = page.split("<code>STAFF-003</code> 窗口人员均有 B 岗")[1].split('<div class="rule')[0]
    assert "条款 10.3</span> <strong>AB岗</strong>" in rule
    assert '<blockquote class="clause-text">每名窗口工作人员应有明确的B岗人员' in rule
    assert "<code>examples/jinzhong-city.yaml:544:7</code>" in rule
    assert "整改：</strong>为该人员指定另一名" in rule
    assert "<li>政务服务中心运行规范 第3部分：窗口服务提供要求（GB/T 32169.3）</li>" in rule


def test_batch_ranking_links_to_each_center(batch: Report) -> None:
    page = html.render(batch)
    elements = Elements(page)
    links = [attrs["href"] for attrs in elements.named("a")]
    assert links == [
        "#center-jinzhong-city",
        "#center-taigu-county",
        "#center-beiguan-township",
        "#center-anhua-county",
    ]
    ids = {attrs.get("id") for _tag, attrs in elements.tags}
    assert {link[1:] for link in links} <= ids
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n')


def test_saved_report_renders_the_same(batch: Report) -> None:
    assert html.render(report_from_dict(report_to_dict(batch))) == html.render(batch)


def hostile_page(tmp_path: Path) -> str:
    return html.render(audit(write_hostile_center(tmp_path)))


def test_hostile_description_is_escaped(tmp_path: Path) -> None:
    page = hostile_page(tmp_path)
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page
    # onerror= appears only as text, inside the escaped "<img ...>"
    assert page.count("onerror=") == page.count("&lt;img src=x onerror=")
    assert "\x01" not in page and "\x1b" not in page
    elements = Elements(page)
    assert len(elements.named("script")) == 1  # the filter script
    assert not elements.named("img")
    assert not [name for _tag, attrs in elements.tags for name in attrs if name.startswith("on")]
    # links: in-page anchors, or the one http(s) address, cut where the hostile text starts
    hrefs = [attrs["href"] for attrs in elements.named("a")]
    assert hrefs and set(hrefs) == {"https://example.gov.cn/g?a=1&b=2"}


def test_text_helpers_link_only_http_addresses() -> None:
    assert str(html.rich_text("see https://a.example/x). javascript:alert(1) <b>")) == (
        'see <a href="https://a.example/x" rel="noopener noreferrer">https://a.example/x</a>). '
        "javascript:alert(1) &lt;b&gt;"
    )
    assert str(html.rich_text("`<i>` and http:// alone")) == "<code>&lt;i&gt;</code> and http:// alone"


# --- the Nu HTML Checker -----------------------------------------------------------------


def vnu_command() -> list[str]:
    jar = os.environ.get("SVCSTD_VNU_JAR")
    if jar:
        if not Path(jar).is_file():
            pytest.fail(f"SVCSTD_VNU_JAR={jar} is not a file")
        if shutil.which("java") is None:
            tool_missing("SVCSTD_VNU_JAR is set but java is not on PATH")
        return ["java", "-jar", jar]
    launcher = shutil.which("vnu")
    if launcher is None:
        tool_missing("Nu HTML Checker absent: set SVCSTD_VNU_JAR to vnu.jar (npm package vnu-jar) or put vnu on PATH")
    return [launcher]


def test_pages_are_valid_html(single: Report, batch: Report, tmp_path: Path) -> None:
    command = vnu_command()
    pages = {"single.html": single, "batch.html": batch}
    files = []
    for name, report in pages.items():
        files.append(tmp_path / name)
        files[-1].write_text(html.render(report), encoding="utf-8")
    files.append(tmp_path / "hostile.html")
    files[-1].write_text(hostile_page(tmp_path), encoding="utf-8")
    checked = subprocess.run([*command, "--errors-only", *map(str, files)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- a real browser ------------------------------------------------------------------------


def chromium() -> str:
    found = browser.chromium()
    if found is None:
        tool_missing("no headless browser: install Chromium (Debian: apt-get install chromium) or set SVCSTD_CHROMIUM")
    return found


def test_browser_runs_the_filter_script(single: Report, tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(html.render(single), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    assert '<html lang="zh-CN" data-filters="ready">' in dom
    assert '<span data-score="98.7">98.7</span>' in dom
    assert '<form id="filters" class="filters">' in dom  # shown once the script runs
    # passed rules start hidden, failed ones shown
    hidden = re.findall(r'<div class="rule ([^"]*)" data-status="(\w+)"', dom)
    assert {status for classes, status in hidden if "filtered-out" in classes} == {"pass"}
    assert {status for classes, status in hidden if "filtered-out" not in classes} == {"fail"}


def test_browser_runs_no_script_from_a_hostile_description(tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(tmp_path), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    assert 'data-filters="ready"' in dom  # the page's own script still ran
    assert dom.count("<script") == 1
    assert "<img" not in dom
    assert SCRIPT.replace("<", "&lt;").replace(">", "&gt;") in dom


# Pick a level in the region filter: the rows left shown, and the counter the page shows.
PICK_COUNTY = """
var form = doc.getElementById("region-filters");
form.elements.level.value = "county";
form.dispatchEvent(new Event("input"));
acted = [doc.querySelectorAll(".heatmap tbody tr:not([hidden])").length, form.elements.shown.value];
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_region_overview_renders_in_a_browser_without_overflow(batch: Report, tmp_path: Path, width: int) -> None:
    found = chromium()
    page = tmp_path / "region.html"
    page.write_text(html.render(batch), encoding="utf-8")
    seen = browser.measure(found, page, tmp_path / "profile", width=width, action=PICK_COUNTY)
    assert seen["viewport"] == width
    assert seen["width"] <= width, seen["overflowing"]
    areas = {area for result in batch.results for area in result.score.areas}
    assert seen["heat_cells"] == len(batch.results) * len(areas) == 16  # one cell per center and area
    assert seen["smallest_label"] >= 11  # chart labels as drawn, in px
    assert seen["filters"] == "ready"
    counties = sum(1 for result in batch.results if result.center["level"] == "county")
    assert seen["acted"] == [counties, f"{counties} / {len(batch.results)}"]  # the county centers only


@pytest.mark.parametrize("width", [390, 1280])
def test_single_report_fits_a_phone_and_a_laptop(single: Report, tmp_path: Path, width: int) -> None:
    found = chromium()
    page = tmp_path / "report.html"
    page.write_text(html.render(single), encoding="utf-8")
    seen = browser.measure(found, page, tmp_path / "profile", width=width)
    assert seen["width"] <= width, seen["overflowing"]
    assert seen["smallest_label"] >= 11


def test_overview_screenshot_shows_the_page(batch: Report, tmp_path: Path) -> None:
    found = chromium()
    page = tmp_path / "region.html"
    page.write_text(html.render(batch), encoding="utf-8")
    shot = tmp_path / "region.png"
    browser.screenshot(found, page, shot, tmp_path / "profile", width=1280, height=1200)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 1280
    # a blank page compresses to a few kB; the overview's text, tables and colours do not
    assert shot.stat().st_size > 50_000


def test_folder_output_writes_an_index_and_a_page_per_center(runner, in_repo: Path, tmp_path: Path) -> None:
    from svcstd.cli import app

    saved = tmp_path / "batch.json"
    done = runner.invoke(app, ["audit", "examples", "--as-of", AS_OF, "-f", "html", "-o", f"{tmp_path}/site/",
                               "-f", "json", "-o", str(saved)])  # fmt: skip
    assert done.exit_code == 1, done.output  # beiguan-township is non-compliant
    site = tmp_path / "site"
    pages = sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))
    ids = [result.center["id"] for result in audit(*centerfiles.find_centers([Path("examples")])).ranked()]
    assert pages == sorted([*(f"centers/center-{center}.html" for center in ids), "index.html"])
    index = (site / "index.html").read_text(encoding="utf-8")
    links = [attrs["href"] for attrs in Elements(index).named("a")]
    assert links == [f"centers/center-{center}.html" for center in ids]
    assert '<article class="center"' not in index
    page = (site / "centers/center-taigu-county.html").read_text(encoding="utf-8")
    assert page.count('<article class="center"') == 1 and 'href="../index.html"' in page
    # the same site from the saved batch
    again = runner.invoke(app, ["report", str(saved), "-f", "html", "-o", f"{tmp_path}/again/"])
    assert again.exit_code == 0, again.output
    for name in pages:
        assert (tmp_path / "again" / name).read_bytes() == (site / name).read_bytes()


def test_only_html_writes_a_folder(runner, in_repo: Path, tmp_path: Path) -> None:
    from svcstd.cli import app

    done = runner.invoke(app, ["audit", "examples", "--lang", "en", "-f", "json", "-o", f"{tmp_path}/"])
    assert done.exit_code == 2
    assert "only html writes a folder" in done.output


def test_print_is_a4_and_leaves_passing_rules_out_unless_asked(in_repo: Path, tmp_path: Path) -> None:
    found = chromium()
    weak = audit(Path("examples/beiguan-township.yaml"), lang="zh")
    page = tmp_path / "weak.html"
    text = html.render(weak)
    page.write_text(text, encoding="utf-8")
    full = tmp_path / "full.html"  # what ticking "print every rule" does to the page
    full.write_text(text.replace('<html lang="zh-CN">', '<html lang="zh-CN" class="print-full">'), encoding="utf-8")
    pages, box = browser.print_pdf(found, page, tmp_path / "weak.pdf", tmp_path / "profile")
    every, _box = browser.print_pdf(found, full, tmp_path / "full.pdf", tmp_path / "profile")
    assert [round(side) for side in box[2:]] == [595, 842]  # A4 in points
    assert pages < every


# Search for the last center of a long ranking: it is not among the rows written as HTML.
FIND_LAST = """
var form = doc.getElementById("region-filters");
form.elements.q.value = "many-0249";
form.dispatchEvent(new Event("input"));
acted = [].map.call(doc.querySelectorAll(".heatmap tbody tr a"), function (a) { return a.textContent; });
acted.push(form.elements.shown.value);
"""


def test_a_long_ranking_opens_with_some_rows_and_finds_the_rest(batch: Report, tmp_path: Path) -> None:
    found = chromium()
    many = Report(
        tuple(
            replace(result, center={**result.center, "id": f"many-{index:04d}", "name": f"中心 {index}"})
            for index in range(250)
            for result in [batch.results[index % len(batch.results)]]
        ),
        batch.lang,
    )
    page = tmp_path / "index.html"
    page.write_text(html.render_site(many)["index.html"], encoding="utf-8")
    assert page.read_text(encoding="utf-8").count("<tr class=") == html.ROWS_AT_ONCE
    seen = browser.measure(found, page, tmp_path / "profile", width=390, action=FIND_LAST)
    assert seen["width"] <= 390, seen["overflowing"]
    assert seen["acted"] == ["中心 249", "1 listed, 1 match, 250 in all"]


def test_ranking_data_cannot_end_its_script_block(batch: Report) -> None:
    hostile = "</script><script>alert(1)</script>&amp;"
    many = Report(
        tuple(
            replace(batch.results[0], center={**batch.results[0].center, "id": f"x{i}", "name": hostile})
            for i in range(300)
        ),
        batch.lang,
    )
    page = html.render_site(many)["index.html"]
    data = page.split('<script type="application/json" id="ranking-data">')[1].split("</script>")[0]
    assert "<" not in data and "&" not in data
    assert len(Elements(page).named("script")) == 2  # the data block and the page's own script


def test_a_streamed_page_is_the_page_of_the_whole_report(runner, in_repo: Path, tmp_path: Path) -> None:
    """`audit` streams a batch's page as the centers finish; `report` renders the saved batch whole."""
    from svcstd.cli import app

    page, saved = tmp_path / "batch.html", tmp_path / "batch.json"
    args = ["audit", "examples", "--as-of", AS_OF, "--lang", "en", "-f", "html", "-o", str(page), "-f", "json"]
    assert runner.invoke(app, [*args, "-o", str(saved)]).exit_code == 1  # beiguan-township is non-compliant
    whole = runner.invoke(app, ["report", str(saved), "-f", "html"]).stdout
    assert whole.count('<article class="center"') == 4
    assert page.read_text(encoding="utf-8") == whole


def test_a_streamed_site_is_left_out_whole_when_the_batch_fails(runner, in_repo: Path, tmp_path: Path) -> None:
    from svcstd.cli import app

    text = Path("examples/anhua-county.yaml").read_text(encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):  # one id twice: known only once both are audited
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = runner.invoke(app, ["audit", str(tmp_path), "--as-of", AS_OF, "-f", "html", "-o", f"{tmp_path}/site/"])
    assert done.exit_code == 2, done.output
    assert not (tmp_path / "site").exists()  # neither a page nor the folders made for them


def test_the_writers_keep_no_result(tmp_path: Path) -> None:
    import gc
    import io
    import weakref

    results = list(audit(*centerfiles.find_centers([Path("examples")])).results)
    alive = [weakref.ref(result) for result in results]
    pages: dict[str, str] = {}

    class Folder:
        @contextmanager
        def open(self, path: str) -> Iterator[io.StringIO]:
            pages[path] = ""
            yield io.StringIO()

    writers = [html.BatchWriter(io.StringIO(), Report((), "en")), html.SiteWriter(Folder(), Report((), "en"))]
    for result in results:
        for writer in writers:
            writer.add(result)
    del results, result
    gc.collect()
    assert [ref() for ref in alive] == [None] * 4
    assert len(pages) == 4  # each center's page as it came
    for writer in writers:
        writer.close([])
    assert "index.html" in pages
