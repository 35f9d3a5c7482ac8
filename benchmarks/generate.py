"""Generate N centers × M processes of the example shape (examples/jinzhong-city.yaml).

Each center is the example with its own id and name and M processes made by cycling
the example's processes under new ids, so every file is valid and audits like the
example does. Run by hand: ``python benchmarks/generate.py DIR --centers N --processes M``.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Any

import yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jinzhong-city.yaml"


def center(template: dict[str, Any], index: int, processes: int) -> dict[str, Any]:
    data = copy.deepcopy(template)
    data["center"]["id"] = f"bench-{index:05d}"
    data["center"]["name"] = {"zh": f"基准政务服务中心{index}", "en": f"Benchmark Service Center {index}"}
    originals = template["processes"]
    data["processes"] = []
    for number in range(processes):
        process = copy.deepcopy(originals[number % len(originals)])
        process["id"] = f"{number + 1:012d}"
        data["processes"].append(process)
    return data


def generate(folder: Path, centers: int, processes: int) -> list[Path]:
    """Write the centers into ``folder`` (one file each) and return their paths."""
    template = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    folder.mkdir(parents=True, exist_ok=True)
    # One text per shape, renamed per center: dumping 10,000 documents would take longer
    # than auditing them.
    text = yaml.dump(center(template, 0, processes), Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    head, tail = text.split("bench-00000", 1)
    paths = []
    for index in range(centers):
        path = folder / f"center-{index:05d}.yaml"
        own = (head + f"bench-{index:05d}" + tail).replace("基准政务服务中心0", f"基准政务服务中心{index}")
        path.write_text(own.replace("Benchmark Service Center 0", f"Benchmark Service Center {index}"), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--centers", type=int, default=200)
    parser.add_argument("--processes", type=int, default=60)
    args = parser.parse_args()
    paths = generate(args.folder, args.centers, args.processes)
    print(f"{len(paths)} centers × {args.processes} processes in {args.folder}")


if __name__ == "__main__":
    main()
