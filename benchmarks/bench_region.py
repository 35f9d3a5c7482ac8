"""How a region's HTML scales: a batch of N centers (made from the three examples, with
ids, levels and scores varied) rendered as one file and as a site (index + a page per
center), and the spreadsheet; sizes, render times, and — with Chromium — how long a page
takes to open, its DOM nodes, and how long a filter takes on the index.

Run by hand: python benchmarks/bench_region.py 300 3000
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402  (the tests' Chromium helper)

from svcstd import centerfiles  # noqa: E402
from svcstd.audit import AuditOptions, audit_many  # noqa: E402
from svcstd.report import html, xlsx  # noqa: E402
from svcstd.result import AuditResult, Report  # noqa: E402
from svcstd.rules.load import load_ruleset  # noqa: E402
from svcstd.rules.model import LEVELS  # noqa: E402

# Pick a grade on the index: the rows still shown, timed with the layout that follows.
FILTER = """
var form = doc.getElementById("region-filters"), t0 = performance.now();
form.elements.grade.value = form.elements.grade.options[1].value;
form.dispatchEvent(new Event("input"));
void root.offsetHeight;
acted = Math.round(performance.now() - t0);
"""


def region(count: int) -> Report:
    options = AuditOptions(ruleset=load_ruleset("cn-gsc@1.1"), as_of=date(2026, 11, 27), lang="zh")
    examples = audit_many(centerfiles.find_centers([ROOT / "examples"]), options).results
    return Report(tuple(_variant(examples[i % len(examples)], i) for i in range(count)), "zh")


def _variant(result: AuditResult, index: int) -> AuditResult:
    shift = (index * 37) % 21 - 10
    value = None if result.score.value is None else max(0.0, min(100.0, result.score.value + shift))
    grade = (
        None
        if value is None
        else next(g for g, edge in (("excellent", 90), ("good", 80), ("pass", 60), ("fail", 0)) if value >= edge)
    )
    labels = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}
    areas = {a: None if v is None else max(0.0, min(100.0, v + shift)) for a, v in result.score.areas.items()}
    return replace(
        result,
        center={
            **result.center,
            "id": f"c{index:05d}",
            "name": f"{result.center['name']} {index}",
            "level": LEVELS[index % 4],
        },
        score=replace(
            result.score,
            value=value,
            grade=grade,
            grade_label=labels.get(grade or ""),
            compliant=None if value is None else value >= 60,
            areas=areas,
        ),
    )


def timed(action):
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def main(counts: list[int]) -> None:
    found = browser.chromium()
    for count in counts:
        report = region(count)
        page, single_s = timed(lambda: html.render(report))  # noqa: B023  (called at once)
        site, site_s = timed(lambda: html.render_site(report))  # noqa: B023
        book, xlsx_s = timed(lambda: xlsx.render(report))  # noqa: B023
        index = site["index.html"]
        center = next(text for name, text in site.items() if name != "index.html")
        print(f"{count} centers: one file {len(page.encode()) / 2**20:.1f} MiB ({single_s:.1f} s); "
              f"site {len(site)} pages, index {len(index.encode()) / 2**10:.0f} KiB, a center page "
              f"{len(center.encode()) / 2**10:.0f} KiB ({site_s:.1f} s); xlsx {len(book) / 2**20:.1f} MiB ({xlsx_s:.1f} s)")  # fmt: skip
        if found is None:
            continue
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            for name, text in (("index.html", index), ("center.html", center), ("one-file.html", page)):
                (work / name).write_text(text, encoding="utf-8")
            # one file of thousands of centers takes minutes to open: measured up to 1,000
            for name in ("index.html", "center.html", *(("one-file.html",) if count <= 1000 else ())):
                action = FILTER if name != "center.html" else ""
                for width in (1280, 390):
                    seen = browser.measure(found, work / name, work / "profile", width=width, action=action)
                    print(f"  {name} at {width}px: opened in {seen['load_ms']} ms, {seen['nodes']} DOM nodes, "
                          f"page width {seen['width']}, smallest chart label {seen['smallest_label']} px"
                          + (f", grade filter {seen['acted']} ms" if action else ""))  # fmt: skip


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [300, 3000])
