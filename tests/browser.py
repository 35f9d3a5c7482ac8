"""Headless Chromium for the HTML tests and benchmarks: find it, dump a page's DOM after
its scripts ran, measure a page's layout at a viewport width, take a screenshot."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
]  # fmt: skip

# A frame of the width to test (a headless window is at least 500 px wide) that measures
# the page inside it once loaded: what a test asserts about layout, as a data attribute.
_FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="{src}" style="border:0;width:{width}px;height:900px"></iframe>
<script>
var started = performance.now();
document.getElementById("page").addEventListener("load", function () {{
  var doc = this.contentDocument, root = doc.documentElement, sizes = [], acted = null;
  {action}
  doc.querySelectorAll("svg text").forEach(function (text) {{
    var ctm = text.getScreenCTM();
    sizes.push(parseFloat(getComputedStyle(text).fontSize) * (ctm ? ctm.a : 1));
  }});
  var wide = [], limit = this.contentWindow.innerWidth;
  doc.querySelectorAll("body *").forEach(function (node) {{
    if (node.getBoundingClientRect().right > limit + 0.5 && !node.closest(".scroll") && wide.length < 5) {{
      wide.push(node.tagName.toLowerCase() + "." + (node.getAttribute("class") || ""));
    }}
  }});
  document.body.dataset.measure = JSON.stringify({{
    overflowing: wide,
    width: root.scrollWidth, viewport: this.contentWindow.innerWidth,
    nodes: doc.getElementsByTagName("*").length,
    smallest_label: sizes.length ? Math.min.apply(null, sizes) : null,
    heat_cells: doc.querySelectorAll(".heatmap td.heat").length,
    filters: root.dataset.filters || null, acted: acted,
    load_ms: Math.round(performance.now() - started)
  }});
}});
</script></body></html>"""


def chromium() -> str | None:
    return os.environ.get("SVCSTD_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


def dump_dom(browser: str, page: Path, profile: Path, *, extra: list[str] | None = None, timeout: float = 120) -> str:
    """The DOM after the page's scripts ran, as Chromium serializes it."""
    command = [browser, *FLAGS, *(extra or []), f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measure(browser: str, page: Path, profile: Path, *, width: int, action: str = "") -> dict:
    """Layout of ``page`` in a frame ``width`` px wide: page width, DOM nodes, the smallest
    SVG label as drawn (px), heatmap cells, and the time until the frame loaded (ms).
    ``action``: JavaScript run first, with the page's ``doc``; what it sets ``acted`` to
    comes back as "acted"."""
    frame = page.with_name(f"{page.stem}.frame-{width}.html")
    frame.write_text(_FRAME.format(src=page.name, width=width, action=action), encoding="utf-8")
    dom = dump_dom(browser, frame, profile, extra=["--allow-file-access-from-files"])
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"'))


def screenshot(browser: str, page: Path, target: Path, profile: Path, *, width: int, height: int = 1800) -> None:
    command = [
        browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
        f"--screenshot={target}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=60, check=True)


def print_pdf(browser: str, page: Path, target: Path, profile: Path) -> tuple[int, list[float]]:
    """Print ``page`` to PDF as a reader would: its page count and the first page's size (pt)."""
    command = [
        browser, *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={target}",
        page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    data = target.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", data)
    return pages, [float(number) for number in box.group(1).split()] if box else []
