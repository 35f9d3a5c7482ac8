"""Time svcstd's YAML loading against the floor, yaml.load with libyaml (DESIGN §10).

Run by hand: ``PYTHONPATH=src python benchmarks/bench_load.py [--processes N] [--runs N]``.
The floor is timed as users get it, with the garbage collector on; the loader pauses
the collector while it loads, so the floor is also shown with the collector paused.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import yaml

from svcstd.loader import Limits, load_yaml_text


def process(index: int) -> dict[str, Any]:
    """One service matter with the nesting of a real description."""
    return {
        "id": f"{index:012d}",
        "name": f"食品经营许可（第{index}项）",
        "department": "market",
        "category": "licensing",
        "legal_basis": ["《食品经营许可管理办法》"],
        "conditions": ["取得营业执照", "有与经营项目相适应的场所"],
        "statutory_days": 20,
        "promised_days": 5,
        "immediate": False,
        "max_visits": 1,
        "online": "full",
        "mobile": True,
        "steps": ["受理", "审查", "决定", "送达"],
        "fee": {"amount": 0, "basis": "不收费"},
        "materials": [
            {"name": "营业执照", "required": True, "form": "electronic", "copies": 1},
            {"name": "申请书", "required": True, "form": "original", "copies": 2},
        ],
        "guide": {
            "published": True,
            "url": f"https://example.gov.cn/guide/{index:012d}",
            "updated": "2026-08-01",
            "elements": ["basis", "conditions", "materials", "procedure", "time_limit"],
            "phones": {"consult": "0354-1234567", "complaint": "12345"},
        },
        "windows": ["W01", "W02"],
    }


def center_text(processes: int) -> str:
    center = {
        "svcstd": "1",
        "center": {"id": "bench", "name": "基准政务服务中心", "level": "city"},
        "processes": [process(index) for index in range(processes)],
    }
    return yaml.safe_dump(center, sort_keys=False, allow_unicode=True)


def best_of(runs: int, action: Callable[[], object], *, collect: bool = True) -> float:
    best = float("inf")
    for _ in range(runs):
        if not collect:
            gc.disable()
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
        gc.enable()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    text = center_text(args.processes)
    document = load_yaml_text(text, source="bench.yaml", limits=Limits())
    assert document.data == yaml.load(text, Loader=yaml.CSafeLoader)

    def floor() -> object:
        return yaml.load(text, Loader=yaml.CSafeLoader)

    def svcstd() -> object:
        return load_yaml_text(text, source="bench.yaml")

    floor_time = best_of(args.runs, floor)
    floor_paused = best_of(args.runs, floor, collect=False)
    svcstd_time = best_of(args.runs, svcstd)
    size = len(text.encode("utf-8")) / 1e6
    print(f"input: {args.processes} processes, {size:.2f} MB, {len(document.positions)} values")
    print(f"yaml.load (CSafeLoader):           {floor_time:.3f} s")
    print(f"yaml.load (CSafeLoader, gc off):   {floor_paused:.3f} s")
    print(f"svcstd.loader.load_yaml_text:      {svcstd_time:.3f} s")
    print(f"ratio to floor: {svcstd_time / floor_time:.2f}x (to floor with gc off: {svcstd_time / floor_paused:.2f}x)")


if __name__ == "__main__":
    main()
